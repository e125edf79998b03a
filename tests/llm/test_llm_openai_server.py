"""The real langchain-openai client against a local OpenAI-compatible stand-in server."""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from typing import Any

import pytest

from assistant.errors import ProviderError
from assistant.llm import build_llm_answerer
from assistant.settings import Settings
from vectorstore.chunk import RetrievedChunk

QUESTION = "How many new special free schools?"
KEY = "test-key-not-secret"  # what the openai_stub fixture puts in OPENAI_API_KEY


def test_answer_through_the_openai_client(
    openai_stub: Any, settings_for: Callable[..., Settings], chunks: list[RetrievedChunk]
) -> None:
    openai_stub.reply("Standards are due in 2025 [2]. It opens 33 schools [1][9].")
    answerer = build_llm_answerer(settings_for(llm_max_retries=0))

    answer = answerer.answer(QUESTION, chunks)

    assert answer.text == "Standards are due in 2025 [1]. It opens 33 schools [2]."
    assert [c.doc_id for c in answer.citations] == ["doc-2", "doc-1"]
    (request,) = openai_stub.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["authorization"] == f"Bearer {KEY}"
    assert (request["model"], request["temperature"]) == ("gpt-4o-mini", 0.0)
    system, user = request["messages"]
    assert system["role"] == "system" and "[1]" in system["content"]
    assert user["role"] == "user" and user["content"].startswith(f"Question: {QUESTION}")
    assert "Title: SEND and AP Improvement Plan" in user["content"]


def test_follow_up_is_condensed_through_the_client(
    openai_stub: Any, settings_for: Callable[..., Settings]
) -> None:
    openai_stub.reply("When will the national SEND standards be published?")
    answerer = build_llm_answerer(settings_for(llm_max_retries=0))
    query = answerer.standalone_question("When?", ["What are the national SEND standards?"])
    assert query == "When will the national SEND standards be published?"
    assert "What are the national SEND standards?" in str(openai_stub.requests[0]["messages"])


def test_timeout_is_a_provider_error(
    openai_stub: Any, settings_for: Callable[..., Settings], chunks: list[RetrievedChunk]
) -> None:
    openai_stub.reply("too late [1]", delay=5)
    answerer = build_llm_answerer(settings_for(llm_timeout=0.3, llm_max_retries=0))
    started = time.monotonic()
    with pytest.raises(ProviderError) as caught:
        answerer.answer(QUESTION, chunks)
    assert time.monotonic() - started < 3
    assert caught.value.kind == "timeout"
    assert "did not answer in time" in str(caught.value)
    assert "SENDPLAN_LLM_TIMEOUT" in str(caught.value)


def test_server_error_is_a_clear_message_without_the_key(
    openai_stub: Any, settings_for: Callable[..., Settings], chunks: list[RetrievedChunk]
) -> None:
    openai_stub.reply(status=500, body={"error": {"message": f"crashed handling key {KEY}"}})
    answerer = build_llm_answerer(settings_for(llm_max_retries=0))
    with pytest.raises(ProviderError) as caught:
        answerer.answer(QUESTION, chunks)
    message = str(caught.value)
    assert (caught.value.provider, caught.value.kind) == ("openai", "server")
    assert message == (
        "The LLM provider 'openai' had a server error (HTTP 500, model gpt-4o-mini, "
        f"endpoint http://127.0.0.1:{openai_stub.port}). This is usually temporary: try again "
        "shortly, or set SENDPLAN_LLM_FALLBACK=extractive to answer from the documents alone."
    )


def test_rejected_key_names_the_variable_not_the_key(
    openai_stub: Any, settings_for: Callable[..., Settings], chunks: list[RetrievedChunk]
) -> None:
    openai_stub.reply(status=401, body={"error": {"message": f"Incorrect API key: {KEY}"}})
    with pytest.raises(ProviderError) as caught:
        build_llm_answerer(settings_for(llm_max_retries=0)).answer(QUESTION, chunks)
    assert caught.value.kind == "auth"
    assert "OPENAI_API_KEY" in str(caught.value)
    assert KEY not in str(caught.value)


def test_retries_follow_the_setting(
    openai_stub: Any, settings_for: Callable[..., Settings], chunks: list[RetrievedChunk]
) -> None:
    openai_stub.reply(status=503, body={"error": {"message": "busy"}})
    openai_stub.reply("33 schools [1].")
    answer = build_llm_answerer(settings_for(llm_max_retries=1)).answer(QUESTION, chunks)
    assert answer.citations[0].doc_id == "doc-1"
    assert len(openai_stub.requests) == 2


def test_unreachable_server_is_a_connection_error(
    monkeypatch: pytest.MonkeyPatch,
    openai_stub: Any,
    settings_for: Callable[..., Settings],
    chunks: list[RetrievedChunk],
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # discard port: refused
    with pytest.raises(ProviderError) as caught:
        build_llm_answerer(settings_for(llm_max_retries=0)).answer(QUESTION, chunks)
    assert caught.value.kind == "connection"
    assert "OPENAI_BASE_URL" in str(caught.value)


@pytest.mark.skipif(
    importlib.util.find_spec("assistant.answering.extractive") is None,
    reason="assistant.answering.extractive (the lead's extractive answerer) is not there yet",
)
def test_fallback_answers_extractively_after_a_server_error(
    openai_stub: Any, settings_for: Callable[..., Settings], chunks: list[RetrievedChunk]
) -> None:
    openai_stub.reply(status=500, body={"error": {"message": "down"}})
    settings = settings_for(llm_max_retries=0, llm_fallback="extractive")
    answer = build_llm_answerer(settings).answer(QUESTION, chunks)
    assert answer.answerer == "extractive (fallback: openai:gpt-4o-mini failed)"
    assert not answer.refused
    assert "33 new special free schools" in answer.text
    assert answer.citations[0].doc_id == "doc-1"
    assert len(openai_stub.requests) == 1
