"""The answer chain: question -> retrieve -> answer, as a LangChain runnable when a model
answers (the extractive answerer calls the two steps directly).

Every front end (CLI, Slack, eval) calls `Assistant.ask`, so they all see the same answers.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from assistant.answering.answer import Answer, refusal
from assistant.answering.documents import asks_how_named, reference_terms
from assistant.answering.screening import screen
from assistant.answering.shorthand import expand_shorthand
from assistant.errors import QuestionError
from vectorstore.chunk import RetrievedChunk
from vectorstore.text import content_tokens

if TYPE_CHECKING:
    from langchain_core.runnables import Runnable


class Retriever(Protocol):
    def retrieve(self, query: str, *, k: int | None = None) -> list[RetrievedChunk]: ...


class Answerer(Protocol):
    """Turns a question and its retrieved chunks into an `Answer`."""

    name: str

    def answer(self, question: str, chunks: Sequence[RetrievedChunk]) -> Answer: ...

    def standalone_question(self, question: str, history: Sequence[str]) -> str:
        """The query to retrieve with, given earlier questions in the same conversation."""
        ...


def check_question(question: str, *, max_chars: int) -> str:
    """Strip the question; raise QuestionError with advice when it is empty or too long."""
    text = (question or "").strip()
    if not text:
        raise QuestionError(
            "Please ask a question, for example: "
            "'How many new special free schools does the plan promise?'"
        )
    if len(text) > max_chars:
        raise QuestionError(
            f"That question is {len(text):,} characters long; the limit is {max_chars:,}. "
            "Please ask a shorter question about one topic."
        )
    return text


def at_most_one_card(chunks: list[RetrievedChunk], k: int, query: str = "") -> list[RetrievedChunk]:
    """The best k chunks, with at most one document card among them: every title question
    matches every card, and a page of cards would crowd out the text that answers. The card
    kept is the one whose document the query names most ('the LocalGov piece'), else the
    best ranked."""
    asked = set(content_tokens(query))
    cards = sorted(
        (c for c in chunks if c.metadata.get("card")),
        key=lambda c: (-len(asked & reference_terms(c)), c.rank),
    )[:1]
    body = [c for c in chunks if not c.metadata.get("card")][: k - len(cards)]
    kept = sorted(body + cards, key=lambda c: c.rank)
    return [replace(c, rank=rank) for rank, c in enumerate(kept, start=1)]


OPENING_DOCUMENTS = 3  # the documents whose openings a title question reads


def with_opening(
    chunks: list[RetrievedChunk], opening: Callable[[str], list[RetrievedChunk]]
) -> list[RetrievedChunk]:
    """The chunks, followed by the opening chunks of the documents whose card or first chunk
    was retrieved, where not among them: a document's card gives the title in its metadata,
    but the title it was published under, or a subtitle, is often in its first lines
    ('published ... under the title ...'). The first few such documents are read, not only the
    first: several have 'SEND and AP Improvement Plan' in their titles, and which ranks first
    is a matter of a few thousandths of similarity."""
    documents = dict.fromkeys(
        c.doc_id for c in chunks if c.metadata.get("card") or c.metadata.get("chunk_index") == 0
    )
    have = {c.chunk_id for c in chunks}
    extra: list[RetrievedChunk] = []
    for doc_id in list(documents)[:OPENING_DOCUMENTS]:
        for chunk in opening(doc_id):
            if chunk.chunk_id not in have:
                have.add(chunk.chunk_id)
                extra.append(chunk)
    return chunks + [replace(c, rank=rank) for rank, c in enumerate(extra, start=len(chunks) + 1)]


class Assistant:
    """Answers questions from the indexed documents with a pluggable answerer."""

    def __init__(
        self,
        *,
        retriever: Retriever,
        answerer: Answerer,
        k: int = 5,
        max_chars: int = 2000,
        correct: Callable[[str], str] | None = None,
        search_terms: Callable[[str], str] | None = None,
        opening: Callable[[str], list[RetrievedChunk]] | None = None,
    ) -> None:
        """`correct` reads a question in the documents' own spelling, `search_terms` also
        spells out abbreviations for retrieval (see vectorstore/vocabulary.py); the Answer
        keeps the user's words. `opening` gives a document's first chunks, read too when a
        question asks what a document is called or who wrote it."""
        self.retriever = retriever
        self.answerer = answerer
        self.correct = correct
        self.search_terms = search_terms
        self.opening = opening
        self.k = k
        self.max_chars = max_chars

    def ask(self, question: str, *, history: Sequence[str] = ()) -> Answer:
        """Answer one question; `history` holds earlier questions of the conversation."""
        text = check_question(question, max_chars=self.max_chars)
        # small talk, other languages and new instructions are not looked up in the documents
        if code := screen(text, follow_up=bool(history)):
            return refusal(text, code=code, answerer=self.answerer.name)
        # shorthand first ('whats', 'wen'), so that spelling correction sees real words
        reading = self.correct(expand_shorthand(text)) if self.correct else text
        state = {"question": text, "reading": reading, "history": list(history)}
        if not getattr(self.answerer, "traced", True):  # no model call: nothing to trace
            return self._answer(self._retrieve(state))
        return self.chain.invoke(state)

    @cached_property
    def chain(self) -> Runnable[dict[str, Any], Answer]:
        """The steps as a LangChain runnable, so that a model's run is traced as one (built
        on first use: its import costs a cold `sendplan ask` about 0.3 s)."""
        from langchain_core.runnables import RunnableLambda

        steps = RunnableLambda(self._retrieve) | RunnableLambda(self._answer)
        return steps.with_config(run_name="sendplan_answer")

    def retrieve(self, query: str) -> list[RetrievedChunk]:
        """The k chunks to answer from (at most one document card among them), and the
        opening chunks of the card's document when the question asks how it is named."""
        searched = self.search_terms(query) if self.search_terms else query
        # twice k, so that k remain when the cards beyond the first are set aside
        chunks = at_most_one_card(self.retriever.retrieve(searched, k=2 * self.k), self.k, query)
        if self.opening and asks_how_named(query):
            return with_opening(chunks, self.opening)
        return chunks

    def _retrieve(self, state: dict[str, Any]) -> dict[str, Any]:
        started = time.perf_counter()
        query = state.get("reading", state["question"])
        if state.get("history"):
            query = self.answerer.standalone_question(query, state["history"])
        condensed = time.perf_counter()
        chunks = self.retrieve(query)
        timings = {
            "condense_ms": (condensed - started) * 1000,
            "retrieve_ms": (time.perf_counter() - condensed) * 1000,
        }
        return {**state, "query": query, "chunks": chunks, "timings": timings}

    def _answer(self, state: dict[str, Any]) -> Answer:
        started = time.perf_counter()
        # a follow-up is answered as its standalone form ("and when does it start?" needs
        # the earlier question to be understood); the Answer keeps the user's own words
        answer = self.answerer.answer(state["query"], state["chunks"])
        timings = dict(state["timings"], answer_ms=(time.perf_counter() - started) * 1000)
        timings["total_ms"] = sum(timings.values())
        chunks: list[RetrievedChunk] = state["chunks"]
        return answer.model_copy(
            update={
                "question": state["question"],
                "timings": timings,
                "retrieved_chunk_ids": [c.chunk_id for c in chunks],
                "retrieved_doc_ids": list(dict.fromkeys(c.doc_id for c in chunks)),
            }
        )
