"""The same code path against a real Chroma server (`chroma run` on 127.0.0.1)."""

from __future__ import annotations

import shutil
from pathlib import Path

from langchain_core.embeddings import Embeddings

from assistant.factory import build_assistant
from ingest.pipeline import run_ingestion
from tests.conftest import CORPUS, make_test_settings
from tests.servers import ChromaServer


def test_ingest_and_answer_through_a_chroma_server(
    chroma_server: ChromaServer, tmp_path: Path, embeddings: Embeddings
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("glossary.md", "progress-updates-2023-2024.md"):
        shutil.copy(CORPUS / name, corpus)
    settings = make_test_settings(
        tmp_path / "data", corpus_dir=corpus, chroma_host="127.0.0.1",
        chroma_port=chroma_server.port, collection="cli-server-test",
    )  # fmt: skip
    report = run_ingestion(settings, embeddings=embeddings)
    assert report.ok and report.added == report.chunks > 0
    assert not settings.chroma_dir.exists()  # nothing stored locally: the server holds it
    answer = build_assistant(settings, embeddings=embeddings).ask(
        "How many local authorities were in the Change Programme when it launched?"
    )
    assert "32" in answer.text and answer.citations[0].doc_id == "progress-updates-2023-2024"
    again = run_ingestion(settings, embeddings=embeddings)
    assert again.added == 0 and again.skipped == report.chunks
