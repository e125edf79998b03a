"""Mentions, direct messages and thread follow-ups, each answered where it was asked.

The listeners only acknowledge (well inside Slack's 3 seconds); the work runs in Bolt lazy
listeners: post "Searching the plan...", ask, then replace the placeholder with `chat.update`.

Slack sends two events (`message` and `app_mention`) for a post that mentions the bot, and
either may reach any replica. The handler that decides to answer a post claims
`post:<channel>:<ts>` in the state database first, so exactly one answer goes out.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.slack.admin import reindex_from_conversation
from assistant.slack.blocks import RATE_LIMITED_TEXT, SEARCHING_TEXT, usage_message
from assistant.slack.guards import from_a_person, wants_reply
from assistant.slack.questions import (
    BotIdentity,
    earlier_questions,
    is_chit_chat,
    is_help,
    is_reindex_request,
    strip_mentions,
)
from assistant.slack.replies import Reply, answer_message, channel_type_of
from assistant.slack.services import Services

logger = logging.getLogger(__name__)

Event = dict[str, Any]
MAX_REINDEX_WORDS = 6  # "please reindex the documents" is a command; a long question is not


def acknowledge(ack: Ack) -> None:
    ack()


def register(app: App, services: Services) -> None:
    def on_mention(event: Event, context: BoltContext, client: WebClient) -> None:
        try:
            handle_mention(services, client, event, bot_of(context))
        except Exception:
            logger.exception("Handling a mention failed")

    def on_message(event: Event, context: BoltContext, client: WebClient) -> None:
        try:
            handle_message(services, client, event, bot_of(context))
        except Exception:
            logger.exception("Handling a message failed")

    app.event("app_mention", matchers=[from_a_person])(ack=acknowledge, lazy=[on_mention])
    app.event("message", matchers=[wants_reply])(ack=acknowledge, lazy=[on_message])
    # everything else (edits, bots, joins, top-level chatter) is acknowledged and ignored
    app.event("app_mention")(acknowledge)
    app.event("message")(acknowledge)


def bot_of(context: BoltContext) -> BotIdentity:
    return BotIdentity(user_id=context.bot_user_id, bot_id=context.bot_id)


def handle_mention(services: Services, client: WebClient, event: Event, bot: BotIdentity) -> None:
    """A mention in a channel: answer in its thread, with the thread so far as context."""
    channel = event["channel"]
    if channel.startswith("D"):
        return  # a DM arrives as a message event too; answer it once, there
    if not claim_post(services, event):
        return
    thread_ts = event.get("thread_ts")
    reply = Reply(client, channel, event["user"], thread_ts or event["ts"],
                  channel_type=channel_type_of(channel))  # fmt: skip
    history = _history_or_none(client, event, bot) if thread_ts else []
    respond_to(services, reply, strip_mentions(event.get("text", ""), bot.user_id), history)


def handle_message(services: Services, client: WebClient, event: Event, bot: BotIdentity) -> None:
    """A DM (answered in place), or a thread reply where the bot has already answered."""
    text = event.get("text", "")
    question = strip_mentions(text, bot.user_id)
    thread_ts = event.get("thread_ts")
    if is_chit_chat(question):
        return
    channel_type = str(event.get("channel_type") or "channel")
    if channel_type == "im":
        if not claim_post(services, event):
            return
        history = _history_or_none(client, event, bot) if thread_ts else []
    else:
        if not thread_ts or not question or bot.mentioned_in(text):
            return  # mentions are answered by handle_mention; a bare file share is no question
        if not services.threads.answered(event["channel"], thread_ts):
            return  # not our conversation (known without asking Slack)
        if not claim_post(services, event):
            return
        messages = thread_messages(client, event["channel"], thread_ts)
        history = earlier_questions(messages, before_ts=event["ts"], bot=bot)
    reply = Reply(client, event["channel"], event["user"], thread_ts, channel_type=channel_type)
    respond_to(services, reply, question, history)


def claim_post(services: Services, event: Event) -> bool:
    """True for the one handler, on any replica, that gets to answer this post."""
    if services.claims.claim(f"post:{event['channel']}:{event['ts']}"):
        return True
    logger.info("Post %s in %s is answered by another handler", event["ts"], event["channel"])
    return False


def respond_to(services: Services, reply: Reply, question: str, history: Sequence[str]) -> None:
    """Usage, admin re-index, or an answer (placeholder first). Failures get an apology."""
    try:
        if is_help(question):
            _in_thread(services, reply)
            reply.post(usage_message())
        elif is_reindex_request(question) and len(question.split()) <= MAX_REINDEX_WORDS:
            if services.is_admin(reply.user):
                _in_thread(services, reply)
            reindex_from_conversation(services, reply)
        elif not services.limiter.allow(reply.user):
            reply.post_private(RATE_LIMITED_TEXT)
        else:
            _in_thread(services, reply)
            placeholder = reply.post({"text": SEARCHING_TEXT})
            message = answer_message(
                services, question, history=history, channel=reply.channel, user=reply.user,
                channel_type=reply.channel_type,
            )  # fmt: skip
            reply.update(placeholder, message)
    except Exception:
        logger.exception("Answering in %s failed", reply.channel)
        reply.apologise()


def _in_thread(services: Services, reply: Reply) -> None:
    """Remember a thread the bot writes in: its replies are follow-ups from now on."""
    if reply.thread_ts and not reply.is_dm:
        services.threads.remember(reply.channel, reply.thread_ts)


def thread_messages(client: WebClient, channel: str, thread_ts: str) -> list[Event]:
    """The thread's messages (first page, oldest first) from `conversations.replies`."""
    response = client.conversations_replies(channel=channel, ts=thread_ts, limit=200)
    return list(response.get("messages") or [])


def _history_or_none(client: WebClient, event: Event, bot: BotIdentity) -> list[str]:
    try:
        messages = thread_messages(client, event["channel"], event["thread_ts"])
    except SlackApiError:
        logger.warning("Could not read the thread in %s; answering without it", event["channel"])
        return []
    return earlier_questions(messages, before_ts=event["ts"], bot=bot)
