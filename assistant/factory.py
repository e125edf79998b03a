"""Wiring: build the assistant's collaborators from one Settings object.

Heavy libraries (LangChain, Chroma, onnxruntime, torch) are imported inside the functions
that need them, so `sendplan --help` and argument errors load none of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from assistant.answering.evidence import Idf
    from assistant.answering.pipeline import Answerer, Assistant
    from assistant.answering.refusal import Agreement
    from assistant.answering.terms import SpeltOut

if TYPE_CHECKING:
    from assistant.state import StateDB


def make_embeddings(settings: Settings) -> Embeddings:
    """The configured backend: onnx / onnx-int8 (onnxruntime) or torch (sentence-transformers)."""
    if settings.embedding_backend == "torch":
        from vectorstore.embeddings import SentenceTransformerEmbeddings

        return SentenceTransformerEmbeddings(
            settings.embedding_model, batch_size=settings.embedding_batch_size
        )
    from vectorstore.onnx_embeddings import OnnxEmbeddings

    return OnnxEmbeddings(
        settings.embedding_model,
        cache_dir=settings.model_dir,
        quantized=settings.embedding_backend == "onnx-int8",
        batch_size=settings.embedding_batch_size,
        query_threads=settings.query_threads,
        index_threads=settings.index_threads,
    )


def make_answerer(
    settings: Settings,
    *,
    idf: Idf | None = None,
    agreement: Agreement | None = None,
    spelt_out: SpeltOut | None = None,
) -> Answerer:
    """'extractive' (offline default) or an LLM answerer for 'provider:model'."""
    from assistant.answering.evidence import uniform_idf

    idf = idf or uniform_idf
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
    whose index generation its keyword index follows; default from the settings).

    Raises ConfigError when the index was embedded by another backend or model than
    `embeddings`: its vectors and the questions' would not be comparable."""
    from assistant.answering.agreement import SemanticAgreement
    from assistant.answering.pipeline import Assistant
    from vectorstore.hybrid import open_retriever
    from vectorstore.index_embedder import check_serving

    embeddings = embeddings or make_embeddings(settings)
    if settings.embedding_backend == "torch":
        from vectorstore.embeddings import set_torch_threads

        set_torch_threads(settings.query_threads)
    retriever = open_retriever(
        settings,
        embeddings=embeddings,
        client=client,
        kind=retriever_kind or settings.retriever,
        state=state,
    )
    check_serving(retriever.store, embeddings, settings)
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
        opening=retriever.opening,
    )
