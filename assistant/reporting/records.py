"""What the report is made from: one record per asked question, and a summary of the index.

The question log produces `QuestionRecord`s; the index summary comes from the Chroma
collection's metadata and the state database (both read in `collect`). Both are plain data,
so the report is a pure function of them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

FrontEnd = Literal["slack", "ask", "chat"]

# Why a question was refused (assistant/answering/replies.py has the codes); unknown codes
# are shown as they are.
REFUSAL_REASONS = {
    "no_evidence": "nothing relevant was retrieved",
    "weak_evidence": "the best evidence was too weak",
    "unknown_name": "it names something the documents never mention",
    "kind_missing": "no source gives the kind of answer asked for (a date, a number...)",
    "attribute_missing": "the documents mention it, not the detail asked about",
    "entity_missing": "nothing about the person or body named",
    "scope_mismatch": "not covered for the date asked about",
    "figure_missing": "the figure in the question is not in the sources",
    "uncited_reply": "the model's reply cited no retrieved source",
    "not_english": "not written in English",
    "instructions": "instructions to the bot rather than a question",
}
# refused, but not for want of a document: counted, never grouped as a document to add
NOT_DOCUMENT_GAPS = frozenset({"not_english", "instructions", "small_talk"})


class QuestionRecord(BaseModel):
    """One question asked in Slack, `ask` or `chat` (never `eval`), and what came of it."""

    model_config = ConfigDict(frozen=True)

    asked_at: datetime
    front_end: FrontEnd
    channel_type: str = Field(description="'channel', 'im', 'group' or 'terminal'")
    question: str
    refused: bool
    refusal_reason: str | None = None
    cited_doc_ids: list[str] = Field(default_factory=list)
    latency_ms: float = Field(ge=0)
    up: int = Field(default=0, ge=0, description="people whose last vote was a thumbs up")
    down: int = Field(default=0, ge=0, description="people whose last vote was thumbs down")
    user_hash: str | None = Field(default=None, description="keyed hash, never the user id")

    @field_validator("asked_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        return value if value.tzinfo else value.replace(tzinfo=UTC)  # stored times are UTC


class IndexedDocumentSummary(BaseModel):
    """One document in the index."""

    doc_id: str
    title: str
    chunks: int = Field(ge=0)
    last_ingested: datetime | None = None


class IngestFailureSummary(BaseModel):
    """A file the last ingestions could not read."""

    path: str
    reason: str
    at: datetime | None = None


class IndexSummary(BaseModel):
    """What is indexed now, and what the latest ingestion did and could not read."""

    documents: list[IndexedDocumentSummary] = Field(default_factory=list)
    failures: list[IngestFailureSummary] = Field(default_factory=list)
    last_run_at: datetime | None = None
    last_run_summary: str | None = None

    @property
    def chunks(self) -> int:
        return sum(d.chunks for d in self.documents)


def refusal_label(code: str | None) -> str:
    """A reader's wording for a refusal reason code."""
    if not code:
        return "no reason recorded"
    return REFUSAL_REASONS.get(code, code)
