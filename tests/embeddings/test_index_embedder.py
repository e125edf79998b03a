"""The index records which embedder made it; another embedder re-embeds everything at the next
ingestion instead of mixing vectors, and cannot answer from it until then."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from assistant.errors import ConfigError
from assistant.factory import build_assistant
from assistant.settings import Settings
from ingest.pipeline import run_ingestion
from tests.conftest import CORPUS, make_test_settings
from vectorstore.embeddings import LocalEmbeddings
from vectorstore.index_embedder import recorded
from vectorstore.store import open_store


class Anonymous(Embeddings):
    """Real vectors from an embedder that does not say who it is (as a test wrapper)."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def stored(settings: Settings, embeddings: Embeddings) -> tuple[object, dict[str, object]]:
    store = open_store(settings, embeddings=embeddings)
    return store, store.get(include=["documents", "embeddings"])


def made_by(settings: Settings, embeddings: LocalEmbeddings) -> float:
    """The lowest cosine between a stored vector and `embeddings`' vector of its text."""
    _, found = stored(settings, embeddings)
    expected = np.array(embeddings.embed_documents(found["documents"]))  # type: ignore[arg-type]
    return float((np.array(found["embeddings"]) * expected).sum(axis=1).min())


SMALL_CORPUS = (
    "glossary.md",
    "progress-updates-2023-2024.md",
    "staff-briefing-schools-and-settings.pdf",
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Three files of the corpus (about 20 chunks), in every format that has pages or not."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in SMALL_CORPUS:
        shutil.copy(CORPUS / name, corpus)
    return make_test_settings(tmp_path / "data", corpus_dir=corpus)


def test_the_collection_records_the_embedder(
    settings: Settings, backends: dict[str, LocalEmbeddings]
) -> None:
    int8 = backends["onnx-int8"]
    assert run_ingestion(settings, embeddings=int8).ok
    store, _ = stored(settings, int8)
    assert recorded(store) == int8.identity
    metadata = store._collection.metadata  # type: ignore[attr-defined]
    assert metadata["embedding_backend"] == "onnx-int8"
    assert metadata["embedding_model"] == "all-MiniLM-L6-v2"
    assert (
        metadata["embedding_weights"] == int8.identity.weights and len(int8.identity.weights) == 12
    )


def test_another_embedder_re_embeds_everything(
    settings: Settings, backends: dict[str, LocalEmbeddings], caplog: pytest.LogCaptureFixture
) -> None:
    int8, onnx = backends["onnx-int8"], backends["onnx"]
    assert run_ingestion(settings, embeddings=int8).ok
    assert made_by(settings, onnx) < 0.999  # int8 vectors: measurably not the float model's
    with caplog.at_level("WARNING"):
        report = run_ingestion(settings, embeddings=onnx)
    assert report.ok and report.added == 0 and report.chunks > 10  # no file changed
    assert "re-embedding every chunk with onnx / all-MiniLM-L6-v2" in caplog.text
    assert made_by(settings, onnx) > 0.99999
    assert recorded(stored(settings, onnx)[0]) == onnx.identity


def test_ingesting_another_folder_re_embeds_the_corpus_too(
    settings: Settings, backends: dict[str, LocalEmbeddings], tmp_path: Path
) -> None:
    """Re-embedding works on the stored chunks, so sources from elsewhere are kept."""
    int8, onnx = backends["onnx-int8"], backends["onnx"]
    assert run_ingestion(settings, embeddings=int8).ok
    extra = tmp_path / "extra"
    extra.mkdir()
    shutil.copy(CORPUS / "glossary.md", extra / "more-glossary.md")
    before = run_ingestion(settings, embeddings=int8, path=extra).chunks
    report = run_ingestion(settings, embeddings=onnx, path=extra)
    assert report.ok and report.chunks == before
    assert made_by(settings, onnx) > 0.99999


def test_the_same_embedder_re_embeds_nothing(
    settings: Settings, backends: dict[str, LocalEmbeddings], caplog: pytest.LogCaptureFixture
) -> None:
    int8 = backends["onnx-int8"]
    assert run_ingestion(settings, embeddings=int8).ok
    with caplog.at_level("WARNING"):
        report = run_ingestion(settings, embeddings=int8)
    assert report.skipped == report.chunks and "re-embed" not in caplog.text


def test_an_index_that_records_no_embedder_is_re_embedded(
    settings: Settings, backends: dict[str, LocalEmbeddings]
) -> None:
    int8, onnx = backends["onnx-int8"], backends["onnx"]
    assert run_ingestion(settings, embeddings=Anonymous(int8)).ok
    assert recorded(stored(settings, onnx)[0]) is None
    assert run_ingestion(settings, embeddings=onnx).ok
    assert made_by(settings, onnx) > 0.99999


def test_serving_with_another_embedder_fails_at_start(
    settings: Settings, backends: dict[str, LocalEmbeddings]
) -> None:
    assert run_ingestion(settings, embeddings=backends["onnx-int8"]).ok
    with pytest.raises(ConfigError) as caught:
        build_assistant(settings, embeddings=backends["torch"])
    message = str(caught.value)
    assert "embedded by onnx-int8 / all-MiniLM-L6-v2" in message
    assert "configured for torch / all-MiniLM-L6-v2" in message
    assert "SENDPLAN_EMBEDDING_BACKEND=onnx-int8" in message and "'sendplan ingest'" in message
    assert build_assistant(settings, embeddings=backends["onnx-int8"]).ask("What is an EHCP?").text


def test_the_cli_names_both_embedders(
    settings: Settings, backends: dict[str, LocalEmbeddings]
) -> None:
    from tests.cli.test_cli import run

    assert run_ingestion(settings, embeddings=backends["onnx-int8"]).ok
    result = run(["ask", "What is an EHCP?"], settings.data_dir, SENDPLAN_EMBEDDING_BACKEND="onnx")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "embedded by onnx-int8" in result.stderr and "configured for onnx /" in result.stderr
