"""Helpers for the ingestion tests."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from assistant.settings import Settings
from vectorstore.store import make_client


class CountingEmbeddings(Embeddings):
    """The real embeddings, counting every text embedded; can fail after N batches."""

    def __init__(self, inner: Embeddings, *, fail_after_batches: int | None = None) -> None:
        self.inner, self.fail_after = inner, fail_after_batches
        self.texts = 0
        self.batches = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.fail_after is not None and self.batches >= self.fail_after:
            raise KeyboardInterrupt("simulated kill half way through ingestion")
        self.batches += 1
        self.texts += len(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)  # type: ignore[attr-defined, no-any-return]


def stored(settings: Settings) -> dict:
    """What the Chroma collection holds: ids, documents, metadatas."""
    collection = make_client(settings).get_collection(settings.collection, embedding_function=None)
    return collection.get(include=["documents", "metadatas"])


def stored_sources(settings: Settings) -> dict[str, int]:
    counts: dict[str, int] = {}
    for meta in stored(settings)["metadatas"]:
        counts[meta["source"]] = counts.get(meta["source"], 0) + 1
    return counts
