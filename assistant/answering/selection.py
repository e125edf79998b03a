"""Choosing the sentences to quote, and writing them up with their [n] markers.

The best eligible sentence leads; close runners-up follow unless they repeat it. A sentence
that states the same fact as one already chosen is not quoted again: when it comes from
another document, its citation is added to the first quote instead ("... [1, 2]"), so the
reader sees that both sources agree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.answering.answer import Answer, Citation, cite
from assistant.answering.dates import strip_dates
from assistant.answering.evidence import HEADING_JOIN, ScoredSentence
from assistant.answering.kinds import time_spans

_LEADING_MARKER = re.compile(r"^[-*•]\s+")  # a bullet reads oddly at the start of a sentence
MAX_SENTENCES = 3
RELATIVE_FLOOR = 0.8  # a further sentence must score at least this share of the best one
REPEAT_OVERLAP = 0.6  # share of the shorter sentence's terms in the other: the same fact


def overlap(a: ScoredSentence, b: ScoredSentence) -> float:
    """How much of the shorter sentence the other one repeats (0..1)."""
    x, y = a.sentence.terms, b.sentence.terms
    return len(x & y) / min(len(x), len(y)) if x and y else 1.0


SHINGLE_WORDS = 4  # a run of this many words shared with a number in it: the same fact


def _shingles(text: str) -> set[tuple[str, ...]]:
    # a date in common ('by the end of 2025') is no shared fact: two milestones due by then
    # are two things
    words = re.findall(r"[\w£%.,'-]+", strip_dates(text).lower())
    words = [w.strip(".,") for w in words]
    return {
        tuple(words[i : i + SHINGLE_WORDS])
        for i in range(len(words) - SHINGLE_WORDS + 1)
        if any(ch.isdigit() for w in words[i : i + SHINGLE_WORDS] for ch in w)
    }


def repeats(a: ScoredSentence, b: ScoredSentence) -> bool:
    """The same fact: most words in common, or a figure stated in the same words
    ('33 new special free schools' in the plan and in the news report)."""
    if time_spans(a.sentence.text) - time_spans(b.sentence.text):
        return False  # it says how long, which the other does not: more than a repeat
    return overlap(a, b) >= REPEAT_OVERLAP or bool(
        _shingles(a.sentence.text) & _shingles(b.sentence.text)
    )


@dataclass
class Quote:
    """A sentence to quote and every chunk that states it."""

    item: ScoredSentence
    also: list[ScoredSentence] = field(default_factory=list)


def select(scored: Sequence[ScoredSentence], *, limit: int = MAX_SENTENCES) -> list[Quote]:
    """The best eligible sentence, plus close runners-up that are not repeats of it."""
    pool = [s for s in scored if s.eligible] or list(scored)
    if not pool:
        return []
    best = pool[0]
    chosen = [Quote(best)]
    for candidate in pool[1:]:
        if len(chosen) >= limit or candidate.score < RELATIVE_FLOOR * best.score:
            break
        same = next((c for c in chosen if repeats(candidate, c.item)), None)
        if same is None:
            chosen.append(Quote(candidate))
        elif candidate.sentence.chunk.doc_id != same.item.sentence.chunk.doc_id:
            same.also.append(candidate)  # the same fact from another document: cite both
    return chosen


class Composer:
    """Numbers citations by first use across the parts of one answer."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.citations: list[Citation] = []
        self._headings: set[tuple[str, str]] = set()

    def line(self, quote: Quote) -> str:
        item = quote.item
        chunk = item.sentence.chunk
        text = _LEADING_MARKER.sub("", item.text.replace(HEADING_JOIN + "- ", HEADING_JOIN))
        heading, joined, rest = text.partition(HEADING_JOIN)
        if joined and (chunk.chunk_id, heading) in self._headings:
            text = rest  # the heading was already quoted with an earlier sentence
        elif joined:
            self._headings.add((chunk.chunk_id, heading))
        markers = [self._number(s) for s in [item, *quote.also]]
        return f"{text} [{', '.join(str(n) for n in dict.fromkeys(markers))}]"

    def _number(self, item: ScoredSentence) -> int:
        chunk = item.sentence.chunk
        if chunk.chunk_id not in self.numbers:
            self.numbers[chunk.chunk_id] = len(self.numbers) + 1
            self.citations.append(
                cite(chunk, self.numbers[chunk.chunk_id], quote=item.sentence.text)
            )
        return self.numbers[chunk.chunk_id]


def compose(question: str, quotes: Sequence[Quote], *, answerer: str) -> Answer:
    """Answer text with a [n] after each sentence, numbered by first use."""
    composer = Composer()
    text = "\n".join(composer.line(quote) for quote in quotes)
    return Answer(question=question, text=text, citations=composer.citations, answerer=answerer)
