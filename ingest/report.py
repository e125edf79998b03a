"""What an ingestion run did, for the CLI, the Slack admin reply and the admin report.

Files first (added, changed, removed, unchanged, failed: what an admin edited), then chunks
(embedded, deleted: what it cost), e.g.

    Files: 0 added, 1 changed, 0 removed, 63 unchanged, 0 failed
    Chunks: 3 embedded, 2 deleted; 310 in the index (4.2 s)

Each failure is listed once, with its reason (the pipeline only logs it at debug level).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.changes import FileChanges


@dataclass
class FileFailure:
    path: str
    reason: str


@dataclass
class IngestReport:
    # chunks, as LangChain's indexing API counts them
    added: int = 0  # embedded and written: new text
    updated: int = 0  # written again (forced)
    skipped: int = 0  # unchanged: nothing embedded
    deleted: int = 0
    failed: list[FileFailure] = field(default_factory=list)
    files: int = 0  # files seen in every source
    not_read: int = 0  # files not read again: the same bytes and set-up as last time
    chunks: int = 0  # in the index afterwards
    erased: int = 0  # deleted chunks whose text was erased from Chroma's files (embedded)
    seconds: float = 0.0
    reembedded: int = 0  # every chunk again, for another embedding backend
    changes: FileChanges = field(default_factory=FileChanges)
    sources: int = 1

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def embedded(self) -> int:
        return self.added + self.updated + self.reembedded

    def scope(self) -> str:
        """'2 sources, 64 files'."""
        return f"{_count(self.sources, 'source')}, {_count(self.files, 'file')}"

    def file_line(self) -> str:
        c = self.changes
        return (
            f"{len(c.added)} added, {len(c.changed)} changed, {len(c.removed)} removed, "
            f"{len(c.unchanged)} unchanged, {len(self.failed)} failed"
        )

    def chunk_line(self) -> str:
        erased = f"; the text of {self.erased} deleted chunks erased" if self.erased else ""
        return (
            f"{self.embedded} embedded, {self.deleted} deleted; {self.chunks} in the index "
            f"({self.seconds:.1f} s){erased}"
        )

    def summary(self) -> str:
        """One line: 'files: 0 added, 1 changed, ...; chunks: 3 embedded, 2 deleted; ...'."""
        return f"files: {self.file_line()}; chunks: {self.chunk_line()}"

    def lines(self) -> list[str]:
        """The report as a person reads it: files, chunks, then each failure once."""
        lines = [f"Synced {self.scope()}.", f"Files: {self.file_line()}",
                 f"Chunks: {self.chunk_line()}"]  # fmt: skip
        lines += [f"  failed: {f.path}: {f.reason}" for f in self.failed]
        return lines


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
