"""The bundled corpus ingested once per session, for ingestion tests to start from copies."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from ingest.pipeline import run_ingestion
from tests.conftest import make_test_settings


@pytest.fixture(scope="session")
def pristine(tmp_path_factory: pytest.TempPathFactory, embeddings: Embeddings) -> Path:
    """A data dir with the bundled corpus ingested once; tests start from copies of it."""
    data = tmp_path_factory.mktemp("pristine") / "data"
    assert run_ingestion(make_test_settings(data), embeddings=embeddings).ok
    return data
