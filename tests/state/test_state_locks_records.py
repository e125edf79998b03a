"""The ingest lock, LangChain's record manager over the state database, and what a wrong or
unreachable SENDPLAN_STATE_URL says; on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import socket
import time

import pytest
from sqlalchemy import select, update
from state_support import Opener

from assistant.errors import IngestLockedError, StateError
from assistant.state import StateDB
from assistant.state.database import database_url
from assistant.state.locks import IngestLock
from assistant.state.tables import locks
from vectorstore.records import StateRecordManager


def test_a_second_ingestion_is_refused_naming_the_holder(connect: Opener) -> None:
    with IngestLock(connect(), "sendplan"):
        with pytest.raises(IngestLockedError) as refused:
            IngestLock(connect(), "sendplan").acquire()
        message = str(refused.value)
        assert f"host {socket.gethostname()}, pid {os.getpid()}" in message
        assert "started 2" in message and "run 'sendplan ingest' again" in message
        with IngestLock(connect(), "other-collection"):  # other collections are not blocked
            pass
    with IngestLock(connect(), "sendplan"):  # released on exit
        pass


def test_a_crashed_ingestions_lock_expires_and_is_taken_over(connect: Opener) -> None:
    crashed = IngestLock(connect(), "sendplan", ttl=60)
    crashed.acquire()
    crashed._stop.set()  # the process died: no more heartbeats, no release
    with pytest.raises(IngestLockedError, match="expires by itself within"):
        IngestLock(connect(), "sendplan").acquire()
    state = connect()
    with state.begin() as conn:  # a minute later
        conn.execute(update(locks).values(expires_at=state.now(conn) - 1))
    with IngestLock(connect(), "sendplan") as taken_over, state.begin() as conn:
        assert conn.scalar(select(locks.c.token)) == taken_over.token


def test_the_heartbeat_keeps_a_long_ingestion_locked(connect: Opener) -> None:
    state = connect()
    with IngestLock(state, "sendplan", ttl=0.8):
        with state.begin() as conn:
            first = conn.scalar(select(locks.c.expires_at))
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:  # renewed every ttl/4
            with state.begin() as conn:
                if conn.scalar(select(locks.c.expires_at)) > first:
                    break
            time.sleep(0.05)
        else:
            pytest.fail("the lock's expiry never moved forward")


def test_record_manager_remembers_keys_groups_and_times(connect: Opener) -> None:
    records = StateRecordManager("chroma/sendplan", connect())
    elsewhere = StateRecordManager("chroma/other", connect())
    start = records.get_time()
    records.update(["a", "b"], group_ids=["one.md", "two.md"])
    records.update(["c"], group_ids=["two.md"])
    elsewhere.update(["a"], group_ids=["one.md"])
    assert records.exists(["a", "x", "c"]) == [True, False, True]
    assert sorted(records.list_keys(group_ids=["two.md"])) == ["b", "c"]
    assert records.list_groups() == {"one.md", "two.md"}
    assert sorted(records.list_keys(after=start)) == ["a", "b", "c"]
    later = records.get_time()
    records.update(["a"], group_ids=["one.md"], time_at_least=later)  # touched again
    assert sorted(records.list_keys(before=later)) == ["b", "c"]
    assert len(records.list_keys(limit=2)) == 2
    records.delete_keys(["a", "b"])
    assert records.list_keys() == ["c"] and elsewhere.list_keys() == ["a"]
    many = [f"k{i}" for i in range(1200)]  # more than one IN (...) batch
    records.update(many)
    assert all(records.exists(many)) and len(records.list_keys()) == 1201


def test_record_times_only_move_forward(state: StateDB) -> None:
    records = StateRecordManager("chroma/sendplan", state)
    times = [records.get_time() for _ in range(50)]
    assert times == sorted(times) and len(set(times)) == 50


@pytest.mark.parametrize(
    ("url", "driver"),
    [
        ("postgresql://u:p@db/sendplan", "postgresql+psycopg"),
        ("postgres://u:p@db/sendplan", "postgresql+psycopg"),
        ("postgresql+psycopg://u:p@db/sendplan", "postgresql+psycopg"),
        ("sqlite:////srv/state.sqlite", "sqlite"),
    ],
)
def test_urls_get_the_psycopg_driver(url: str, driver: str) -> None:
    assert database_url(url).drivername == driver


@pytest.mark.parametrize("url", ["mysql://u:p@db/x", "not a url"])
def test_unsupported_urls_say_what_to_use(url: str) -> None:
    with pytest.raises(StateError, match="postgresql://"):
        database_url(url)


def test_an_unreachable_database_is_named_without_its_password() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    state = StateDB(f"postgresql://sendplan:hunter2-secret@127.0.0.1:{port}/sendplan")
    try:
        with pytest.raises(StateError) as caught:
            state.create_schema()
    finally:
        state.close()
    message = str(caught.value)
    assert f"postgresql+psycopg://sendplan:***@127.0.0.1:{port}/sendplan" in message
    assert "SENDPLAN_STATE_URL" in message and "hunter2" not in message
    assert "hunter2" not in state.describe()
