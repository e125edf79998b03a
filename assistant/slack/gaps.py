"""`/sendplan-admin gaps [DAYS]`: the questions the documents could not answer, grouped by
meaning (assistant/reporting/gaps.py), most asked first: the documents to add next.

`gaps_message` reads the question log; `render_gaps` is a pure function of the groups.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime

from assistant.reporting.collect import question_records
from assistant.reporting.gaps import Embed, QuestionGroup, unanswered_groups
from assistant.reporting.page import REPORT_ZONE
from assistant.slack.blocks import Block, Message
from assistant.slack.mrkdwn import escape, truncate
from assistant.state.questions import QuestionLog

GAPS_DAYS = 30
MAX_GROUPS = 5
MAX_EXAMPLES = 3
MAX_QUESTION_CHARS = 200
DAY_SECONDS = 86400


def parse_gaps(text: str) -> int | None:
    """Days for 'gaps' (GAPS_DAYS) or 'gaps 7'; None when the text is not a gaps request."""
    words = text.strip().lower().split()
    if not words or words[0] != "gaps" or len(words) > 2:
        return None
    if len(words) == 1:
        return GAPS_DAYS
    return int(words[1]) if words[1].isdigit() and int(words[1]) > 0 else None


def gaps_message(
    questions: QuestionLog, *, embed: Embed, days: int, now: float | None = None
) -> Message:
    """The top unanswered groups of the last `days` days, as a Slack message."""
    since = (now or time.time()) - days * DAY_SECONDS
    records = question_records(questions, since=since)
    groups = unanswered_groups(records, embed=embed, limit=MAX_GROUPS)
    refused = sum(r.refused for r in records)
    return render_gaps(groups, days=days, asked=len(records), refused=refused)


def render_gaps(groups: Sequence[QuestionGroup], *, days: int, asked: int, refused: int) -> Message:
    period = "the last day" if days == 1 else f"the last {days} days"
    if not groups:
        text = (
            f"No unanswered questions in {period}: the documents covered all {asked} questions."
            if asked
            else f"No questions were recorded in {period}."
        )
        return {"text": text, "blocks": [_section(text)]}
    head = (
        f"*Top unanswered questions, {period}* ({refused} of {asked} questions refused). "
        "Each group is a document to add next."
    )
    blocks: list[Block] = [_section(head)]
    blocks += [_section(_group_text(rank, g)) for rank, g in enumerate(groups, start=1)]
    blocks.append(
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": "The full picture: `sendplan report --html`"}],
        }
    )
    return {"text": f"Top unanswered questions, {period}", "blocks": blocks}


def _group_text(rank: int, group: QuestionGroup) -> str:
    times = "once" if group.count == 1 else f"{group.count} times"
    lines = [
        f"*{rank}. {escape(truncate(group.label, MAX_QUESTION_CHARS))}*",
        f"asked {times}, last on {_day(group.last_asked)}",
    ]
    for text, count in group.examples[:MAX_EXAMPLES]:
        lines.append(f"• {escape(truncate(text, MAX_QUESTION_CHARS))} (×{count})")
    more = len(group.examples) - MAX_EXAMPLES
    if more > 0:
        lines.append(f"• and {more} more")
    return "\n".join(lines)


def _day(moment: datetime) -> str:
    return moment.astimezone(REPORT_ZONE).strftime("%a %-d %b")  # staff read UK days


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}
