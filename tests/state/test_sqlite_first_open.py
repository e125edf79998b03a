"""Processes opening a fresh SQLite state database at the same moment (replicas starting on a
new data dir): switching the new file to WAL is not covered by SQLite's busy timeout, so
without retrying, about one start in twenty failed with 'database is locked'."""

from __future__ import annotations

import threading
from pathlib import Path

from assistant.state import StateDB

FRESH_FILES = 20
OPENERS = 4


def test_openers_racing_on_fresh_files_all_succeed(tmp_path: Path) -> None:
    failures: list[BaseException] = []
    for n in range(FRESH_FILES):
        url = f"sqlite:///{tmp_path / f'state-{n}.sqlite'}"
        barrier = threading.Barrier(OPENERS)

        def open_one(url: str = url, barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            state = StateDB(url)
            try:
                state.create_schema()
            except BaseException as exc:  # collected: a thread's exception would be lost
                failures.append(exc)
            finally:
                state.close()

        threads = [threading.Thread(target=open_one) for _ in range(OPENERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert failures == []
