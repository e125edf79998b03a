"""The three embedding backends over the same packaged model, created once per session."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.evaluation import load_golden
from assistant.factory import make_embeddings
from assistant.settings import Settings
from ingest.pipeline import discover, load_chunks
from tests.conftest import CORPUS, GOLDEN
from vectorstore.embeddings import LocalEmbeddings

BACKENDS = ("torch", "onnx", "onnx-int8")


@pytest.fixture(scope="session")
def backends() -> dict[str, LocalEmbeddings]:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    made = {
        b: make_embeddings(settings.model_copy(update={"embedding_backend": b})) for b in BACKENDS
    }
    assert all(isinstance(e, LocalEmbeddings) for e in made.values())
    return made  # type: ignore[return-value]


@pytest.fixture(scope="session")
def corpus_chunks(backends: dict[str, LocalEmbeddings]) -> list[str]:
    """Every chunk text of the bundled corpus, as ingestion embeds it."""
    docs, _, _ = load_chunks(
        discover(CORPUS), CORPUS, count_tokens=backends["torch"].count_tokens, max_tokens=160
    )
    return [d.page_content for d in docs]


@pytest.fixture(scope="session")
def corpus_vectors(
    backends: dict[str, LocalEmbeddings], corpus_chunks: list[str]
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each backend's vectors of every corpus chunk and of every golden question."""
    asked = [item.question for item in load_golden(GOLDEN)]
    return {
        name: (np.array(e.embed_documents(corpus_chunks)), np.array(e.embed_documents(asked)))
        for name, e in backends.items()
    }
