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
from dataclasses import dataclass
from pathlib import Path

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.indexing import index

from assistant.errors import IngestError, LoaderError
from assistant.settings import Settings
from assistant.state import StateDB, open_state
from assistant.state.fingerprints import FileFingerprints, Fingerprint
from assistant.state.index_state import IndexGenerations
from assistant.state.locks import IngestLock
from ingest import loaders
from ingest.chunking import DEFAULT_CHUNK_TOKENS, approximate_tokens, chunk_document
from ingest.fingerprints import setup_digest, triage
from ingest.report import FileFailure, IngestReport
from ingest.sidecar import Sidecars, is_sidecar, read_sidecars
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


def source_name(path: Path, root: Path, *, relative: bool = True) -> str:
    """A file's source id: relative to the corpus, or its absolute path (see load_chunks)."""
    return path.relative_to(root).as_posix() if relative else path.resolve().as_posix()


def load_chunks(
    files: list[Path],
    root: Path,
    *,
    count_tokens: Callable[[str], int],
    max_tokens: int,
    relative_names: bool = True,
    sidecars: Sidecars | None = None,
) -> tuple[list[Document], dict[str, Path], list[FileFailure]]:
    """Chunks of every file that parses; the source id of every file; the failures.

    Corpus files are named relative to the corpus (stable across checkouts); files ingested
    from anywhere else (`relative_names=False`) by their absolute path, so that they never
    collide with corpus files of the same name. The sidecars' problems are failures only
    when they are read here."""
    docs: list[Document] = []
    sources: dict[str, Path] = {}
    failures: list[FileFailure] = []
    if sidecars is None:
        sidecars = read_sidecars(root)  # their metadata is in the chunks: an edit re-embeds them
        failures = [FileFailure(str(p.path), p.reason) for p in sidecars.problems]
    for path in files:
        source = source_name(path, root, relative=relative_names)
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

    def __init__(self, inner: Embeddings, progress: Progress, total: int = 0) -> None:
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
    skip_unchanged: bool = True,
    client: object = None,
    state: StateDB | None = None,
    progress: Progress | None = None,
    max_tokens: int = DEFAULT_CHUNK_TOKENS,
) -> IngestReport:
    """Bring the index in line with the files under `path` (default: the corpus folder).

    Files unchanged since they were last ingested are not read again (`skip_unchanged`; see
    ingest/fingerprints.py); a full rebuild reads everything."""
    started = time.perf_counter()
    root = Path(path or settings.corpus_dir)
    shared = state or open_state(settings)
    try:
        with IngestLock(shared, settings.collection, ttl=settings.ingest_lock_seconds):
            files = discover(root)
            mirror = _mirrors_corpus(root, settings)
            wrapped = _Counting(embeddings, progress) if progress else embeddings
            store = open_store(settings, embeddings=wrapped, client=client)
            records = StateRecordManager(f"chroma/{settings.collection}", shared)
            prints = FileFingerprints(shared, records.namespace)
            sidecars = read_sidecars(root)
            named = {source_name(p, root, relative=mirror): p for p in files}
            plan = _triage(named, sidecars, store, records, prints, max_tokens=max_tokens,
                           skip=skip_unchanged and not full_rebuild)  # fmt: skip
            docs, _, failures = load_chunks(
                list(plan.changed.values()), root, max_tokens=max_tokens, sidecars=sidecars,
                count_tokens=getattr(embeddings, "count_tokens", approximate_tokens),
                relative_names=mirror,
            )  # fmt: skip
            failures[:0] = [FileFailure(str(p.path), p.reason) for p in sidecars.problems]
            if isinstance(wrapped, _Counting):
                wrapped.total = len(docs)
            generations = IndexGenerations(shared)
            before = _server_chunk_ids(store, settings)  # to know which chunks go
            try:
                counts, removed = _sync(docs, set(named), store, records, settings,
                                        embeddings=embeddings, full_rebuild=full_rebuild,
                                        mirror=mirror)  # fmt: skip
            except BaseException:
                generations.bump(settings.collection)  # a failed run may have written chunks
                prints.forget(plan.changed)  # and left them half cleaned up: read them again
                raise
            _remember(plan, failures, prints, forget=removed)
            counts["skipped"] += plan.unchanged_chunks
            changed = counts.pop("reembedded") + counts["added"] + counts["updated"]
            if full_rebuild or changed + counts["deleted"]:
                generations.bump(settings.collection)  # serving processes rebuild BM25
            chunks = store._collection.count()  # type: ignore[attr-defined]
            gone = counts["deleted"] or full_rebuild  # a rebuild drops removed files unseen
            erased = _withdraw(store, settings, shared, before) if gone else 0
    finally:
        if state is None:
            shared.close()
    seconds = time.perf_counter() - started
    return IngestReport(**counts, failed=failures, files=len(files), unchanged=len(plan.unchanged),
                        chunks=chunks, erased=erased, seconds=seconds)  # fmt: skip


