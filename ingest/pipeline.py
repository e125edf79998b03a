"""Incremental ingestion: files -> chunks -> Chroma, through LangChain's indexing API.

- unchanged chunks embed nothing (the record manager knows their hashes);
- a changed file's new chunks are added and its stale ones deleted (cleanup="scoped_full":
  stale chunks of the files seen in this run are removed at the end; "incremental" would clean
  up after every batch and so delete, then re-embed, the chunks of a file that spans two
  batches);
- a file removed from the folder has its chunks deleted;
- a file that fails to parse is reported and skipped, and its chunks already in the index stay
  until it parses again (it is neither indexed nor cleaned up);
- a run that changed anything bumps the collection's generation in the state database, and
  every serving process rebuilds its in-memory BM25 index from Chroma (see
  vectorstore/keyword_index.py);
- the text of every chunk a run deleted is then erased from disk (ingest/withdraw.py): from
  the stored answers that quoted it and, for the embedded store, from Chroma's files.
The lock and the indexing records live in the state database too, so an ingestion from any
host with the same Chroma server and state database is the same.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.indexing import index

from assistant.errors import IngestError, LoaderError
from assistant.settings import Settings
from assistant.state import StateDB, open_state
from assistant.state.index_state import IndexGenerations
from assistant.state.locks import IngestLock
from ingest import loaders
from ingest.chunking import DEFAULT_CHUNK_TOKENS, approximate_tokens, chunk_document
from ingest.report import FileFailure, IngestReport
from ingest.sidecar import is_sidecar, read_sidecars
from ingest.withdraw import withdraw
from vectorstore.index_embedder import needs_reembedding, record, reembed_all
from vectorstore.records import StateRecordManager
from vectorstore.store import open_store

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]  # (chunks embedded so far, chunks to embed at most)


def discover(root: Path) -> list[Path]:
    """Every non-hidden file under root (a single file is its own list), sorted."""
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise IngestError(
            f"Corpus folder {root} does not exist. Pass a folder to 'sendplan ingest PATH' or "
            "set SENDPLAN_CORPUS_DIR."
        )
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and not is_sidecar(p)  # metadata for the files beside it, not a document
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def load_chunks(
    files: list[Path],
    root: Path,
    *,
    count_tokens: Callable[[str], int],
    max_tokens: int,
    relative_names: bool = True,
) -> tuple[list[Document], dict[str, Path], list[FileFailure]]:
    """Chunks of every file that parses; the source id of every file; the failures.

    Corpus files are named relative to the corpus (stable across checkouts); files ingested
    from anywhere else (`relative_names=False`) by their absolute path, so that they never
    collide with corpus files of the same name."""
    docs: list[Document] = []
    sources: dict[str, Path] = {}
    sidecars = read_sidecars(root)  # their metadata is in the chunks: an edit re-embeds them
    failures = [FileFailure(str(p.path), p.reason) for p in sidecars.problems]
    for path in files:
        source = path.relative_to(root).as_posix() if relative_names else path.resolve().as_posix()
        sources[source] = path
        try:
            document = loaders.load(path, overrides=sidecars.for_file(path))
        except LoaderError as exc:
            log.warning("skipped %s: %s", path, exc)
            failures.append(FileFailure(str(path), str(exc)))
            continue
        docs.extend(
            chunk_document(
                document, source=source, count_tokens=count_tokens, max_tokens=max_tokens
            )
        )
    return docs, sources, failures


class _Counting(Embeddings):
    """Passes through to the real embeddings, reporting progress as batches finish."""

    def __init__(self, inner: Embeddings, progress: Progress, total: int) -> None:
        self.inner, self.progress, self.total, self.done = inner, progress, total, 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = self.inner.embed_documents(texts)
        self.done += len(texts)
        self.progress(self.done, self.total)
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def run_ingestion(
    settings: Settings,
    *,
    embeddings: Embeddings,
    path: Path | None = None,
    full_rebuild: bool = False,
    client: object = None,
    state: StateDB | None = None,
    progress: Progress | None = None,
    max_tokens: int = DEFAULT_CHUNK_TOKENS,
) -> IngestReport:
    """Bring the index in line with the files under `path` (default: the corpus folder)."""
    started = time.perf_counter()
    root = Path(path or settings.corpus_dir)
    shared = state or open_state(settings)
    try:
        with IngestLock(shared, settings.collection, ttl=settings.ingest_lock_seconds):
            files = discover(root)
            counter = getattr(embeddings, "count_tokens", approximate_tokens)
            mirror = _mirrors_corpus(root, settings)
            docs, sources, failures = load_chunks(
                files, root, count_tokens=counter, max_tokens=max_tokens, relative_names=mirror
            )
            wrapped = _Counting(embeddings, progress, len(docs)) if progress else embeddings
            store = open_store(settings, embeddings=wrapped, client=client)
            records = StateRecordManager(f"chroma/{settings.collection}", shared)
            generations = IndexGenerations(shared)
            before = set(store.get(include=[])["ids"])  # to know which chunks this run withdraws
            try:
                counts = _sync(docs, set(sources), store, records, settings, embeddings=embeddings,
                               full_rebuild=full_rebuild, mirror=mirror)  # fmt: skip
            except BaseException:
                generations.bump(settings.collection)  # a failed run may have written chunks
                raise
            changed = counts.pop("reembedded") + counts["added"] + counts["updated"]
            if full_rebuild or changed + counts["deleted"]:
                generations.bump(settings.collection)  # serving processes rebuild BM25
            live = set(store.get(include=[])["ids"])
            gone = before - live
            erased = withdraw(settings, shared, gone).erased if gone else 0  # withdrawn: gone
    finally:
        if state is None:
            shared.close()
    return IngestReport(**counts, failed=failures, files=len(files), chunks=len(live),
                        erased=erased, seconds=time.perf_counter() - started)  # fmt: skip


def _sync(
    docs: list[Document],
    sources: set[str],
    store: object,
    records: StateRecordManager,
    settings: Settings,
    *,
    embeddings: Embeddings,
    full_rebuild: bool,
    mirror: bool,
) -> dict[str, int]:
    """Index the chunks and clean up; the counts of what changed."""
    reembedded = 0
    if full_rebuild:
        _clear(store, records)
    elif needs_reembedding(store, embeddings):  # never mix two embedders' vectors
        reembedded = reembed_all(store, batch_size=settings.index_batch_size)
    record(store, embeddings)
    result = index(
        docs,
        records,
        store,  # type: ignore[arg-type]
        cleanup="scoped_full",
        source_id_key="source",
        batch_size=settings.index_batch_size,
        key_encoder="sha256",
    )
    deleted = result["num_deleted"]
    if mirror:  # files gone from the corpus: drop their chunks
        deleted += _delete_sources(store, records, records.list_groups() - sources)
    return {
        "reembedded": reembedded,
        "added": result["num_added"],
        "updated": result["num_updated"],
        "skipped": result["num_skipped"],
        "deleted": deleted,
    }


def _mirrors_corpus(root: Path, settings: Settings) -> bool:
    """Only the corpus folder itself defines what the index holds: ingesting another folder
    or one file adds and updates, and never deletes what came from elsewhere."""
    return root.is_dir() and root.resolve() == Path(settings.corpus_dir).resolve()


def _delete_sources(store: object, records: StateRecordManager, sources: set[str]) -> int:
    deleted = 0
    for source in sorted(sources):
        keys = records.list_keys(group_ids=[source])
        if keys:
            store.delete(keys)  # type: ignore[attr-defined]
            records.delete_keys(keys)
            deleted += len(keys)
        log.info("removed %s (%d chunks): the file is no longer in the corpus", source, len(keys))
    return deleted


def _clear(store: object, records: StateRecordManager) -> None:
    """Forget everything, so every chunk is re-embedded. The collection itself stays (its
    chunks are deleted): other processes, such as a running Slack bot, hold it open."""
    ids = store.get(include=[])["ids"]  # type: ignore[attr-defined]
    for start in range(0, len(ids), 5000):
        store.delete(ids[start : start + 5000])  # type: ignore[attr-defined]
    records.delete_keys(records.list_keys())
