"""Signed requests to the bot: Events API callbacks, slash commands and button clicks, each
with `X-Slack-Signature` made from the signing secret, as Slack sends them."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fake_slack import BOT_USER_ID, SIGNING_SECRET, TEAM_ID
from slack_sdk.signature import SignatureVerifier


@dataclass
class Sent:
    status: int
    body: str


class SlackSender:
    """Posts signed Events API, slash command and interactivity requests to the bot."""

    def __init__(self, url: str, *, secret: str = SIGNING_SECRET) -> None:
        self.url = url
        self.verifier = SignatureVerifier(secret)
        self._event_ids = iter(range(1, 1_000_000))

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        **sign: Any,
    ) -> Sent:
        body = {
            "token": "legacy", "team_id": TEAM_ID, "api_app_id": "A0001", "type": "event_callback",
            "event": event, "event_id": event_id or f"Ev{next(self._event_ids):06d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
        }  # fmt: skip
        headers = {"Content-Type": "application/json"}
        if retry_num is not None:
            headers |= {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return self.post(json.dumps(body), headers, **sign)

    def command(
        self, text: str, *, user: str, channel: str, response_url: str, command: str = "/sendplan"
    ) -> Sent:
        form = {
            "token": "legacy", "team_id": TEAM_ID, "channel_id": channel, "channel_name": "general",
            "user_id": user, "user_name": "someone", "command": command, "text": text,
            "response_url": response_url, "trigger_id": "1.2.3", "api_app_id": "A0001",
        }  # fmt: skip
        return self.post(urlencode(form), {"Content-Type": "application/x-www-form-urlencoded"})

    def action(
        self,
        action_id: str,
        value: str,
        *,
        user: str,
        channel: str,
        response_url: str,
        ephemeral: bool = False,
        thread_ts: str | None = None,
    ) -> Sent:
        message = {"type": "message", "ts": "1700000000.000900", "text": "answer"}
        if thread_ts:
            message["thread_ts"] = thread_ts
        payload: dict[str, Any] = {
            "type": "block_actions", "team": {"id": TEAM_ID}, "api_app_id": "A0001",
            "user": {"id": user, "team_id": TEAM_ID}, "channel": {"id": channel},
            "container": {"type": "message", "channel_id": channel, "is_ephemeral": ephemeral},
            "response_url": response_url, "trigger_id": "1.2.3",
            "actions": [{"type": "button", "action_id": action_id, "block_id": "b1",
                         "value": value, "action_ts": "1700000000.1"}],
        }  # fmt: skip
        if not ephemeral:
            payload["message"] = message
        form = urlencode({"payload": json.dumps(payload)})
        return self.post(form, {"Content-Type": "application/x-www-form-urlencoded"})

    def post(
        self,
        body: str,
        headers: dict[str, str],
        *,
        timestamp: int | None = None,
        signature: str | None = None,
    ) -> Sent:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        headers = headers | {
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature
            or self.verifier.generate_signature(timestamp=ts, body=body),
        }
        request = urllib.request.Request(self.url, body.encode(), headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Sent(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            with error:
                return Sent(error.code, error.read().decode())
