"""Mentions, DMs and thread follow-ups, through the real Bolt app over real HTTP."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fake_slack import BOT_ID, BOT_USER_ID
from slack_support import ALICE, CHANNEL, Bot, BotFactory, FakeAnswerer, fake_assistant

from assistant.slack.blocks import SEARCHING_TEXT
from vectorstore.chunk import RetrievedChunk


def sections_text(blocks: list[dict[str, Any]]) -> str:
    return "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")


def test_mention_is_answered_in_a_thread_with_sources(bot: Bot) -> None:
    event = bot.mention("How many educational psychologists will be trained?")
    bot.settle()

    [placeholder] = bot.fake.calls_to("chat.postMessage")
    assert placeholder.params["channel"] == CHANNEL
    assert placeholder.params["thread_ts"] == event["ts"]
    assert placeholder.params["text"] == SEARCHING_TEXT
    [update] = bot.fake.calls_to("chat.update")
    posted_ts = bot.fake.messages[-1]["ts"]
    assert update.params["ts"] == posted_ts and update.params["channel"] == CHANNEL
    blocks = update.params["blocks"]
    assert "400 educational psychologists. [1]" in sections_text(blocks)
    sources = next(b for b in blocks if b["type"] == "context")["elements"][0]["text"]
    assert sources.startswith(
        "*Sources*\n[1] <https://www.gov.uk/government/publications/send-plan|"
    )
    assert (
        "SEND and AP Improvement Plan digest" in sources and "[2] Staff briefing · p. 2" in sources
    )
    assert "400 educational psychologists" in update.params["text"]


def test_direct_message_is_answered_in_the_dm(bot: Bot) -> None:
    bot.message("How many educational psychologists?", channel="D123", channel_type="im")
    bot.settle()
    [placeholder] = bot.fake.calls_to("chat.postMessage")
    assert placeholder.params["channel"] == "D123"
    assert "thread_ts" not in placeholder.params
    [update] = bot.fake.calls_to("chat.update")
    assert "400" in sections_text(update.params["blocks"])


def test_direct_message_in_a_thread_is_answered_in_that_thread(make_bot: BotFactory) -> None:
    answerer = FakeAnswerer()
    bot = make_bot(assistant=fake_assistant(answerer))
    root = bot.fake.add_message("D123", user=ALICE, text="What is the SENCo NPQ?")
    bot.fake.add_message("D123", user=BOT_USER_ID, bot_id=BOT_ID, text="...", thread_ts=root["ts"])
    bot.message("And when does it start?", channel="D123", channel_type="im", thread_ts=root["ts"])
    bot.settle()
    [placeholder] = bot.fake.calls_to("chat.postMessage")
    assert placeholder.params["thread_ts"] == root["ts"]
    assert answerer.histories == [["What is the SENCo NPQ?"]]


def test_follow_up_in_the_bots_thread_uses_earlier_questions(make_bot: BotFactory) -> None:
    answerer = FakeAnswerer()
    bot = make_bot(assistant=fake_assistant(answerer))
    first = bot.mention("What is the new SENCo NPQ?")
    bot.settle()
    bot.message("and when does it start?", thread_ts=first["ts"])
    bot.settle()

    [replies] = bot.fake.calls_to("conversations.replies")
    assert replies.params["ts"] == first["ts"] and replies.params["channel"] == CHANNEL
    # the follow-up is answered in its standalone form, built from the thread's history
    assert answerer.questions == [
        "What is the new SENCo NPQ?",
        "What is the new SENCo NPQ? and when does it start?",
    ]
    assert answerer.histories == [["What is the new SENCo NPQ?"]]
    placeholders = bot.fake.calls_to("chat.postMessage")
    assert [p.params["thread_ts"] for p in placeholders] == [first["ts"], first["ts"]]
    assert len(bot.fake.calls_to("chat.update")) == 2


def test_mention_inside_a_thread_also_uses_the_thread(make_bot: BotFactory) -> None:
    answerer = FakeAnswerer()
    bot = make_bot(assistant=fake_assistant(answerer))
    root = bot.fake.add_message(CHANNEL, user="UBOB", text="Does anyone know about EHCPs?")
    bot.mention("what does the plan say?", thread_ts=root["ts"])
    bot.settle()
    assert answerer.histories == [["Does anyone know about EHCPs?"]]
    assert bot.fake.calls_to("chat.postMessage")[0].params["thread_ts"] == root["ts"]


def test_thread_without_the_bot_and_top_level_chatter_are_ignored(bot: Bot) -> None:
    root = bot.fake.add_message(CHANNEL, user="UBOB", text="Lunch?")
    bot.message("yes please", thread_ts=root["ts"])
    bot.message("Good morning all")
    bot.settle()
    assert bot.fake.calls_to("chat.postMessage") == []
    # the state database knows the bot never answered in that thread: no Web API call at all
    assert bot.fake.calls_to("conversations.replies") == []


def test_thanks_in_the_bots_thread_gets_no_answer(bot: Bot) -> None:
    first = bot.mention("What is the SENCo NPQ?")
    bot.settle()
    bot.message("thanks!", thread_ts=first["ts"])
    bot.settle()
    assert len(bot.fake.calls_to("chat.postMessage")) == 1


@pytest.mark.parametrize(
    "event",
    [
        {"type": "message", "subtype": "bot_message", "bot_id": "BOTHER", "text": "hi"},
        {"type": "message", "user": "UOTHERBOT", "bot_id": "BOTHER", "text": "hi"},
        {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "text": "my own answer"},
        {"type": "message", "subtype": "message_changed", "message": {"user": ALICE, "text": "x"}},
        {"type": "message", "subtype": "message_deleted", "previous_message": {"text": "x"}},
        {"type": "message", "subtype": "channel_join", "user": ALICE, "text": "joined"},
        {"type": "app_mention", "user": "UOTHERBOT", "bot_id": "BOTHER", "text": "<@UBOT> hi"},
        {"type": "app_mention", "user": ALICE, "text": "<@UBOT> q", "edited": {"ts": "1.0"}},
    ],
    ids=["bot_message", "other-bot", "itself", "edit", "delete", "join", "bot-mention", "edited"],
)
def test_bots_edits_and_other_subtypes_are_ignored(bot: Bot, event: dict[str, Any]) -> None:
    event = {"channel": "D123", "channel_type": "im", "ts": "1700000001.000100"} | event
    event["thread_ts"] = "1700000000.000100"  # even inside a thread
    bot.send_event(event)
    bot.settle()
    assert [c.method for c in bot.fake.calls] == ["auth.test"]


def test_empty_mention_or_help_gets_usage(bot: Bot) -> None:
    bot.mention("")
    bot.mention("help")
    bot.settle()
    posts = bot.fake.calls_to("chat.postMessage")
    assert len(posts) == 2
    assert all("/sendplan &lt;question&gt;" in json.dumps(p.params["blocks"]) for p in posts)
    assert bot.fake.calls_to("chat.update") == []


HOSTILE = "<!channel> <!here> <!everyone> <@U0BOSS> <!subteam^S0TEAM|@leads> @channel"
PINGS = re.compile(r"<[!@#]|@(channel|here|everyone)\b", re.IGNORECASE)


def test_mentions_in_a_question_or_document_never_reach_slack_unescaped(
    make_bot: BotFactory,
) -> None:
    chunk = RetrievedChunk(
        chunk_id="evil#1",
        text=f"Attention {HOSTILE} the plan changes.",
        metadata={"doc_id": "evil", "title": f"Notice {HOSTILE}", "section": HOSTILE},
    )
    bot = make_bot(assistant=fake_assistant(chunks=[chunk]))
    bot.mention(f"Is {HOSTILE} true?")
    bot.message(f"{HOSTILE} in a DM", channel="D123", channel_type="im")
    bot.command(f"why {HOSTILE}")
    bot.settle()
    assert len(bot.fake.calls_to("chat.update")) == 2
    assert len(bot.fake.calls_to("response_url")) == 1
    sent = bot.fake.everything_sent()
    assert "Attention" in sent and "&lt;!channel&gt;" in sent
    assert not PINGS.search(sent)


def test_long_answer_is_split_across_sections(make_bot: BotFactory) -> None:
    long_text = " ".join(f"Sentence {i} about specialist places [1]." for i in range(400))
    bot = make_bot(assistant=fake_assistant(FakeAnswerer(reply=long_text)))
    bot.mention("Tell me everything")
    bot.settle()
    [update] = bot.fake.calls_to("chat.update")
    sections = [b for b in update.params["blocks"] if b["type"] == "section"]
    assert len(sections) >= 5
    assert all(len(s["text"]["text"]) <= 3000 for s in sections)
    assert len(update.params["blocks"]) <= 50
    assert "Sentence 399" in sections[-1]["text"]["text"]
    assert len(update.params["text"]) <= 3000
