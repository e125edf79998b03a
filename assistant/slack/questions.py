"""Reading questions out of Slack messages and threads. Pure functions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.answering.smalltalk import command, is_small_talk
from assistant.slack.guards import PERSON_SUBTYPES

MAX_HISTORY = 5

_REINDEX = re.compile(r"\bre-?index\b", re.IGNORECASE)


@dataclass(frozen=True)
class BotIdentity:
    """Who the bot is in this workspace (from `auth.test`)."""

    user_id: str | None
    bot_id: str | None

    def wrote(self, message: dict[str, Any]) -> bool:
        return bool(
            (self.user_id and message.get("user") == self.user_id)
            or (self.bot_id and message.get("bot_id") == self.bot_id)
        )

    def mentioned_in(self, text: str) -> bool:
        return bool(self.user_id) and f"<@{self.user_id}" in text


def strip_mentions(text: str, bot_user_id: str | None) -> str:
    """The question without `<@BOT>` / `<@BOT|name>` mentions of the bot."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(\|[^>]*)?>", " ", text)
    return " ".join(text.split())


def is_help(text: str) -> bool:
    """An empty mention, or 'help' / '?' / 'usage': answered with the usage message."""
    return not text.strip() or command(text) == "help"


def is_reindex_request(text: str) -> bool:
    return bool(_REINDEX.search(text))


def is_chit_chat(text: str) -> bool:
    """'thanks', 'ok', ':+1:', 'hello there': thread replies that are not questions (the same
    reading `sendplan chat` and the answer chain use; see assistant/answering/smalltalk.py)."""
    return is_small_talk(text) and command(text) != "help"


def earlier_questions(
    messages: Sequence[dict[str, Any]], *, before_ts: str, bot: BotIdentity
) -> list[str]:
    """The people's messages in a thread before `before_ts`: the conversation so far."""
    questions = [
        strip_mentions(str(m.get("text", "")), bot.user_id)
        for m in sorted(messages, key=lambda m: float(m.get("ts", 0)))
        if float(m.get("ts", 0)) < float(before_ts)
        and not bot.wrote(m)
        and not m.get("bot_id")
        and m.get("subtype") in PERSON_SUBTYPES
    ]
    wanted = [q for q in questions if q and not is_chit_chat(q) and not is_help(q)]
    return wanted[-MAX_HISTORY:]
