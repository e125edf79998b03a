"""Incremental ingestion on a real persistent Chroma with the real embedding model; its lock,
records and index generation in the state database."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from assistant.errors import IngestLockedError
from assistant.settings import Settings
from assistant.state import open_state
from assistant.state.index_state import IndexGenerations
from assistant.state.locks import IngestLock
from ingest.pipeline import run_ingestion
from tests.conftest import CORPUS, make_test_settings
from vectorstore.hybrid import open_retriever
from vectorstore.store import make_client


class CountingEmbeddings(Embeddings):
    """The real embeddings, counting every text embedded; can fail after N batches."""

    def __init__(self, inner: Embeddings, *, fail_after_batches: int | None = None) -> None:
        self.inner, self.fail_after = inner, fail_after_batches
        self.texts = 0
        self.batches = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.fail_after is not None and self.batches >= self.fail_after:
            raise KeyboardInterrupt("simulated kill half way through ingestion")
        self.batches += 1
        self.texts += len(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)  # type: ignore[attr-defined, no-any-return]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    for path in folder.iterdir():
        path.chmod(0o644)
    return folder


@pytest.fixture
def settings(tmp_path: Path, corpus: Path) -> Settings:
    return make_test_settings(tmp_path / "data", corpus_dir=corpus)


@pytest.fixture
def ingested(settings: Settings, pristine: Path) -> Settings:
    """`settings` whose data dir already holds the ingested corpus (copied, not re-embedded)."""
    shutil.copytree(pristine, settings.data_dir)
    return settings


def stored(settings: Settings) -> dict:
    """What the Chroma collection holds: ids, documents, metadatas."""
    collection = make_client(settings).get_collection(settings.collection, embedding_function=None)
    return collection.get(include=["documents", "metadatas"])


def stored_sources(settings: Settings) -> dict[str, int]:
    counts: dict[str, int] = {}
    for meta in stored(settings)["metadatas"]:
        counts[meta["source"]] = counts.get(meta["source"], 0) + 1
    return counts


def generation(settings: Settings) -> int:
    return IndexGenerations(open_state(settings)).current(settings.collection)


def test_first_ingest_then_unchanged_reingest_embeds_nothing(
    settings: Settings, embeddings: Embeddings
) -> None:
    first = run_ingestion(settings, embeddings=CountingEmbeddings(embeddings))
    assert first.added == first.chunks > 0 and first.ok and first.files == 7
    assert generation(settings) == 1
    counting = CountingEmbeddings(embeddings)
    second = run_ingestion(settings, embeddings=counting)
    assert counting.texts == 0
    assert (second.added, second.deleted, second.skipped) == (0, 0, first.chunks)
    assert generation(settings) == 1  # nothing changed: serving processes keep their index


def test_changed_added_and_removed_files(
    ingested: Settings, corpus: Path, embeddings: Embeddings
) -> None:
    settings = ingested
    before_total = sum(stored_sources(settings).values())
    before = stored_sources(settings)
    glossary = corpus / "glossary.md"
    glossary.write_text(
        glossary.read_text().replace("three or four councils", "five or six councils")
    )
    (corpus / "sector-responses-2023.md").unlink()
    (corpus / "new-note.md").write_text("# Note\n\nThe SEND hub opens in Leeds in 2027.\n")

    counting = CountingEmbeddings(embeddings)
    before_generation = generation(settings)
    report = run_ingestion(settings, embeddings=counting)
    assert generation(settings) == before_generation + 1

    after = stored_sources(settings)
    assert "sector-responses-2023.md" not in after
    assert after["new-note.md"] == 2  # its one chunk and its document card
    assert after["glossary.md"] == before["glossary.md"]
    # only the changed glossary chunk and the new note are embedded
    assert counting.texts == report.added == 3  # with the new note's card
    assert report.deleted == before["sector-responses-2023.md"] + 1
    assert report.chunks == before_total - before["sector-responses-2023.md"] + 2
    texts = " ".join(stored(settings)["documents"])
    assert "group of five or six councils" in texts
    assert "group of three or four councils" not in texts


def test_corrupt_file_is_reported_and_its_chunks_kept(
    ingested: Settings, corpus: Path, embeddings: Embeddings
) -> None:
    settings = ingested
    pdf = corpus / "staff-briefing-schools-and-settings.pdf"
    pdf_chunks = stored_sources(settings)[pdf.name]
    pdf.write_bytes(b"%PDF-1.4 this is not really a pdf")
    (corpus / "glossary.md").write_text((corpus / "glossary.md").read_text() + "\n\n**New**: x.\n")

    report = run_ingestion(settings, embeddings=embeddings)

    assert not report.ok
    assert [Path(f.path).name for f in report.failed] == [pdf.name]
    assert "could not be parsed" in report.failed[0].reason
    assert stored_sources(settings)[pdf.name] == pdf_chunks  # the previous index keeps serving
    assert report.added >= 1  # the rest was still ingested


def test_second_ingestion_refused_while_one_runs(
    ingested: Settings, embeddings: Embeddings
) -> None:
    settings = ingested
    held = IngestLock(open_state(settings), settings.collection)
    with held, pytest.raises(IngestLockedError, match="already running") as refused:
        run_ingestion(settings, embeddings=embeddings)
    assert f"pid {os.getpid()}" in str(refused.value)  # names the holder
    assert run_ingestion(settings, embeddings=embeddings).ok  # released afterwards


def test_interrupted_ingestion_leaves_an_index_that_answers(
    ingested: Settings, corpus: Path, embeddings: Embeddings
) -> None:
    settings = ingested.model_copy(update={"index_batch_size": 16})
    for path in corpus.glob("*.md"):
        path.write_text(path.read_text().replace("SEND", "SEND (special educational needs)"))
    before = generation(settings)
    with pytest.raises(KeyboardInterrupt):
        run_ingestion(settings, embeddings=CountingEmbeddings(embeddings, fail_after_batches=1))
    assert generation(settings) == before + 1  # it may have written: serving processes rebuild

    retriever = open_retriever(settings, embeddings=embeddings)
    chunks = retriever.retrieve("How many educational psychologists will be trained?", k=5)
    assert chunks and any("400" in c.text for c in chunks)

    report = run_ingestion(settings, embeddings=embeddings)  # the next run completes the job
    assert report.ok and report.chunks == len(retriever.store.get()["ids"])
    chunks = stored(settings)
    markdown = [
        t
        for t, m in zip(chunks["documents"], chunks["metadatas"], strict=True)
        if m["source"].endswith(".md")
    ]
    assert markdown and not any(re.search(r"SEND(?! \(special)", t) for t in markdown)


def test_full_rebuild_embeds_everything_again(ingested: Settings, embeddings: Embeddings) -> None:
    chunks = sum(stored_sources(ingested).values())
    counting = CountingEmbeddings(embeddings)
    report = run_ingestion(ingested, embeddings=counting, full_rebuild=True)
    assert counting.texts == chunks == report.chunks == report.added


def test_ingesting_another_folder_adds_without_dropping_the_corpus(
    ingested: Settings, tmp_path: Path, embeddings: Embeddings
) -> None:
    before = stored_sources(ingested)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "glossary.md").write_text("# Local glossary\n\nLIP: local inclusion plan.\n")
    report = run_ingestion(ingested, embeddings=embeddings, path=extra)
    after = stored_sources(ingested)
    assert report.deleted == 0 and report.added == 2  # the chunk and the document card
    assert {s: n for s, n in after.items() if s in before} == before  # corpus untouched
    assert (extra / "glossary.md").resolve().as_posix() in after  # no clash with glossary.md


def test_full_rebuild_keeps_a_running_assistant_answering(
    ingested: Settings, embeddings: Embeddings
) -> None:
    retriever = open_retriever(ingested, embeddings=embeddings)
    built_from = retriever.keyword.snapshot.generation
    run_ingestion(ingested, embeddings=embeddings, full_rebuild=True)
    chunks = retriever.retrieve("How many educational psychologists will be trained?", k=3)
    assert any("400" in c.text for c in chunks)
    assert retriever.keyword.snapshot.generation == built_from + 1  # rebuilt, no restart
