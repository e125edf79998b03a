"""The one answer object every front end (CLI, Slack, eval) consumes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from assistant.answering.replies import reason_message, refusal_text
from vectorstore.chunk import RetrievedChunk

SNIPPET_CHARS = 300

REFUSAL_TEXT = refusal_text("no_evidence")


class Citation(BaseModel):
    """One numbered source behind an answer: a chunk of a document."""

    number: int
    doc_id: str
    title: str
    chunk_id: str
    section: str | None = None
    page: int | None = None
    source_url: str | None = None
    published: str | None = None
    snippet: str = ""

    @property
    def location(self) -> str:
        """'p. 2' for a PDF page, else the section path, else ''."""
        if self.page is not None:
            return f"p. {self.page}"
        return self.section or ""


class RefusalReason(BaseModel):
    """Why an answer was refused: a machine-readable code and a short sentence."""

    code: str
    message: str
    detail: str = ""


class Answer(BaseModel):
    """A short answer with numbered citations, or a refusal with none."""

    question: str
    text: str
    citations: list[Citation] = Field(default_factory=list)
    refused: bool = False
    retrieved_doc_ids: list[str] = Field(default_factory=list)
    retrieved_chunk_ids: list[str] = Field(default_factory=list)
    timings: dict[str, float] = Field(default_factory=dict)
    answerer: str = "extractive"
    refusal_reason: RefusalReason | None = None
    # the evidence behind the decision (features, terms, scores), for --explain and eval
    explanation: dict[str, Any] = Field(default_factory=dict, exclude=True)

    @property
    def cited_doc_ids(self) -> list[str]:
        return [c.doc_id for c in self.citations]


def refusal(
    question: str, *, code: str = "no_evidence", detail: str = "", **fields: object
) -> Answer:
    """A refusal with its reason; the default is the standard 'not in the documents' one."""
    reason = RefusalReason(code=code, message=reason_message(code, detail), detail=detail)
    return Answer(
        question=question,
        text=refusal_text(code, detail),
        refused=True,
        refusal_reason=reason,
        **fields,  # type: ignore[arg-type]
    )


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """Text on one line, cut at a word boundary to at most `limit` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "\u2026"


def cite(chunk: RetrievedChunk, number: int, *, quote: str | None = None) -> Citation:
    """Citation [number] for a retrieved chunk; the snippet is the quote, else the chunk's start."""
    return Citation(
        number=number,
        doc_id=chunk.doc_id,
        title=chunk.title,
        chunk_id=chunk.chunk_id,
        section=chunk.section,
        page=chunk.page,
        source_url=chunk.source_url,
        published=chunk.published,
        snippet=snippet(quote or chunk.text),
    )
