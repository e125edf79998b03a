"""The messages sent to the model, filled from the prompt files in `prompts/`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from prompts import load_prompt
from vectorstore.chunk import RetrievedChunk

# Earlier questions beyond this many rarely help to resolve "it" or "they".
HISTORY_TURNS = 6

_SOURCE_TAG = re.compile(r"<(/?)(source)", re.IGNORECASE)


def _neutralise(text: str) -> str:
    """Stop source text from opening or closing a <source> tag of its own."""
    return _SOURCE_TAG.sub(lambda m: f"\u2039{m.group(1)}{m.group(2)}", text)


def format_source(number: int, chunk: RetrievedChunk) -> str:
    """One numbered source: where it comes from, then its text, inside <source> tags."""
    lines = [f'<source number="{number}">', f"Title: {_neutralise(chunk.title)}"]
    if chunk.section:
        lines.append(f"Section: {_neutralise(chunk.section)}")
    if chunk.page is not None:
        lines.append(f"Page: {chunk.page}")
    if chunk.published:
        lines.append(f"Published: {_neutralise(chunk.published)}")
    lines += ["Text:", _neutralise(chunk.text.strip()), "</source>"]
    return "\n".join(lines)


def format_sources(chunks: Sequence[RetrievedChunk]) -> str:
    return "\n\n".join(format_source(n, chunk) for n, chunk in enumerate(chunks, start=1))


def answer_messages(question: str, chunks: Sequence[RetrievedChunk]) -> list[BaseMessage]:
    """System rules plus the question and its numbered sources."""
    user = load_prompt("answer.txt").format(
        question=_neutralise(question), sources=format_sources(chunks)
    )
    return [SystemMessage(load_prompt("answer_system.txt").strip()), HumanMessage(user.strip())]


def condense_messages(question: str, history: Sequence[str]) -> list[BaseMessage]:
    """Ask for the follow-up `question` rewritten to stand on its own."""
    recent = [turn.strip() for turn in history if turn.strip()][-HISTORY_TURNS:]
    lines = "\n".join(f"- {turn}" for turn in recent)
    return [HumanMessage(load_prompt("condense.txt").format(history=lines, question=question))]


def clean_standalone(reply: str, original: str, *, max_chars: int = 1000) -> str:
    """The model's rewritten question, or the original when the reply is unusable."""
    for line in reply.strip().splitlines():
        text = re.sub(r"^\s*(?:standalone question|question)\s*:\s*", "", line, flags=re.I)
        text = text.strip().strip("\"'\u201c\u201d").strip()
        if text:
            return text if len(text) <= max_chars else original
    return original
