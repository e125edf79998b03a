"""What keeps the bot from answering twice or answering bots (the rate limit is shared:
see assistant/state/ratelimit.py)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse

from assistant.state.claims import Claims

logger = logging.getLogger(__name__)

# message subtypes that are still a person writing to us; everything else (edits, deletes,
# joins, bot posts, channel topic changes...) is ignored
PERSON_SUBTYPES = (None, "thread_broadcast", "file_share")


def deduplicate(claims: Claims) -> Callable[..., BoltResponse | None]:
    """Global middleware: acknowledge a repeated event (retry or replay) and drop it.

    The first delivery of an event id to any replica claims `event:<event_id>`; a retry
    (`X-Slack-Retry-Num`) of it, here or on another replica, is dropped; a retry of an event
    nobody received (the first delivery failed to reach us) is answered once. Slack's two
    events for one post that mentions the bot have different ids: the handler that answers
    the post claims the post itself (see conversations.py).
    """

    def skip_repeated_events(body: dict[str, Any], request: BoltRequest, next: Callable[[], Any]):
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not claims.claim(f"event:{event_id}"):
            retry = request.headers.get("x-slack-retry-num", ["0"])[0]
            reason = request.headers.get("x-slack-retry-reason", [""])[0]
            logger.info("Skipping repeated event %s (retry %s %s)", event_id, retry, reason)
            return BoltResponse(status=200, body="")
        return next()

    return skip_repeated_events


def from_a_person(event: dict[str, Any]) -> bool:
    """A message or mention written by a person, not an edit, a bot or a system notice."""
    return (
        bool(event.get("user"))
        and not event.get("bot_id")
        and event.get("subtype") in PERSON_SUBTYPES
        and "edited" not in event
    )


def wants_reply(event: dict[str, Any]) -> bool:
    """Message events worth a look: a person's DM, or a person's reply inside a thread."""
    if not from_a_person(event):
        return False
    return event.get("channel_type") == "im" or bool(event.get("thread_ts"))
