"""What one evaluation run records per question: exactly what the answer chain produced."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from assistant.answering.answer import Answer
from assistant.evaluation.golden import GoldenItem


class EvalResult(BaseModel):
    """The raw fields of one answered question, enough to recompute every metric."""

    id: str
    question: str
    category: str
    answerable: bool
    answer: str
    refused: bool
    retrieved_doc_ids: list[str] = Field(default_factory=list)
    cited_doc_ids: list[str] = Field(default_factory=list)
    citations: list[dict[str, Any]] = Field(default_factory=list)
    retrieved_chunk_ids: list[str] = Field(default_factory=list)
    latency_ms: float = 0.0
    timings: dict[str, float] = Field(default_factory=dict)
    answerer: str = ""
    # full text of every retrieved chunk, for faithfulness (a citation's snippet is a quote)
    chunk_texts: dict[str, str] = Field(default_factory=dict)
    # set when the chain rejected the question (QuestionError); `answer` holds its message
    error: str | None = None
    # the refusal's machine-readable reason (Answer.refusal_reason.code), None when answered
    refusal_code: str | None = None

    @classmethod
    def from_answer(
        cls,
        item: GoldenItem,
        answer: Answer,
        *,
        latency_ms: float,
        chunk_texts: dict[str, str],
    ) -> EvalResult:
        return cls(
            id=item.id,
            question=item.question,
            category=item.category,
            answerable=item.answerable,
            answer=answer.text,
            refused=answer.refused,
            retrieved_doc_ids=list(answer.retrieved_doc_ids),
            cited_doc_ids=answer.cited_doc_ids,
            citations=[c.model_dump(mode="json") for c in answer.citations],
            retrieved_chunk_ids=list(answer.retrieved_chunk_ids),
            latency_ms=latency_ms,
            timings=dict(answer.timings),
            answerer=answer.answerer,
            refusal_code=answer.refusal_reason.code if answer.refusal_reason else None,
            chunk_texts={c: chunk_texts[c] for c in answer.retrieved_chunk_ids if c in chunk_texts},
        )

    @classmethod
    def from_error(cls, item: GoldenItem, error: Exception, *, latency_ms: float) -> EvalResult:
        """A question the chain refused to take (empty or too long): scored as a refusal."""
        return cls(
            id=item.id,
            question=item.question,
            category=item.category,
            answerable=item.answerable,
            answer=str(error),
            refused=True,
            latency_ms=latency_ms,
            error=f"{type(error).__name__}: {error}",
            refusal_code="question_error",
        )
