"""Answer extractively when the LLM provider fails (SENDPLAN_LLM_FALLBACK=extractive)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from assistant.answering.answer import Answer
from assistant.answering.pipeline import Answerer
from assistant.errors import ProviderError
from vectorstore.chunk import RetrievedChunk

log = logging.getLogger(__name__)


class FallbackAnswerer:
    """Answers with `primary`; on a ProviderError, with the answerer `make_fallback` builds.

    The fallback is built on first use, so a healthy provider never loads it.
    """

    def __init__(self, primary: Answerer, *, make_fallback: Callable[[], Answerer]) -> None:
        self.primary = primary
        self.name = primary.name
        self._make_fallback = make_fallback
        self._fallback: Answerer | None = None

    @property
    def fallback(self) -> Answerer:
        if self._fallback is None:
            self._fallback = self._make_fallback()
        return self._fallback

    def answer(self, question: str, chunks: Sequence[RetrievedChunk]) -> Answer:
        try:
            return self.primary.answer(question, chunks)
        except ProviderError as exc:
            self._warn(exc)
            answer = self.fallback.answer(question, chunks)
            label = f"{self.fallback.name} (fallback: {self.primary.name} failed)"
            return answer.model_copy(update={"answerer": label})

    def standalone_question(self, question: str, history: Sequence[str]) -> str:
        try:
            return self.primary.standalone_question(question, history)
        except ProviderError as exc:
            self._warn(exc)
            return self.fallback.standalone_question(question, history)

    def _warn(self, exc: ProviderError) -> None:
        log.warning("%s Answering with the %s fallback instead.", exc, self.fallback.name)


def extractive_answerer(
    idf: Callable[[str], float] | None = None,
    agreement: Callable[[str, Sequence[str]], float] | None = None,
) -> Answerer:
    """The offline extractive answerer (imported only when a fallback is needed)."""
    from assistant.answering.evidence import uniform_idf
    from assistant.answering.extractive import ExtractiveAnswerer

    return ExtractiveAnswerer(idf=idf or uniform_idf, agreement=agreement)
