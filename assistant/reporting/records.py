"""What the report is made from: one record per asked question, and a summary of the index.

The question history (part of the state store) produces `QuestionRecord`s; the index summary
comes from the catalog and the last ingestion. Both are plain data, so the report is a pure
function of them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

FrontEnd = Literal["slack", "ask", "chat"]
Vote = Literal["up", "down"]

# Why a question was refused, as recorded; unknown codes are shown as they are.
REFUSAL_REASONS = {
    "no_evidence": "nothing relevant was retrieved",
    "weak_evidence": "the best evidence was too weak",
    "number_not_found": "a number or year asked about is not in the sources",
    "kind_not_found": "no source holds the number or date asked for",
    "uncited": "the model's reply cited no retrieved source",
    "too_long": "the question was too long",
}


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
    feedback: Vote | None = None
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
    """What is indexed now, and what recently failed to ingest."""

    documents: list[IndexedDocumentSummary] = Field(default_factory=list)
    failures: list[IngestFailureSummary] = Field(default_factory=list)

    @property
    def chunks(self) -> int:
        return sum(d.chunks for d in self.documents)


def refusal_label(code: str | None) -> str:
    """A reader's wording for a refusal reason code."""
    if not code:
        return "no reason recorded"
    return REFUSAL_REASONS.get(code, code)
