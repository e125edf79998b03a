"""A BM25 index over the same chunks as Chroma, built in memory from the collection.

Scoring is bm25s's: at build time it stores every (chunk, term) score in a sparse matrix, so a
question adds up a few precomputed columns instead of walking postings in Python. The formula
is the one this project has always used: Okapi BM25 with k1 = 1.2, b = 0.75, the term
frequency part (k1 + 1) tf / (tf + k1 (1 - b + b |d| / avgdl)) (bm25s's "atire") and
idf = log(1 + (N - n + 0.5) / (n + 0.5)) (bm25s's "lucene"). Chunks and questions are both
split by `vectorstore.text.content_tokens`, so their terms match exactly.

The interface (`build`, `search`, `idf`, `knows`, `frequencies`, `len`, `ids`, `texts`,
`metadatas`) is what hybrid retrieval and the vocabulary use; keeping the index in step with
the collection is `keyword_index.LiveKeywordIndex`'s job. `save` and `load` keep it in a folder
(bm25s's own files, memory-mapped when loaded, and the chunks as JSON): keyword_cache.py uses
them so that a new process on the same host need not rebuild it.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
import orjson
from bm25s.tokenization import Tokenized
from numpy.typing import NDArray

from vectorstore.text import content_tokens

K1 = 1.2
B = 0.75

CHUNKS_FILE = "chunks.json"
ENGINE_FOLDER = "bm25s"

# bm25s sets its own logger to DEBUG, which would reach any handler the application installs
logging.getLogger("bm25s").setLevel(logging.WARNING)


class BM25Index:
    """Chunks and their keyword index; `search` returns positions into `ids`, `texts` and
    `metadatas`."""

    def __init__(
        self,
        ids: list[str] | None = None,
        texts: list[str] | None = None,
        metadatas: list[dict[str, Any]] | None = None,
    ) -> None:
        self.ids = ids or []
        self.texts = texts or []
        self.metadatas = metadatas or []
        self._vocabulary: dict[str, int] = {}
        self._document_frequency: NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self._engine: bm25s.BM25 | None = None

    @classmethod
    def build(cls, ids: list[str], texts: list[str], metadatas: list[dict[str, Any]]) -> BM25Index:
        index = cls(list(ids), list(texts), [dict(m) for m in metadatas])
        index._index()
        return index

    def _index(self) -> None:
        vocabulary: dict[str, int] = {}
        documents = [
            [vocabulary.setdefault(term, len(vocabulary)) for term in content_tokens(text)]
            for text in self.texts
        ]
        self._vocabulary = vocabulary
        if not vocabulary:  # no chunk has a single content word: nothing to score
            return
        engine = bm25s.BM25(
            k1=K1, b=B, method="atire", idf_method="lucene", dtype="float64",
            backend="numpy", csc_backend="numpy",
        )  # fmt: skip
        engine.index(Tokenized(ids=documents, vocab=vocabulary), create_empty_token=False,
                     show_progress=False)  # fmt: skip
        self._engine = engine
        # each term's column holds one entry per chunk that uses it
        self._document_frequency = np.diff(engine.scores["indptr"])

    def save(self, folder: Path) -> None:
        """Write the index into `folder` (created; its files are replaced)."""
        folder.mkdir(parents=True, exist_ok=True)
        chunks = {"ids": self.ids, "texts": self.texts, "metadatas": self.metadatas,
                  "vocabulary": self._vocabulary}  # fmt: skip
        (folder / CHUNKS_FILE).write_bytes(orjson.dumps(chunks))
        if self._engine is not None:
            self._engine.save(folder / ENGINE_FOLDER, show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> BM25Index:
        """The index `save` wrote; its score matrix is memory-mapped, not read.

        Raises OSError or ValueError when the folder is missing or damaged."""
        chunks = orjson.loads((folder / CHUNKS_FILE).read_bytes())
        index = cls(chunks["ids"], chunks["texts"], chunks["metadatas"])
        index._vocabulary = chunks["vocabulary"]
        if index._vocabulary:
            engine = bm25s.BM25.load(folder / ENGINE_FOLDER, mmap=True, show_progress=False)
            if engine.vocab_dict != index._vocabulary:
                raise ValueError(f"{folder}: the saved engine does not match its vocabulary")
            index._engine = engine
            index._document_frequency = np.diff(engine.scores["indptr"])
        return index

    def __len__(self) -> int:
        return len(self.ids)

    def frequencies(self) -> dict[str, int]:
        """Every indexed term with the number of chunks that use it."""
        counts = self._document_frequency.tolist()
        return {term: counts[column] for term, column in self._vocabulary.items()}

    def knows(self, term: str) -> bool:
        return term in self._vocabulary

    def idf(self, term: str) -> float:
        column = self._vocabulary.get(term)
        n = 0 if column is None else int(self._document_frequency[column])
        return math.log(1 + (len(self.ids) - n + 0.5) / (n + 0.5))

    def search(self, query: str, *, k: int = 20) -> list[tuple[int, float]]:
        """(position, score) of the best k chunks for the query, best first.

        Only chunks that use a query term are returned; equal scores go in position order."""
        engine = self._engine
        columns = sorted({self._vocabulary.get(t, -1) for t in content_tokens(query)} - {-1})
        if engine is None or not columns or k <= 0:
            return []
        return _best(engine.get_scores_from_ids(columns), k)


def _best(scores: NDArray[np.float64], k: int) -> list[tuple[int, float]]:
    """The k highest positive scores, best first, ties by position."""
    hits = np.flatnonzero(scores > 0)
    if len(hits) > k:  # keep everything tied with the k-th best, then cut after sorting
        kth = np.partition(scores[hits], len(hits) - k)[len(hits) - k]
        hits = hits[scores[hits] >= kth]
    order = np.lexsort((hits, -scores[hits]))[:k]
    return [(int(position), float(scores[position])) for position in hits[order]]
