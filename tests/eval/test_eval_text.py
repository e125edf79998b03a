"""Normalisation, sentence splitting and content words used by the checks."""

from __future__ import annotations

import pytest

from assistant.evaluation.text import (
    citation_numbers,
    cited_sentences,
    contains,
    content_words,
    normalise,
    sentences,
    stem,
    strip_markers,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Up to 5,000 SENCos", "up to 5000 sencos"),
        ("1,234,567 and 19,000", "1234567 and 19000"),
        ("£4.8 million", "£4.8 million"),
        ("pages 1,2 and 12,34", "pages 1,2 and 12,34"),
        (
            "\u201cNew phase\u201d and \u2018co-production\u2019",
            "\"new phase\" and 'co-production'",
        ),
        ("2024\u201325", "2024-25"),
        ("  two \n\t spaces\u00a0here ", "two spaces here"),
        ("**33** schools", "33 schools"),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("haystack", "needle", "expected"),
    [
        ("Training for up to 5000 early years staff", "5,000", True),
        ("Training for up to 5,000 early years staff", "5000", True),
        ("Published on 2  March\n2023.", "2 march 2023", True),
        ("Claire Coutinho\u2019s plan", "Coutinho's", True),
        ("about 400 psychologists", "4000", False),
        ("£70m for the Change Programme", "£70 million", False),
    ],
)
def test_contains(haystack: str, needle: str, expected: bool) -> None:
    assert contains(haystack, needle) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One [1]. Two [2].", ["One [1].", "Two [2]."]),
        ("One.[1] Two.[2][3]", ["One.[1]", "Two.[2][3]"]),
        ("It costs £4.8 million [1]. The rest.", ["It costs £4.8 million [1].", "The rest."]),
        ("See p. 2 of the briefing. Then stop.", ["See p. 2 of the briefing.", "Then stop."]),
        ("lower case. continues here", ["lower case. continues here"]),
        (
            "Intro:\n- first point [1]\n- second point [2]",
            ["Intro:", "first point [1]", "second point [2]"],
        ),
        ("1. Numbered item\n2) Another", ["Numbered item", "Another"]),
        ("", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a [2] b [1, 3] c [2]", [2, 1, 3]),
        ("a [1][2]", [1, 2]),
        ("no markers, [x] or [note]", []),
    ],
)
def test_citation_numbers(text: str, expected: list[int]) -> None:
    assert citation_numbers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two [1].", [("One.", [1]), ("Two [1].", [1])]),
        (
            "One [2]. Two. Three [1, 3].",
            [("One [2].", [2]), ("Two.", [1, 3]), ("Three [1, 3].", [1, 3])],
        ),
        ("One [1].\nTwo.", [("One [1].", [1]), ("Two.", [])]),
        ("One. Two.", [("One.", []), ("Two.", [])]),
    ],
)
def test_cited_sentences(text: str, expected: list[tuple[str, list[int]]]) -> None:
    assert cited_sentences(text) == expected


def test_strip_markers() -> None:
    assert strip_markers("Thirty-three [1] schools [2, 3].") == "Thirty-three schools ."


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("schools", "school"),
        ("places", "place"),
        ("funded", "fund"),
        ("training", "train"),
        ("studies", "study"),
        ("based", "base"),
        ("classes", "class"),
    ],
)
def test_stem_matches_word_forms(a: str, b: str) -> None:
    assert stem(a) == stem(b)


def test_content_words_drop_stopwords_and_markers_but_keep_numbers() -> None:
    assert content_words("The plan promises 33 new schools by 2025 [1].") == [
        "plan",
        stem("promises"),
        "33",
        "new",
        "school",
        "2025",
    ]
