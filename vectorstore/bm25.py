"""A BM25 index over the same chunks as Chroma, built in memory from the collection.

Scoring is bm25s's: at build time it stores every (chunk, term) score in a sparse matrix, so a
question adds up a few precomputed columns instead of walking postings in Python. The formula
is the one this project has always used: Okapi BM25 with k1 = 1.2, b = 0.75, the term
frequency part (k1 + 1) tf / (tf + k1 (1 - b + b |d| / avgdl)) (bm25s's "atire") and
idf = log(1 + (N - n + 0.5) / (n + 0.5)) (bm25s's "lucene"). Chunks and questions are both
split by `vectorstore.text.content_tokens`, so their terms match exactly.

bm25s builds the matrix; this class keeps only the matrix (its CSC arrays) and adds up a
question's columns the way bm25s's numpy backend does (`np.add.at`, column by column), so
scores are the same to the bit. That way a process that loads a saved index (`save`/`load`,
the arrays memory-mapped; keyword_cache.py) never imports bm25s and scipy, which it pulls in:
0.15-0.2 s of a 1.8 s `sendplan ask`.

The interface (`build`, `search`, `idf`, `knows`, `frequencies`, `len`, `ids`, `texts`,
`metadatas`) is what hybrid retrieval and the vocabulary use; keeping the index in step with
the collection is `keyword_index.LiveKeywordIndex`'s job.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any

import numpy as np
import orjson
from numpy.typing import NDArray

from vectorstore.text import content_tokens

K1 = 1.2
B = 0.75
CHUNKS_FILE = "chunks.json"
MATRIX_FILES = ("data.npy", "indices.npy", "indptr.npy")  # the CSC arrays, term columns


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
        self._vocabulary: dict[str, int] = {}  # term -> its column
        self._data: NDArray[np.float64] = np.zeros(0, dtype=np.float64)  # scores, by column
        self._indices: NDArray[np.integer[Any]] = np.zeros(0, dtype=np.int64)  # their chunks
        self._indptr: NDArray[np.integer[Any]] = np.zeros(1, dtype=np.int64)  # column starts

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
        import bm25s
        from bm25s.tokenization import Tokenized

        # bm25s sets its own logger to DEBUG, which would reach any handler the app installs
        logging.getLogger("bm25s").setLevel(logging.WARNING)
        engine = bm25s.BM25(
            k1=K1, b=B, method="atire", idf_method="lucene", dtype="float64",
            backend="numpy", csc_backend="numpy",
        )  # fmt: skip
        engine.index(Tokenized(ids=documents, vocab=vocabulary), create_empty_token=False,
                     show_progress=False)  # fmt: skip
        matrix = engine.scores
        self._data, self._indices, self._indptr = (matrix[k] for k in ("data", "indices", "indptr"))

    def save(self, folder: Path) -> None:
        """Write the index into `folder` (created; its files are replaced)."""
        folder.mkdir(parents=True, exist_ok=True)
        chunks = {"ids": self.ids, "texts": self.texts, "metadatas": self.metadatas,
                  "vocabulary": self._vocabulary}  # fmt: skip
        (folder / CHUNKS_FILE).write_bytes(orjson.dumps(chunks))
        for name, array in zip(MATRIX_FILES, self._arrays(), strict=True):
            np.save(folder / name, array, allow_pickle=False)

    @classmethod
    def load(cls, folder: Path) -> BM25Index:
        """The index `save` wrote; its score matrix is memory-mapped, not read.

        Raises OSError or ValueError when the folder is missing or damaged."""
        chunks = orjson.loads((folder / CHUNKS_FILE).read_bytes())
        index = cls(chunks["ids"], chunks["texts"], chunks["metadatas"])
        index._vocabulary = chunks["vocabulary"]
        data, indices, indptr = (
            np.load(folder / name, mmap_mode="r", allow_pickle=False) for name in MATRIX_FILES
        )
        columns = len(index._vocabulary) if index._vocabulary else 0
        if len(indptr) != columns + 1 or len(data) != len(indices) or indptr[-1] != len(data):
            raise ValueError(f"{folder}: the saved score matrix does not match its vocabulary")
        index._data, index._indices, index._indptr = data, indices, indptr
        return index

    def _arrays(self) -> tuple[NDArray[Any], NDArray[Any], NDArray[Any]]:
        return self._data, self._indices, self._indptr

    def __len__(self) -> int:
        return len(self.ids)

    def frequencies(self) -> dict[str, int]:
        """Every indexed term with the number of chunks that use it."""
        counts = np.diff(self._indptr).tolist()  # a term's column: one entry per chunk using it
        return {term: counts[column] for term, column in self._vocabulary.items()}

    def knows(self, term: str) -> bool:
        return term in self._vocabulary

    def idf(self, term: str) -> float:
        column = self._vocabulary.get(term)
        n = 0 if column is None else int(self._indptr[column + 1] - self._indptr[column])
        return math.log(1 + (len(self.ids) - n + 0.5) / (n + 0.5))

    def search(self, query: str, *, k: int = 20) -> list[tuple[int, float]]:
        """(position, score) of the best k chunks for the query, best first.

        Only chunks that use a query term are returned; equal scores go in position order."""
        columns = sorted({self._vocabulary.get(t, -1) for t in content_tokens(query)} - {-1})
        if not columns or k <= 0:
            return []
        return _best(self._scores(columns), k)

    def _scores(self, columns: list[int]) -> NDArray[np.float64]:
        """Each chunk's score: the sum of the question's term columns (as bm25s adds them)."""
        scores = np.zeros(len(self.ids), dtype=np.float64)
        for column in columns:
            start, end = self._indptr[column], self._indptr[column + 1]
            np.add.at(scores, self._indices[start:end], self._data[start:end])
        return scores


def _best(scores: NDArray[np.float64], k: int) -> list[tuple[int, float]]:
    """The k highest positive scores, best first, ties by position."""
    hits = np.flatnonzero(scores > 0)
    if len(hits) > k:  # keep everything tied with the k-th best, then cut after sorting
        kth = np.partition(scores[hits], len(hits) - k)[len(hits) - k]
        hits = hits[scores[hits] >= kth]
    order = np.lexsort((hits, -scores[hits]))[:k]
    return [(int(position), float(scores[position])) for position in hits[order]]
