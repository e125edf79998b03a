"""The same code path against a real Chroma server (`chroma run` on 127.0.0.1)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from assistant.factory import build_assistant
from ingest.pipeline import run_ingestion
from tests.conftest import CORPUS, make_test_settings

CHROMA = Path(sys.executable).with_name("chroma")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    if not CHROMA.exists():
        pytest.fail(f"{CHROMA} missing: chromadb should install the 'chroma' CLI (make install)")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    process = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("chroma run did not start listening within 60 s")
    yield port
    process.terminate()
    process.wait(10)


def test_ingest_and_answer_through_a_chroma_server(
    chroma_server: int, tmp_path: Path, embeddings: Embeddings
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("glossary.md", "progress-updates-2023-2024.md"):
        shutil.copy(CORPUS / name, corpus)
    settings = make_test_settings(
        tmp_path / "data", corpus_dir=corpus, chroma_host="127.0.0.1", chroma_port=chroma_server
    )
    report = run_ingestion(settings, embeddings=embeddings)
    assert report.ok and report.added == report.chunks > 0
    assert not settings.chroma_dir.exists()  # nothing stored locally: the server holds it
    answer = build_assistant(settings, embeddings=embeddings).ask(
        "How many local authorities were in the Change Programme when it launched?"
    )
    assert "32" in answer.text and answer.citations[0].doc_id == "progress-updates-2023-2024"
    again = run_ingestion(settings, embeddings=embeddings)
    assert again.added == 0 and again.skipped == report.chunks
