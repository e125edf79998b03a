"""Ingestion skips files whose bytes and set-up are unchanged: real Chroma, the real model.

`Tokenising` counts every text the chunker measures: a file that is read and chunked again
costs token counts, a skipped one costs none."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from assistant.settings import Settings
from assistant.state import open_state
from assistant.state.fingerprints import FileFingerprints
from ingest.pipeline import run_ingestion
from tests.conftest import make_test_settings
from tests.ingest.test_pipeline import CountingEmbeddings, stored, stored_sources
from vectorstore.store import make_client

GLOSSARY = "glossary.md"


class Tokenising(CountingEmbeddings):
    def __init__(self, inner: Embeddings) -> None:
        super().__init__(inner)
        self.measured = 0

    def count_tokens(self, text: str) -> int:
        self.measured += 1
        return super().count_tokens(text)


@pytest.fixture
def ingested(tmp_path: Path, pristine: Path) -> Settings:
    from tests.conftest import CORPUS

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)  # copy2: the same bytes and modification times
    settings = make_test_settings(tmp_path / "data", corpus_dir=corpus)
    shutil.copytree(pristine, settings.data_dir)
    return settings


def test_unchanged_files_are_not_read_again(ingested: Settings, embeddings: Embeddings) -> None:
    spy = Tokenising(embeddings)
    report = run_ingestion(ingested, embeddings=spy)
    assert (spy.measured, spy.texts) == (0, 0)
    assert report.unchanged == report.files == 7
    assert report.skipped == report.chunks == sum(stored_sources(ingested).values())
    assert (report.added, report.updated, report.deleted) == (0, 0, 0)
    assert "7 unchanged" in report.summary()


def test_touched_file_is_hashed_not_parsed(ingested: Settings, embeddings: Embeddings) -> None:
    glossary = Path(ingested.corpus_dir) / GLOSSARY
    os.utime(glossary, ns=(glossary.stat().st_atime_ns, glossary.stat().st_mtime_ns + 10**9))
    spy = Tokenising(embeddings)
    assert run_ingestion(ingested, embeddings=spy).unchanged == 7
    assert spy.measured == 0
    recorded = FileFingerprints(open_state(ingested), f"chroma/{ingested.collection}").load()
    assert recorded[GLOSSARY].mtime_ns == glossary.stat().st_mtime_ns  # the new time is kept


def test_only_the_edited_file_is_read(ingested: Settings, embeddings: Embeddings) -> None:
    glossary = Path(ingested.corpus_dir) / GLOSSARY
    glossary.write_text(glossary.read_text().replace("three or four councils", "five councils"))
    spy = Tokenising(embeddings)
    report = run_ingestion(ingested, embeddings=spy)
    assert report.unchanged == 6 and spy.measured > 0
    assert report.added == spy.texts == 1 and report.deleted == 1
    assert "group of five councils" in " ".join(stored(ingested)["documents"])
    again = Tokenising(embeddings)
    assert run_ingestion(ingested, embeddings=again).unchanged == 7 and again.measured == 0


def test_sidecar_edit_reads_the_file_it_describes(
    ingested: Settings, embeddings: Embeddings
) -> None:
    sidecar = Path(ingested.corpus_dir) / "sources.yaml"
    entry = f"{GLOSSARY}:\n  title: Plain words for the SEND plan\n"
    sidecar.write_text(sidecar.read_text() + entry)
    report = run_ingestion(ingested, embeddings=Tokenising(embeddings))
    assert report.unchanged == 6 and report.ok
    titles = {m["title"] for m in stored(ingested)["metadatas"] if m["source"] == GLOSSARY}
    assert titles == {"Plain words for the SEND plan"}


def test_chunks_deleted_by_hand_are_restored_from_the_files(
    ingested: Settings, embeddings: Embeddings
) -> None:
    collection = make_client(ingested).get_collection(ingested.collection, embedding_function=None)
    before = collection.count()
    collection.delete(ids=collection.get(include=[])["ids"][:5])  # records now disagree
    spy = Tokenising(embeddings)
    report = run_ingestion(ingested, embeddings=spy)
    assert report.unchanged == 0 and spy.measured > 0
    assert collection.count() == before == report.chunks and report.added == spy.texts == 5


def test_failed_file_is_read_again_until_it_parses(
    ingested: Settings, embeddings: Embeddings
) -> None:
    pdf = Path(ingested.corpus_dir) / "staff-briefing-schools-and-settings.pdf"
    good = pdf.read_bytes()
    pdf.write_bytes(b"%PDF-1.4 not a pdf at all")
    first = run_ingestion(ingested, embeddings=embeddings)
    second = run_ingestion(ingested, embeddings=embeddings)
    assert [Path(f.path).name for f in first.failed] == [pdf.name]
    assert [Path(f.path).name for f in second.failed] == [pdf.name]  # not skipped as seen
    pdf.write_bytes(good)
    third = run_ingestion(ingested, embeddings=embeddings)
    assert third.ok and third.unchanged == 7  # the old chunks were kept: same bytes again


def test_removed_then_restored_file_is_indexed_again(
    ingested: Settings, embeddings: Embeddings
) -> None:
    glossary = Path(ingested.corpus_dir) / GLOSSARY
    kept = glossary.read_bytes()
    glossary.unlink()
    assert run_ingestion(ingested, embeddings=embeddings).deleted > 0
    assert GLOSSARY not in stored_sources(ingested)
    glossary.write_bytes(kept)
    report = run_ingestion(ingested, embeddings=embeddings)
    assert report.unchanged == 6 and report.added > 0
    assert GLOSSARY in stored_sources(ingested)


def test_full_rebuild_reads_every_file(ingested: Settings, embeddings: Embeddings) -> None:
    spy = Tokenising(embeddings)
    report = run_ingestion(ingested, embeddings=spy, full_rebuild=True)
    assert report.unchanged == 0 and spy.texts == report.chunks
    assert run_ingestion(ingested, embeddings=Tokenising(embeddings)).unchanged == 7
