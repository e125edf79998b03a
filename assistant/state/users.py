"""Keyed hashes of Slack user ids (HMAC-SHA256 with a random key kept in the state database).

A plain hash of a user id can be reversed by hashing the workspace's user list; a keyed one
cannot without the key. Every table that records a user (feedback, questions, the rate limit)
uses the same key, so one person's rows can be related without storing who they are.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading

from sqlalchemy import select

from assistant.state.database import StateDB
from assistant.state.tables import state_meta

KEY_NAME = "user_hash_key"


def hash_user(user_id: str, key: bytes) -> str:
    return hmac.new(key, user_id.encode("utf-8"), hashlib.sha256).hexdigest()


class UserHasher:
    """`hasher(user_id)` -> the keyed hash; the key is made on first use and then cached."""

    def __init__(self, state: StateDB) -> None:
        self.state = state
        self._key: bytes | None = None
        self._lock = threading.Lock()

    def __call__(self, user_id: str) -> str:
        return hash_user(user_id, self.key())

    def key(self) -> bytes:
        with self._lock:
            if self._key is None:
                self._key = load_or_create_key(self.state)
            return self._key


def load_or_create_key(state: StateDB, *, proposed: bytes | None = None) -> bytes:
    """The stored key; `proposed` (or a new random key) becomes it if there is none yet."""
    with state.begin() as conn:
        candidate = (proposed or secrets.token_bytes(32)).hex()
        state.insert_ignore(conn, state_meta, {"name": KEY_NAME, "value": candidate})
        stored = conn.scalar(select(state_meta.c.value).where(state_meta.c.name == KEY_NAME))
    return bytes.fromhex(str(stored))
