"""Hybrid retrieval: dense (Chroma) and BM25 over the same chunks, fused by reciprocal rank.

Reciprocal rank fusion (Cormack et al., 2009) adds 1 / (RRF_K + rank) from each list, so a
chunk near the top of both lists wins without having to calibrate one score against the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

from assistant.errors import RetrievalError
from assistant.settings import Settings
from vectorstore.bm25 import BM25Index
from vectorstore.chunk import RetrievedChunk, body_of
from vectorstore.keyword_cache import KeywordCache
from vectorstore.keyword_index import LiveKeywordIndex
from vectorstore.keywords import Keywords
from vectorstore.paging import get_all
from vectorstore.reader import CollectionReader, open_reader
from vectorstore.vocabulary import Vocabulary, english_words

if TYPE_CHECKING:
    from assistant.state import StateDB
    from assistant.state.index_state import IndexGenerations

RRF_K = 60
SHORTHAND_CHARS = 3
CANDIDATES = 50  # from each retriever, before fusion
BM25_FLOOR = 0.25  # share of the best BM25 score a chunk needs to count in the keyword list


@dataclass
class _Hit:
    chunk_id: str
    page_content: str
    metadata: dict[str, Any]
    dense: float | None = None
    dense_rank: int | None = None
    bm25: float | None = None
    bm25_rank: int | None = None

    def fused(self) -> float:
        return sum(1.0 / (RRF_K + r) for r in (self.dense_rank, self.bm25_rank) if r is not None)


class HybridRetriever:
    """Retrieves chunks with dense, BM25 or both ('hybrid') search."""

    def __init__(
        self,
        store: CollectionReader,
        keyword: LiveKeywordIndex,
        *,
        kind: str = "hybrid",
        k: int = 5,
        words: frozenset[str] = frozenset(),
    ) -> None:
        """`words`: English words, which spelling correction never changes."""
        if kind not in ("hybrid", "dense", "bm25"):
            raise RetrievalError(f"Unknown retriever {kind!r}: use hybrid, dense or bm25.")
        self.store, self.keyword, self.kind, self.k = store, keyword, kind, k
        self._words = words
        self._vocabulary: tuple[Keywords, Vocabulary] | None = None

    @property
    def bm25(self) -> BM25Index:
        """The keyword index's current snapshot (take it once per use: it may be swapped)."""
        return self.keyword.index

    def retrieve(self, query: str, *, k: int | None = None) -> list[RetrievedChunk]:
        """The best k chunks for the query, best first, with their scores."""
        self.keyword.refresh_if_due()
        hits: dict[str, _Hit] = {}
        if self.kind in ("hybrid", "dense"):
            self._add_dense(query, hits)
        if self.kind in ("hybrid", "bm25"):
            self._add_bm25(query, hits)
        ranked = sorted(hits.values(), key=lambda h: -h.fused())[: k or self.k]
        self._fill_dense(query, ranked)
        return [
            RetrievedChunk(
                chunk_id=h.chunk_id,
                text=body_of(h.page_content, h.metadata),
                metadata=h.metadata,
                rank=rank,
                dense_score=h.dense,
                bm25_score=h.bm25,
                fused_score=h.fused(),
            )
            for rank, h in enumerate(ranked, start=1)
        ]

    def opening(self, doc_id: str, *, chunks: int = 2) -> list[RetrievedChunk]:
        """The document's first body chunks (not its card), in order: where its title page,
        subtitle and opening lines are."""
        bm25 = self.bm25
        found = sorted(
            (int(meta.get("chunk_index", 0)), position)
            for position, meta in enumerate(bm25.metadatas)
            if meta.get("doc_id") == doc_id and not meta.get("card")
        )[:chunks]
        return [
            RetrievedChunk(
                chunk_id=bm25.ids[position],
                text=body_of(bm25.texts[position], bm25.metadatas[position]),
                metadata=bm25.metadatas[position],
            )
            for _, position in found
        ]

    @property
    def vocabulary(self) -> Vocabulary:
        """The indexed documents' terms and abbreviations (rebuilt with the keyword index)."""
        keywords, cached = self.keyword.keywords, self._vocabulary
        if cached is None or cached[0] is not keywords:
            cached = (keywords, keywords.vocabulary(self._words))
            self._vocabulary = cached
        return cached[1]

    def idf(self, term: str) -> float:
        """How much a question term weighs as evidence: its rarity across the indexed chunks.

        Short terms that appear nowhere in the index ("r", "u", "mny") are chat shorthand or
        typos, not topics the documents lack, so they weigh nothing either way."""
        bm25 = self.bm25  # one index throughout, even if a reindex swaps it meanwhile
        if len(term) <= SHORTHAND_CHARS and not term[:1].isdigit() and not bm25.knows(term):
            return 0.0
        return bm25.idf(term)

    def _fill_dense(self, query: str, hits: list[_Hit]) -> None:
        """Give BM25-only hits a dense similarity too: the answerer weighs evidence with it."""
        missing = [h for h in hits if h.dense is None]
        if not missing:
            return
        vector = self.store.embeddings.embed_query(query)
        found = self.store.get(ids=[h.chunk_id for h in missing], include=["embeddings"])
        by_id = dict(zip(found["ids"], found["embeddings"], strict=True))
        for hit in missing:
            if (embedding := by_id.get(hit.chunk_id)) is not None:
                hit.dense = float(sum(a * b for a, b in zip(vector, embedding, strict=True)))

    def _add_dense(self, query: str, hits: dict[str, _Hit]) -> None:
        try:
            results = self.store.similarity_search_with_score(query, k=CANDIDATES)
        except Exception as exc:  # chromadb raises a variety of errors when unreachable
            raise RetrievalError(
                f"The vector store could not be searched ({exc}). Run 'sendplan ingest' first, "
                "or check SENDPLAN_CHROMA_HOST/PORT if you use a Chroma server."
            ) from exc
        for rank, (doc, distance) in enumerate(results, start=1):
            hit = hits.setdefault(str(doc.id), _Hit(str(doc.id), doc.page_content, doc.metadata))
            hit.dense, hit.dense_rank = 1.0 - float(distance), rank  # cosine distance -> similarity

    def _add_bm25(self, query: str, hits: dict[str, _Hit]) -> None:
        bm25 = self.bm25  # positions are only valid in the index that produced them
        found = bm25.search(query, k=CANDIDATES)
        # a chunk that matches only the query's common words ('the SEND plan') is no keyword
        # evidence: ranked with the rest, it would outvote the dense list for a rare term
        floor = BM25_FLOOR * max((score for _, score in found), default=0.0)
        found = [(position, score) for position, score in found if score >= floor]
        for rank, (position, score) in enumerate(found, start=1):
            chunk_id = bm25.ids[position]
            hit = hits.setdefault(
                chunk_id,
                _Hit(chunk_id, bm25.texts[position], bm25.metadatas[position]),
            )
            hit.bm25, hit.bm25_rank = score, rank


