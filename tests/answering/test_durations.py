"""How long something takes: a length answers 'how many months', a closing date does not."""

from __future__ import annotations

import pytest

from assistant.answering import question as q
from assistant.answering.kinds import holds_kind
from assistant.answering.pipeline import Assistant


@pytest.mark.parametrize(
    ("question", "text", "holds"),
    [
        ("How many months does the course take?", "The course takes 18 months.", True),
        ("How many months does the course take?", "Places are funded until August 2024.", False),
        ("How long will the funding run?", "Places are funded until August 2024.", True),
        ("How long will the funding run?", "Funding runs for two years.", True),
        # what something takes is a length: an end date does not say it
        (
            "How long does the course take to complete?",
            "Places are funded until August 2024.",
            False,
        ),
        ("How long does the course take to complete?", "It takes three or four terms.", True),
        # a year is a date, not a number of years
        ("How long does the course take?", "Cohorts start in the 2025 academic year.", False),
    ],
)
def test_a_question_for_a_number_of_months_needs_a_length(
    question: str, text: str, holds: bool
) -> None:
    read = q.read_question(question)

    assert read.kind == q.DURATION
    assert holds_kind(text, read) is holds


def test_what_a_course_takes_is_not_answered_by_when_its_funding_ends(
    assistant: Assistant,
) -> None:
    # the documents say until when early years staff can train, never how long it takes
    answer = assistant.ask(
        "How long does the early years Level 3 SENCo qualification take to finish?"
    )

    assert answer.refused, answer.text
    assert answer.refusal_reason and answer.refusal_reason.code == "kind_missing"


def test_how_long_something_takes_is_answered_with_a_length(assistant: Assistant) -> None:
    answer = assistant.ask("How long will it take the Change Programme to test the reforms?")

    assert not answer.refused, answer.text
    assert "two to three years" in answer.text
