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
from functools import partial
from pathlib import Path

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.indexing import index

from assistant.errors import IngestError, LoaderError
from assistant.settings import Settings
from assistant.state import StateDB, open_state
from assistant.state.fingerprints import FileFingerprints
from assistant.state.index_state import IndexGenerations
from assistant.state.locks import IngestLock
from assistant.state.sources import Source, SourceRegistry
from ingest import loaders
from ingest.changes import compare, snapshot
from ingest.chunking import DEFAULT_CHUNK_TOKENS, approximate_tokens, chunk_document
from ingest.progress import NoProgress, Progress
from ingest.report import FileFailure, IngestReport
from ingest.sidecar import Sidecars, is_sidecar, read_sidecars
from ingest.skipping import plan_reading, remember
from ingest.sources import Loaded, gather, load_sources, register_path
from ingest.withdraw import server_chunk_ids, withdraw_deleted
from vectorstore.index_embedder import needs_reembedding, record, reembed_all
from vectorstore.paging import all_ids
from vectorstore.records import StateRecordManager
from vectorstore.store import open_store

log = logging.getLogger(__name__)


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


def file_source_id(path: Path, root: Path, source: Source | None = None) -> str:
    """A file's source id: its path inside `root` (a folder, or the file itself), under its
    source's name (the corpus's ids are the bare relative paths)."""
    relative = path.relative_to(root).as_posix() if root.is_dir() else path.name
    return source.source_id(relative) if source else relative


def load_chunks(
    files: list[Path],
    root: Path,
    *,
    count_tokens: Callable[[str], int],
    max_tokens: int,
    source: Source | None = None,
    sidecars: Sidecars | None = None,
    progress: Progress | None = None,
) -> tuple[list[Document], dict[str, Path], list[FileFailure]]:
    """Chunks of every file that parses; the source id of every file; the failures.

    The source's title and URL are defaults for its files, which their sidecar entries
    override. The sidecars' problems are failures only when they are read here."""
    docs: list[Document] = []
    sources: dict[str, Path] = {}
    failures: list[FileFailure] = []
    if sidecars is None:
        sidecars = read_sidecars(root)  # their metadata is in the chunks: an edit re-embeds them
        failures = [FileFailure(str(p.path), p.reason) for p in sidecars.problems]
    defaults = source.defaults() if source else {}
    fallbacks = source.fallbacks() if source else {}
    for path in files:
        name = file_source_id(path, root, source)
        sources[name] = path
        try:
            document = loaders.load(
                path, overrides={**defaults, **sidecars.for_file(path)}, fallbacks=fallbacks
            )
        except LoaderError as exc:
            log.debug("could not read %s: %s", path, exc)  # reported once, by the report
            failures.append(FileFailure(str(path), str(exc)))
            continue
        finally:
            if progress:
                progress.advance()
        docs.extend(
            chunk_document(document, source=name, count_tokens=count_tokens, max_tokens=max_tokens)
        )
    return docs, sources, failures