def open_retriever(
    settings: Settings,
    *,
    embeddings: Embeddings,
    client: Any = None,
    kind: str = "hybrid",
    state: StateDB | None = None,
) -> HybridRetriever:
    """A retriever over the indexed corpus; explains what to do when nothing is indexed.

    Its keyword index is loaded from this host's saved copy or built from the collection
    here, and follows the collection's generation in the state database from then on."""
    from assistant.state import open_state
    from assistant.state.index_state import IndexGenerations

    # answering never creates anything: a missing index or state database is an error
    store = open_reader(settings, embeddings=embeddings, client=client)
    generations = IndexGenerations(state or open_state(settings, create=False))
    keyword = LiveKeywordIndex(
        lambda: get_all(store, include=["documents", "metadatas"]),
        generation=lambda: generations.current(settings.collection),
        poll_seconds=settings.index_poll_seconds,
        cache=_keyword_cache(settings, store, generations) if settings.keyword_cache else None,
    )
    try:
        loaded = keyword.rebuild()
    except Exception as exc:  # chromadb raises a variety of errors when unreachable
        raise RetrievalError(
            f"Could not read the chunks from {settings.chroma_location} ({exc}). Check "
            "SENDPLAN_CHROMA_HOST/PORT if you use a Chroma server."
        ) from exc
    if not len(loaded.index):
        raise RetrievalError(
            f"No index found: the collection '{settings.collection}' in "
            f"{settings.chroma_location} holds no chunks. Run 'sendplan ingest' first (or "
            "'make run', which ingests the bundled corpus)."
        )
    return HybridRetriever(
        store, keyword, kind=kind, k=settings.top_k, words=_model_words(settings)
    )


def _keyword_cache(
    settings: Settings, store: CollectionReader, generations: IndexGenerations
) -> KeywordCache:
    def identity(generation: int) -> str:
        changed = generations.changed_at(settings.collection)
        return (f"{settings.chroma_location}|{settings.collection}|{store.collection_id}|"
                f"{store.count()} chunks|generation {generation} of {changed!r}")  # fmt: skip

    return KeywordCache(settings.keyword_cache_dir, identity=identity)


def _model_words(settings: Settings) -> frozenset[str]:
    from pathlib import Path

    from vectorstore.embeddings import default_model_path

    return english_words(Path(settings.embedding_model or default_model_path()))
