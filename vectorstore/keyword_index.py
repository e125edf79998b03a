"""The keyword (BM25) index a serving process keeps in memory, rebuilt when the index changes.

Each process builds it from the Chroma collection itself, or loads the copy an earlier process
on the same host saved for the same collection contents (keyword_cache.py); nothing is shared
between hosts.
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
from typing import TYPE_CHECKING, Any

from vectorstore.bm25 import BM25Index
from vectorstore.keywords import Keywords

if TYPE_CHECKING:
    from vectorstore.keyword_cache import KeywordCache

log = logging.getLogger(__name__)

Chunks = dict[str, Any]  # Chroma's get() result: ids, documents, metadatas
Clock = Callable[[], float]


@dataclass(frozen=True)
class Snapshot:
    keywords: Keywords
    generation: int
    built_at: float
    build_seconds: float
    from_cache: bool = False  # loaded from this host's saved copy, not built from Chroma

    @property
    def index(self) -> BM25Index:
        return self.keywords.bm25


class LiveKeywordIndex:
    """A BM25 index over a collection that follows the collection's generation."""

    def __init__(
        self,
        fetch: Callable[[], Chunks],
        *,
        generation: Callable[[], int] = lambda: 0,
        poll_seconds: float = 2.0,
        clock: Clock = time.monotonic,
        build: Callable[[list[str], list[str], list[dict[str, Any]]], Keywords] = Keywords.build,
        cache: KeywordCache | None = None,
    ) -> None:
        self._fetch, self._generation, self._build = fetch, generation, build
        self._cache = cache
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

    @property
    def keywords(self) -> Keywords:
        return self.snapshot.keywords

    def rebuild(self) -> Snapshot:
        """Load this host's saved copy, else build from the collection, and swap it in (the
        caller waits for it)."""
        generation = self._generation()  # before reading: what we read is at least this new
        started = self._clock()
        keywords = self._cache.load(generation) if self._cache is not None else None
        from_cache = keywords is not None
        if keywords is None:
            stored = self._fetch()
            keywords = self._build(stored["ids"], stored["documents"], stored["metadatas"])
            if self._cache is not None:
                self._cache.save(generation, keywords)
        snapshot = Snapshot(keywords, generation, self._clock(), self._clock() - started,
                            from_cache)  # fmt: skip
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
                log.info("Keyword index rebuilt: generation %d, %d chunks, %.2f s%s",
                         fresh.generation, len(fresh.index), fresh.build_seconds,
                         " (this host's saved copy)" if fresh.from_cache else "")  # fmt: skip
        except Exception:
            log.warning("Could not refresh the keyword index; answering from the current one",
                        exc_info=True)  # fmt: skip
        finally:
            self._rebuilding.release()