class _Counting(Embeddings):
    """Passes through to the real embeddings, reporting progress as batches finish."""

    def __init__(self, inner: Embeddings, progress: Progress) -> None:
        self.inner, self.progress = inner, progress

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = self.inner.embed_documents(texts)
        self.progress.advance(len(texts))
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def run_ingestion(
    settings: Settings,
    *,
    embeddings: Embeddings,
    path: Path | None = None,
    full_rebuild: bool = False,
    skip_unchanged: bool = True,
    client: object = None,
    state: StateDB | None = None,
    progress: Progress | None = None,
    max_tokens: int = DEFAULT_CHUNK_TOKENS,
) -> IngestReport:
    """Bring the index in line with every source: the corpus folder and the registered ones
    (ingest/sources.py); `path`, a folder or file, is registered first.

    Files unchanged since they were last ingested are not read again (`skip_unchanged`; see
    ingest/fingerprints.py); a full rebuild reads everything."""
    started = time.perf_counter()
    shared = state or open_state(settings)
    shows = progress or NoProgress()
    try:
        with IngestLock(shared, settings.collection, ttl=settings.ingest_lock_seconds):
            registry = SourceRegistry(shared, settings.collection, corpus=settings.corpus_dir)
            if path is not None:
                register_path(registry, path)
            found, loaded = gather(registry.all())
            wrapped = _Counting(embeddings, shows) if progress else embeddings
            store = open_store(settings, embeddings=wrapped, client=client)
            records = StateRecordManager(f"chroma/{settings.collection}", shared)
            prints = FileFingerprints(shared, records.namespace)
            before = snapshot(shared, records.namespace)
            named = {i: p for group in found for i, p in group.files.items()}
            overrides = {i: group.setup(p) for group in found for i, p in group.files.items()}
            plan = plan_reading(named, overrides, store, records, prints, recorded=before,
                                max_tokens=max_tokens,
                                skip=skip_unchanged and not full_rebuild)  # fmt: skip
            shows.stage("Reading", len(plan.changed), "files")
            counter = getattr(embeddings, "count_tokens", approximate_tokens)
            read = partial(load_chunks, max_tokens=max_tokens, progress=shows,
                           count_tokens=counter)  # fmt: skip
            load_sources(found, loaded, only=set(plan.changed), read=read)
            shows.stage("Embedding up to", len(loaded.docs), "chunks")  # unchanged ones: none
            generations = IndexGenerations(shared)
            server_ids = server_chunk_ids(store, settings)  # to know which chunks go
            try:
                counts, removed = _sync(loaded, store, records, settings, embeddings=embeddings,
                                        full_rebuild=full_rebuild)  # fmt: skip
            except BaseException:
                generations.bump(settings.collection)  # a failed run may have written chunks
                prints.forget(plan.changed)  # and left them half cleaned up: read them again
                raise
            remember(plan, loaded.failures, prints, forget=removed)
            counts["skipped"] += plan.unchanged_chunks
            changed = counts["reembedded"] + counts["added"] + counts["updated"]
            if full_rebuild or changed + counts["deleted"]:
                generations.bump(settings.collection)  # serving processes rebuild BM25
            chunks = store._collection.count()  # type: ignore[attr-defined]
            changes = compare(before, snapshot(shared, records.namespace), seen=named,
                              failed=loaded.failed_ids)  # fmt: skip
            gone = counts["deleted"] or full_rebuild  # a rebuild drops removed files unseen
            erased = withdraw_deleted(store, settings, shared, server_ids) if gone else 0
    finally:
        if state is None:
            shared.close()
    return IngestReport(**counts, failed=loaded.failures, files=len(named), chunks=chunks,
                        not_read=len(plan.unchanged), seconds=time.perf_counter() - started,
                        changes=changes, sources=len(found) + len(loaded.unreachable),
                        erased=erased)  # fmt: skip


def _sync(
    loaded: Loaded,
    store: object,
    records: StateRecordManager,
    settings: Settings,
    *,
    embeddings: Embeddings,
    full_rebuild: bool,
) -> tuple[dict[str, int], list[str]]:
    """Index the chunks and clean up; the counts of what changed, and the sources removed."""
    reembedded = 0
    if full_rebuild:
        _clear(store, records)
    elif needs_reembedding(store, embeddings):  # never mix two embedders' vectors
        reembedded = reembed_all(store, batch_size=settings.index_batch_size)
    record(store, embeddings)
    result = {"num_added": 0, "num_updated": 0, "num_skipped": 0, "num_deleted": 0}
    docs = loaded.docs
    if docs:  # with no chunks there is nothing to index nor to clean up after
        result = index(  # type: ignore[assignment]
            docs,
            records,
            store,  # type: ignore[arg-type]
            cleanup="scoped_full",
            source_id_key="source",
            batch_size=settings.index_batch_size,
            key_encoder="sha256",
        )
    # files gone from their source, and sources removed: drop their chunks
    removed = sorted(loaded.stale(records.list_groups()))
    deleted = result["num_deleted"] + _delete_sources(store, records, removed)
    counts = {
        "reembedded": reembedded,
        "added": result["num_added"],
        "updated": result["num_updated"],
        "skipped": result["num_skipped"],
        "deleted": deleted,
    }
    return counts, removed


def _delete_sources(store: object, records: StateRecordManager, sources: list[str]) -> int:
    deleted = 0
    for source in sources:
        keys = records.list_keys(group_ids=[source])
        if keys:
            store.delete(keys)  # type: ignore[attr-defined]
            records.delete_keys(keys)
            deleted += len(keys)
        log.info("removed %s (%d chunks): no source has it any more", source, len(keys))
    return deleted


def _clear(store: object, records: StateRecordManager) -> None:
    """Forget everything, so every chunk is re-embedded. The collection itself stays (its
    chunks are deleted): other processes, such as a running Slack bot, hold it open."""
    ids = all_ids(store)
    for start in range(0, len(ids), 5000):
        store.delete(ids[start : start + 5000])  # type: ignore[attr-defined]
    records.delete_keys(records.list_keys())
