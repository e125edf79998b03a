"""A host's saved keyword index: a new process loads it instead of reading every chunk from
Chroma, and never when the collection holds anything else. Real model, real embedded Chroma,
real SQLite state database, the bundled corpus."""

from __future__ import annotations

import logging
from pathlib import Path

import chromadb
import pytest
from langchain_core.embeddings import Embeddings

from assistant.settings import Settings
from ingest.pipeline import run_ingestion
from vectorstore.hybrid import HybridRetriever, open_retriever

QUESTIONS = (
    "How many new special free schools does the plan promise?",
    "What is an EHCP?",
    "When will the national standards be published?",
    "Which councils take part in the Change Programme?",
)
# a sentence no corpus document holds, to find the chunk that has it and, later, its text
ADDED = "The Riverside pilot trains twelve lunchtime supervisors in sensory regulation."


def entries(settings: Settings) -> list[Path]:
    folder = settings.keyword_cache_dir
    return sorted(e for e in folder.iterdir() if e.is_dir()) if folder.is_dir() else []


def ranking(retriever: HybridRetriever, question: str) -> list[tuple[str, float | None]]:
    return [(c.chunk_id, c.bm25_score) for c in retriever.retrieve(question, k=8)]


def holds(folder: Path, text: str) -> list[Path]:
    needle = text.encode()
    return [p for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_a_new_process_loads_the_saved_index_and_ranks_the_same(
    ingested: Settings, embeddings: Embeddings
) -> None:
    built = open_retriever(ingested, embeddings=embeddings)
    loaded = open_retriever(ingested, embeddings=embeddings)
    assert not built.keyword.snapshot.from_cache and loaded.keyword.snapshot.from_cache
    assert len(entries(ingested)) == 1
    for question in QUESTIONS:
        assert ranking(loaded, question) == ranking(built, question)
    assert loaded.bm25.ids == built.bm25.ids and loaded.bm25.texts == built.bm25.texts
    assert loaded.bm25.metadatas == built.bm25.metadatas
    assert loaded.vocabulary.aliases == built.vocabulary.aliases
    assert loaded.vocabulary.aliases["ehcp"] == built.vocabulary.spelt_out("ehcp") != frozenset()
    assert loaded.vocabulary.sounds == built.vocabulary.sounds
    typo = "How many speshul free skools are promised?"
    assert loaded.vocabulary.correct(typo) == built.vocabulary.correct(typo) != typo


def test_after_an_ingest_that_changed_a_file_the_old_copy_is_never_used(
    ingested: Settings, embeddings: Embeddings
) -> None:
    glossary = ingested.corpus_dir / "glossary.md"
    glossary.write_text(glossary.read_text() + f"\n**Riverside pilot**: {ADDED}\n")
    run_ingestion(ingested, embeddings=embeddings)
    open_retriever(ingested, embeddings=embeddings)  # saves a copy holding ADDED
    assert holds(ingested.keyword_cache_dir, ADDED)

    glossary.write_text(glossary.read_text().replace(ADDED, "Withdrawn."))
    run_ingestion(ingested, embeddings=embeddings)
    assert not holds(ingested.data_dir, ADDED)  # the ingest deleted the copy with the chunks
    fresh = open_retriever(ingested, embeddings=embeddings)
    assert not fresh.keyword.snapshot.from_cache
    assert not any(ADDED in text for text in fresh.bm25.texts)
    assert open_retriever(ingested, embeddings=embeddings).keyword.snapshot.from_cache


def test_chunks_changed_behind_the_index_generation_are_not_answered_from_the_copy(
    ingested: Settings, embeddings: Embeddings
) -> None:
    open_retriever(ingested, embeddings=embeddings)
    client = chromadb.PersistentClient(path=str(ingested.chroma_dir))
    collection = client.get_collection(ingested.collection)
    gone = collection.get(limit=1)["ids"][0]
    collection.delete(ids=[gone])  # not through ingestion: no generation bump
    reopened = open_retriever(ingested, embeddings=embeddings)
    assert not reopened.keyword.snapshot.from_cache and gone not in reopened.bm25.ids


def test_a_damaged_copy_is_rebuilt_and_replaced(
    ingested: Settings, embeddings: Embeddings, caplog: pytest.LogCaptureFixture
) -> None:
    built = open_retriever(ingested, embeddings=embeddings)
    (saved,) = entries(ingested)
    chunks = saved / "chunks.json"
    chunks.write_bytes(chunks.read_bytes()[:1000])
    with caplog.at_level(logging.WARNING, logger="vectorstore.keyword_cache"):
        again = open_retriever(ingested, embeddings=embeddings)
    assert "damaged" in caplog.text and not again.keyword.snapshot.from_cache
    assert ranking(again, QUESTIONS[0]) == ranking(built, QUESTIONS[0])
    assert open_retriever(ingested, embeddings=embeddings).keyword.snapshot.from_cache


def test_a_cache_folder_that_cannot_be_written_still_answers(
    ingested: Settings, embeddings: Embeddings, caplog: pytest.LogCaptureFixture
) -> None:
    ingested.keyword_cache_dir.write_text("not a folder")
    with caplog.at_level(logging.WARNING, logger="vectorstore.keyword_cache"):
        retriever = open_retriever(ingested, embeddings=embeddings)
    assert "Could not save the keyword index" in caplog.text
    assert any("33" in c.text for c in retriever.retrieve(QUESTIONS[0], k=5))
    assert not open_retriever(ingested, embeddings=embeddings).keyword.snapshot.from_cache


def test_switched_off_nothing_is_saved(ingested: Settings, embeddings: Embeddings) -> None:
    settings = ingested.model_copy(update={"keyword_cache": False})
    open_retriever(settings, embeddings=embeddings)
    assert not open_retriever(settings, embeddings=embeddings).keyword.snapshot.from_cache
    assert entries(settings) == []
