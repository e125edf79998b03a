"""Answer -> Slack message (Block Kit plus a plain `text` fallback). Pure functions.

A message is a dict ready to pass to `chat.postMessage`, `chat.update` or `respond`:
`{"text": ..., "blocks": [...]}`.
"""

from __future__ import annotations

from typing import Any

from assistant.answering.answer import Answer, Citation
from assistant.slack.mrkdwn import escape, link, split_mrkdwn, to_mrkdwn, truncate

Message = dict[str, Any]
Block = dict[str, Any]

MAX_TEXT_CHARS = 3000  # Slack's limit for one section's text
MAX_BLOCKS = 50  # Slack's limit for one message
MAX_CONTEXT_ELEMENTS = 10
MAX_QUESTION_CHARS = 500

FEEDBACK_UP = "sendplan_feedback_up"
FEEDBACK_DOWN = "sendplan_feedback_down"
SHARE = "sendplan_share"

SEARCHING_TEXT = "Searching the plan..."
APOLOGY_TEXT = (
    "Sorry, something went wrong while I was answering. Please try again in a minute; "
    "if it keeps happening, let the team that runs this bot know."
)
RATE_LIMITED_TEXT = (
    "You're asking faster than I can keep up with. Please wait a minute and ask again."
)
USAGE_TEXT = (
    "*Ask me about England's SEND and AP Improvement Plan.* I answer from the plan and related "
    "documents, with numbered sources.\n"
    "• Mention me in a channel: `@sendplan How many new special free schools are planned?` "
    "and I reply in a thread. Reply in that thread to ask a follow-up.\n"
    "• Send me a direct message.\n"
    "• `/sendplan <question>` answers privately; click *Post to channel* to share the answer."
)


def render_answer(
    answer: Answer,
    *,
    answer_id: str | None = None,
    show_question: bool = False,
    share: bool = False,
) -> Message:
    """Blocks for an answer: question (optional), text, sources, feedback/share buttons."""
    head = [_question_block(answer.question)] if show_question else []
    tail: list[Block] = [] if answer.refused else sources_blocks(answer.citations)
    buttons = _buttons(answer_id, share=share)
    if buttons:
        tail.append({"type": "actions", "elements": buttons})
    room = MAX_BLOCKS - len(head) - len(tail)
    body = text_blocks(answer.text, max_blocks=room)
    return {"text": fallback_text(answer.text), "blocks": head + body + tail}


def render_notice(text: str) -> Message:
    """A short message of our own words (apology, refusal, usage), safely escaped."""
    return {"text": fallback_text(text), "blocks": text_blocks(text, max_blocks=MAX_BLOCKS)}


def usage_message() -> Message:
    """Short help for `/sendplan`, `/sendplan help` or an empty mention."""
    return render_notice(USAGE_TEXT)


def text_blocks(text: str, *, max_blocks: int) -> list[Block]:
    """Sections of at most 3,000 characters each; shortened if they need more than max_blocks."""
    pieces = split_mrkdwn(to_mrkdwn(text.strip() or " "), MAX_TEXT_CHARS)
    if len(pieces) > max_blocks:
        note = "\n_(answer shortened: ask a narrower question for the rest)_"
        pieces = pieces[:max_blocks]
        pieces[-1] = truncate(pieces[-1], MAX_TEXT_CHARS - len(note)) + note
    return [_section(piece) for piece in pieces]


def sources_blocks(citations: list[Citation]) -> list[Block]:
    """A "Sources" context block: one line per citation, packed into elements <= 3,000 chars."""
    if not citations:
        return []
    lines = ["*Sources*"] + [citation_line(c) for c in sorted(citations, key=lambda c: c.number)]
    elements: list[str] = []
    for line in lines:
        line = truncate(line, MAX_TEXT_CHARS)
        if elements and len(elements[-1]) + 1 + len(line) <= MAX_TEXT_CHARS:
            elements[-1] += "\n" + line
        else:
            elements.append(line)
    return [
        {
            "type": "context",
            "elements": [_mrkdwn(e) for e in elements[i : i + MAX_CONTEXT_ELEMENTS]],
        }
        for i in range(0, len(elements), MAX_CONTEXT_ELEMENTS)
    ]


def citation_line(citation: Citation) -> str:
    """`[1] <url|Title> · p. 4 · 2023-03-02` (link only when the source has a URL)."""
    parts = [f"[{citation.number}] " + link(citation.source_url, citation.title or citation.doc_id)]
    parts += [escape(value) for value in (citation.location, citation.published) if value]
    return " · ".join(parts)


def fallback_text(text: str) -> str:
    """The plain `text` Slack shows in notifications and where blocks cannot render."""
    return truncate(escape(text.strip()), MAX_TEXT_CHARS) or "(empty message)"


def _question_block(question: str) -> Block:
    return {
        "type": "context",
        "elements": [_mrkdwn("*Question:* " + truncate(escape(question), MAX_QUESTION_CHARS))],
    }


def _buttons(answer_id: str | None, *, share: bool) -> list[Block]:
    if not answer_id:
        return []
    buttons = [
        _button(":thumbsup: Helpful", FEEDBACK_UP, answer_id),
        _button(":thumbsdown: Not helpful", FEEDBACK_DOWN, answer_id),
    ]
    if share:
        buttons.append(_button("Post to channel", SHARE, answer_id, style="primary"))
    return buttons


def _button(label: str, action_id: str, value: str, *, style: str | None = None) -> Block:
    button: Block = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": label, "emoji": True},
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def _section(text: str) -> Block:
    return {"type": "section", "text": _mrkdwn(text)}


def _mrkdwn(text: str) -> Block:
    # verbatim: Slack must not auto-parse names or mentions out of our text
    return {"type": "mrkdwn", "text": text, "verbatim": True}
