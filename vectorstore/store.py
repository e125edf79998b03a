"""The Chroma vector store: embedded persistent by default, a Chroma server when configured.

Both modes go through the same `langchain_chroma.Chroma` object, so the rest of the code does
not know which one it talks to. Answering reads through vectorstore/reader.py instead, which
does not import LangChain's vector-store machinery.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

from assistant.errors import RetrievalError
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_chroma import Chroma

log = logging.getLogger(__name__)

CHROMA_FILE = "chroma.sqlite3"  # what an embedded Chroma store holds once it exists


def make_client(settings: Settings, *, create: bool = True) -> Any:
    """A chromadb client: HttpClient when SENDPLAN_CHROMA_HOST is set, else persistent.

    `create=False` (commands that only read): an embedded store that does not exist yet is
    a RetrievalError saying what to run, and no folder is made."""
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
    if not create and not (settings.chroma_dir / CHROMA_FILE).is_file():
        raise RetrievalError(no_index_message(settings))
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


def open_store(
    settings: Settings, *, embeddings: Embeddings, client: Any = None, create: bool = True
) -> Chroma:
    """The project's collection, created on first use, with cosine distance. With
    `create=False` a missing collection is a RetrievalError and nothing is created."""
    from chromadb.errors import NotFoundError
    from langchain_chroma import Chroma

    try:
        return Chroma(
            collection_name=settings.collection,
            embedding_function=embeddings,
            client=client if client is not None else make_client(settings, create=create),
            collection_metadata={"hnsw:space": "cosine"},
            create_collection_if_not_exists=create,
        )
    except NotFoundError:
        raise RetrievalError(no_index_message(settings)) from None


def no_index_message(settings: Settings) -> str:
    return (
        f"No index found: the collection '{settings.collection}' is not in "
        f"{settings.chroma_location}. Run 'sendplan ingest' first (or 'make run', which "
        "ingests the bundled corpus), or point SENDPLAN_HOME or SENDPLAN_DATA_DIR at the "
        "folder that holds your index."
    )
