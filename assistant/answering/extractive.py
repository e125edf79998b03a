"""The default, offline answerer: quotes the most relevant sentences, each with its [n].

It never writes a word of its own beyond the markers: every sentence is verbatim from the
chunk it cites, so the answer cannot state what the documents do not say.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering.answer import Answer, Citation, cite, refusal
from assistant.answering.evidence import (
    HEADING_JOIN,
    Idf,
    ScoredSentence,
    score_sentences,
    uniform_idf,
)
from assistant.answering.refusal import Agreement, RefusalRule, agreement_of
from vectorstore.chunk import RetrievedChunk

_LEADING_MARKER = re.compile(r"^[-*•]\s+")  # a bullet reads oddly at the start of a sentence
MAX_SENTENCES = 3
RELATIVE_FLOOR = 0.8  # a further sentence must score at least this share of the best one
MIN_NEW_TERMS_OVERLAP = 0.6  # Jaccard overlap above which a sentence repeats a chosen one


class ExtractiveAnswerer:
    name = "extractive"

    def __init__(
        self,
        *,
        idf: Idf = uniform_idf,
        agreement: Agreement | None = None,
        rule: RefusalRule | None = None,
    ) -> None:
        self.idf = idf
        self.agreement = agreement
        self.rule = rule or RefusalRule()

    def standalone_question(self, question: str, history: Sequence[str]) -> str:
        """Without an LLM, a follow-up is read together with the previous question (the new
        question first, so what it asks for, such as 'when', still leads)."""
        return f"{question} {history[-1]}" if history else question

    def answer(self, question: str, chunks: Sequence[RetrievedChunk]) -> Answer:
        scored = score_sentences(question, chunks, self.idf)
        if self.rule.refuses(
            question, chunks, scored, agreement_of(self.agreement, question, scored)
        ):
            return refusal(question, answerer=self.name)
        chosen = select(scored)
        return compose(question, chosen, answerer=self.name)


def _overlap(a: ScoredSentence, b: ScoredSentence) -> float:
    x, y = a.sentence.terms, b.sentence.terms
    return len(x & y) / len(x | y) if x | y else 1.0


def select(scored: Sequence[ScoredSentence]) -> list[ScoredSentence]:
    """The best sentence, plus close runners-up that are not repeats of it."""
    if not scored:
        return []
    best = scored[0]
    chosen = [best]
    for candidate in scored[1:]:
        if len(chosen) >= MAX_SENTENCES or candidate.score < RELATIVE_FLOOR * best.score:
            break
        if all(_overlap(candidate, c) < MIN_NEW_TERMS_OVERLAP for c in chosen):
            chosen.append(candidate)
    return chosen


def compose(question: str, chosen: Sequence[ScoredSentence], *, answerer: str) -> Answer:
    """Answer text with a [n] after each sentence, numbered by first use."""
    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    parts: list[str] = []
    shown_headings: set[tuple[str, str]] = set()
    for item in chosen:
        chunk = item.sentence.chunk
        text = _LEADING_MARKER.sub("", item.text.replace(HEADING_JOIN + "- ", HEADING_JOIN))
        heading, joined, rest = text.partition(HEADING_JOIN)
        if joined and (chunk.chunk_id, heading) in shown_headings:
            text = rest  # the heading was already quoted with an earlier sentence
        elif joined:
            shown_headings.add((chunk.chunk_id, heading))
        if chunk.chunk_id not in numbers:
            numbers[chunk.chunk_id] = len(numbers) + 1
            citations.append(cite(chunk, numbers[chunk.chunk_id], quote=item.sentence.text))
        parts.append(f"{text} [{numbers[chunk.chunk_id]}]")
    return Answer(question=question, text="\n".join(parts), citations=citations, answerer=answerer)
