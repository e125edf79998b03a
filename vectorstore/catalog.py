"""What is indexed: one row per document, read from the Chroma collection's metadata (no
embedding model is loaded)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from assistant.settings import Settings
from vectorstore.paging import get_all
from vectorstore.store import make_client


@dataclass(frozen=True)
class IndexedDocument:
    doc_id: str
    title: str
    chunks: int
    published: str | None
    kind: str | None
    source: str


def stored_metadatas(settings: Settings, *, client: Any = None) -> list[dict[str, Any]]:
    """Every chunk's metadata in the collection ([] when the collection does not exist).
    Reads only: a missing embedded store is a RetrievalError, and nothing is created."""
    from chromadb.errors import NotFoundError

    client = client if client is not None else make_client(settings, create=False)
    try:
        collection = client.get_collection(settings.collection, embedding_function=None)
    except NotFoundError:
        return []
    return [dict(m or {}) for m in get_all(collection, include=["metadatas"])["metadatas"]]


def indexed_documents(settings: Settings, *, client: Any = None) -> list[IndexedDocument]:
    metadatas = stored_metadatas(settings, client=client)
    counts = Counter(str(m.get("doc_id")) for m in metadatas)
    first: dict[str, dict[str, object]] = {}
    for metadata in metadatas:
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
