"""`/sendplan <question>`: a private answer with a "Post to channel" button.

The command is acknowledged at once with "Searching the plan..." (only the asker sees it);
a lazy listener then replaces it with the answer through the command's `response_url`.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond

from assistant.slack.blocks import (
    APOLOGY_TEXT,
    RATE_LIMITED_TEXT,
    SEARCHING_TEXT,
    SHARE,
    render_answer,
    render_notice,
    usage_message,
)
from assistant.slack.questions import is_help
from assistant.slack.replies import answer_message, channel_type_of
from assistant.slack.services import Services

logger = logging.getLogger(__name__)

COMMAND = "/sendplan"
EXPIRED_TEXT = "Sorry, I no longer have that answer. Please ask the question again."


def register(app: App, services: Services) -> None:
    def ack_question(ack: Ack, command: dict[str, Any]) -> None:
        if is_help(command.get("text", "")):
            ack(**usage_message())
        else:
            ack(text=SEARCHING_TEXT)

    def answer_privately(command: dict[str, Any], respond: Respond) -> None:
        question = command.get("text", "").strip()
        if is_help(question):
            return
        try:
            if not services.limiter.allow(command["user_id"]):
                respond(replace_original=True, **render_notice(RATE_LIMITED_TEXT))
                return
            channel = command.get("channel_id", "")
            message = answer_message(
                services, question, channel=channel, user=command["user_id"],
                channel_type=channel_type_of(channel), show_question=True, share=True,
            )  # fmt: skip
            respond(response_type="ephemeral", replace_original=True, **message)
        except Exception:
            logger.exception("Answering /sendplan failed")
            _try(respond, replace_original=True, **render_notice(APOLOGY_TEXT))

    def ack_share(ack: Ack) -> None:
        ack()

    def share_to_channel(action: dict[str, Any], respond: Respond) -> None:
        """Post the answer for everyone in the channel, then remove the private copy."""
        try:
            answer = services.store.get_answer(action.get("value", ""))
            if answer is None:
                respond(replace_original=False, **render_notice(EXPIRED_TEXT))
                return
            message = render_answer(answer, answer_id=action["value"], show_question=True)
            respond(response_type="in_channel", replace_original=False, **message)
            respond(delete_original=True)
        except Exception:
            logger.exception("Sharing an answer failed")
            _try(respond, replace_original=False, **render_notice(APOLOGY_TEXT))

    app.command(COMMAND)(ack=ack_question, lazy=[answer_privately])
    app.action(SHARE)(ack=ack_share, lazy=[share_to_channel])


def _try(respond: Respond, **message: Any) -> None:
    try:
        respond(**message)
    except Exception:
        logger.exception("Could not send an apology through the response_url")
