"""The bot's HTTP front door, an ASGI app around the Bolt app (served by uvicorn).

- `POST /slack/events`: the raw body's Slack signature is checked before anything parses it.
  Missing, forged or stale: 401, and neither the body nor the request reaches Bolt or a log.
  Verified requests go to the sync `App.dispatch` in a worker thread, never on the event loop.
- `GET /healthz`: 200 while the process runs. `GET /readyz`: 200 when Chroma, the keyword
  index and the state database all answer, else 503 with the reason as JSON.
- Lifespan shutdown (after uvicorn has stopped accepting and finished the requests in
  flight): wait, at most `shutdown_grace` seconds, for the answers Bolt's lazy listeners are
  still writing.

Request and response conversion reuse slack_bolt's ASGI adapter.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.asgi import SlackRequestHandler
from slack_bolt.adapter.asgi.http_request import AsgiHttpRequest
from slack_bolt.adapter.asgi.http_response import AsgiHttpResponse
from slack_sdk.signature import SignatureVerifier

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"  # events, interactivity and slash commands all POST here
MAX_BODY_BYTES = 1_000_000  # Slack's payloads are a few kB
READINESS_TIMEOUT = 5.0

Readiness = Callable[[], str | None]  # None when ready, else why not (no secrets)
Drain = Callable[[float], bool]  # True when every answer finished within the timeout
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class SlackASGI(SlackRequestHandler):
    def __init__(
        self,
        app: App,
        *,
        signing_secret: str,
        readiness: Readiness = lambda: None,
        drain: Drain | None = None,
        shutdown_grace: float = 20.0,
        path: str = EVENTS_PATH,
        dispatch_threads: int = 16,
    ) -> None:
        super().__init__(app, path=path)
        self.verifier = SignatureVerifier(signing_secret)
        self.readiness, self.drain, self.shutdown_grace = readiness, drain, shutdown_grace
        self.drained: bool | None = None  # after shutdown: did every answer finish in time?
        self._pool = ThreadPoolExecutor(dispatch_threads, thread_name_prefix="sendplan-http")

    async def dispatch(self, request: AsgiHttpRequest) -> BoltResponse:
        body = await _read_body(request.receive)
        if body is None:
            return BoltResponse(status=413, body="request body too large")
        headers = request.get_headers()
        if not self._signed(body, headers):
            logger.warning("Rejected a request to %s: missing, invalid or stale Slack signature",
                           self.path)  # fmt: skip
            return BoltResponse(status=401, body="invalid signature")
        bolt_request = BoltRequest(
            body=body.decode("utf-8", errors="replace"),
            query=request.query_string,
            headers=headers,  # type: ignore[arg-type]
        )
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self.app.dispatch, bolt_request)

    def _signed(self, body: bytes, headers: dict[str, Any]) -> bool:
        try:
            return self.verifier.is_valid(
                body=body,
                timestamp=headers.get("x-slack-request-timestamp"),
                signature=headers.get("x-slack-signature"),
            )
        except (TypeError, ValueError):  # e.g. a timestamp that is not a number
            return False

    async def _get_http_response(
        self, method: str, path: str, request: AsgiHttpRequest
    ) -> AsgiHttpResponse:
        if method == "GET" and path == "/healthz":
            return _json(200, {"status": "ok"})
        if method == "GET" and path == "/readyz":
            reason = await self._readiness()
            if reason is None:
                return _json(200, {"status": "ready"})
            return _json(503, {"status": "unavailable", "reason": reason})
        return await super()._get_http_response(method, path, request)

    async def _readiness(self) -> str | None:
        loop = asyncio.get_running_loop()
        try:
            check = loop.run_in_executor(self._pool, self.readiness)
            return await asyncio.wait_for(check, READINESS_TIMEOUT)
        except TimeoutError:
            return f"the readiness checks took longer than {READINESS_TIMEOUT:.0f} s"

    async def _handle_lifespan(self, receive: Callable, send: Callable) -> None:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
            message = await receive()
        if message["type"] == "lifespan.shutdown":
            await asyncio.get_running_loop().run_in_executor(None, self._finish_answers)
            await send({"type": "lifespan.shutdown.complete"})

    def _finish_answers(self) -> None:
        if self.drain is not None:
            self.drained = self.drain(self.shutdown_grace)
            if not self.drained:
                logger.warning(
                    "Shutting down with answers still running after %.0f s "
                    "(SENDPLAN_SHUTDOWN_GRACE_SECONDS)",
                    self.shutdown_grace,
                )
        self._pool.shutdown(wait=False)


async def _read_body(receive: Receive) -> bytes | None:
    """The raw request body, or None when it is larger than MAX_BODY_BYTES."""
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise ConnectionError("the client went away before sending the whole body")
        body.extend(message.get("body", b""))
        if len(body) > MAX_BODY_BYTES:
            return None
        if not message.get("more_body", False):
            return bytes(body)


def _json(status: int, payload: dict[str, Any]) -> AsgiHttpResponse:
    headers: dict[str, Sequence[str]] = {"content-type": ["application/json"]}
    return AsgiHttpResponse(status=status, headers=headers, body=json.dumps(payload))
