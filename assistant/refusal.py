"""When to say "I couldn't find this": the evidence rule.

Two signals, both cheap:
- coverage: the IDF-weighted share of the question's content words found in the best quotable
  sentence (with its section heading). A question about something the documents never mention
  ("salary", "weather", "Ofsted rating") leaves its rarest words uncovered.
- dense: the best cosine similarity between the question and any retrieved chunk; it rescues
  paraphrases whose words differ from the documents' words.

We refuse when coverage + DENSE_WEIGHT * dense < MIN_EVIDENCE, or when the question names a
number or year that the best sentence does not contain (a question about 2022 is not answered
by a sentence about 2023).

Calibration on tests/eval/golden.jsonl (50 answerable, 8 unanswerable; top_k 8, hybrid):
the unanswerable questions score 0.04-0.56, the answerable ones 0.46-1.5; 0.58 refuses all
unanswerable ones and falsely refuses two answerable ones whose key word is absent from the
corpus ('psychs' for psychologists, 'Scotland' for a plan that "applies to England only").
Raising the bar trades more false refusals for safety; the eval suite shows both rates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.evidence import ScoredSentence
from vectorstore.chunk import RetrievedChunk

DENSE_WEIGHT = 0.5
MIN_EVIDENCE = 0.58
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def numbers_in(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


@dataclass(frozen=True)
class RefusalRule:
    min_evidence: float = MIN_EVIDENCE
    dense_weight: float = DENSE_WEIGHT

    def evidence(self, chunks: Sequence[RetrievedChunk], scored: Sequence[ScoredSentence]) -> float:
        dense = max((c.dense_score or 0.0) for c in chunks) if chunks else 0.0
        return (scored[0].coverage if scored else 0.0) + self.dense_weight * dense

    def refuses(
        self, question: str, chunks: Sequence[RetrievedChunk], scored: Sequence[ScoredSentence]
    ) -> bool:
        if not chunks or not scored:
            return True
        if self.evidence(chunks, scored) < self.min_evidence:
            return True
        best = scored[0].sentence
        found = numbers_in(f"{best.chunk.section or ''} {best.text}")
        return not numbers_in(question) <= found
