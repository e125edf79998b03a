"""The bot's small parts on their own: event filters, question reading, the manifest.
(Claims, the rate limit and the feedback store are tested against both databases in
tests/state.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.slack.guards import from_a_person, wants_reply
from assistant.slack.questions import (
    BotIdentity,
    earlier_questions,
    is_chit_chat,
    is_reindex_request,
    strip_mentions,
)


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


def test_manifest_matches_what_the_bot_listens_for() -> None:
    import yaml

    from assistant.slack.admin import ADMIN_COMMAND
    from assistant.slack.asgi import EVENTS_PATH
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
