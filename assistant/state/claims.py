"""Exactly one answer per Slack event, across every replica: atomic claims in the database.

`claim("event:Ev123")` inserts a row with `INSERT ... ON CONFLICT DO NOTHING`; the one process
whose insert went through answers, every other one (a retry on another replica, the second
event Slack sends for the same post) sees False. Claims expire after two hours, longer than
Slack's retry window (three retries within about an hour), and expired rows are purged now
and then by whoever claims next.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable

from sqlalchemy import delete, select

from assistant.state.database import StateDB
from assistant.state.tables import answered_threads, event_claims

CLAIM_SECONDS = 2 * 3600
PURGE_EVERY = 50  # claims by this process between two purges of every expired row

Clock = Callable[[], float]


class Claims:
    def __init__(
        self,
        state: StateDB,
        *,
        ttl: float = CLAIM_SECONDS,
        clock: Clock = time.time,
        purge_every: int = PURGE_EVERY,
    ) -> None:
        self.state, self.ttl, self._clock = state, ttl, clock
        self._purge_every = purge_every
        self._claims = itertools.count()

    def claim(self, key: str) -> bool:
        """True for the first claim of `key` (within the expiry), False for every later one."""
        now = self._clock()
        with self.state.begin() as conn:
            if next(self._claims) % self._purge_every == 0:
                conn.execute(delete(event_claims).where(event_claims.c.expires_at < now))
            else:  # only this key's expired claim: it must not block a new one
                conn.execute(
                    delete(event_claims).where(
                        event_claims.c.key == key, event_claims.c.expires_at < now
                    )
                )
            return self.state.insert_ignore(
                conn, event_claims, {"key": key, "claimed_at": now, "expires_at": now + self.ttl}
            )


class AnsweredThreads:
    """Threads the bot answered in; a reply elsewhere is not for us (and costs no API call)."""

    def __init__(self, state: StateDB, *, clock: Clock = time.time) -> None:
        self.state, self._clock = state, clock

    def remember(self, channel: str, thread_ts: str) -> None:
        with self.state.begin() as conn:
            self.state.insert_ignore(
                conn,
                answered_threads,
                {"channel": channel, "thread_ts": thread_ts, "answered_at": self._clock()},
            )

    def answered(self, channel: str, thread_ts: str) -> bool:
        query = select(answered_threads.c.answered_at).where(
            answered_threads.c.channel == channel, answered_threads.c.thread_ts == thread_ts
        )
        with self.state.begin() as conn:
            return conn.scalar(query) is not None