def _server_chunk_ids(store: object, settings: Settings) -> set[str] | None:
    """A Chroma server's chunk ids before indexing (its deleted ones are then those missing
    after). None for the embedded store, whose purge finds them in its own log."""
    if not settings.chroma_host:
        return None
    return set(store.get(include=[])["ids"])  # type: ignore[attr-defined]


def _withdraw(store: object, settings: Settings, state: StateDB, before: set[str] | None) -> int:
    """Withdrawn means gone: erase the deleted chunks' text (ingest/withdraw.py); how many
    chunks' text left Chroma's files."""
    gone = set()
    if before is not None:
        gone = before - set(store.get(include=[])["ids"])  # type: ignore[attr-defined]
    return withdraw(settings, state, gone).erased


@dataclass
class _Plan:
    changed: dict[str, Path]
    unchanged: dict[str, Path]
    prints: dict[str, Fingerprint]  # fingerprints to record once the run succeeds
    unchanged_chunks: int = 0


def _triage(
    named: dict[str, Path],
    sidecars: Sidecars,
    store: object,
    records: StateRecordManager,
    prints: FileFingerprints,
    *,
    max_tokens: int,
    skip: bool,
) -> _Plan:
    """Which files to read. None are skipped when the records and the collection disagree
    (a collection deleted or restored by hand): the index is then rebuilt from the files."""
    per_source: dict[str, int] = {}
    known: dict[str, Fingerprint] = {}
    if skip:
        per_source = records.count_by_group()
        if store._collection.count() == sum(per_source.values()):  # type: ignore[attr-defined]
            known = prints.load()
        else:
            _forget_missing(store, records)
    else:
        prints.clear()
    setups = {s: setup_digest(sidecars.for_file(f), max_tokens=max_tokens)
              for s, f in named.items()}  # fmt: skip
    found = triage(named, known, indexed=set(per_source), setups=setups)
    return _Plan(
        changed=found.changed,
        unchanged=found.unchanged,
        prints={s: f for s, f in found.prints.items() if known.get(s) != f},
        unchanged_chunks=sum(per_source[s] for s in found.unchanged),
    )


def _forget_missing(store: object, records: StateRecordManager) -> None:
    """Drop the records of chunks the collection no longer holds, so they are embedded again."""
    held = set(store.get(include=[])["ids"])  # type: ignore[attr-defined]
    missing = [key for key in records.list_keys() if key not in held]
    if missing:
        log.warning("the index lacks %d recorded chunks: embedding them again", len(missing))
        records.delete_keys(missing)


def _remember(
    plan: _Plan, failures: list[FileFailure], prints: FileFingerprints, *, forget: list[str]
) -> None:
    """Record the files read in this run, except those that failed (read again next time)."""
    failed = {f.path for f in failures}
    files = plan.changed | plan.unchanged
    prints.save({s: f for s, f in plan.prints.items() if str(files[s]) not in failed})
    prints.forget(forget)


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
) -> tuple[dict[str, int], list[str]]:
    """Index the chunks and clean up; the counts of what changed, and the sources removed."""
    reembedded = 0
    if full_rebuild:
        _clear(store, records)
    elif needs_reembedding(store, embeddings):  # never mix two embedders' vectors
        reembedded = reembed_all(store, batch_size=settings.index_batch_size)
    record(store, embeddings)
    result = {"num_added": 0, "num_updated": 0, "num_skipped": 0, "num_deleted": 0}
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
    removed = sorted(records.list_groups() - sources) if mirror else []
    deleted = result["num_deleted"] + _delete_sources(store, records, removed)
    counts = {
        "reembedded": reembedded,
        "added": result["num_added"],
        "updated": result["num_updated"],
        "skipped": result["num_skipped"],
        "deleted": deleted,
    }
    return counts, removed


def _mirrors_corpus(root: Path, settings: Settings) -> bool:
    """Only the corpus folder itself defines what the index holds: ingesting another folder
    or one file adds and updates, and never deletes what came from elsewhere."""
    return root.is_dir() and root.resolve() == Path(settings.corpus_dir).resolve()


def _delete_sources(store: object, records: StateRecordManager, sources: list[str]) -> int:
    deleted = 0
    for source in sources:
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
