"""Check a model's [n] citation markers against the sources it was given.

Markers such as [2], [1, 3], [1][2], [2-4] or [Source 2] are read; numbers that point at no
source are dropped (and logged); the rest are renumbered 1, 2, ... in order of first use and
written back as separate markers ([1][2]), so every front end can rely on one shape.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.answering.answer import Citation, cite
from vectorstore.chunk import RetrievedChunk

log = logging.getLogger(__name__)

_NUMBER = r"(?:sources?\s*)?\d+(?:\s*[-\u2013]\s*\d+)?"
MARKER = re.compile(rf"(\s*)\[\s*({_NUMBER}(?:\s*[,;]\s*{_NUMBER})*)\s*\]", re.IGNORECASE)
_REPEATED = re.compile(r"(\[\d+\])(?:\s*\1)+")

# The system prompt asks for "I cannot find this in the sources."; models paraphrase it.
NOT_FOUND = re.compile(
    r"\b(?:cannot|can ?not|can't|could not|couldn't|unable to) (?:find|locate|answer)"
    r"|\b(?:do|does|did)(?: not|n't) (?:cover|contain|mention|say|include|address|answer)"
    r"|\bnot (?:covered|mentioned|addressed|included) (?:in|by) the (?:sources|documents)"
    r"|\bno (?:relevant )?information (?:about|on)",
    re.IGNORECASE,
)


@dataclass
class CheckedText:
    """The answer text with valid markers renumbered, and what changed."""

    text: str
    used: list[int] = field(default_factory=list)  # original source numbers, by first use
    dropped: list[int] = field(default_factory=list)  # numbers that pointed at no source


def _numbers(group: str) -> list[int]:
    numbers: list[int] = []
    for part in re.split(r"[,;]", group):
        bounds = [int(n) for n in re.findall(r"\d+", part)]
        start, end = bounds[0], bounds[-1]
        # a reversed or huge range is a typo, not a list of sources: keep its ends
        numbers.extend(range(start, end + 1) if 0 <= end - start <= 20 else (start, end))
    return numbers


def check_markers(text: str, source_count: int) -> CheckedText:
    """Renumber valid [n] markers by first use; drop the ones outside 1..source_count."""
    checked = CheckedText(text="")
    new_number: dict[int, int] = {}

    def replace(match: re.Match[str]) -> str:
        kept: list[int] = []
        for number in _numbers(match.group(2)):
            if not 1 <= number <= source_count:
                checked.dropped.append(number)
                continue
            if number not in new_number:
                new_number[number] = len(new_number) + 1
                checked.used.append(number)
            if new_number[number] not in kept:
                kept.append(new_number[number])
        if not kept:
            return ""  # drop the marker and the space before it
        return match.group(1) + "".join(f"[{n}]" for n in kept)

    rewritten = MARKER.sub(replace, text)
    checked.text = _REPEATED.sub(r"\1", rewritten).strip()
    if checked.dropped:
        log.warning(
            "Dropped citation marker(s) %s: the model was given sources 1-%d only",
            sorted(set(checked.dropped)),
            source_count,
        )
    return checked


def is_not_found_reply(text: str) -> bool:
    """True when the model says the sources do not answer the question."""
    return bool(NOT_FOUND.search(text))


def citations_for(used: Sequence[int], chunks: Sequence[RetrievedChunk]) -> list[Citation]:
    """Citations numbered 1.. for the sources used, `used` holding their prompt numbers."""
    return [cite(chunks[old - 1], new) for new, old in enumerate(used, start=1)]
