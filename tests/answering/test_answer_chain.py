"""The real answer chain over the ingested corpus: citations, refusals, follow-ups."""

from __future__ import annotations

import json
import re

import pytest

from assistant.answering.answer import Answer
from assistant.answering.pipeline import Assistant
from assistant.errors import QuestionError
from tests.conftest import GOLDEN

GOLD = [json.loads(line) for line in GOLDEN.read_text().splitlines() if line.strip()]
ANSWERABLE = [g for g in GOLD if g["answerable"]]
UNANSWERABLE = [g for g in GOLD if not g["answerable"]]
MARKER = re.compile(r"\[(\d+(?:, \d+)*)\]")  # "[1, 2]": two sources agree


def squash(text: str) -> str:
    return " ".join(text.split())


def check_citations(answer: Answer, chunk_texts: dict[str, str]) -> None:
    """Markers numbered by first use, each pointing at a retrieved chunk that holds the
    sentence it follows, and no citation left unused."""
    numbers = [int(n) for group in MARKER.findall(answer.text) for n in group.split(", ")]
    first_use = list(dict.fromkeys(numbers))
    assert first_use == list(range(1, len(first_use) + 1))
    assert [c.number for c in answer.citations] == first_use
    by_number = {c.number: c for c in answer.citations}
    for sentence, group in re.findall(r"(.+?) \[(\d+(?:, \d+)*)\](?:\n|$)", answer.text, re.DOTALL):
        citation = by_number[int(group.split(", ")[0])]  # the first source is the one quoted
        assert all(
            by_number[int(n)].chunk_id in answer.retrieved_chunk_ids for n in group.split(", ")
        )
        for quoted in sentence.split(" — "):  # a heading may lead the sentence
            assert squash(quoted) in squash(chunk_texts[citation.chunk_id])  # verbatim


@pytest.fixture(scope="module")
def chunk_texts(assistant: Assistant) -> dict[str, str]:
    index = assistant.retriever.bm25  # type: ignore[attr-defined]
    return dict(zip(index.ids, index.texts, strict=True))


@pytest.mark.parametrize("item", ANSWERABLE, ids=lambda g: g["id"])
def test_answer_cites_retrieved_chunks_verbatim(
    assistant: Assistant, chunk_texts: dict[str, str], item: dict[str, object]
) -> None:
    answer = assistant.ask(str(item["question"]))
    if answer.refused:
        assert not answer.citations
        return
    assert answer.citations
    check_citations(answer, chunk_texts)


@pytest.mark.parametrize("item", UNANSWERABLE, ids=lambda g: g["id"])
def test_unanswerable_questions_are_refused(assistant: Assistant, item: dict[str, str]) -> None:
    answer = assistant.ask(item["question"])
    assert answer.refused and not answer.citations
    assert answer.refusal_reason is not None and answer.refusal_reason.message in answer.text
    assert "in English" in answer.text  # what is covered, and in which language


def test_core_answer_has_33_and_a_citation(assistant: Assistant) -> None:
    answer = assistant.ask("How many new special free schools does the plan promise?")
    assert not answer.refused and "33" in answer.text
    assert answer.citations[0].doc_id in {
        "send-ap-improvement-plan-digest",
        "localgov-2023-03-02-send-plan-reaction",
    }
    assert set(answer.timings) >= {"retrieve_ms", "answer_ms", "total_ms"}


def test_pdf_citation_gives_the_page(assistant: Assistant) -> None:
    answer = assistant.ask("Should schools expect faster access to specialists?")
    pages = [c.page for c in answer.citations if c.doc_id == "staff-briefing-schools-and-settings"]
    assert pages and pages[0] == 2


def test_follow_up_uses_the_earlier_question(assistant: Assistant) -> None:
    alone = assistant.ask("how many will there be?")
    follow_up = assistant.ask(
        "how many will there be?",
        history=["How many new special free schools does the plan promise?"],
    )
    assert alone.refused  # on its own the question says nothing
    assert not follow_up.refused and "33" in follow_up.text.splitlines()[0]
    assert follow_up.question == "how many will there be?"  # the user's words are kept


def test_follow_up_about_a_start_date_stays_on_the_npq(assistant: Assistant) -> None:
    follow_up = assistant.ask(
        "and when does it start?",
        history=["What new qualification is being introduced for SENCos?"],
    )
    assert not follow_up.refused and "autumn 2024" in follow_up.text.splitlines()[0]


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_empty_question_gets_advice(assistant: Assistant, question: str) -> None:
    with pytest.raises(QuestionError, match="Please ask a question"):
        assistant.ask(question)


def test_oversized_question_is_declined(assistant: Assistant) -> None:
    with pytest.raises(QuestionError, match="limit is 2,000"):
        assistant.ask("why " * 501)
    assert assistant.ask("x" * 1990 + " EHCP?").question  # at the limit: answered


@pytest.mark.parametrize(
    ("term", "weighs"),
    [("r", False), ("mny", False), ("npq", True), ("ap", True), ("scotland", True), ("32", True)],
)
def test_short_unknown_terms_weigh_nothing_as_evidence(
    assistant: Assistant, term: str, weighs: bool
) -> None:
    assert (assistant.retriever.idf(term) > 0) is weighs  # type: ignore[attr-defined]


def test_chat_shorthand_is_still_answered(assistant: Assistant) -> None:
    answer = assistant.ask("how mny ed psychs r being trained??")
    assert not answer.refused and "400" in answer.text
