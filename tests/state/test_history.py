"""The question history: votes linked to questions, retention, purge, the added answer_id
column on an older database, and the ingest-run log. On SQLite and PostgreSQL 18."""

from __future__ import annotations

import time

from sqlalchemy import Boolean, Column, Double, Integer, MetaData, String, Table, Text, inspect
from state_support import Clock, Opener, make_answer

from assistant.answering.answer import refusal
from assistant.state import StateDB
from assistant.state.feedback import FeedbackStore
from assistant.state.ingest_runs import KEEP_RUNS, Failure, IngestRuns
from assistant.state.questions import DAY_SECONDS, QuestionLog
from assistant.state.users import UserHasher


def record(log: QuestionLog, *, refused: bool = False, answer_id: str | None = None) -> None:
    log.record(
        make_answer(refused=refused), front_end="slack", channel_type="channel",
        user_id="UASKER", latency_ms=120.4, answer_id=answer_id,
    )  # fmt: skip


def test_votes_on_an_answer_reach_its_question_each_person_once(connect: Opener) -> None:
    state = connect()
    hasher = UserHasher(state)
    store, log = FeedbackStore(state, hasher=hasher), QuestionLog(state, hasher=hasher)
    answer = make_answer()
    shared = store.save_answer(answer, channel="C1")
    private = store.save_answer(answer, channel="C1")
    record(log, answer_id=shared)
    record(log, answer_id=private)
    record(log)  # from the terminal: no buttons
    for user, vote in (("U1", "up"), ("U2", "down"), ("U2", "up"), ("U3", "down")):
        store.add_feedback(user_id=user, channel="C1", vote=vote, answer_id=shared, answer=answer)  # type: ignore[arg-type]

    terminal, unvoted, voted = QuestionLog(connect()).recent()  # another replica reads

    assert (voted.answer_id, voted.up, voted.down) == (shared, 2, 1)  # U2 changed their mind
    assert (unvoted.answer_id, unvoted.up, unvoted.down) == (private, 0, 0)
    assert (terminal.answer_id, terminal.up, terminal.down) == (None, 0, 0)
    assert voted.latency_ms == 120 and voted.cited_doc_ids == ["digest", "roadmap"]


def test_old_questions_go_when_new_ones_are_written(state: StateDB) -> None:
    clock = Clock(1_000_000.0)
    log = QuestionLog(state, retention_days=90, clock=clock)
    record(log)
    clock.now += 89 * DAY_SECONDS
    record(log, refused=True)
    assert len(log.recent()) == 2

    clock.now += 2 * DAY_SECONDS  # the first is now 91 days old
    record(log)

    assert [q.asked_at for q in log.recent()] == [clock.now, 1_000_000.0 + 89 * DAY_SECONDS]


def test_purge_keeps_the_last_days_or_nothing(state: StateDB) -> None:
    clock = Clock(1_000_000.0)
    log = QuestionLog(state, retention_days=90, clock=clock)
    for _ in range(3):
        record(log)
        clock.now += 10 * DAY_SECONDS

    assert log.purge(older_than_days=15) == 2  # asked 30 and 20 days ago
    assert len(log.recent()) == 1
    assert log.purge() == 0  # the retention period keeps it
    assert log.purge(older_than_days=0) == 1
    assert log.recent() == []


def test_refused_only_and_since(state: StateDB) -> None:
    clock = Clock(5000.0)
    log = QuestionLog(state, clock=clock)
    for refused in (True, False, True):
        record(log, refused=refused)
        clock.now += 10
    assert [q.refused for q in log.recent(refused=True)] == [True, True]
    assert [q.refused for q in log.recent(refused=False)] == [False]
    assert [q.asked_at for q in log.recent(since=5005.0)] == [5020.0, 5010.0]
    assert len(log.recent(limit=None)) == 3


