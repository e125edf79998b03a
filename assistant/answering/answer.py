"""The one answer object every front end (CLI, Slack, eval) consumes."""

from __future__ import annotations

from pydantic import BaseModel, Field

from vectorstore.chunk import RetrievedChunk

SNIPPET_CHARS = 300

REFUSAL_TEXT = (
    "I couldn't find this in the SEND/AP documents I have. Try rephrasing, or ask about the "
    "SEND and AP Improvement Plan, its roadmap, progress updates or the sector's response."
)


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

    @property
    def cited_doc_ids(self) -> list[str]:
        return [c.doc_id for c in self.citations]


def refusal(question: str, **fields: object) -> Answer:
    """The standard 'not in the documents' answer."""
    return Answer(question=question, text=REFUSAL_TEXT, refused=True, **fields)  # type: ignore[arg-type]


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
