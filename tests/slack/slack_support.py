"""Helpers for the Slack bot tests: a real `Assistant` over a fake retriever and answerer,
uvicorn in a thread, and `Bot`, the running app plus handles."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fake_slack import BOT_TOKEN, BOT_USER_ID, SIGNING_SECRET, FakeSlackAPI
from slack_bolt import App
from slack_sender import Sent, SlackSender

from assistant.answering.answer import Answer, Citation, refusal
from assistant.answering.pipeline import Assistant
from assistant.settings import Settings
from assistant.slack.executor import DrainableExecutor
from assistant.state import StateDB
from assistant.state.feedback import FeedbackStore
from vectorstore.chunk import RetrievedChunk

ADMIN = "UADMIN"
ALICE = "UALICE"
CHANNEL = "CGENERAL"


# -- a real Assistant over fake collaborators ------------------------------------------------

PLAN_CHUNKS = [
    RetrievedChunk(
        chunk_id="digest#12",
        text="The plan funds training for 400 educational psychologists.",
        metadata={
            "doc_id": "digest", "title": "SEND and AP Improvement Plan digest",
            "section": "Workforce", "published": "2023-03-02",
            "source_url": "https://www.gov.uk/government/publications/send-plan",
        },
    ),
    RetrievedChunk(
        chunk_id="briefing#3",
        text="A new leadership-level SENCo NPQ starts in autumn 2024.",
        metadata={"doc_id": "briefing", "title": "Staff briefing", "page": 2},
    ),
]  # fmt: skip


class FakeRetriever:
    """Returns its chunks for every query, and remembers the queries."""

    def __init__(self, chunks: Sequence[RetrievedChunk] = PLAN_CHUNKS) -> None:
        self.chunks = list(chunks)
        self.queries: list[str] = []

    def retrieve(self, query: str, *, k: int | None = None) -> list[RetrievedChunk]:
        self.queries.append(query)
        return self.chunks[: k or len(self.chunks)]


@dataclass
class FakeAnswerer:
    """Quotes the first chunk (or `reply`), cites every chunk; records histories."""

    reply: str | None = None
    error: Exception | None = None
    name: str = "fake"
    histories: list[list[str]] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)

    def answer(self, question: str, chunks: Sequence[RetrievedChunk]) -> Answer:
        self.questions.append(question)
        if self.error:
            raise self.error
        if not chunks:
            return refusal(question)
        citations = [
            Citation(
                number=i, doc_id=c.doc_id, title=c.title, chunk_id=c.chunk_id, section=c.section,
                page=c.page, source_url=c.source_url, published=c.published,
            )
            for i, c in enumerate(chunks, start=1)
        ]  # fmt: skip
        text = self.reply if self.reply is not None else f"{chunks[0].text} [1]"
        return Answer(question=question, text=text, citations=citations)

    def standalone_question(self, question: str, history: Sequence[str]) -> str:
        self.histories.append(list(history))
        return " ".join([*history, question])


def fake_assistant(
    answerer: FakeAnswerer | None = None, chunks: Sequence[RetrievedChunk] = PLAN_CHUNKS
) -> Assistant:
    return Assistant(retriever=FakeRetriever(chunks), answerer=answerer or FakeAnswerer())


# -- the bot, served over HTTP ---------------------------------------------------------------


class ThreadedServer:
    """uvicorn serving an ASGI app on 127.0.0.1 (a free port) in a background thread."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        config = uvicorn.Config(app, lifespan="on", log_config=None, access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def start(self) -> ThreadedServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """What SIGTERM does: stop accepting, finish requests, run the lifespan shutdown."""
        self.server.should_exit = True
        self.thread.join(30)


def make_settings(fake: FakeSlackAPI, tmp_path: Any, **values: Any) -> Settings:
    values = {
        "data_dir": tmp_path / "data", "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": SIGNING_SECRET, "slack_api_url": fake.api_url,
        "admin_users": [ADMIN], "rate_limit_per_minute": 100, **values,
    }  # fmt: skip
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@dataclass
class Bot:
    """The running bot plus handles to drive it and see what it sent to Slack."""

    fake: FakeSlackAPI
    sender: SlackSender
    executor: DrainableExecutor
    app: App
    settings: Settings
    state: StateDB
    server: ThreadedServer

    @property
    def store(self) -> FeedbackStore:
        return FeedbackStore(self.state)

    def settle(self) -> None:
        """Wait for every lazy listener started so far to finish."""
        assert self.executor.drain(30), "lazy listeners still running after 30 s"

    def mention(
        self, text: str, *, user: str = ALICE, channel: str = CHANNEL, thread_ts: str | None = None,
        **send: Any,
    ) -> dict[str, Any]:  # fmt: skip
        message = self.fake.add_message(
            channel, user=user, text=f"<@{BOT_USER_ID}> {text}",
            **({"thread_ts": thread_ts} if thread_ts else {}),
        )  # fmt: skip
        event = {"type": "app_mention", "event_ts": message["ts"]} | _event_fields(message)
        self.send_event(event, **send)
        return event

    def message(
        self, text: str, *, user: str = ALICE, channel: str = CHANNEL,
        channel_type: str = "channel", thread_ts: str | None = None, **send: Any,
    ) -> dict[str, Any]:  # fmt: skip
        message = self.fake.add_message(
            channel, user=user, text=text, **({"thread_ts": thread_ts} if thread_ts else {})
        )
        event = {"type": "message", "channel_type": channel_type} | _event_fields(message)
        self.send_event(event, **send)
        return event

    def send_event(self, event: dict[str, Any], **send: Any) -> Sent:
        sent = self.sender.event(event, **send)
        assert sent.status == 200, sent
        return sent

    def command(self, text: str, *, user: str = ALICE, command: str = "/sendplan") -> Sent:
        return self.sender.command(
            text, user=user, channel=CHANNEL, response_url=self.fake.response_url("cmd"),
            command=command,
        )  # fmt: skip

    def answer_id(self) -> str:
        """The id carried by the buttons of the last answer the bot rendered."""
        for call in reversed(self.fake.calls):
            for block in call.params.get("blocks") or []:
                if block.get("type") == "actions":
                    return str(block["elements"][0]["value"])
        raise AssertionError("no answer with buttons was sent")


def _event_fields(message: dict[str, Any]) -> dict[str, Any]:
    keys = ("user", "text", "ts", "channel", "thread_ts")
    return {k: message[k] for k in keys if k in message}


BotFactory = Callable[..., Bot]
