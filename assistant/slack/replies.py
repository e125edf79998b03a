"""Posting to Slack on behalf of one question: placeholder, answer, private notes, apology."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.answering.answer import Answer
from assistant.errors import QuestionError
from assistant.slack.blocks import APOLOGY_TEXT, Message, render_answer, render_notice
from assistant.slack.services import Services

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reply:
    """Where an answer goes: a conversation, maybe a thread, and the person who asked."""

    client: WebClient
    channel: str
    user: str
    thread_ts: str | None = None
    channel_type: str = "channel"  # Slack's: channel, group, im or mpim

    @property
    def is_dm(self) -> bool:
        return self.channel.startswith("D")

    def post(self, message: Message) -> str:
        """Post in the conversation (in the thread when there is one); returns the ts."""
        response = self.client.chat_postMessage(
            **self._where(), unfurl_links=False, unfurl_media=False, **message
        )
        return str(response["ts"])

    def update(self, ts: str, message: Message) -> None:
        """Replace a posted message; if Slack rejects the new one, replace it with an apology."""
        try:
            self.client.chat_update(channel=self.channel, ts=ts, **message)
        except SlackApiError:
            logger.exception("Slack rejected the answer for %s; posting an apology", self.channel)
            self.client.chat_update(channel=self.channel, ts=ts, **render_notice(APOLOGY_TEXT))

    def post_private(self, text: str) -> None:
        """A note only the asker sees: ephemeral in channels, a normal reply in a DM."""
        message = render_notice(text)
        if self.is_dm:
            self.post(message)
        else:
            self.client.chat_postEphemeral(**self._where(), user=self.user, **message)

    def apologise(self) -> None:
        """Best effort: tell the asker something failed. Never raises."""
        try:
            self.post(render_notice(APOLOGY_TEXT))
        except Exception:
            logger.exception("Could not post an apology in %s", self.channel)

    def _where(self) -> dict[str, Any]:
        where = {"channel": self.channel}
        return where | {"thread_ts": self.thread_ts} if self.thread_ts else where


def answer_message(
    services: Services,
    question: str,
    *,
    history: Sequence[str] = (),
    channel: str,
    user: str,
    channel_type: str,
    show_question: bool = False,
    share: bool = False,
) -> Message:
    """Ask the assistant, log the question, render the result; failures become a notice."""
    started = time.perf_counter()
    try:
        answer = services.assistant.ask(question, history=history)
    except QuestionError as exc:
        return render_notice(str(exc))
    except Exception:
        logger.exception("Answering a question from %s failed", channel)
        return render_notice(APOLOGY_TEXT)
    latency_ms = (time.perf_counter() - started) * 1000
    try:
        answer_id: str | None = services.store.save_answer(answer, channel=channel)
    except Exception:  # the answer still goes out, only without feedback buttons
        logger.exception(
            "Could not store the answer for its buttons (%s)", services.store.describe()
        )
        answer_id = None
    log_question(services, answer, user=user, channel_type=channel_type,
                 latency_ms=latency_ms, answer_id=answer_id)  # fmt: skip
    return render_answer(answer, answer_id=answer_id, show_question=show_question, share=share)


def log_question(
    services: Services,
    answer: Answer,
    *,
    user: str,
    channel_type: str,
    latency_ms: float,
    answer_id: str | None = None,
) -> None:
    """Best effort: the admins' question log never stands between a person and an answer.
    `answer_id` links the question to the votes on its answer's buttons."""
    try:
        services.questions.record(
            answer, front_end="slack", channel_type=channel_type, user_id=user,
            latency_ms=latency_ms, answer_id=answer_id,
        )  # fmt: skip
    except Exception:
        logger.exception("Could not log the question in %s", services.store.describe())


def channel_type_of(channel_id: str) -> str:
    """Slack's channel type from an id: D... is a DM, C... a channel, G... a private one."""
    return {"D": "im", "C": "channel", "G": "group"}.get(channel_id[:1], "channel")
