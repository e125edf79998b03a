"""Fakes for the LLM answerer tests: recording fake chat models, a stand-in extractive
answerer, hand-made chunks, and a local OpenAI-compatible server on 127.0.0.1.

tests/conftest.py has already removed SENDPLAN_*, OPENAI_* and other provider variables."""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatResult
from pydantic import Field

from assistant.answering.answer import Answer, Citation
from assistant.settings import Settings
from vectorstore.chunk import RetrievedChunk


def make_settings(**values: Any) -> Settings:
    values.setdefault("llm", "openai:gpt-4o-mini")
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def settings_for() -> Callable[..., Settings]:
    """Settings from keyword values only (no environment, no .env); llm defaults to openai."""
    return make_settings


class RecordingChatModel(GenericFakeChatModel):
    """GenericFakeChatModel that keeps the messages of every call."""

    calls: list[list[BaseMessage]] = Field(default_factory=list)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.calls.append(list(messages))
        return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)


class FailingChatModel(GenericFakeChatModel):
    """A fake chat model whose every call raises `error`."""

    error: Exception
    messages: Iterator[Any] = Field(default_factory=lambda: iter(()))

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        raise self.error


@pytest.fixture
def fake_model() -> Callable[..., RecordingChatModel]:
    """fake_model("reply 1", "reply 2"): a recording fake chat model answering in order."""
    return lambda *replies: RecordingChatModel(messages=iter(replies))


@pytest.fixture
def failing_model() -> Callable[[Exception], FailingChatModel]:
    return lambda error: FailingChatModel(error=error)


class StubExtractive:
    """Stands in for the lead's ExtractiveAnswerer (same Answerer protocol)."""

    name = "extractive"

    def __init__(self) -> None:
        self.questions: list[str] = []

    def answer(self, question: str, chunks: Sequence[RetrievedChunk]) -> Answer:
        self.questions.append(question)
        first = chunks[0]
        citation = Citation(number=1, doc_id=first.doc_id, title=first.title, chunk_id="c")
        return Answer(question=question, text=f"{first.text} [1]", citations=[citation])

    def standalone_question(self, question: str, history: Sequence[str]) -> str:
        return " ".join([*history[-1:], question])


@pytest.fixture
def stub_extractive() -> StubExtractive:
    return StubExtractive()


def chunk(n: int, text: str, **metadata: Any) -> RetrievedChunk:
    meta = {"doc_id": f"doc-{n}", "title": f"Document {n}", **metadata}
    return RetrievedChunk(chunk_id=f"doc-{n}:0", text=text, metadata=meta, rank=n)


@pytest.fixture
def chunks() -> list[RetrievedChunk]:
    return [
        chunk(
            1,
            "The plan commits to opening 33 new special free schools.",
            title="SEND and AP Improvement Plan",
            section="Chapter 3 > Capital",
            page=12,
            published="2023-03-02",
            source_url="https://example.org/plan.pdf",
        ),
        chunk(2, "National standards will be published by the end of 2025.", section="Standards"),
        chunk(3, "Alternative provision will follow a three-tier model.", page=4),
    ]


# ---- a local OpenAI-compatible server ---------------------------------------------------


@dataclass
class CannedReply:
    status: int = 200
    content: str = ""
    delay: float = 0.0
    body: dict[str, Any] | None = None

    def payload(self) -> dict[str, Any]:
        if self.body is not None:
            return self.body
        return {
            "id": "chatcmpl-stub",
            "object": "chat.completion",
            "created": 0,
            "model": "gpt-4o-mini",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": self.content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
        }


@dataclass
class OpenAIStub:
    """Canned /v1/chat/completions replies, served in order; records every request."""

    port: int = 0
    replies: deque[CannedReply] = field(default_factory=deque)
    requests: list[dict[str, Any]] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def reply(self, content: str = "", **fields: Any) -> None:
        self.replies.append(CannedReply(content=content, **fields))

    def next_reply(self) -> CannedReply:
        if self.replies:
            return self.replies.popleft()
        return CannedReply(status=500, body={"error": {"message": "no canned reply left"}})


def _handler(stub: OpenAIStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            headers = {k.lower(): v for k, v in self.headers.items()}
            stub.requests.append({"path": self.path, "headers": headers, **body})
            canned = stub.next_reply()
            if canned.delay:
                stub.stopping.wait(canned.delay)
            data = json.dumps(canned.payload()).encode()
            self.send_response(canned.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that timed out and hung up is expected here


@pytest.fixture
def openai_stub(monkeypatch: pytest.MonkeyPatch) -> Iterator[OpenAIStub]:
    """A local stand-in for the OpenAI API, with OPENAI_BASE_URL and OPENAI_API_KEY set."""
    stub = OpenAIStub()
    server = _QuietServer(("127.0.0.1", 0), _handler(stub))
    stub.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    monkeypatch.setenv("OPENAI_BASE_URL", stub.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "test-key-not-secret")
    yield stub
    stub.stopping.set()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
