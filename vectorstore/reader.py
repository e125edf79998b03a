"""The read side of the collection, straight over chromadb.

Answering only reads: a dense search by vector, and `get` by id. Going through
`langchain_chroma.Chroma` for that costs every `sendplan ask` the import of LangChain's
vector-store and retriever machinery (about a third of the cold start's imports); ingestion,
which needs LangChain's indexing API, still uses it (vectorstore/store.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from langchain_core.embeddings import Embeddings

from assistant.errors import RetrievalError
from assistant.settings import Settings
from vectorstore.store import make_client, no_index_message


@dataclass(frozen=True)
class Found:
    """One dense-search result: what `langchain_chroma` would give as a Document."""

    id: str
    page_content: str
    metadata: dict[str, Any]


class CollectionReader:
    """Dense search and `get` on one chromadb collection, with the answering embeddings."""

    def __init__(self, collection: Any, embeddings: Embeddings) -> None:
        self._collection, self.embeddings = collection, embeddings

    @property
    def collection_id(self) -> str:
        return str(self._collection.id)

    def count(self) -> int:
        return int(self._collection.count())

    def get(
        self,
        ids: list[str] | None = None,
        include: list[str] | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> Any:
        fields = ["documents", "metadatas"] if include is None else include
        return self._collection.get(ids=ids, include=fields, limit=limit, offset=offset)

    def similarity_search_with_score(self, query: str, k: int) -> list[tuple[Found, float]]:
        """The k nearest chunks and their cosine distances, nearest first."""
        vector = self.embeddings.embed_query(query)
        found = self._collection.query(
            query_embeddings=[vector], n_results=k, include=["documents", "metadatas", "distances"]
        )
        rows = zip(found["ids"][0], found["documents"][0], found["metadatas"][0], strict=True)
        return [
            (Found(i, text or "", dict(meta or {})), float(distance))
            for (i, text, meta), distance in zip(rows, found["distances"][0], strict=True)
        ]


def open_reader(
    settings: Settings, *, embeddings: Embeddings, client: Any = None
) -> CollectionReader:
    """The project's collection for answering; never creates anything: a missing index is a
    RetrievalError saying what to run."""
    from chromadb.errors import NotFoundError

    chroma = client if client is not None else make_client(settings, create=False)
    try:
        collection = chroma.get_collection(settings.collection, embedding_function=None)
    except NotFoundError:
        raise RetrievalError(no_index_message(settings)) from None
    return CollectionReader(collection, embeddings)
