"""Citation markers: parsing, renumbering by first use, dropping markers that point nowhere."""

from __future__ import annotations

import logging

import pytest

from assistant.answering.answer import snippet
from assistant.llm.citations import check_markers, is_not_found_reply


@pytest.mark.parametrize(
    ("text", "expected", "used", "dropped"),
    [
        ("Plain [1].", "Plain [1].", [1], []),
        ("First [3]. Then [1]. Again [3].", "First [1]. Then [2]. Again [1].", [3, 1], []),
        ("Both [1, 2].", "Both [1][2].", [1, 2], []),
        ("Both [2][1].", "Both [1][2].", [2, 1], []),
        ("Semicolon [2; 3].", "Semicolon [1][2].", [2, 3], []),
        ("Range [1-3].", "Range [1][2][3].", [1, 2, 3], []),
        ("Word [Source 2] and [sources 1, 3].", "Word [1] and [2][3].", [2, 1, 3], []),
        ("Spaces [ 2 ].", "Spaces [1].", [2], []),
        ("Repeat [1][1] and [1, 1].", "Repeat [1] and [1].", [1], []),
        ("Nowhere [9].", "Nowhere.", [], [9]),
        ("Zero [0] here [2].", "Zero here [1].", [2], [0]),
        ("Mixed [1, 9].", "Mixed [1].", [1], [9]),
        ("Year [2023] is not a source [3].", "Year is not a source [1].", [3], [2023]),
        ("No markers at all.", "No markers at all.", [], []),
        ("Ends with a dropped marker [7]", "Ends with a dropped marker", [], [7]),
    ],
)
def test_check_markers(text: str, expected: str, used: list[int], dropped: list[int]) -> None:
    checked = check_markers(text, source_count=3)
    assert (checked.text, checked.used, checked.dropped) == (expected, used, dropped)


def test_dropped_markers_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="assistant.llm.citations"):
        check_markers("A [1]. B [9][4].", source_count=3)
    assert "Dropped citation marker(s) [4, 9]" in caplog.text
    assert "sources 1-3" in caplog.text


def test_markers_keep_line_breaks_before_them() -> None:
    assert check_markers("- one [2]\n- two [1]", 2).text == "- one [1]\n- two [2]"


@pytest.mark.parametrize(
    "text",
    [
        "I cannot find this in the sources.",
        "I can't find anything about school transport in these documents.",
        "The sources do not cover funding for 2030.",
        "These documents don't mention Wales.",
        "This is not covered by the sources.",
        "There is no information about that in the documents.",
    ],
)
def test_not_found_replies(text: str) -> None:
    assert is_not_found_reply(text)


@pytest.mark.parametrize(
    "text",
    ["The plan promises 33 new special free schools.", "Standards arrive in 2025.", ""],
)
def test_answers_are_not_not_found_replies(text: str) -> None:
    assert not is_not_found_reply(text)


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short   text\nhere", 100, "short text here"),
        ("one two three four", 10, "one two\u2026"),
        ("one two, three", 9, "one two\u2026"),
    ],
)
def test_snippet(text: str, limit: int, expected: str) -> None:
    assert snippet(text, limit) == expected
