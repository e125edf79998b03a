"""What is indexed: one row per document, read from the persisted BM25 index (no model load)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from assistant.settings import Settings
from vectorstore.bm25 import BM25Index


@dataclass(frozen=True)
class IndexedDocument:
    doc_id: str
    title: str
    chunks: int
    published: str | None
    kind: str | None
    source: str


def indexed_documents(settings: Settings) -> list[IndexedDocument]:
    index = BM25Index.load(settings.bm25_path)
    counts = Counter(str(m.get("doc_id")) for m in index.metadatas)
    first: dict[str, dict[str, object]] = {}
    for metadata in index.metadatas:
        first.setdefault(str(metadata.get("doc_id")), metadata)
    return [
        IndexedDocument(
            doc_id=doc_id,
            title=str(meta.get("title") or doc_id),
            chunks=counts[doc_id],
            published=str(meta["published"]) if meta.get("published") else None,
            kind=str(meta["kind"]) if meta.get("kind") else None,
            source=str(meta.get("source", "")),
        )
        for doc_id, meta in sorted(first.items())
    ]
