"""Ingestion fixtures: a copy of the corpus, and a data dir with it already ingested (copied
from one ingestion per session, not re-embedded)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from assistant.settings import Settings
from ingest.pipeline import run_ingestion
from tests.conftest import CORPUS, make_test_settings


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    for path in folder.iterdir():
        path.chmod(0o644)
    return folder


@pytest.fixture(scope="session")
def pristine(tmp_path_factory: pytest.TempPathFactory, embeddings: Embeddings) -> Path:
    """A data dir with the bundled corpus ingested once; tests start from copies of it."""
    data = tmp_path_factory.mktemp("pristine") / "data"
    assert run_ingestion(make_test_settings(data), embeddings=embeddings).ok
    return data


@pytest.fixture
def settings(tmp_path: Path, corpus: Path) -> Settings:
    return make_test_settings(tmp_path / "data", corpus_dir=corpus)


@pytest.fixture
def ingested(settings: Settings, pristine: Path) -> Settings:
    """`settings` whose data dir already holds the ingested corpus (copied, not re-embedded)."""
    shutil.copytree(pristine, settings.data_dir)
    return settings
