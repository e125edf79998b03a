"""A retrieved chunk: the unit of evidence the answerers cite."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RetrievedChunk:
    """One chunk returned by retrieval, with the scores that ranked it."""

    chunk_id: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
    rank: int = 0
    dense_score: float | None = None
    bm25_score: float | None = None
    fused_score: float = 0.0

    @property
    def doc_id(self) -> str:
        return str(self.metadata.get("doc_id", ""))

    @property
    def title(self) -> str:
        return str(self.metadata.get("title") or self.doc_id)

    @property
    def section(self) -> str | None:
        value = self.metadata.get("section")
        return str(value) if value else None

    @property
    def text_with_heading(self) -> str:
        """The chunk as a reader sees it: its section heading, then its text."""
        return f"{self.section}\n{self.text}" if self.section else self.text

    @property
    def page(self) -> int | None:
        value = self.metadata.get("page")
        return int(value) if value not in (None, "", -1) else None

    @property
    def source_url(self) -> str | None:
        value = self.metadata.get("source_url")
        return str(value) if value else None

    @property
    def published(self) -> str | None:
        value = self.metadata.get("published")
        return str(value) if value else None


def body_of(page_content: str, metadata: dict[str, Any]) -> str:
    """The chunk text without the context header that was prepended for embedding."""
    start = int(metadata.get("body_start", 0) or 0)
    return page_content[start:]
