"""LLMAnswerer and FallbackAnswerer with LangChain's fake chat models."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from langchain_core import exceptions as lc

from assistant.answering.answer import REFUSAL_TEXT
from assistant.errors import ProviderError
from assistant.llm import FallbackAnswerer, LLMAnswerer
from assistant.llm.messages import answer_messages
from assistant.llm.models import ModelSpec
from vectorstore.chunk import RetrievedChunk

SPEC = ModelSpec(provider="openai", model="gpt-4o-mini")
QUESTION = "How many new special free schools?"


def llm(model: Any) -> LLMAnswerer:
    return LLMAnswerer(model, spec=SPEC)


def test_answer_sends_the_prompt_and_maps_citations(
    fake_model: Callable[..., Any], chunks: list[RetrievedChunk]
) -> None:
    model = fake_model("Standards are due by the end of 2025 [2]. It opens 33 schools [1].")
    answer = llm(model).answer(QUESTION, chunks)

    assert model.calls == [answer_messages(QUESTION, chunks)]
    assert answer.text == "Standards are due by the end of 2025 [1]. It opens 33 schools [2]."
    assert [(c.number, c.chunk_id) for c in answer.citations] == [(1, "doc-2:0"), (2, "doc-1:0")]
    assert answer.refused is False
    assert answer.answerer == "openai:gpt-4o-mini"


def test_citation_carries_the_chunk_metadata(
    fake_model: Callable[..., Any], chunks: list[RetrievedChunk]
) -> None:
    answer = llm(fake_model("33 schools [1].")).answer(QUESTION, chunks)
    (citation,) = answer.citations
    assert citation.model_dump() == {
        "number": 1,
        "doc_id": "doc-1",
        "title": "SEND and AP Improvement Plan",
        "chunk_id": "doc-1:0",
        "section": "Chapter 3 > Capital",
        "page": 12,
        "source_url": "https://example.org/plan.pdf",
        "published": "2023-03-02",
        "snippet": "The plan commits to opening 33 new special free schools.",
    }


def test_marker_pointing_at_no_source_is_dropped_and_logged(
    fake_model: Callable[..., Any],
    chunks: list[RetrievedChunk],
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        answer = llm(fake_model("33 schools [1][9]. Tiers [3] [12].")).answer(QUESTION, chunks)
    assert answer.text == "33 schools [1]. Tiers [2]."
    assert [c.doc_id for c in answer.citations] == ["doc-1", "doc-3"]
    assert "[9, 12]" in caplog.text


@pytest.mark.parametrize(
    "reply",
    [
        "The plan opens 33 schools.",  # no marker at all
        "The plan opens 33 schools [7].",  # only markers that point nowhere
        "",
        # a "not found" opening followed by claims of its own is not a plain refusal
        "The sources do not cover this. " + "From general knowledge, plans take years. " * 10,
    ],
)
def test_uncited_answer_becomes_the_standard_refusal(
    reply: str, fake_model: Callable[..., Any], chunks: list[RetrievedChunk]
) -> None:
    answer = llm(fake_model(reply)).answer(QUESTION, chunks)
    assert (answer.refused, answer.text, answer.citations) == (True, REFUSAL_TEXT, [])
    assert answer.answerer == "openai:gpt-4o-mini"


@pytest.mark.parametrize(
    "reply",
    [
        "I cannot find this in the sources.",
        # uncited claims behind a "not found" opening never reach the user
        "The sources do not mention a total, but the plan promises 500 new schools [9].",
    ],
)
def test_models_own_cannot_find_reply_is_the_standard_refusal(
    fake_model: Callable[..., Any], chunks: list[RetrievedChunk], reply: str
) -> None:
    answer = llm(fake_model(reply)).answer(QUESTION, chunks)
    assert (answer.refused, answer.text, answer.citations) == (True, REFUSAL_TEXT, [])


def test_no_chunks_refuses_without_calling_the_model(fake_model: Callable[..., Any]) -> None:
    model = fake_model("should not be used [1]")
    answer = llm(model).answer(QUESTION, [])
    assert answer.refused and answer.text == REFUSAL_TEXT
    assert model.calls == []


def test_weak_evidence_refuses_without_calling_the_model(
    fake_model: Callable[..., Any], chunks: list[RetrievedChunk]
) -> None:
    model = fake_model("should not be used [1]")
    seen: list[tuple[str, int]] = []

    def weak(question: str, given: Any) -> bool:
        seen.append((question, len(given)))
        return True

    answer = LLMAnswerer(model, spec=SPEC, weak_evidence=weak).answer(QUESTION, chunks)
    assert answer.refused and answer.text == REFUSAL_TEXT
    assert (model.calls, seen) == ([], [(QUESTION, 3)])


def test_strong_evidence_goes_to_the_model(
    fake_model: Callable[..., Any], chunks: list[RetrievedChunk]
) -> None:
    model = fake_model("33 schools [1].")
    answerer = LLMAnswerer(model, spec=SPEC, weak_evidence=lambda q, c: False)
    assert not answerer.answer(QUESTION, chunks).refused
    assert len(model.calls) == 1


def test_standalone_question_without_history_skips_the_model(
    fake_model: Callable[..., Any],
) -> None:
    model = fake_model("unused")
    assert llm(model).standalone_question("What is AP?", []) == "What is AP?"
    assert llm(model).standalone_question("What is AP?", ["  "]) == "What is AP?"
    assert model.calls == []


def test_standalone_question_is_condensed_by_the_model(fake_model: Callable[..., Any]) -> None:
    model = fake_model("When will the national SEND standards be published?")
    query = llm(model).standalone_question("When?", ["What are the national SEND standards?"])
    assert query == "When will the national SEND standards be published?"
    (messages,) = model.calls
    assert "What are the national SEND standards?" in str(messages[-1].content)
    assert "Follow-up question: When?" in str(messages[-1].content)


@pytest.mark.parametrize(
    ("error", "kind", "advice"),
    [
        (
            lc.ModelAuthenticationError("Incorrect API key provided: sk-abc123"),
            "auth",
            "OPENAI_API_KEY",
        ),
        (lc.ModelPermissionDeniedError("no access"), "auth", "OPENAI_API_KEY"),
        (lc.ModelRateLimitError("slow down"), "rate_limit", "quota"),
        (lc.ModelTimeoutError("timed out"), "timeout", "SENDPLAN_LLM_TIMEOUT"),
        (lc.ModelConnectionError("refused"), "connection", "OPENAI_BASE_URL"),
        (lc.ModelAPIError("boom"), "server", "SENDPLAN_LLM_FALLBACK=extractive"),
        (lc.ModelNotFoundError("no such model"), "not_found", "SENDPLAN_LLM"),
        (lc.ContextOverflowError("128000 tokens exceeded"), "too_long", "SENDPLAN_TOP_K"),
        (ConnectionRefusedError("refused"), "connection", "OPENAI_BASE_URL"),
        (TimeoutError("slow"), "timeout", "SENDPLAN_LLM_TIMEOUT"),
        (RuntimeError("odd"), "error", "-v"),
    ],
)
def test_provider_failures_become_provider_errors(
    error: Exception,
    kind: str,
    advice: str,
    failing_model: Callable[[Exception], Any],
    chunks: list[RetrievedChunk],
) -> None:
    with pytest.raises(ProviderError) as caught:
        llm(failing_model(error)).answer(QUESTION, chunks)
    assert (caught.value.provider, caught.value.kind) == ("openai", kind)
    message = str(caught.value)
    assert message.startswith("The LLM provider 'openai'")
    assert advice in message
    assert str(error) not in message  # the provider's own text can echo secrets


class StatusError(Exception):
    """Shaped like an SDK error that LangChain has not classified."""

    def __init__(self, status_code: int) -> None:
        super().__init__(f"HTTP {status_code}")
        self.status_code = status_code


class ReadTimeout(Exception):
    """Named like httpx's timeout."""


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (StatusError(401), "auth"),
        (StatusError(429), "rate_limit"),
        (StatusError(404), "not_found"),
        (StatusError(400), "bad_request"),
        (StatusError(503), "server"),
        (ReadTimeout(), "timeout"),
    ],
)
def test_unclassified_errors_are_sorted_by_status_and_name(
    error: Exception,
    kind: str,
    failing_model: Callable[[Exception], Any],
    chunks: list[RetrievedChunk],
) -> None:
    with pytest.raises(ProviderError) as caught:
        llm(failing_model(error)).answer(QUESTION, chunks)
    assert caught.value.kind == kind
    if isinstance(error, StatusError):
        assert f"(HTTP {error.status_code}, model gpt-4o-mini)" in str(caught.value)