def test_a_database_from_before_answer_id_gets_the_column(state_url: str) -> None:
    """A state database made by the scale-out schema (no questions.answer_id) is upgraded in
    place when opened; its rows stay."""
    old = MetaData()
    Table(
        "questions", old,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("asked_at", Double, nullable=False),
        Column("front_end", String(32), nullable=False),
        Column("channel_type", String(32), nullable=False),
        Column("question", Text, nullable=False),
        Column("refused", Boolean, nullable=False),
        Column("refusal_reason", String(64)),
        Column("cited_doc_ids", Text, nullable=False),
        Column("latency_ms", Integer, nullable=False),
        Column("user_hash", String(64), nullable=False),
    )  # fmt: skip
    first = StateDB(state_url)
    with first.begin() as conn:
        old.create_all(conn)
        conn.execute(old.tables["questions"].insert().values(
            asked_at=time.time() - 60, front_end="slack", channel_type="im",
            question="Old one?", refused=False, cited_doc_ids="[]", latency_ms=5, user_hash="h",
        ))  # fmt: skip
    first.close()

    upgraded = StateDB(state_url)
    upgraded.create_schema()
    upgraded.create_schema()  # a second process opening it changes nothing
    try:
        with upgraded.begin() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("questions")}
            indexes = {i["name"] for i in inspect(conn).get_indexes("questions")}
        assert "answer_id" in columns and "ix_questions_answer_id" in indexes
        log = QuestionLog(upgraded)
        record(log, answer_id="a1")
        assert [(q.question, q.answer_id) for q in log.recent()] == [
            ("How many EPs?", "a1"), ("Old one?", None),
        ]  # fmt: skip
    finally:
        upgraded.close()


def test_ingest_runs_keep_the_latest(state: StateDB) -> None:
    clock = Clock(100.0)
    runs = IngestRuns(state, clock=clock)
    assert runs.latest("sendplan") is None
    for n in range(KEEP_RUNS + 3):
        clock.now += 1
        runs.record("sendplan", summary=f"run {n}", failures=[])
    clock.now += 1
    runs.record("other", summary="elsewhere", failures=[])
    clock.now += 1
    bad = [Failure("corpus/minutes.docx", "could not be parsed (BadZipFile)")]
    runs.record("sendplan", summary="added 1, failed 1", failures=bad)

    latest = runs.latest("sendplan")
    assert latest is not None
    assert (latest.finished_at, latest.summary, latest.failures) == (
        clock.now,
        "added 1, failed 1",
        bad,
    )
    with state.begin() as conn:
        kept = conn.exec_driver_sql(
            "SELECT collection, COUNT(*) FROM ingest_runs GROUP BY collection"
        )
        assert dict(kept.all()) == {"sendplan": KEEP_RUNS, "other": 1}


def test_the_refusal_reason_code_is_logged(state: StateDB) -> None:
    log = QuestionLog(state)
    refused = log.record(
        refusal("Who won?", code="unknown_name", detail="the cup"), front_end="ask",
        channel_type="terminal", user_id="terminal:me", latency_ms=1,
    )  # fmt: skip
    answered = log.record(
        make_answer(), front_end="ask", channel_type="terminal", user_id="terminal:me",
        latency_ms=1,
    )  # fmt: skip
    assert refused is not None and refused.refusal_reason == "unknown_name"
    assert answered is not None and answered.refusal_reason is None


def test_small_talk_is_not_a_question_and_is_not_logged(state: StateDB) -> None:
    log = QuestionLog(state)
    assert log.record(
        refusal("hello there", code="small_talk"), front_end="chat", channel_type="terminal",
        user_id="terminal:me", latency_ms=3,
    ) is None  # fmt: skip
    logged = log.record(
        refusal("Wie geht es?", code="not_english"), front_end="chat", channel_type="terminal",
        user_id="terminal:me", latency_ms=3,
    )  # fmt: skip
    assert logged is not None and logged.refusal_reason == "not_english"
    assert [q.question for q in log.recent()] == ["Wie geht es?"]
