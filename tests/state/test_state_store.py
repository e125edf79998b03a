"""The state store, the same tests on SQLite and on a real PostgreSQL: claims, answered
threads, answers and feedback, the shared rate limit, the question log, index generations.
A second `connect()` is another process (or replica) on the same database."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import threading
from pathlib import Path

import pytest
from sqlalchemy import select
from state_support import Clock, Opener, make_answer

from assistant.errors import StateError
from assistant.state import StateDB
from assistant.state.claims import AnsweredThreads, Claims
from assistant.state.feedback import FeedbackStore, csv_safe, export_feedback
from assistant.state.index_state import IndexGenerations
from assistant.state.questions import QuestionLog
from assistant.state.ratelimit import RateLimiter
from assistant.state.tables import SCHEMA_VERSION, event_claims, state_meta


def race(count: int, work: object) -> list[object]:
    """Run `work(i)` in `count` threads released at the same moment; their results."""
    start = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(i: int) -> None:
        start.wait()
        results[i] = work(i)  # type: ignore[operator]

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_a_claim_is_won_once_across_processes(connect: Opener) -> None:
    replicas = [Claims(connect()), Claims(connect())]
    results = race(16, lambda i: replicas[i % 2].claim("event:Ev1"))
    assert results.count(True) == 1 and results.count(False) == 15
    assert replicas[0].claim("event:Ev2") and not replicas[1].claim("event:Ev2")


def test_a_claim_expires_and_expired_claims_are_purged(state: StateDB) -> None:
    clock = Clock()
    claims = Claims(state, ttl=7200, clock=clock, purge_every=1)
    assert claims.claim("post:C1:1.0")
    clock.now += 7199
    assert not claims.claim("post:C1:1.0")  # Slack's retries come within the expiry
    assert claims.claim("post:C1:2.0")
    clock.now += 7201
    assert claims.claim("post:C1:1.0")  # long expired: a new claim
    with state.begin() as conn:
        keys = set(conn.scalars(select(event_claims.c.key)))
    assert keys == {"post:C1:1.0"}  # the expired claim of post 2.0 was purged along the way


def test_answered_threads_are_shared(connect: Opener) -> None:
    first, second = AnsweredThreads(connect()), AnsweredThreads(connect())
    assert not second.answered("C1", "1.0")
    first.remember("C1", "1.0")
    first.remember("C1", "1.0")  # remembering twice is fine
    assert second.answered("C1", "1.0") and not second.answered("C2", "1.0")


def test_answers_are_kept_for_their_buttons_then_forgotten(connect: Opener) -> None:
    clock = Clock()
    store = FeedbackStore(connect(), retention_days=1, clock=clock)
    other_replica = FeedbackStore(connect(), retention_days=1, clock=clock)
    assert store.get_answer("nope") is None and store.feedback() == []
    answer_id = store.save_answer(make_answer(), channel="C1")
    assert other_replica.get_answer(answer_id) == make_answer()
    clock.now += 2 * 86400
    store.save_answer(make_answer(), channel="C1")  # saving prunes expired answers
    assert other_replica.get_answer(answer_id) is None


def test_feedback_from_every_replica_in_one_export(connect: Opener) -> None:
    clock = Clock()
    replica_a, replica_b = FeedbackStore(connect(), clock=clock), FeedbackStore(connect())
    answer_id = replica_a.save_answer(make_answer(), channel="C1")
    replica_a.add_feedback(
        user_id="U1", channel="C1", vote="up", answer_id=answer_id, answer=make_answer()
    )
    replica_b.add_feedback(user_id="U2", channel="D9", vote="down", answer_id="gone", answer=None)
    up, down = FeedbackStore(connect()).feedback()
    assert up.time == "1970-01-01T00:16:40+00:00"
    assert up.user_hash == replica_b.hash_user("U1") != "U1"  # one key for every replica
    assert up.user_hash != hashlib.sha256(b"U1").hexdigest()  # keyed, not reversible by lookup
    assert (up.question, up.answer, up.vote) == ("How many EPs?", make_answer().text, "up")
    assert up.cited_doc_ids == ["digest", "roadmap"]
    assert (down.channel, down.question, down.cited_doc_ids, down.vote) == ("D9", "", [], "down")

    lines = io.StringIO()
    export_feedback([up, down], lines, fmt="jsonl")
    first = json.loads(lines.getvalue().splitlines()[0])
    assert first["cited_doc_ids"] == ["digest", "roadmap"] and first["vote"] == "up"
    table = io.StringIO()
    export_feedback([up, down], table, fmt="csv")
    rows = list(csv.DictReader(io.StringIO(table.getvalue())))
    assert list(rows[0]) == [
        "time", "user_hash", "channel", "question", "answer", "cited_doc_ids", "vote", "answer_id"
    ]  # fmt: skip
    assert rows[0]["cited_doc_ids"] == "digest;roadmap" and rows[1]["vote"] == "down"


def test_user_hash_keys_differ_between_databases(connect: Opener, tmp_path: Path) -> None:
    other = StateDB(f"sqlite:///{tmp_path}/other.sqlite")
    other.create_schema()
    try:
        assert FeedbackStore(connect()).hash_user("U1") != FeedbackStore(other).hash_user("U1")
    finally:
        other.close()


def test_rate_limit_is_a_sliding_minute_shared_by_replicas(connect: Opener) -> None:
    clock = Clock()
    first, second = RateLimiter(connect(), 2, clock=clock), RateLimiter(connect(), 2, clock=clock)
    assert first.allow("u1") and second.allow("u1")
    assert not first.allow("u1") and not second.allow("u1")  # two a minute, wherever asked
    assert second.allow("u2")
    clock.now += 60
    assert first.allow("u1")
    off = RateLimiter(connect(), 0)
    assert all(off.allow("u1") for _ in range(50))


def test_question_log_records_answers_and_refusals(connect: Opener) -> None:
    clock = Clock()
    log = QuestionLog(connect(), clock=clock)
    log.record(make_answer(), front_end="slack", channel_type="channel", user_id="U1",
               latency_ms=41.6)  # fmt: skip
    clock.now += 5
    log.record(make_answer(refused=True), front_end="slack", channel_type="im", user_id="U2",
               latency_ms=12)  # fmt: skip
    refused, answered = QuestionLog(connect()).recent()
    assert (refused.question, refused.refused, refused.channel_type) == (
        "Who won the cup?", True, "im",
    )  # fmt: skip
    assert refused.refusal_reason == "unspecified" and refused.cited_doc_ids == []
    assert (answered.refused, answered.refusal_reason, answered.latency_ms) == (False, None, 42)
    assert answered.cited_doc_ids == ["digest", "roadmap"] and answered.front_end == "slack"
    assert answered.user_hash == FeedbackStore(connect()).hash_user("U1")
    assert [q.question for q in log.recent(since=clock.now - 1)] == ["Who won the cup?"]
    assert len(log.recent(limit=1)) == 1


def test_index_generation_counts_every_bump(connect: Opener) -> None:
    generations = IndexGenerations(connect())
    assert generations.current("sendplan") == 0
    others = [IndexGenerations(connect()) for _ in range(2)]
    race(8, lambda i: others[i % 2].bump("sendplan"))
    assert generations.current("sendplan") == 8
    assert generations.bump("other") == 1 and generations.current("sendplan") == 8


def test_schema_is_created_once_and_versioned(connect: Opener) -> None:
    race(4, lambda i: connect())  # processes starting at the same moment
    state = connect()
    with state.begin() as conn:
        rows = conn.execute(state_meta.select().where(state_meta.c.name == "schema_version"))
        assert [r.value for r in rows] == [str(SCHEMA_VERSION)]
        conn.execute(state_meta.update().values(value=str(SCHEMA_VERSION + 1)))
    with pytest.raises(StateError, match="newer than this sendplan understands"):
        connect()


@pytest.mark.parametrize(
    ("value", "safe"),
    [("=HYPERLINK(1)", "'=HYPERLINK(1)"), ("@SUM(A1)", "'@SUM(A1)"), ("plain", "plain"), (3, 3)],
)
def test_csv_cells_cannot_be_formulas(value: object, safe: object) -> None:
    assert csv_safe(value) == safe


def test_file_fingerprints_round_trip_per_namespace(connect: Opener) -> None:
    from assistant.state.fingerprints import FileFingerprints, Fingerprint

    big = Fingerprint("a" * 64, "b" * 64, size=5 * 2**31, mtime_ns=1_764_000_000_123_456_789)
    FileFingerprints(connect(), "chroma/one").save({"x/report.pdf": big, "y.md": big})
    other = FileFingerprints(connect(), "chroma/two")  # another process, another collection
    other.save({"y.md": Fingerprint("c" * 64, "d" * 64, size=1, mtime_ns=2)})
    again = FileFingerprints(connect(), "chroma/one")
    assert again.load() == {"x/report.pdf": big, "y.md": big}  # exact: no float rounding
    again.forget(["y.md"])
    assert set(again.load()) == {"x/report.pdf"} and set(other.load()) == {"y.md"}
    again.clear()
    assert again.load() == {} and set(other.load()) == {"y.md"}
