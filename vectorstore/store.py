"""The Chroma vector store: embedded persistent by default, a Chroma server when configured.

Both modes go through the same `langchain_chroma.Chroma` object, so the rest of the code does
not know which one it talks to.
"""

from __future__ import annotations

import logging
from typing import Any

from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from assistant.errors import RetrievalError
from assistant.settings import Settings

log = logging.getLogger(__name__)


def make_client(settings: Settings) -> Any:
    """A chromadb client: HttpClient when SENDPLAN_CHROMA_HOST is set, else persistent."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        try:
            return chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
            )
        except Exception as exc:  # chromadb raises plain ValueError/ConnectionError here
            raise RetrievalError(
                f"Could not reach the Chroma server at {settings.chroma_host}:"
                f"{settings.chroma_port} ({exc}). Start it (chroma run --host "
                f"{settings.chroma_host} --port {settings.chroma_port}) or unset "
                "SENDPLAN_CHROMA_HOST to use the embedded store."
            ) from exc
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


def open_store(settings: Settings, *, embeddings: Embeddings, client: Any = None) -> Chroma:
    """The project's collection, created on first use, with cosine distance."""
    return Chroma(
        collection_name=settings.collection,
        embedding_function=embeddings,
        client=client if client is not None else make_client(settings),
        collection_metadata={"hnsw:space": "cosine"},
    )


def all_chunks(store: Chroma) -> dict[str, Any]:
    """Every stored chunk's id, text and metadata (no vectors)."""
    return store.get(include=["documents", "metadatas"])
