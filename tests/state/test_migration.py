"""A data dir made by the code before the state database (tests/state/make_legacy_data.py)
keeps working: its records, answers, votes and user-hash key are imported once, the old
files are set aside, and nothing has to be embedded again."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from assistant.factory import build_assistant
from assistant.settings import Settings
from assistant.state import open_state
from assistant.state.feedback import FeedbackStore
from ingest.pipeline import run_ingestion
from tests.conftest import make_test_settings
from tests.ingest.support import CountingEmbeddings

LEGACY = Path(__file__).with_name("legacy-data-d21b4c7.tar.gz")
ALICE_HASH = "7a00b1e956dbf26aa95c55964af857a496404fb33b41497b11f085bb9ab0434d"  # made by d21b4c7


@pytest.fixture(params=["sqlite", "postgresql"])
def legacy(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    with tarfile.open(LEGACY) as archive:
        archive.extractall(tmp_path, filter="data")
    url = request.getfixturevalue("postgres").new_database() if request.param != "sqlite" else None
    return make_test_settings(tmp_path / "data", corpus_dir=tmp_path / "corpus", state_url=url)


def test_an_old_data_dir_is_imported_once_and_keeps_answering(
    legacy: Settings, embeddings: Embeddings
) -> None:
    data = legacy.data_dir
    assert {p.name for p in data.iterdir()} >= {"record_manager.sqlite", "feedback.sqlite",
                                                 "bm25.json", "ingest.lock"}  # fmt: skip
    state = open_state(legacy)
    names = {p.name for p in data.iterdir()}
    assert {"record_manager.sqlite.migrated", "feedback.sqlite.migrated"} <= names
    assert not names & {"record_manager.sqlite", "feedback.sqlite", "bm25.json", "ingest.lock"}

    store = FeedbackStore(state)
    up, down = store.feedback()
    assert (up.vote, down.vote, up.question) == ("up", "down", "What is an EHCP?")
    assert up.user_hash == ALICE_HASH == store.hash_user("UALICE")  # old and new hashes agree
    assert store.get_answer(up.answer_id) is not None  # its buttons still work

    counting = CountingEmbeddings(embeddings)
    report = run_ingestion(legacy, embeddings=counting, state=state)
    # records kept: every old chunk is skipped; the one text embedded is the document card
    # (ingest/cards.py) that chunking adds since
    assert counting.texts == 1 and (report.skipped, report.added) == (5, 1)
    answer = build_assistant(legacy, embeddings=embeddings, state=state).ask("What is an EHCP?")
    assert not answer.refused and answer.citations[0].doc_id == "glossary"

    (data / "feedback.sqlite.migrated").rename(data / "feedback.sqlite")  # the same file again
    state.close()
    state = open_state(legacy)
    assert len(FeedbackStore(state).feedback()) == 2  # not imported twice
    assert not (data / "feedback.sqlite").exists()
    state.close()
