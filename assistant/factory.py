"""Wiring: build the assistant's collaborators from one Settings object."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

from assistant.answering.agreement import SemanticAgreement
from assistant.answering.evidence import Idf, uniform_idf
from assistant.answering.pipeline import Answerer, Assistant
from assistant.answering.refusal import Agreement
from assistant.answering.terms import SpeltOut
from assistant.settings import Settings
from vectorstore.embeddings import set_torch_threads

if TYPE_CHECKING:
    from assistant.state import StateDB


def make_embeddings(settings: Settings) -> Embeddings:
    from vectorstore.embeddings import SentenceTransformerEmbeddings

    return SentenceTransformerEmbeddings(
        settings.embedding_model, batch_size=settings.embedding_batch_size
    )


def make_answerer(
    settings: Settings,
    *,
    idf: Idf = uniform_idf,
    agreement: Agreement | None = None,
    spelt_out: SpeltOut | None = None,
) -> Answerer:
    """'extractive' (offline default) or an LLM answerer for 'provider:model'."""
    if settings.llm.strip().lower() in ("", "extractive"):
        from assistant.answering.extractive import ExtractiveAnswerer

        return ExtractiveAnswerer(idf=idf, agreement=agreement, spelt_out=spelt_out)
    from assistant.llm import build_llm_answerer, evidence_gate

    # the calibrated refusal rule runs before any model call; the fallback (if configured)
    # weighs evidence with the same term rarities as the default answerer
    return build_llm_answerer(
        settings,
        weak_evidence=evidence_gate(idf, agreement, spelt_out=spelt_out),
        idf=idf,
        agreement=agreement,
    )


def build_assistant(
    settings: Settings,
    *,
    embeddings: Embeddings | None = None,
    client: Any = None,
    answerer: Answerer | None = None,
    retriever_kind: str | None = None,
    state: StateDB | None = None,
) -> Assistant:
    """An Assistant over the indexed corpus, ready to answer (`state`: the state database
    whose index generation its keyword index follows; default from the settings)."""
    from vectorstore.hybrid import open_retriever

    set_torch_threads(settings.torch_threads)
    embeddings = embeddings or make_embeddings(settings)
    retriever = open_retriever(
        settings,
        embeddings=embeddings,
        client=client,
        kind=retriever_kind or settings.retriever,
        state=state,
    )
    answerer = answerer or make_answerer(
        settings,
        idf=retriever.idf,
        agreement=SemanticAgreement(embeddings),
        spelt_out=lambda term: retriever.vocabulary.spelt_out(term),
    )
    return Assistant(
        retriever=retriever,
        answerer=answerer,
        k=settings.top_k,
        max_chars=settings.max_question_chars,
        correct=lambda text: retriever.vocabulary.correct(text),
        search_terms=lambda text: retriever.vocabulary.for_search(text),
    )
