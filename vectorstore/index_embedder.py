"""Which embedder made the index: recorded in the Chroma collection's metadata, so every host
that shares the collection (a Chroma server) sees it.

Vectors from different backends or weights are not comparable, so an ingestion with another
embedder first re-embeds every stored chunk in place (`needs_reembedding`, `reembed_all`: the
chunks of every source, wherever its files are), and a process that would answer with another
embedder than the index's refuses to start (`check_serving`). Embeddings without an
`identity` (test fakes, stand-ins) are neither recorded nor checked.
"""

from __future__ import annotations

import logging
from typing import Any

from assistant.errors import ConfigError
from assistant.settings import Settings
from vectorstore.embeddings import EmbedderIdentity

log = logging.getLogger(__name__)

PAGE = 5000  # chunks per get() while listing the collection
KEYS = {"backend": "embedding_backend", "model": "embedding_model", "weights": "embedding_weights"}


def identity_of(embeddings: object) -> EmbedderIdentity | None:
    identity = getattr(embeddings, "identity", None)
    return identity if isinstance(identity, EmbedderIdentity) else None


def recorded(store: Any) -> EmbedderIdentity | None:
    """The embedder the collection records, if any (indexes made before this have none)."""
    metadata = store._collection.metadata or {}  # langchain_chroma keeps the collection here
    if not all(key in metadata for key in KEYS.values()):
        return None
    return EmbedderIdentity(**{field: str(metadata[key]) for field, key in KEYS.items()})


def record(store: Any, embeddings: object) -> None:
    """Write the embedder into the collection's metadata, keeping the other keys."""
    identity = identity_of(embeddings)
    if identity is None or identity == recorded(store):
        return
    collection = store._collection
    # Chroma refuses hnsw:* keys in modify(); the distance lives in the configuration anyway
    kept = {k: v for k, v in (collection.metadata or {}).items() if not k.startswith("hnsw:")}
    kept.update({key: getattr(identity, field) for field, key in KEYS.items()})
    collection.modify(metadata=kept)


def needs_reembedding(store: Any, embeddings: object) -> bool:
    """True when the collection holds vectors that `embeddings` did not make (or that nothing
    says who made): then ingestion must embed everything again instead of mixing."""
    identity = identity_of(embeddings)
    if identity is None or store._collection.count() == 0:
        return False
    found = recorded(store)
    if found is not None and found.same_vectors(identity):
        return False
    log.warning(
        "The index was embedded by %s; re-embedding every chunk with %s.",
        found.describe() if found else "an embedder it does not record",
        identity.describe(),
    )
    return True


def reembed_all(store: Any, *, batch_size: int = 512) -> int:
    """Embed every stored chunk again with the store's embeddings (same ids, texts and
    metadata); the number of chunks. Record the new embedder afterwards, not before: an
    interrupted run is then detected and redone by the next ingestion. Pages through the
    collection: one get() of tens of thousands of chunks exceeds Chroma's SQL variable limit."""
    ids = [
        chunk_id
        for offset in range(0, store._collection.count(), PAGE)
        for chunk_id in store.get(include=[], limit=PAGE, offset=offset)["ids"]
    ]
    for start in range(0, len(ids), batch_size):
        page = store.get(ids=ids[start : start + batch_size], include=["documents", "metadatas"])
        store.add_texts(page["documents"], metadatas=page["metadatas"], ids=page["ids"])
    log.warning("re-embedded %d chunks", len(ids))
    return len(ids)


def check_serving(store: Any, embeddings: object, settings: Settings) -> None:
    """Refuse to answer from an index that another embedder made."""
    identity = identity_of(embeddings)
    found = recorded(store)
    if identity is None or found is None or found.same_vectors(identity):
        if identity is not None and found is None and store._collection.count():
            log.warning(
                "The index does not record which embedder made it; 'sendplan ingest' "
                "re-embeds it with %s.",
                identity.describe(),
            )
        return
    fix = f"SENDPLAN_EMBEDDING_BACKEND={found.backend}"
    if found.weights != identity.weights:
        fix += f" and SENDPLAN_EMBEDDING_MODEL to the {found.model} model it was made with"
    raise ConfigError(
        f"The index ({_where(settings)}) was embedded by {found.describe()}, but this process "
        f"is configured for {identity.describe()}. Set {fix} to answer from it, or run "
        f"'sendplan ingest' with the new setting first: it re-embeds the index."
    )


def _where(settings: Settings) -> str:
    if settings.chroma_host:
        return f"collection {settings.collection} on {settings.chroma_host}:{settings.chroma_port}"
    return f"collection {settings.collection} in {settings.chroma_dir}"
