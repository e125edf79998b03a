"""`state`: a fresh, empty state database; every test using it runs on SQLite and on a real
PostgreSQL 18 (the session `postgres` fixture)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from state_support import Opener

from assistant.state import StateDB


@pytest.fixture(params=["sqlite", "postgresql"])
def state_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state.sqlite'}"
    return str(request.getfixturevalue("postgres").new_database())


@pytest.fixture
def connect(state_url: str) -> Iterator[Opener]:
    """Open another StateDB on the same database, as another process or replica would."""
    opened: list[StateDB] = []

    def open_one() -> StateDB:
        state = StateDB(state_url)
        opened.append(state)
        state.create_schema()
        return state

    yield open_one
    for state in opened:
        state.close()


@pytest.fixture
def state(connect: Opener) -> StateDB:
    return connect()
