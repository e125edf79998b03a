"""Golden question sets: one JSON object a line, validated with the file and line in errors.

The format (see ../shared/README.md): `id`, `question`, `category`, `answerable`,
`expected_sources` (document ids), `must_include` (groups of alternatives; every group must
match), `must_not_include`, `reference_answer`. Only `id`, `question` and `answerable` are
required; other question sets may leave the rest out.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.evaluation.errors import GoldenFormatError

DEFAULT_GOLDEN = Path("tests/eval/golden.jsonl")


class GoldenItem(BaseModel):
    """One evaluation question and what a good answer to it contains."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(min_length=1)
    question: str = Field(min_length=1)
    answerable: bool
    category: str = "uncategorised"
    expected_sources: list[str] = Field(default_factory=list)
    must_include: list[list[str]] = Field(default_factory=list)
    must_not_include: list[str] = Field(default_factory=list)
    reference_answer: str = ""

    @field_validator("id", "category", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        # ids like 17 are common in hand-written sets; keep them as text
        return str(value).strip() if isinstance(value, str | int) else value

    @field_validator("must_include", mode="before")
    @classmethod
    def _groups(cls, value: object) -> object:
        # a bare string is a group with one alternative
        if isinstance(value, list):
            return [[item] if isinstance(item, str) else item for item in value]
        return value

    @field_validator("must_include")
    @classmethod
    def _no_empty_group(cls, value: list[list[str]]) -> list[list[str]]:
        if any(not [alt for alt in group if alt.strip()] for group in value):
            raise ValueError("every must_include group needs at least one non-empty alternative")
        return value


def parse_golden(text: str, *, source: str = "<golden>") -> list[GoldenItem]:
    """Parse JSON Lines text; blank lines are skipped, ids must be unique."""
    items: list[GoldenItem] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        item = _parse_line(line, where=f"{source}:{number}")
        if item.id in seen:
            raise GoldenFormatError(
                f"{source}:{number}: duplicate id {item.id!r} (first on line {seen[item.id]}). "
                "Give every question its own id."
            )
        seen[item.id] = number
        items.append(item)
    if not items:
        raise GoldenFormatError(
            f"{source} has no questions. Add one JSON object a line with at least "
            '"id", "question" and "answerable".'
        )
    return items


def load_golden(path: Path) -> list[GoldenItem]:
    """Read and validate a golden file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GoldenFormatError(
            f"Golden file {path} not found. Pass one with --golden FILE "
            f"(the public set is {DEFAULT_GOLDEN})."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldenFormatError(f"Could not read golden file {path}: {exc}.") from exc
    return parse_golden(text, source=str(path))


def _parse_line(line: str, *, where: str) -> GoldenItem:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise GoldenFormatError(
            f"{where}: not valid JSON ({exc.msg} at column {exc.colno}). "
            "Each line must be one complete JSON object."
        ) from None
    if not isinstance(data, dict):
        raise GoldenFormatError(
            f"{where}: expected a JSON object, got {type(data).__name__}. "
            'Write one object a line, e.g. {"id": "q1", "question": "...", "answerable": true}.'
        )
    try:
        return GoldenItem.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or 'line'}: {error['msg']}"
            for error in exc.errors()
        )
        raise GoldenFormatError(f"{where}: {problems}. Fix this line of the golden file.") from None
