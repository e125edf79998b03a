"""Answers written by a LangChain chat model, held to the sources it was given."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage

from assistant.answering.answer import Answer, refusal
from assistant.llm.citations import check_markers, citations_for, is_not_found_reply
from assistant.llm.errors import provider_error
from assistant.llm.messages import answer_messages, clean_standalone, condense_messages
from assistant.llm.models import ModelSpec
from vectorstore.chunk import RetrievedChunk

log = logging.getLogger(__name__)

# A refusal code (or True) when the chunks are too weak to answer from, else None (or False).
WeakEvidence = Callable[[str, Sequence[RetrievedChunk]], "str | bool | None"]


class LLMAnswerer:
    """The `Answerer` for `SENDPLAN_LLM=provider:model`.

    Provider failures raise `ProviderError`; wrap in `FallbackAnswerer` to answer
    extractively instead. `weak_evidence` (e.g. the extractive refusal rule) refuses before
    the model is called; with none, only an empty retrieval is refused that way.
    """

    def __init__(
        self,
        chat_model: BaseChatModel,
        *,
        spec: ModelSpec,
        weak_evidence: WeakEvidence | None = None,
    ) -> None:
        self.chat_model = chat_model
        self.spec = spec
        self.name = spec.name
        self.weak_evidence = weak_evidence

    def answer(self, question: str, chunks: Sequence[RetrievedChunk]) -> Answer:
        """A cited answer from `chunks`, or a refusal; never cites a source it wasn't given."""
        # nothing (good enough) to ground an answer in: don't ask the model to improvise
        if not chunks:
            return refusal(question, code="no_evidence", answerer=self.name)
        weak = self.weak_evidence(question, chunks) if self.weak_evidence else None
        if weak:
            code = weak if isinstance(weak, str) else "weak_evidence"
            return refusal(question, code=code, answerer=self.name)
        reply = self._invoke(answer_messages(question, chunks))
        return self.to_answer(question, reply, chunks)

    def to_answer(self, question: str, reply: str, chunks: Sequence[RetrievedChunk]) -> Answer:
        """Validate the model's reply: renumber its citations, refuse when it cites nothing."""
        checked = check_markers(reply, len(chunks))
        if checked.used:
            return Answer(
                question=question,
                text=checked.text,
                citations=citations_for(checked.used, chunks),
                answerer=self.name,
            )
        if not is_not_found_reply(checked.text):
            log.warning("%s answered without citing a source it was given; refusing", self.name)
        # the standard words, never the model's: an uncited "not found" reply can still carry
        # claims of its own ("the sources do not say, but it is 500 schools")
        return refusal(question, code="uncited_reply", answerer=self.name)

    def standalone_question(self, question: str, history: Sequence[str]) -> str:
        """The follow-up rewritten by the model to stand on its own, for retrieval."""
        if not any(turn.strip() for turn in history):
            return question
        reply = self._invoke(condense_messages(question, history))
        return clean_standalone(reply, question)

    def _invoke(self, messages: list[BaseMessage]) -> str:
        try:
            message = self.chat_model.invoke(messages)
        except Exception as exc:  # every SDK has its own types; provider_error sorts them
            raise provider_error(exc, self.spec) from exc
        return message.text.strip()
