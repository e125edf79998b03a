"""What an ingestion run did, for the CLI summary and the Slack admin reply."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FileFailure:
    path: str
    reason: str


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    skipped: int = 0
    deleted: int = 0
    failed: list[FileFailure] = field(default_factory=list)
    files: int = 0
    unchanged: int = 0  # files not read again: the same bytes as at their last ingestion
    chunks: int = 0
    erased: int = 0  # deleted chunks whose text was erased from Chroma's files (embedded)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        """One line: 'added 3, updated 0, skipped 40, deleted 0, failed 1 (7 files, 43 chunks)'."""
        unchanged = f", {self.unchanged} unchanged" if self.unchanged else ""
        return (
            f"added {self.added}, updated {self.updated}, skipped {self.skipped}, "
            f"deleted {self.deleted}, failed {len(self.failed)} "
            f"({self.files} files{unchanged}, {self.chunks} chunks, {self.seconds:.1f}s)"
        ) + (f"; erased the text of {self.erased} deleted chunks" if self.erased else "")
