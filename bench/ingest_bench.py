"""Ingestion throughput against the raw encoder on the same chunk texts, and re-ingestion."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from assistant.settings import Settings
from ingest.chunking import DEFAULT_CHUNK_TOKENS
from ingest.pipeline import discover, load_chunks, run_ingestion
from vectorstore.embeddings import LocalEmbeddings


class CountingEmbeddings(Embeddings):
    """Passes through to the real embeddings, keeping every batch it embedded and the time."""

    def __init__(self, inner: LocalEmbeddings) -> None:
        self.inner = inner
        self.batches: list[list[str]] = []
        self.queries = 0
        self.seconds = 0.0

    @property
    def texts(self) -> list[str]:
        return [text for batch in self.batches for text in batch]

    @property
    def embedded(self) -> int:
        """Texts embedded so far, documents and queries alike."""
        return len(self.texts) + self.queries

    @property
    def identity(self) -> Any:
        return self.inner.identity  # so the index records the real embedder

    @property
    def count_tokens(self) -> Any:
        # ingestion chunks with the model's tokenizer (batch-capable) when offered: keep that
        return self.inner.count_tokens

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        started = time.perf_counter()
        vectors = self.inner.embed_documents(texts)
        self.seconds += time.perf_counter() - started
        self.batches.append(list(texts))
        return vectors

    def embed_query(self, text: str) -> list[float]:
        self.queries += 1
        return self.inner.embed_query(text)


@dataclass
class IngestRound:
    """One full-rebuild ingestion and the raw encoder on the texts it embedded."""

    chunks: int
    ingest_seconds: float
    embed_seconds_in_ingest: float
    load_chunk_seconds: float
    raw_seconds: float
    raw_batched_seconds: float

    @property
    def ingest_cps(self) -> float:
        return self.chunks / self.ingest_seconds

    @property
    def raw_cps(self) -> float:
        return self.chunks / self.raw_seconds

    @property
    def raw_batched_cps(self) -> float:
        return self.chunks / self.raw_batched_seconds

    def as_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "ingest_cps": self.ingest_cps,
            "raw_cps": self.raw_cps,
            "raw_batched_cps": self.raw_batched_cps,
        }


@dataclass
class Reingest:
    embedded: int
    added: int
    updated: int
    skipped: int
    deleted: int
    seconds: float


@dataclass
class IngestFigures:
    files: int
    model_load_seconds: float
    batch_size: int
    rounds: list[IngestRound] = field(default_factory=list)
    reingest: Reingest | None = None

    def best(self) -> IngestRound:
        """The round with the best ingestion throughput (least disturbed by other processes)."""
        return max(self.rounds, key=lambda r: r.ingest_cps)

    def best_raw_cps(self) -> float:
        return max(r.raw_cps for r in self.rounds)

    def best_raw_batched_cps(self) -> float:
        return max(r.raw_batched_cps for r in self.rounds)


def warm_up(embeddings: LocalEmbeddings, corpus: Path) -> float:
    """Load the model and encode one full batch of real chunks, so that neither ingestion nor
    the raw encoder pays for loading or first-use kernel set-up; the seconds it took."""
    started = time.perf_counter()
    docs, _, _ = load_chunks(
        discover(corpus),
        corpus,
        count_tokens=embeddings.count_tokens,
        max_tokens=DEFAULT_CHUNK_TOKENS,
    )
    embeddings.embed_documents([d.page_content for d in docs[: embeddings.batch_size]])
    return time.perf_counter() - started


def ingest_round(settings: Settings, embeddings: LocalEmbeddings) -> IngestRound:
    """Ingest with a full rebuild, then time the raw encoder on exactly the texts it embedded."""
    counting = CountingEmbeddings(embeddings)
    report = run_ingestion(settings, embeddings=counting, full_rebuild=True)
    if report.failed or not counting.batches:
        raise SystemExit(f"bench: ingestion did not embed the corpus: {report.summary()}")
    texts = counting.texts
    _check_same_chunks(settings.corpus_dir, embeddings, texts)
    return IngestRound(
        chunks=len(texts),
        ingest_seconds=report.seconds,
        embed_seconds_in_ingest=counting.seconds,
        load_chunk_seconds=_time_load_chunks(settings.corpus_dir, embeddings),
        raw_seconds=_timed(lambda: embeddings.embed_documents(texts)),
        raw_batched_seconds=_timed(
            lambda: [embeddings.embed_documents(b) for b in counting.batches]
        ),
    )


def reingest(settings: Settings, embeddings: LocalEmbeddings) -> Reingest:
    """Ingest the unchanged corpus again, counting every text sent to the encoder."""
    counting = CountingEmbeddings(embeddings)
    report = run_ingestion(settings, embeddings=counting)
    return Reingest(
        embedded=counting.embedded,
        added=report.added,
        updated=report.updated,
        skipped=report.skipped,
        deleted=report.deleted,
        seconds=report.seconds,
    )


def _time_load_chunks(root: Path, embeddings: LocalEmbeddings) -> float:
    """Parsing and chunking alone (tokenizer counts included), as ingestion does them."""
    return _timed(
        lambda: load_chunks(
            discover(root),
            root,
            count_tokens=embeddings.count_tokens,
            max_tokens=DEFAULT_CHUNK_TOKENS,
        )
    )


def _check_same_chunks(root: Path, embeddings: LocalEmbeddings, embedded: list[str]) -> None:
    """The texts ingestion embedded are the chunks load_chunks gives (order aside)."""
    docs, _, _ = load_chunks(
        discover(root), root, count_tokens=embeddings.count_tokens, max_tokens=DEFAULT_CHUNK_TOKENS
    )
    if sorted(d.page_content for d in docs) != sorted(embedded):
        raise SystemExit("bench: ingestion embedded other texts than load_chunks gives")


def _timed(work: Any) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started
