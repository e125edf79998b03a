"""A local stand-in for the Slack Web API and for response_urls.

`FakeSlackAPI` serves `http://127.0.0.1:<port>/api/<method>` (point SLACK_API_URL or
`WebClient(base_url=...)` at `.api_url`) and `/hooks/<name>` (use as a `response_url`). It
records every call, keeps the messages posted so `conversations.replies` can return real
threads, and can answer the next call to a method with an HTTP 429 and Retry-After.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T0001"
BOT_TOKEN = "xoxb-test-0000-secret-token"
SIGNING_SECRET = "test-signing-secret"


@dataclass
class Call:
    """One request the fake received: `method` is e.g. 'chat.postMessage' or 'response_url'."""

    method: str
    params: dict[str, Any]
    path: str
    headers: dict[str, str] = field(default_factory=dict)


class FakeSlackAPI:
    def __init__(self, *, token: str = BOT_TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.messages: list[dict[str, Any]] = []
        self._failures: dict[str, list[tuple[int, int]]] = {}
        self._delays: dict[str, list[float]] = {}
        self._lock = threading.Lock()
        self._ts = 1_700_000_000_000_000
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # -- lifecycle
    def start(self) -> FakeSlackAPI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def response_url(self, name: str = "cmd") -> str:
        return f"{self.base_url}/hooks/{name}"

    # -- test controls
    def fail_next(self, method: str, *, status: int = 429, retry_after: int = 1) -> None:
        """Answer the next call to `method` with `status` (and a Retry-After header)."""
        with self._lock:
            self._failures.setdefault(method, []).append((status, retry_after))

    def delay_next(self, method: str, seconds: float) -> None:
        """Answer the next call to `method` only after `seconds` (it is recorded at once)."""
        with self._lock:
            self._delays.setdefault(method, []).append(seconds)

    def add_message(
        self, channel: str, *, user: str, text: str, ts: str | None = None, **extra: Any
    ) -> dict[str, Any]:
        """A message a person wrote (so conversations.replies sees it)."""
        message = {"type": "message", "channel": channel, "user": user, "text": text}
        message |= {"ts": ts or self.next_ts(), **extra}
        with self._lock:
            self.messages.append(message)
        return message

    def next_ts(self) -> str:
        with self._lock:
            self._ts += 100
            return f"{self._ts // 1_000_000}.{self._ts % 1_000_000:06d}"

    # -- inspection
    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, *, timeout: float = 15.0) -> list[Call]:
        """Block until `method` was called at least `count` times; return those calls."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            calls = self.calls_to(method)
            if len(calls) >= count:
                return calls
            time.sleep(0.02)
        raise AssertionError(
            f"expected {count} call(s) to {method} within {timeout}s; got "
            f"{[c.method for c in self.calls]}"
        )

    def everything_sent(self) -> str:
        """All payloads the bot sent, as one JSON string (for 'never contains' checks)."""
        with self._lock:
            return json.dumps([c.params for c in self.calls], ensure_ascii=False)

    # -- the API itself
    def handle(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True, "url": "https://test.slack.com/", "team": "Test", "user": "sendplan",
                "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID,
            }  # fmt: skip
        if method == "chat.postMessage":
            message = self.add_message(
                params["channel"], user=BOT_USER_ID, text=params.get("text", ""), bot_id=BOT_ID
            )
            if params.get("thread_ts"):
                message["thread_ts"] = params["thread_ts"]
            return {
                "ok": True,
                "channel": params["channel"],
                "ts": message["ts"],
                "message": message,
            }
        if method == "chat.update":
            with self._lock:
                for message in self.messages:
                    if message["ts"] == params["ts"]:
                        message["text"] = params.get("text", "")
            return {"ok": True, "channel": params["channel"], "ts": params["ts"]}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self.next_ts()}
        if method == "conversations.replies":
            return {"ok": True, "messages": self._thread_of(params), "has_more": False}
        return {"ok": True}

    def _thread_of(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        root = str(params["ts"])
        with self._lock:
            found = [
                dict(m)
                for m in self.messages
                if m["channel"] == params["channel"]
                and (m["ts"] == root or m.get("thread_ts") == root)
            ]
        return sorted(found, key=lambda m: float(m["ts"]))

    def _take_delay(self, method: str) -> float:
        with self._lock:
            queue = self._delays.get(method)
            return queue.pop(0) if queue else 0.0

    def _take_failure(self, method: str) -> tuple[int, int] | None:
        with self._lock:
            queue = self._failures.get(method)
            return queue.pop(0) if queue else None


def _handler_for(fake: FakeSlackAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            self._dispatch()

        def do_POST(self) -> None:
            self._dispatch()

        def _dispatch(self) -> None:
            url = urlsplit(self.path)
            params = dict(parse_qsl(url.query))
            params |= _body_params(self)
            headers = {k.lower(): v for k, v in self.headers.items()}
            if url.path.startswith("/hooks/"):
                with fake._lock:
                    fake.calls.append(Call("response_url", params, url.path, headers))
                return self._send(200, b"ok", "text/plain")
            method = url.path.removeprefix("/api/")
            with fake._lock:
                fake.calls.append(Call(method, params, url.path, headers))
            time.sleep(fake._take_delay(method))
            failure = fake._take_failure(method)
            if failure:
                status, retry_after = failure
                error = "ratelimited" if status == 429 else "fatal_error"
                body = json.dumps({"ok": False, "error": error}).encode()
                return self._send(status, body, extra={"Retry-After": str(retry_after)})
            if headers.get("authorization") != f"Bearer {fake.token}":
                return self._send(200, json.dumps({"ok": False, "error": "invalid_auth"}).encode())
            self._send(200, json.dumps(fake.handle(method, params)).encode())

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str = "application/json; charset=utf-8",
            extra: dict[str, str] | None = None,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler


def _body_params(request: BaseHTTPRequestHandler) -> dict[str, Any]:
    length = int(request.headers.get("Content-Length") or 0)
    raw = request.rfile.read(length).decode("utf-8") if length else ""
    if not raw:
        return {}
    if (request.headers.get("Content-Type") or "").startswith("application/json"):
        return dict(json.loads(raw))
    return dict(parse_qsl(raw))
