"""What one ingestion reads: every registered source (see assistant/state/sources.py).

Each source's files are discovered and read on their own (their own sidecars, their own
title/URL defaults, their own source ids). A source whose folder or file is missing (an
unmounted drive, a renamed folder) is reported as a failure and its chunks are kept, as are a
file's that fails to parse; every other source id the index holds and no source has any more
is stale, and its chunks are deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from langchain_core.documents import Document

from assistant.errors import IngestError
from assistant.state.sources import Source, SourceRegistry
from ingest.report import FileFailure
from ingest.sidecar import Sidecars, read_sidecars


@dataclass
class Loaded:
    """The chunks read from every source, and what the cleanup must leave alone."""

    docs: list[Document] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)  # source id -> file
    failures: list[FileFailure] = field(default_factory=list)
    failed_ids: set[str] = field(default_factory=set)  # files that did not parse
    unreachable: list[Source] = field(default_factory=list)  # their chunks are kept
    named: list[str] = field(default_factory=list)  # every registered source's name

    def stale(self, indexed: Iterable[str]) -> set[str]:
        """Source ids in the index that no source has any more."""
        return {s for s in indexed if s not in self.files and not self._kept(s)}

    def _kept(self, source_id: str) -> bool:
        owners = [s for s in self.unreachable if s.name and source_id.startswith(f"{s.name}/")]
        if owners:
            return True
        bundled_lost = any(s.bundled for s in self.unreachable)
        return bundled_lost and not any(source_id.startswith(f"{n}/") for n in self.named)


@dataclass
class SourceFiles:
    """One reachable source: its files by source id, and the sidecars that describe them."""

    source: Source
    files: dict[str, Path]
    sidecars: Sidecars

    def overrides(self, path: Path) -> dict[str, str]:
        """A file's metadata from outside it: the source's defaults, its sidecar entry over
        them."""
        return {**self.source.defaults(), **self.sidecars.for_file(path)}

    def setup(self, path: Path) -> dict[str, str]:
        """Everything from outside the file that shapes its chunks, for its fingerprint."""
        fallbacks = {f"fallback:{k}": v for k, v in self.source.fallbacks().items()}
        return {**self.overrides(path), **fallbacks}


def missing_source(source: Source) -> FileFailure:
    if source.bundled:
        hint = "point SENDPLAN_CORPUS_DIR at the corpus folder"
    else:
        hint = f"reconnect it, or run 'sendplan sources remove {source.path}'"
    return FileFailure(
        str(source.path), f"this source's folder or file is missing; its chunks are kept ({hint})"
    )


def gather(sources: list[Source]) -> tuple[list[SourceFiles], Loaded]:
    """Each reachable source with its files and sidecars; the unreachable ones and the
    sidecars' problems noted in `Loaded`."""
    from ingest.pipeline import discover, file_source_id

    loaded = Loaded(named=[s.name for s in sources if s.name])
    found: list[SourceFiles] = []
    for source in sources:
        if not source.path.exists():
            if source.bundled and len(sources) == 1:
                discover(source.path)  # raises, saying what to set
            loaded.unreachable.append(source)
            loaded.failures.append(missing_source(source))
            continue
        files = {file_source_id(p, source.path, source): p for p in discover(source.path)}
        sidecars = read_sidecars(source.path)
        loaded.failures += [FileFailure(str(p.path), p.reason) for p in sidecars.problems]
        found.append(SourceFiles(source, files, sidecars))
    return found, loaded


class ReadOne(Protocol):
    """ingest.pipeline.load_chunks, its options given."""

    def __call__(
        self, files: list[Path], root: Path, *, source: Source, sidecars: Sidecars
    ) -> tuple[list[Document], dict[str, Path], list[FileFailure]]: ...


def load_sources(
    found: list[SourceFiles], loaded: Loaded, *, only: set[str], read: ReadOne
) -> Loaded:
    """Read the files in `only` (new or changed) of every source into `loaded`; every file
    of every source is in `loaded.files`."""
    for group in found:
        loaded.files.update(group.files)
        wanted = [p for i, p in group.files.items() if i in only]
        docs, ids, failures = read(wanted, group.source.path, source=group.source,
                                   sidecars=group.sidecars)  # fmt: skip
        loaded.docs.extend(docs)
        loaded.failures.extend(failures)
        failed_paths = {f.path for f in failures}
        loaded.failed_ids.update(i for i, p in ids.items() if str(p) in failed_paths)
    return loaded


def register_path(registry: SourceRegistry, path: Path) -> tuple[Source, bool]:
    """`sendplan ingest PATH`: the source PATH is (or is inside), registering it if new."""
    resolved = path.expanduser().resolve()
    if not resolved.exists():
        raise IngestError(
            f"{path} does not exist. Give an existing folder or file to 'sendplan ingest PATH', "
            "or run 'sendplan ingest' to sync the registered sources."
        )
    owner = next((s for s in registry.all() if resolved.is_relative_to(s.path)), None)
    if owner is not None:
        return owner, False
    return registry.add(resolved), True
