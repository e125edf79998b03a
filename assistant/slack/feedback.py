"""Thumbs-up / thumbs-down buttons under every answer: stored, then thanked privately."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.slack.blocks import FEEDBACK_DOWN, FEEDBACK_UP, render_notice
from assistant.slack.services import Services
from assistant.state.feedback import Vote

logger = logging.getLogger(__name__)

THANKS = {
    "up": "Thanks for the feedback: noted that this answer helped.",
    "down": "Thanks for the feedback: noted that this answer did not help. "
    "Rephrasing the question or naming the document you mean often gets a better answer.",
}
FAILED_TEXT = "Sorry, I couldn't record that feedback. Please try again later."
_ACTIONS = re.compile(f"^({FEEDBACK_UP}|{FEEDBACK_DOWN})$")


def register(app: App, services: Services) -> None:
    def ack_feedback(ack: Ack) -> None:
        ack()

    def record_feedback(
        body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        vote: Vote = "up" if action.get("action_id") == FEEDBACK_UP else "down"
        try:
            store_vote(services, body, action, vote)
            text = THANKS[vote]
        except Exception:
            logger.exception("Could not store feedback in %s", services.store.describe())
            text = FAILED_TEXT
        try:
            thank_privately(client, respond, body, text)
        except Exception:
            logger.exception("Could not acknowledge feedback")

    app.action(_ACTIONS)(ack=ack_feedback, lazy=[record_feedback])


def store_vote(
    services: Services, body: dict[str, Any], action: dict[str, Any], vote: Vote
) -> None:
    answer_id = str(action.get("value", ""))
    services.store.add_feedback(
        user_id=body["user"]["id"],
        channel=_channel_of(body),
        vote=vote,
        answer_id=answer_id,
        answer=services.store.get_answer(answer_id),
    )


def thank_privately(client: WebClient, respond: Respond, body: dict[str, Any], text: str) -> None:
    """Ephemeral thanks: in the answer's thread, or via response_url for private answers."""
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = _channel_of(body)
    if container.get("is_ephemeral") or not channel:
        respond(response_type="ephemeral", replace_original=False, **render_notice(text))
        return
    where: dict[str, Any] = {"channel": channel, "user": body["user"]["id"]}
    if message.get("thread_ts"):
        where["thread_ts"] = message["thread_ts"]
    try:
        client.chat_postEphemeral(**where, **render_notice(text))
    except SlackApiError:  # e.g. a shared answer in a channel the bot is not in
        respond(response_type="ephemeral", replace_original=False, **render_notice(text))


def _channel_of(body: dict[str, Any]) -> str:
    return str(
        (body.get("channel") or {}).get("id")
        or (body.get("container") or {}).get("channel_id")
        or ""
    )
