"""The hand-written BM25 engine the project used before bm25s, kept for the benchmark only.

Postings in a dict, scored in pure Python; bench/bm25_bench.py runs it beside
vectorstore/bm25.py (bm25s) on the same chunks and checks both rank alike.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from vectorstore.text import content_tokens

K1 = 1.2
B = 0.75


@dataclass
class OldBM25Index:
    ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    metadatas: list[dict[str, Any]] = field(default_factory=list)
    _postings: dict[str, list[tuple[int, int]]] = field(default_factory=dict, repr=False)
    _lengths: list[int] = field(default_factory=list, repr=False)

    @classmethod
    def build(
        cls, ids: list[str], texts: list[str], metadatas: list[dict[str, Any]]
    ) -> OldBM25Index:
        index = cls(list(ids), list(texts), [dict(m) for m in metadatas])
        index._index()
        return index

    def _index(self) -> None:
        self._postings = {}
        self._lengths = []
        for position, text in enumerate(self.texts):
            terms = content_tokens(text)
            self._lengths.append(len(terms))
            for term, tf in Counter(terms).items():
                self._postings.setdefault(term, []).append((position, tf))

    def __len__(self) -> int:
        return len(self.ids)

    def frequencies(self) -> dict[str, int]:
        """Every indexed term with the number of chunks that use it."""
        return {term: len(postings) for term, postings in self._postings.items()}

    def knows(self, term: str) -> bool:
        return term in self._postings

    def idf(self, term: str) -> float:
        n = len(self._postings.get(term, ()))
        return math.log(1 + (len(self.ids) - n + 0.5) / (n + 0.5))

    def search(self, query: str, *, k: int = 20) -> list[tuple[int, float]]:
        """(position, score) of the best k chunks for the query, best first."""
        if not self.ids:
            return []
        average = sum(self._lengths) / len(self._lengths) or 1.0
        scores: dict[int, float] = {}
        for term in set(content_tokens(query)):
            idf = self.idf(term)
            for position, tf in self._postings.get(term, ()):
                norm = K1 * (1 - B + B * self._lengths[position] / average)
                gain = idf * tf * (K1 + 1) / (tf + norm)
                scores[position] = scores.get(position, 0.0) + gain
        return sorted(scores.items(), key=lambda item: -item[1])[:k]
