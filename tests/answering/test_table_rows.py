"""A question that names a table row by one cell and asks for another cell of that row
(issue 9: "a question about one row of a table is answered with ... instead of that row").
Real embedding model and the bundled roadmap; the questions are in no evaluation set."""

from __future__ import annotations

import pytest

from assistant.answering.evidence import names_heading
from assistant.answering.pipeline import Assistant
from assistant.answering.rows import locator_terms
from vectorstore.text import content_tokens


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What sits in the same row as the steering group?", {"steer", "group"}),
        ("Alongside piloting Adjustments Passports, what is due by 2025?", {"pilot", "passport"}),
        ("Which 2023 action is paired with it in the same row?", set()),  # points back
        ("What does the roadmap expect by the end of 2025?", set()),
    ],
)
def test_the_words_that_point_at_the_row(question: str, expected: set[str]) -> None:
    found = locator_terms(question)

    assert expected <= found if expected else not found


@pytest.mark.parametrize(
    ("question", "asked", "pointed_from"),
    [
        (
            "In the roadmap's workforce section, what is the 2023 entry in the same row as "
            "having the new leadership-level SENCo NPQ in place?",
            "In 2023: Start the review of the Initial Teacher Training",
            "SENCo NPQ in place",
        ),
        (
            "What does the roadmap expect by the end of 2025 in the row whose 2023 entry is "
            "setting up the change programme's Regional Expert Partnerships?",
            "By the end of 2025: Have reformed templates",
            "Set up the change programme's Regional Expert Partnerships",
        ),
    ],
)
def test_the_cell_asked_for_leads_not_the_cell_pointed_from(
    assistant: Assistant, question: str, asked: str, pointed_from: str
) -> None:
    answer = assistant.ask(question)

    assert not answer.refused, answer.text
    first = answer.text.splitlines()[0]
    assert asked in first
    assert pointed_from not in first


@pytest.mark.parametrize(
    ("question", "kind", "focus"),
    [
        # an action or a milestone is described, not named; a column's year is no focus
        ("Which end-of-2025 milestone goes with the NPQ?", None, ()),
        ("Which 2023 step comes with funding?", None, ()),
        ("Which council runs the partnership?", "named", ("council",)),
    ],
)
def test_which_action_asks_for_a_thing_not_a_name(
    question: str, kind: str | None, focus: tuple[str, ...]
) -> None:
    from assistant.answering.question import read_question

    read = read_question(question)

    assert (read.kind, read.focus) == (kind, focus)


def test_a_milestone_named_by_its_column_year_is_answered(assistant: Assistant) -> None:
    answer = assistant.ask(
        "Which end-of-2025 milestone in the roadmap sits in the same row as starting the review "
        "of the Initial Teacher Training frameworks?"
    )

    assert not answer.refused, answer.text
    assert "SENCo NPQ" in answer.text.splitlines()[0]


def test_a_question_that_names_a_section_quotes_that_sections_cells(
    assistant: Assistant,
) -> None:
    # the heading's words say where to look: every 2023 cell under it qualifies, not only
    # the cells that repeat the heading's words
    answer = assistant.ask(
        "Under the roadmap's alternative provision heading, what was due to happen in 2023?"
    )

    assert not answer.refused, answer.text
    assert "Extend the AP Specialist Taskforces" in answer.text
    assert "three-tier model" in answer.text
    assert "fair access panels" not in answer.text  # another section's cell


def test_the_named_sections_cells_lead_the_answer(assistant: Assistant) -> None:
    # before, a 2023 cell of another theme that mentions alternative provision in passing
    # ('local SEND and alternative provision partnerships') was quoted first
    answer = assistant.ask("Under alternative provision, what does the roadmap plan for 2023?")

    assert not answer.refused, answer.text
    assert answer.citations and {c.section for c in answer.citations} == {
        "Alternative provision"
    }, answer.citations


def test_a_one_word_heading_is_not_named_by_using_its_word(assistant: Assistant) -> None:
    # the staff briefing's 'EHCPs' section is not where the expansion is
    answer = assistant.ask("what does ehcp stand for pls")

    assert "education, health and care plan" in answer.text, answer.text


@pytest.mark.parametrize(
    ("heading", "question", "named"),
    [
        (
            "Strengthened accountability and transparency",
            "under accountability and transparency",
            True,
        ),
        ("Alternative provision", "the alternative provision table", True),
        ("Alternative provision", "what provision is there", False),  # one word of two
        ("Funding", "how is funding changing", True),
    ],
)
def test_when_a_question_names_a_section(heading: str, question: str, named: bool) -> None:
    heading_terms = frozenset(content_tokens(heading))

    assert names_heading(heading_terms, content_tokens(question)) is named


def test_two_cells_due_by_the_same_date_are_two_answers(assistant: Assistant) -> None:
    # 'by the end of 2025' in both is a shared date, not the same fact stated twice
    answer = assistant.ask(
        "What is due by the end of 2025 under the roadmap's accountability and transparency "
        "heading?"
    )

    assert not answer.refused, answer.text
    assert "inclusion dashboards" in answer.text
    assert "independent special schools" in answer.text
