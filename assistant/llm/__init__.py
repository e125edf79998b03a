"""Answers from any LangChain chat model, with prompts from `prompts/` and checked citations.

`build_llm_answerer(settings)` is what `assistant.factory.make_answerer` calls for
`SENDPLAN_LLM=provider:model`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from langchain_core.language_models import BaseChatModel

from assistant.answering.pipeline import Answerer
from assistant.errors import ConfigError
from assistant.llm.answerer import LLMAnswerer, WeakEvidence
from assistant.llm.fallback import FallbackAnswerer, extractive_answerer
from assistant.llm.models import ModelSpec, make_chat_model, parse_llm_setting
from assistant.settings import Settings
from vectorstore.chunk import RetrievedChunk

__all__ = [
    "FallbackAnswerer",
    "LLMAnswerer",
    "build_llm_answerer",
    "evidence_gate",
    "fallback_kind",
]


def fallback_kind(settings: Settings) -> str | None:
    """'extractive' or None, from SENDPLAN_LLM_FALLBACK; ConfigError for anything else."""
    value = (settings.llm_fallback or "").strip().lower()
    if value in ("", "none", "off"):
        return None
    if value != "extractive":
        raise ConfigError(
            f"SENDPLAN_LLM_FALLBACK={settings.llm_fallback!r} is not supported: set it to "
            "'extractive' to answer from the documents when the LLM provider fails, or unset it."
        )
    return value


def build_llm_answerer(
    settings: Settings,
    *,
    chat_model: BaseChatModel | None = None,
    weak_evidence: WeakEvidence | None = None,
    idf: Callable[[str], float] | None = None,
    agreement: Callable[[str, Sequence[str]], float] | None = None,
) -> Answerer:
    """The answerer for `SENDPLAN_LLM=provider:model`, with the extractive fallback if set.

    `chat_model` replaces the model `init_chat_model` would build (tests pass a fake);
    `weak_evidence` (e.g. `evidence_gate(retriever.idf)`) refuses before the model is called.
    """
    fallback = fallback_kind(settings)
    if chat_model is None:
        spec = parse_llm_setting(settings.llm)
        chat_model = make_chat_model(settings)
    else:
        spec = _spec_for(settings, chat_model)
    answerer = LLMAnswerer(chat_model, spec=spec, weak_evidence=weak_evidence)
    if fallback == "extractive":
        return FallbackAnswerer(answerer, make_fallback=lambda: extractive_answerer(idf, agreement))
    return answerer


def evidence_gate(
    idf: Callable[[str], float],
    agreement: Callable[[str, Sequence[str]], float] | None = None,
    *,
    spelt_out: Callable[[str], frozenset[str]] | None = None,
) -> WeakEvidence:
    """The extractive answerer's refusal rule, read part by part, as a check before the model
    call: the refusal code when no part of the question is answerable, else None."""
    from assistant.answering.reading import EvidenceReader

    reader = EvidenceReader(idf=idf, agreement=agreement, spelt_out=spelt_out)

    def weak(question: str, chunks: Sequence[RetrievedChunk]) -> str | None:
        reasons = reader.reasons(reader.read(question, chunks))
        return reasons[0] if all(reasons) else None

    return weak


def _spec_for(settings: Settings, chat_model: BaseChatModel) -> ModelSpec:
    try:
        return parse_llm_setting(settings.llm)
    except ConfigError:  # e.g. the default 'extractive' with a model passed in directly
        return ModelSpec(provider=chat_model._llm_type, model="custom")
