"""The bot's small parts on their own: dedupe, rate limit, event filters, question reading,
and the feedback store with its export."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from assistant.answering.answer import Answer, Citation
from assistant.slack.guards import EventDeduper, RateLimiter, from_a_person, wants_reply
from assistant.slack.questions import (
    BotIdentity,
    earlier_questions,
    is_chit_chat,
    is_reindex_request,
    strip_mentions,
)
from assistant.slack.store import FeedbackStore, csv_safe, export_feedback


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_deduper_remembers_ids_for_the_ttl_and_up_to_max_size() -> None:
    clock = Clock()
    deduper = EventDeduper(ttl=60, max_size=3, clock=clock)
    assert deduper.first_delivery("a") and not deduper.first_delivery("a")
    clock.now += 61
    assert deduper.first_delivery("a")  # forgotten after the ttl
    for event_id in ("b", "c", "d"):
        assert deduper.first_delivery(event_id)
    assert deduper.first_delivery("a")  # pushed out by newer ids
    assert not deduper.first_delivery("d")


def test_rate_limiter_counts_per_user_in_a_sliding_minute() -> None:
    clock = Clock()
    limiter = RateLimiter(2, clock=clock)
    assert limiter.allow("u1") and limiter.allow("u1")
    assert not limiter.allow("u1")
    assert limiter.allow("u2")
    clock.now += 60
    assert limiter.allow("u1")
    assert all(RateLimiter(0).allow("u1") for _ in range(100))  # 0 turns it off


@pytest.mark.parametrize(
    ("event", "person", "reply"),
    [
        ({"user": "U1", "text": "q", "channel_type": "im"}, True, True),
        ({"user": "U1", "text": "q", "channel_type": "channel"}, True, False),
        ({"user": "U1", "text": "q", "thread_ts": "1.0", "channel_type": "channel"}, True, True),
        ({"user": "U1", "subtype": "thread_broadcast", "thread_ts": "1.0"}, True, True),
        ({"user": "U1", "subtype": "message_changed", "channel_type": "im"}, False, False),
        ({"subtype": "bot_message", "bot_id": "B1", "channel_type": "im"}, False, False),
        ({"user": "U2", "bot_id": "B2", "channel_type": "im"}, False, False),
        ({"user": "U1", "edited": {"ts": "2.0"}, "channel_type": "im"}, False, False),
    ],
)
def test_event_filters(event: dict[str, Any], person: bool, reply: bool) -> None:
    assert from_a_person(event) is person
    assert wants_reply(event) is reply


def test_strip_mentions_removes_only_the_bot() -> None:
    assert strip_mentions("<@UBOT> what  is <@UX>?", "UBOT") == "what is <@UX>?"
    assert strip_mentions("<@UBOT|sendplan> hi", "UBOT") == "hi"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("reindex", True), ("please re-index the documents", True), ("Reindex!", True),
     ("indexes of need", False), ("how are reindexing costs funded", False)],
)  # fmt: skip
def test_is_reindex_request(text: str, expected: bool) -> None:
    assert is_reindex_request(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("thanks!", True), ("Thank you.", True), (":+1:", True), ("ok", True),
     ("thanks, and when does it start?", False), ("what about EHCPs?", False)],
)  # fmt: skip
def test_is_chit_chat(text: str, expected: bool) -> None:
    assert is_chit_chat(text) is expected


def test_earlier_questions_are_the_peoples_messages_before_this_one() -> None:
    bot = BotIdentity(user_id="UBOT", bot_id="BBOT")
    messages = [
        {"ts": "3.0", "user": "U1", "text": "thanks"},
        {"ts": "1.0", "user": "U1", "text": "<@UBOT> What is the SENCo NPQ?"},
        {"ts": "2.0", "user": "UBOT", "bot_id": "BBOT", "text": "It is a qualification [1]"},
        {"ts": "2.5", "user": "U2", "text": "Is it mandatory?"},
        {"ts": "2.7", "bot_id": "BOTHER", "subtype": "bot_message", "text": "beep"},
        {"ts": "4.0", "user": "U1", "text": "and when does it start?"},
        {"ts": "5.0", "user": "U1", "text": "later message"},
    ]
    assert earlier_questions(messages, before_ts="4.0", bot=bot) == [
        "What is the SENCo NPQ?",
        "Is it mandatory?",
    ]


def make_answer() -> Answer:
    citations = [
        Citation(number=1, doc_id="digest", title="Digest", chunk_id="digest#1"),
        Citation(number=2, doc_id="digest", title="Digest", chunk_id="digest#2"),
        Citation(number=3, doc_id="roadmap", title="Roadmap", chunk_id="roadmap#1"),
    ]
    return Answer(
        question="How many EPs?", text="400, over two cohorts [1][3].", citations=citations
    )


def test_store_keeps_answers_for_their_buttons_then_forgets_them(tmp_path: Path) -> None:
    clock = Clock()
    store = FeedbackStore(tmp_path / "sub" / "feedback.sqlite", retention_days=1, clock=clock)
    assert store.get_answer("nope") is None and store.feedback() == []  # no file yet
    answer_id = store.save_answer(make_answer(), channel="C1")
    assert store.get_answer(answer_id) == make_answer()
    clock.now += 2 * 86400
    store.save_answer(make_answer(), channel="C1")  # saving prunes expired answers
    assert store.get_answer(answer_id) is None


def test_feedback_rows_and_export(tmp_path: Path) -> None:
    clock = Clock()
    store = FeedbackStore(tmp_path / "feedback.sqlite", clock=clock)
    answer_id = store.save_answer(make_answer(), channel="C1")
    store.add_feedback(
        user_id="U1", channel="C1", vote="up", answer_id=answer_id, answer=make_answer()
    )
    store.add_feedback(user_id="U2", channel="D9", vote="down", answer_id="gone", answer=None)
    up, down = store.feedback()
    assert up.time == "1970-01-01T00:16:40+00:00"
    assert up.user_hash == store.hash_user("U1") != "U1"
    assert up.user_hash != hashlib.sha256(b"U1").hexdigest()  # keyed, not reversible by lookup
    assert up.user_hash != FeedbackStore(tmp_path / "other.sqlite").hash_user("U1")
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


def test_manifest_matches_what_the_bot_listens_for() -> None:
    import yaml

    from assistant.slack.admin import ADMIN_COMMAND
    from assistant.slack.server import EVENTS_PATH
    from assistant.slack.slash import COMMAND

    manifest = yaml.safe_load((Path(__file__).parents[2] / "slack" / "manifest.yaml").read_text())
    commands = {c["command"]: c for c in manifest["features"]["slash_commands"]}
    assert set(commands) == {COMMAND, ADMIN_COMMAND}
    assert not any(c["should_escape"] for c in commands.values())  # we parse raw text
    settings = manifest["settings"]
    urls = [c["url"] for c in commands.values()]
    urls += [
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
    ]
    assert all(url.endswith(EVENTS_PATH) for url in urls)
    events = set(settings["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.channels", "message.im"} <= events
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {
        "app_mentions:read",
        "chat:write",
        "commands",
        "channels:history",
        "im:history",
    } <= scopes


@pytest.mark.parametrize(
    ("value", "safe"),
    [("=HYPERLINK(1)", "'=HYPERLINK(1)"), ("@SUM(A1)", "'@SUM(A1)"), ("plain", "plain"), (3, 3)],
)
def test_csv_cells_cannot_be_formulas(value: object, safe: object) -> None:
    assert csv_safe(value) == safe
