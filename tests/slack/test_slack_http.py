"""The HTTP front door under uvicorn: signatures checked on the raw bytes, health and
readiness, a burst of deliveries, Slack's two events for one post, and a drained shutdown."""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fake_slack import BOT_TOKEN, BOT_USER_ID, SIGNING_SECRET
from slack_sender import Sent
from slack_support import ALICE, CHANNEL, Bot, BotFactory, FakeAnswerer, fake_assistant

from assistant.answering.answer import Answer
from assistant.slack.asgi import MAX_BODY_BYTES
from assistant.slack.blocks import SEARCHING_TEXT


def get(url: str) -> tuple[int, Any]:
    """Status and body (parsed when it is JSON)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            status, body = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            status, body = error.code, error.read().decode()
    try:
        return status, json.loads(body)
    except ValueError:
        return status, body


def mention(bot: Bot, text: str = "How many educational psychologists?") -> dict[str, Any]:
    message = bot.fake.add_message(CHANNEL, user=ALICE, text=f"<@{BOT_USER_ID}> {text}")
    return {"type": "app_mention", "user": ALICE, "text": message["text"], "ts": message["ts"],
            "channel": CHANNEL, "event_ts": message["ts"]}  # fmt: skip


def test_health_and_readiness(make_bot: BotFactory) -> None:
    reasons: list[str | None] = [None]
    bot = make_bot(readiness=lambda: reasons[0])
    assert get(f"{bot.server.url}/healthz") == (200, {"status": "ok"})
    assert get(f"{bot.server.url}/readyz") == (200, {"status": "ready"})
    reasons[0] = "Chroma does not answer"
    assert get(f"{bot.server.url}/readyz") == (
        503, {"status": "unavailable", "reason": "Chroma does not answer"},
    )  # fmt: skip
    assert get(f"{bot.server.url}/health")[0] == 404


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        ('{"type": "event_callback", "event": {"text": "tampered after signing"', None),
        ("payload=%7B%22tampered%22", None),
        ("{}", {"X-Slack-Request-Timestamp": "not-a-number", "X-Slack-Signature": "v0=00"}),
        ("{}", {}),
    ],
    ids=["altered-json", "altered-form", "bad-timestamp", "unsigned"],
)
def test_a_tampered_or_unsigned_request_gets_401_and_is_never_logged(
    bot: Bot, body: str, headers: dict[str, str] | None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    original = mention(bot)
    signed = json.dumps({"type": "event_callback", "event": original})
    signature = bot.sender.verifier.generate_signature(timestamp=str(int(time.time())),
                                                       body=signed)  # fmt: skip
    if headers is None:  # a real signature, for other bytes than these
        headers = {
            "X-Slack-Request-Timestamp": str(int(time.time())),
            "X-Slack-Signature": signature,
        }
    sent = raw_post(bot, body, headers)
    assert sent.status == 401
    bot.settle()
    assert [c.method for c in bot.fake.calls] == ["auth.test"]  # no listener ran
    assert "tampered" not in caplog.text and "event_callback" not in caplog.text
    assert "Rejected a request" in caplog.text


def raw_post(bot: Bot, body: str | bytes, headers: dict[str, str]) -> Sent:
    data = body.encode() if isinstance(body, str) else body
    request = urllib.request.Request(
        bot.sender.url, data, headers | {"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Sent(response.status, response.read().decode())
    except urllib.error.HTTPError as error:
        with error:
            return Sent(error.code, error.read().decode())


def test_an_oversized_body_is_refused_unread(bot: Bot) -> None:
    assert raw_post(bot, b"x" * (MAX_BODY_BYTES + 1), {}).status == 413


def test_sixty_simultaneous_deliveries_are_acknowledged_and_answered_once(bot: Bot) -> None:
    events = [mention(bot, f"Question number {n}?") for n in range(60)]
    started = time.monotonic()
    with ThreadPoolExecutor(60) as pool:  # 60 connections at once
        sent = list(pool.map(lambda e: bot.sender.event(e), events))
    acknowledged_in = time.monotonic() - started
    assert [s.status for s in sent] == [200] * 60  # none reset, none refused
    assert acknowledged_in < 3, f"60 acknowledgements took {acknowledged_in:.1f} s"
    bot.settle()
    placeholders = bot.fake.calls_to("chat.postMessage")
    assert sorted(p.params["thread_ts"] for p in placeholders) == sorted(e["ts"] for e in events)
    assert all(p.params["text"] == SEARCHING_TEXT for p in placeholders)
    assert len(bot.fake.calls_to("chat.update")) == 60


@pytest.mark.parametrize("first", ["message", "app_mention"])
def test_a_post_mentioning_the_bot_in_its_thread_is_answered_once(
    make_bot: BotFactory, first: str
) -> None:
    bot = make_bot()
    root = bot.mention("What is the SENCo NPQ?")
    bot.settle()
    reply = bot.fake.add_message(CHANNEL, user=ALICE, text=f"<@{BOT_USER_ID}> and when?",
                                 thread_ts=root["ts"])  # fmt: skip
    fields = {k: reply[k] for k in ("user", "text", "ts", "channel", "thread_ts")}
    pair = {
        "message": {"type": "message", "channel_type": "channel"} | fields,
        "app_mention": {"type": "app_mention", "event_ts": reply["ts"]} | fields,
    }
    for kind in (first, *(k for k in pair if k != first)):
        bot.send_event(pair[kind])
    bot.settle()
    assert len(bot.fake.calls_to("chat.postMessage")) == 2  # the root's answer, then this one
    assert len(bot.fake.calls_to("chat.update")) == 2


class BlockingAnswerer(FakeAnswerer):
    """Answers once `release` is set (or never): an answer still being written."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.asked = threading.Event()

    def answer(self, question: str, chunks: Any) -> Answer:
        self.asked.set()
        self.release.wait(30)
        return super().answer(question, chunks)