def test_fallback_answers_extractively_when_the_provider_fails(
    failing_model: Callable[[Exception], Any],
    stub_extractive: Any,
    chunks: list[RetrievedChunk],
    caplog: pytest.LogCaptureFixture,
) -> None:
    answerer = FallbackAnswerer(
        llm(failing_model(lc.ModelAPIError("boom"))), make_fallback=lambda: stub_extractive
    )
    with caplog.at_level(logging.WARNING):
        answer = answerer.answer(QUESTION, chunks)
    assert stub_extractive.questions == [QUESTION]
    assert answer.text == f"{chunks[0].text} [1]"
    assert answer.answerer == "extractive (fallback: openai:gpt-4o-mini failed)"
    assert "had a server error" in caplog.text
    assert answerer.name == "openai:gpt-4o-mini"


def test_fallback_condenses_with_the_extractive_rule(
    failing_model: Callable[[Exception], Any], stub_extractive: Any
) -> None:
    answerer = FallbackAnswerer(
        llm(failing_model(lc.ModelTimeoutError("slow"))), make_fallback=lambda: stub_extractive
    )
    assert answerer.standalone_question("And when?", ["What is AP?"]) == "What is AP? And when?"


def test_fallback_is_not_built_while_the_provider_works(
    fake_model: Callable[..., Any], chunks: list[RetrievedChunk]
) -> None:
    def explode() -> Any:
        raise AssertionError("the fallback should not be built")

    answerer = FallbackAnswerer(llm(fake_model("33 schools [1].")), make_fallback=explode)
    assert answerer.answer(QUESTION, chunks).citations[0].doc_id == "doc-1"
