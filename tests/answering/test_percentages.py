"""A percentage must measure what the question asks about: '84% supported new National
Standards' does not say how many backed something else. Real embedding model and the bundled
corpus; the questions are in no evaluation set."""

from __future__ import annotations

import pytest

from assistant.answering import question as q
from assistant.answering.measured import measured_terms, measures_what_is_asked
from assistant.answering.pipeline import Assistant
from vectorstore.text import content_tokens


@pytest.mark.parametrize(
    ("question", "measured"),
    [
        ("What % of governors backed the new dashboards?", "new dashboards"),
        (
            "What share of them said they felt ready to teach, according to the SEC?",
            "felt ready to teach",
        ),
        (
            "What proportion of councils were satisfied with the funding in the survey?",
            "satisfied with the funding",
        ),
        # no verb to read what is measured by: not checked
        ("What percentage is that?", ""),
    ],
)
def test_what_a_percentage_measures_is_read_after_the_populations_verb(
    question: str, measured: str
) -> None:
    assert measured_terms(q.read_question(question)) == frozenset(content_tokens(measured))


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        ("In that poll 61% backed the dashboards.", True),
        ("In that poll 61% backed new National Standards.", False),
    ],
)
def test_a_sentence_answers_when_it_names_what_is_measured(text: str, holds: bool) -> None:
    question = q.read_question("What % of parents backed the inclusion dashboards?")

    assert measures_what_is_asked(text, question) is holds


@pytest.mark.parametrize(
    "question",
    [
        "What share of early career teachers felt confident managing behaviour?",
        "What percentage of parents backed the ladder of intervention in the Parentkind poll?",
    ],
)
def test_a_percentage_of_something_else_is_no_answer(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)

    assert answer.refused, answer.text
    assert answer.refusal_reason and answer.refusal_reason.code == "kind_missing"


def test_a_percentage_of_what_is_asked_is_quoted(assistant: Assistant) -> None:
    answer = assistant.ask("What share of new teachers felt ready to teach pupils with SEND?")

    assert not answer.refused, answer.text
    assert "46%" in answer.text
