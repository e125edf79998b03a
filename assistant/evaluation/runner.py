"""Run golden questions through an Assistant, recording what the chain produced."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from assistant.answering.pipeline import Assistant, Retriever
from assistant.errors import QuestionError
from assistant.evaluation.golden import GoldenItem
from assistant.evaluation.results import EvalResult
from vectorstore.chunk import RetrievedChunk


class RecordingRetriever:
    """Wraps a retriever and keeps the text of every chunk it returns, by chunk id."""

    def __init__(self, inner: Retriever) -> None:
        self.inner = inner
        self.texts: dict[str, str] = {}

    def retrieve(self, query: str, *, k: int | None = None) -> list[RetrievedChunk]:
        chunks = self.inner.retrieve(query, k=k)
        # answers may quote a chunk's heading with its sentence, so keep both
        self.texts.update((chunk.chunk_id, chunk.text_with_heading) for chunk in chunks)
        return chunks

    def __getattr__(self, name: str) -> object:
        # anything else (stores, settings) is the wrapped retriever's
        return getattr(self.inner, name)


@contextmanager
def recording(assistant: Assistant) -> Iterator[RecordingRetriever]:
    """Let `assistant` retrieve through a RecordingRetriever for the duration of the block.

    The chain reads `assistant.retriever` on every call, so the answers are the ones the
    unwrapped assistant gives; only the chunk texts are kept on the side.
    """
    original = assistant.retriever
    recorder = RecordingRetriever(original)
    assistant.retriever = recorder
    try:
        yield recorder
    finally:
        assistant.retriever = original


def run_golden(
    items: Sequence[GoldenItem],
    assistant: Assistant,
    *,
    on_result: Callable[[EvalResult], None] | None = None,
) -> list[EvalResult]:
    """Ask every question once, in order; `on_result` is called after each (progress bars).

    Provider and retrieval errors propagate: a run with a broken index or model is not an
    evaluation. A question the chain rejects (QuestionError) is recorded as a refusal.
    """
    results = []
    with recording(assistant) as recorder:
        for item in items:
            result = _ask(item, assistant, recorder)
            results.append(result)
            if on_result is not None:
                on_result(result)
    return results


def _ask(item: GoldenItem, assistant: Assistant, recorder: RecordingRetriever) -> EvalResult:
    recorder.texts.clear()
    started = time.perf_counter()
    try:
        answer = assistant.ask(item.question)
    except QuestionError as exc:
        return EvalResult.from_error(item, exc, latency_ms=_since(started))
    return EvalResult.from_answer(
        item, answer, latency_ms=_since(started), chunk_texts=dict(recorder.texts)
    )


def _since(started: float) -> float:
    return (time.perf_counter() - started) * 1000
