"""The evidence gate before a model call is the extractive answerer's rule, on the real corpus:
a date that only scopes the question does not stop it reaching the model; a question the
documents do not answer is refused, with its reason, and the model is never called."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from assistant.answering.agreement import SemanticAgreement
from assistant.answering.pipeline import Assistant
from assistant.llm import LLMAnswerer, evidence_gate
from assistant.llm.models import ModelSpec
from vectorstore.embeddings import SentenceTransformerEmbeddings

SPEC = ModelSpec(provider="openai", model="gpt-4o-mini")


@pytest.fixture
def gated(
    assistant: Assistant, embeddings: SentenceTransformerEmbeddings
) -> Callable[[Any], LLMAnswerer]:
    gate = evidence_gate(assistant.retriever.idf, SemanticAgreement(embeddings))  # type: ignore[attr-defined]
    return lambda model: LLMAnswerer(model, spec=SPEC, weak_evidence=gate)


@pytest.mark.parametrize(
    "question",
    [
        "How many special free schools does the 2023 plan promise?",
        "In the plan published in March 2023, how many educational psychologists are trained?",
    ],
)
def test_a_scoping_date_still_reaches_the_model(
    assistant: Assistant, gated: Callable[[Any], LLMAnswerer], fake_model: Any, question: str
) -> None:
    model = fake_model("The plan promises it [1].")
    chunks = assistant.retriever.retrieve(question, k=assistant.k)

    answer = gated(model).answer(question, chunks)

    assert len(model.calls) == 1
    assert not answer.refused and answer.citations


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("What salary does Steve Crocker earn as ADCS president?", "attribute_missing"),
        ("What did Unison say about the plan?", "unknown_name"),
    ],
)
def test_unsupported_questions_never_reach_the_model(
    assistant: Assistant,
    gated: Callable[[Any], LLMAnswerer],
    fake_model: Any,
    question: str,
    code: str,
) -> None:
    model = fake_model("unused [1]")
    chunks = assistant.retriever.retrieve(question, k=assistant.k)

    answer = gated(model).answer(question, chunks)

    assert model.calls == []
    assert answer.refused and answer.refusal_reason is not None
    assert answer.refusal_reason.code == code
