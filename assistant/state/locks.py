"""One ingestion at a time per collection, across hosts: a lock row in the state database.

The row names its holder (host and pid) and when it was taken; a heartbeat thread pushes its
expiry forward while the ingestion runs. A holder that crashed stops renewing it, so after
`ttl` seconds the next ingestion takes it over. Times come from the database's clock, which
every host shares.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Row, delete, select, update

from assistant.errors import IngestLockedError
from assistant.state.database import StateDB
from assistant.state.tables import locks

log = logging.getLogger(__name__)


class IngestLock:
    """`with IngestLock(state, "sendplan"):` or IngestLockedError naming the holder."""

    def __init__(self, state: StateDB, collection: str, *, ttl: float = 60.0) -> None:
        self.state = state
        self.name = f"ingest:{collection}"
        self.ttl = ttl
        self.token = uuid.uuid4().hex
        self._stop = threading.Event()
        self._heartbeat: threading.Thread | None = None

    def __enter__(self) -> IngestLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def acquire(self) -> None:
        with self.state.begin() as conn:
            now = self.state.now(conn)
            # a crashed holder's lock: expired, so it may be taken over
            conn.execute(delete(locks).where(locks.c.name == self.name, locks.c.expires_at < now))
            mine = {
                "name": self.name, "token": self.token, "host": socket.gethostname(),
                "pid": os.getpid(), "acquired_at": now, "expires_at": now + self.ttl,
            }  # fmt: skip
            if not self.state.insert_ignore(conn, locks, mine):
                holder = conn.execute(select(locks).where(locks.c.name == self.name)).one()
                raise IngestLockedError(_held_message(holder, now))
        self._heartbeat = threading.Thread(
            target=self._renew, name="sendplan-ingest-lock", daemon=True
        )
        self._heartbeat.start()

    def release(self) -> None:
        self._stop.set()
        if self._heartbeat is not None:
            self._heartbeat.join()
            self._heartbeat = None
        with self.state.begin() as conn:
            conn.execute(delete(locks).where(self._mine()))

    def _mine(self) -> Any:
        return (locks.c.name == self.name) & (locks.c.token == self.token)

    def _renew(self) -> None:
        while not self._stop.wait(self.ttl / 4):
            try:
                with self.state.begin() as conn:
                    now = self.state.now(conn)
                    renewed = conn.execute(
                        update(locks).where(self._mine()).values(expires_at=now + self.ttl)
                    ).rowcount
                if not renewed:
                    log.warning("The ingest lock %s was taken over by another process", self.name)
                    return
            except Exception:  # a database blip: try again at the next beat
                log.warning("Could not renew the ingest lock %s", self.name, exc_info=True)


def _held_message(holder: Row[Any], now: float) -> str:
    started = datetime.fromtimestamp(holder.acquired_at, UTC)
    expires_in = max(0.0, holder.expires_at - now)
    return (
        f"Another ingestion is already running (host {holder.host}, pid {holder.pid}, "
        f"started {started.isoformat(timespec='seconds')}). Wait for it to finish and run "
        "'sendplan ingest' again; the current index keeps answering meanwhile. If that process "
        f"died, its lock expires by itself within {expires_in:.0f} s."
    )