def test_shutdown_lets_an_answer_in_flight_finish(make_bot: BotFactory) -> None:
    answerer = BlockingAnswerer()
    bot = make_bot(assistant=fake_assistant(answerer))
    bot.send_event(mention(bot))
    assert answerer.asked.wait(10)
    stopping = threading.Thread(target=bot.server.stop)  # what SIGTERM does
    stopping.start()
    time.sleep(0.3)
    assert stopping.is_alive()  # waiting for the answer
    with pytest.raises(OSError):  # no longer accepting
        urllib.request.urlopen(f"{bot.server.url}/healthz", timeout=2)
    answerer.release.set()
    stopping.join(30)
    [update] = bot.fake.calls_to("chat.update")
    assert "400 educational psychologists" in json.dumps(update.params["blocks"])
    assert bot.server.app.drained is True


def test_shutdown_gives_up_after_the_grace_period(make_bot: BotFactory) -> None:
    answerer = BlockingAnswerer()
    bot = make_bot(assistant=fake_assistant(answerer))
    bot.server.app.shutdown_grace = 0.5
    bot.send_event(mention(bot))
    assert answerer.asked.wait(10)
    bot.server.stop()
    assert bot.server.app.drained is False
    assert bot.fake.calls_to("chat.update") == []
    answerer.release.set()


def test_no_secret_reaches_the_log(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    bot.send_event(mention(bot))
    bot.settle()
    assert BOT_TOKEN not in caplog.text and SIGNING_SECRET not in caplog.text


def test_every_answered_or_refused_question_is_logged(make_bot: BotFactory) -> None:
    from assistant.state.questions import QuestionLog

    bot = make_bot(assistant=fake_assistant(chunks=[]))  # nothing retrieved: a refusal
    bot.send_event(mention(bot, "Who won the cup?"))
    bot.message("And the league?", channel="D123", channel_type="im")
    bot.settle()
    # the two are answered on worker threads: either may be recorded first
    logged = {row.question: row for row in QuestionLog(bot.state).recent()}
    assert set(logged) == {"Who won the cup?", "And the league?"}
    mentioned, dm = logged["Who won the cup?"], logged["And the league?"]
    assert (mentioned.question, mentioned.front_end, mentioned.channel_type) == (
        "Who won the cup?", "slack", "channel",
    )  # fmt: skip
    assert mentioned.refused and mentioned.refusal_reason and mentioned.cited_doc_ids == []
    assert (dm.channel_type, dm.user_hash) == ("im", bot.store.hash_user(ALICE))
    assert ALICE not in json.dumps([mentioned.__dict__, dm.__dict__])
