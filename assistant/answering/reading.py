"""One question against its retrieved chunks: parts, scored sentences and evidence features.

Both answerers use it: the extractive answerer quotes the eligible sentences of each answered
part; the LLM answerer calls its model only when some part is answerable. A two-part question
("How much is it worth, and how many areas take part?") is read part by part, each with the
first part's words as context, so that "it" in the second part still means the programme.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from assistant.answering import question as q
from assistant.answering.evidence import UNSEEN, Idf, ScoredSentence, score_sentences, uniform_idf
from assistant.answering.refusal import Agreement, Evidence, RefusalRule, agreement_of, measure
from assistant.answering.terms import SpeltOut
from vectorstore.chunk import RetrievedChunk

EXPLAINED_SENTENCES = 5
_POINTS_BACK = re.compile(
    r"\b(?:it|its|they|them|their|this|that|these|those|one|each)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class PartReading:
    """One part of a question: how it was read, its sentences and its evidence."""

    question: q.Question
    scored: list[ScoredSentence]
    evidence: Evidence


def read_parts(question: str) -> list[q.Question]:
    """The question, or each part of a two-part question with the first part as context."""
    return [part for part, _ in _parts_in_context(question)]


def _parts_in_context(question: str) -> list[tuple[q.Question, str]]:
    """Each part with the text its meaning is compared against: its own words, or with the
    first part before them when it points back to it ("which areas were they in?")."""
    read = q.read_question(question)
    if len(read.parts) < 2:
        return [(read, read.core)]
    first = q.read_question(read.parts[0])
    parts = [(first, first.core)]
    for part in read.parts[1:]:
        own = q.read_question(part)
        # "how many areas did it launch with": 'it' is in the part before
        before = parts[-1][0]
        if _POINTS_BACK.search(part):
            own = replace(own, terms=tuple(dict.fromkeys(own.terms + before.terms)))
            parts.append((own, f"{before.core} {own.core}"))
        else:
            parts.append((own, own.core))
    return parts


class EvidenceReader:
    """Scores sentences and measures evidence for every part of a question."""

    def __init__(
        self,
        *,
        idf: Idf = uniform_idf,
        agreement: Agreement | None = None,
        rule: RefusalRule | None = None,
        spelt_out: SpeltOut | None = None,
    ) -> None:
        self.idf = idf
        self.agreement = agreement
        self.rule = rule or RefusalRule()
        self.spelt_out = spelt_out
        # a term the index has never seen gets the largest IDF there is
        self._unseen_idf = idf(UNSEEN)

    def read(self, question: str, chunks: Sequence[RetrievedChunk]) -> list[PartReading]:
        readings = []
        for part, meaning in _parts_in_context(question):
            scored = score_sentences(part, chunks, self.idf, spelt_out=self.spelt_out)
            agreement = agreement_of(self.agreement, meaning, scored)
            evidence = measure(part, chunks, scored, agreement, known=self.known)
            readings.append(PartReading(part, scored, evidence))
        return readings

    def known(self, term: str) -> bool:
        """Whether any indexed chunk uses the term (never, with uniform weights)."""
        # 0 is the weight of short shorthand the index has never seen ('r', 'mny')
        return 0 < self.idf(term) < self._unseen_idf

    def reasons(self, readings: Sequence[PartReading]) -> list[str | None]:
        return [self.rule.reason(r.evidence) for r in readings]


def explanation(
    readings: Sequence[PartReading],
    reasons: Sequence[str | None],
    chunks: Sequence[RetrievedChunk],
    rule: RefusalRule,
) -> dict[str, Any]:
    """What `sendplan ask --explain` prints: chunks with scores, and per part the reading,
    the features and the best sentences with the checks they pass."""
    return {
        "chunks": [
            {
                "rank": c.rank,
                "doc_id": c.doc_id,
                "section": c.section or "",
                "dense": c.dense_score,
                "bm25": c.bm25_score,
                "fused": c.fused_score,
            }
            for c in chunks
        ],
        "thresholds": {
            "min_evidence": rule.min_evidence,
            "min_evidence_lexical": rule.min_evidence_lexical,
            "dense_weight": rule.dense_weight,
        },
        "parts": [_part(r, reason, rule) for r, reason in zip(readings, reasons, strict=True)],
    }


def _part(reading: PartReading, reason: str | None, rule: RefusalRule) -> dict[str, Any]:
    read, evidence = reading.question, reading.evidence
    return {
        "question": read.core,
        "kind": read.kind,
        "focus": list(read.focus),
        "scopes": [s.text for s in read.scopes],
        "terms": list(read.terms),
        "features": {
            "coverage": evidence.coverage,
            "dense": evidence.dense,
            "agreement": evidence.agreement,
            "evidence": evidence.score(rule.dense_weight),
        },
        "reason": reason,
        "detail": evidence.detail,
        "sentences": [
            {
                "text": s.text,
                "doc_id": s.sentence.chunk.doc_id,
                "score": s.score,
                "coverage": s.coverage,
                "eligible": s.eligible,
                "fails": s.failed_check,
                "terms": sorted(set(read.terms) & s.sentence.terms),
            }
            for s in reading.scored[:EXPLAINED_SENTENCES]
        ],
    }


Explain = Callable[[Sequence[PartReading]], dict[str, Any]]
