"""How long something takes: a length answers 'how many months', a closing date does not."""

from __future__ import annotations

import pytest

from assistant.answering import question as q
from assistant.answering.kinds import holds_kind


@pytest.mark.parametrize(
    ("question", "text", "holds"),
    [
        ("How many months does the course take?", "The course takes 18 months.", True),
        ("How many months does the course take?", "Places are funded until August 2024.", False),
        ("How long will the funding run?", "Places are funded until August 2024.", True),
        ("How long will the funding run?", "Funding runs for two years.", True),
    ],
)
def test_a_question_for_a_number_of_months_needs_a_length(
    question: str, text: str, holds: bool
) -> None:
    read = q.read_question(question)

    assert read.kind == q.DURATION
    assert holds_kind(text, read) is holds
