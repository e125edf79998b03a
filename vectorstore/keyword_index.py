"""The keyword (BM25) index a serving process keeps in memory, rebuilt when the index changes.

Each process builds it from the Chroma collection itself, so nothing is shared on disk.
Ingestion bumps the collection's generation in the state database; on the question path this
class compares it with the generation its snapshot was built from, at most every
`poll_seconds` (one primary-key SELECT). When it moved, the question that noticed rebuilds the
index from Chroma while every other question keeps using the current snapshot: no lock is held
that a question would wait on, a second rebuild never starts while one runs, and the new
snapshot replaces the old one in a single reference assignment, so no question ever sees half
an index.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from vectorstore.bm25 import BM25Index

log = logging.getLogger(__name__)

Chunks = dict[str, Any]  # Chroma's get() result: ids, documents, metadatas
Clock = Callable[[], float]


@dataclass(frozen=True)
class Snapshot:
    index: BM25Index
    generation: int
    built_at: float
    build_seconds: float


class LiveKeywordIndex:
    """A BM25 index over a collection that follows the collection's generation."""

    def __init__(
        self,
        fetch: Callable[[], Chunks],
        *,
        generation: Callable[[], int] = lambda: 0,
        poll_seconds: float = 2.0,
        clock: Clock = time.monotonic,
        build: Callable[[list[str], list[str], list[dict[str, Any]]], BM25Index] = BM25Index.build,
    ) -> None:
        self._fetch, self._generation, self._build = fetch, generation, build
        self.poll_seconds = poll_seconds
        self._clock = clock
        self._snapshot: Snapshot | None = None
        self._checked_at = float("-inf")
        self._rebuilding = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._snapshot is not None

    @property
    def snapshot(self) -> Snapshot:
        """The current snapshot (loading it the first time)."""
        snapshot = self._snapshot
        return snapshot if snapshot is not None else self.rebuild()

    @property
    def index(self) -> BM25Index:
        return self.snapshot.index

    def rebuild(self) -> Snapshot:
        """Build from the collection now and swap it in (the caller waits for it)."""
        generation = self._generation()  # before reading: what we read is at least this new
        started = self._clock()
        stored = self._fetch()
        index = self._build(stored["ids"], stored["documents"], stored["metadatas"])
        snapshot = Snapshot(index, generation, self._clock(), self._clock() - started)
        self._snapshot = snapshot
        return snapshot

    def refresh_if_due(self) -> None:
        """On the question path: rebuild if the generation moved (checked every poll_seconds).

        Never raises: a question is answered from the current snapshot when the state database
        or Chroma cannot be read for a moment."""
        now = self._clock()
        if self._snapshot is not None and now - self._checked_at < self.poll_seconds:
            return
        if not self._rebuilding.acquire(blocking=False):
            return  # another question is rebuilding; this one uses the current snapshot
        try:
            self._checked_at = now
            current = self._snapshot
            if current is None or self._generation() != current.generation:
                fresh = self.rebuild()
                log.info("Keyword index rebuilt: generation %d, %d chunks, %.2f s",
                         fresh.generation, len(fresh.index), fresh.build_seconds)  # fmt: skip
        except Exception:
            log.warning("Could not refresh the keyword index; answering from the current one",
                        exc_info=True)  # fmt: skip
        finally:
            self._rebuilding.release()
