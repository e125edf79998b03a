"""build_llm_answerer: settings -> chat model -> answerer, and the errors on the way."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import Any

import pytest
from langchain_openai import ChatOpenAI

from assistant.answering.evidence import uniform_idf
from assistant.errors import ConfigError
from assistant.factory import make_answerer
from assistant.llm import FallbackAnswerer, LLMAnswerer, build_llm_answerer, evidence_gate
from assistant.llm.models import ModelSpec, model_kwargs, parse_llm_setting, setup_message
from assistant.settings import Settings
from vectorstore.chunk import RetrievedChunk


def test_openai_setting_builds_chat_openai_with_timeout_and_retries(
    monkeypatch: pytest.MonkeyPatch, settings_for: Callable[..., Settings]
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    settings = settings_for(llm_timeout=7.5, llm_max_retries=0, llm_temperature=0.2)
    answerer = build_llm_answerer(settings)
    assert isinstance(answerer, LLMAnswerer)
    model = answerer.chat_model
    assert isinstance(model, ChatOpenAI)
    assert (model.model_name, model.request_timeout, model.max_retries, model.temperature) == (
        "gpt-4o-mini",
        7.5,
        0,
        0.2,
    )
    assert answerer.name == "openai:gpt-4o-mini"


def test_factory_uses_the_llm_answerer(
    monkeypatch: pytest.MonkeyPatch, settings_for: Callable[..., Settings]
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    assert isinstance(make_answerer(settings_for()), LLMAnswerer)


def test_fallback_setting_wraps_the_answerer(
    settings_for: Callable[..., Settings], fake_model: Callable[..., Any]
) -> None:
    settings = settings_for(llm_fallback="extractive")
    answerer = build_llm_answerer(settings, chat_model=fake_model("x"))
    assert isinstance(answerer, FallbackAnswerer)
    assert answerer.name == "openai:gpt-4o-mini"


def test_passed_in_model_needs_no_provider_setting(
    settings_for: Callable[..., Settings], fake_model: Callable[..., Any]
) -> None:
    answerer = build_llm_answerer(settings_for(llm="extractive"), chat_model=fake_model("x"))
    assert answerer.name == "generic-fake-chat-model:custom"


def test_unknown_fallback_is_a_config_error(
    settings_for: Callable[..., Settings], fake_model: Callable[..., Any]
) -> None:
    with pytest.raises(ConfigError, match="SENDPLAN_LLM_FALLBACK='gpt' is not supported"):
        build_llm_answerer(settings_for(llm_fallback="gpt"), chat_model=fake_model("x"))


@pytest.mark.parametrize("value", ["gpt-4o-mini", "openai:", ":gpt-4o", "  "])
def test_llm_setting_must_be_provider_colon_model(value: str) -> None:
    with pytest.raises(ConfigError, match="'provider:model'.*openai:gpt-4o-mini"):
        parse_llm_setting(value)


def test_model_names_may_contain_colons() -> None:
    assert parse_llm_setting(" Ollama:llama3.1:8b ") == ModelSpec("ollama", "llama3.1:8b")


def test_unknown_provider_is_a_config_error(settings_for: Callable[..., Settings]) -> None:
    with pytest.raises(ConfigError, match="provider LangChain does not know \\('nosuch'\\)"):
        build_llm_answerer(settings_for(llm="nosuch:model"))


@pytest.mark.skipif(
    importlib.util.find_spec("langchain_anthropic") is not None,
    reason="langchain-anthropic is installed",
)
def test_missing_provider_package_names_the_extra(settings_for: Callable[..., Settings]) -> None:
    with pytest.raises(ConfigError, match=r"pip install 'sendplan\[anthropic\]'"):
        build_llm_answerer(settings_for(llm="anthropic:claude-sonnet-4-5"))


def test_missing_key_says_which_variable(settings_for: Callable[..., Settings]) -> None:
    with pytest.raises(ConfigError) as caught:
        build_llm_answerer(settings_for())
    message = str(caught.value)
    assert "Check that OPENAI_API_KEY is set" in message
    assert "OPENAI_BASE_URL" in message
    assert "SENDPLAN_LLM=extractive" in message


@pytest.mark.parametrize(
    ("error", "advice"),
    [
        (ValueError("Missing credentials: set OPENAI_API_KEY"), "Check that OPENAI_API_KEY is set"),
        (ValueError("temperature must be <= 2"), "Check SENDPLAN_LLM and the SENDPLAN_LLM_*"),
    ],
)
def test_setup_message_blames_the_key_only_for_key_errors(error: Exception, advice: str) -> None:
    message = setup_message(ModelSpec("openai", "gpt-4o-mini"), error)
    assert message.startswith("Could not set up the chat model 'openai:gpt-4o-mini' (ValueError).")
    assert advice in message
    assert str(error) not in message


@pytest.mark.parametrize(
    ("provider", "expected"),
    [
        ("openai", {"temperature": 0.0, "timeout": 12.0, "max_retries": 1}),
        ("anthropic", {"temperature": 0.0, "timeout": 12.0, "max_retries": 1}),
        ("ollama", {"temperature": 0.0, "client_kwargs": {"timeout": 12.0}}),
    ],
)
def test_model_kwargs_per_provider(
    provider: str, expected: dict[str, Any], settings_for: Callable[..., Settings]
) -> None:
    settings = settings_for(llm_timeout=12.0)
    assert model_kwargs(ModelSpec(provider, "m"), settings) == expected


def test_evidence_gate_refuses_off_topic_questions_before_the_model(
    settings_for: Callable[..., Settings],
    fake_model: Callable[..., Any],
    chunks: list[RetrievedChunk],
) -> None:
    model = fake_model("33 schools [1].", "unused [1]")
    answerer = build_llm_answerer(
        settings_for(), chat_model=model, weak_evidence=evidence_gate(uniform_idf)
    )
    assert not answerer.answer("How many new special free schools?", chunks).refused
    assert answerer.answer("What will the weather be in Leeds tomorrow?", chunks).refused
    assert len(model.calls) == 1
