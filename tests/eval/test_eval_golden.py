"""Loading and validating golden question sets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.errors import AssistantError
from assistant.evaluation.golden import GoldenFormatError, load_golden, parse_golden

PUBLIC = Path(__file__).with_name("golden.jsonl")
GOOD = '{"id": "q1", "question": "What is an EHCP?", "answerable": true}'


def test_public_set_loads_with_every_field() -> None:
    items = load_golden(PUBLIC)

    assert len(items) == len(PUBLIC.read_text(encoding="utf-8").splitlines())
    assert items[0].id == "p01"
    assert items[0].must_include == [["2 March 2023"]]
    assert {item.answerable for item in items} == {True, False}
    assert all(item.expected_sources for item in items if item.answerable)


def test_minimal_item_gets_defaults() -> None:
    (item,) = parse_golden(GOOD)

    assert item.category == "uncategorised"
    assert item.expected_sources == []
    assert item.must_include == []
    assert item.must_not_include == []
    assert item.reference_answer == ""


def test_lenient_shapes_are_accepted() -> None:
    line = json.dumps(
        {
            "id": 7,
            "question": "Q?",
            "answerable": True,
            "must_include": ["33", ["5,000", "5000"]],
            "extra_field": "ignored",
        }
    )
    (item,) = parse_golden(f"\n{line}\n\n")

    assert item.id == "7"
    assert item.must_include == [["33"], ["5,000", "5000"]]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('{"id": "q2", "question": "Q?", "answerable": tru', "not valid JSON"),
        ('["q2", "Q?"]', "expected a JSON object, got list"),
        ('{"id": "q2", "answerable": true}', "question: Field required"),
        ('{"id": "q2", "question": "", "answerable": true}', "question:"),
        ('{"id": "q2", "question": "Q?"}', "answerable: Field required"),
        ('{"id": "q2", "question": "Q?", "answerable": "maybe"}', "answerable:"),
        ('{"id": "q2", "question": "Q?", "answerable": true, "must_include": [[]]}', "group"),
        (
            '{"id": "q2", "question": "Q?", "answerable": true, "expected_sources": "digest"}',
            "expected_sources:",
        ),
        ('{"id": "q1", "question": "Again?", "answerable": true}', "duplicate id 'q1'"),
    ],
)
def test_bad_line_names_file_and_line(line: str, expected: str) -> None:
    text = f"{GOOD}\n\n{line}\n"

    with pytest.raises(GoldenFormatError) as caught:
        parse_golden(text, source="set.jsonl")

    message = str(caught.value)
    assert message.startswith("set.jsonl:3: ")
    assert expected in message


def test_errors_are_assistant_errors_so_the_cli_prints_them() -> None:
    assert issubclass(GoldenFormatError, AssistantError)


@pytest.mark.parametrize("text", ["", "\n  \n"])
def test_empty_set_is_an_error(text: str) -> None:
    with pytest.raises(GoldenFormatError, match="has no questions"):
        parse_golden(text, source="empty.jsonl")


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"

    with pytest.raises(GoldenFormatError, match="nope.jsonl not found.*--golden"):
        load_golden(missing)


def test_file_errors_carry_the_path(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text(f"{GOOD}\nnot json\n", encoding="utf-8")

    with pytest.raises(GoldenFormatError, match=re.escape(f"{path}:2: not valid JSON")):
        load_golden(path)
