"""Signatures, retried and repeated deliveries, Web API rate limits, user rate limits and
failures, over real HTTP."""

from __future__ import annotations

import logging
import time

import pytest
from fake_slack import BOT_TOKEN, SIGNING_SECRET
from slack_support import ALICE, Bot, BotFactory, FakeAnswerer, FakeRetriever, fake_assistant

from assistant.answering.pipeline import Assistant
from assistant.slack.blocks import APOLOGY_TEXT, RATE_LIMITED_TEXT


def mention_event(bot: Bot, text: str = "How many educational psychologists?") -> dict:
    message = bot.fake.add_message("CGENERAL", user=ALICE, text=f"<@UBOT> {text}")
    return {"type": "app_mention", "user": ALICE, "text": message["text"], "ts": message["ts"],
            "channel": "CGENERAL", "event_ts": message["ts"]}  # fmt: skip


@pytest.mark.parametrize(
    "sign",
    [
        {"signature": "v0=" + "0" * 64},  # forged
        {"timestamp": int(time.time()) - 600},  # stale: older than five minutes
    ],
    ids=["forged", "stale"],
)
def test_bad_signature_is_rejected_and_not_answered(bot: Bot, sign: dict) -> None:
    sent = bot.sender.event(mention_event(bot), **sign)
    assert sent.status == 401
    bot.settle()
    assert [c.method for c in bot.fake.calls] == ["auth.test"]


def test_signature_made_with_another_secret_is_rejected(bot: Bot) -> None:
    from slack_sender import SlackSender

    impostor = SlackSender(bot.sender.url, secret="not-" + SIGNING_SECRET)
    assert impostor.event(mention_event(bot)).status == 401
    assert impostor.command("hi", user=ALICE, channel="C1", response_url="x").status == 401
    bot.settle()
    assert [c.method for c in bot.fake.calls] == ["auth.test"]


def test_retried_delivery_does_not_answer_twice(bot: Bot) -> None:
    event = mention_event(bot)
    assert bot.sender.event(event, event_id="Ev1").status == 200
    bot.settle()
    assert bot.sender.event(event, event_id="Ev1", retry_num=1).status == 200
    assert bot.sender.event(event, event_id="Ev1", retry_num=2).status == 200
    assert bot.sender.event(event, event_id="Ev1").status == 200  # replay without the header
    bot.settle()
    assert len(bot.fake.calls_to("chat.postMessage")) == 1
    assert len(bot.fake.calls_to("chat.update")) == 1


def test_retry_of_an_event_that_never_arrived_is_answered_once(bot: Bot) -> None:
    event = mention_event(bot)
    bot.sender.event(event, event_id="Ev9", retry_num=1)
    bot.sender.event(event, event_id="Ev9", retry_num=2)
    bot.settle()
    assert len(bot.fake.calls_to("chat.postMessage")) == 1


def test_web_api_429_is_retried_after_retry_after(bot: Bot) -> None:
    bot.fake.fail_next("chat.postMessage", status=429, retry_after=1)
    started = time.monotonic()
    bot.send_event(mention_event(bot))
    bot.settle()
    assert time.monotonic() - started >= 1  # waited as told
    assert len(bot.fake.calls_to("chat.postMessage")) == 2  # the 429, then the retry
    [update] = bot.fake.calls_to("chat.update")
    assert "400 educational psychologists" in str(update.params["blocks"])


def test_user_rate_limit_gets_a_polite_private_reply(make_bot: BotFactory) -> None:
    bot = make_bot(rate_limit_per_minute=2)
    for _ in range(3):
        bot.send_event(mention_event(bot))
    bot.mention("from someone else", user="UBOB")
    bot.settle()
    assert len(bot.fake.calls_to("chat.update")) == 3
    [note] = bot.fake.calls_to("chat.postEphemeral")
    assert note.params["user"] == ALICE and note.params["text"] == RATE_LIMITED_TEXT


def test_a_failure_posts_an_apology_and_logs_without_leaking_the_token(
    make_bot: BotFactory, caplog: pytest.LogCaptureFixture
) -> None:
    broken = FakeAnswerer(error=RuntimeError("the index exploded"))
    bot = make_bot(assistant=fake_assistant(broken))
    caplog.set_level(logging.DEBUG)
    bot.send_event(mention_event(bot))
    bot.command("and privately?")
    bot.settle()

    [update] = bot.fake.calls_to("chat.update")
    assert update.params["text"] == APOLOGY_TEXT
    [response] = bot.fake.calls_to("response_url")
    assert response.params["text"] == APOLOGY_TEXT and response.params["replace_original"]
    failures = [
        r for r in caplog.records if r.exc_info and "the index exploded" in str(r.exc_info[1])
    ]
    assert len(failures) == 2 and all(r.levelno == logging.ERROR for r in failures)
    assert BOT_TOKEN not in caplog.text and SIGNING_SECRET not in caplog.text
    assert BOT_TOKEN not in bot.fake.everything_sent()
    assert "exploded" not in bot.fake.everything_sent()


def test_slack_rejecting_the_answer_still_leaves_an_apology(bot: Bot) -> None:
    bot.fake.fail_next("chat.update", status=500)
    bot.send_event(mention_event(bot))
    bot.settle()
    first, second = bot.fake.calls_to("chat.update")
    assert "blocks" in first.params and second.params["text"] == APOLOGY_TEXT


def test_a_question_that_is_too_long_gets_the_reason(make_bot: BotFactory) -> None:
    short = Assistant(retriever=FakeRetriever(), answerer=FakeAnswerer(), max_chars=40)
    bot = make_bot(assistant=short)
    bot.send_event(mention_event(bot, "Why " * 30))
    bot.settle()
    [update] = bot.fake.calls_to("chat.update")
    assert "the limit is 40" in update.params["text"]
