"""`sources.yaml`: an admin's metadata for files that cannot carry their own.

A sidecar sits in a source folder and maps file names (relative to that folder) to metadata:

    annual-report.pdf:
      title: SEND annual report 2024
      url: https://www.example.gov.uk/send/annual-report
      published: 2024-07-01        # or `date:`
      publisher: Example Council
      kind: report
    news/reaction.txt:
      title: Council leaders react to the plan

`url` may also be written `source_url`, and `published` `date` (YYYY-MM-DD). A sidecar in a
subfolder describes the files under it and wins over one further up. A bad sidecar loses
nothing: each problem (YAML error, unknown file, wrong type) is reported with its line, and the
files it would describe keep their own metadata.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, field_validator

SIDECAR_NAME = "sources.yaml"
_FIELDS = "title, url, published, publisher and kind"
_KEPT = "until then its files keep their own metadata"
_HINTS = {
    "published": "write the date as YYYY-MM-DD, e.g. 2024-07-01",
    "source_url": "write the full address, starting with https://",
}


class SidecarEntry(BaseModel):
    """The metadata one sidecar entry gives a file."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str | None = Field(default=None, min_length=1)
    source_url: str | None = Field(default=None, validation_alias=AliasChoices("url", "source_url"))
    published: date | None = Field(default=None, validation_alias=AliasChoices("published", "date"))
    publisher: str | None = None
    kind: str | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _calendar_date(cls, value: object) -> object:
        # YAML reads 2024-07-01 as a date; a quoted one is text. A bare number is not a date
        # (pydantic would read it as seconds since 1970).
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date) or value is None:
            return value
        if isinstance(value, str):
            return date.fromisoformat(value.strip())
        raise ValueError("not a date")

    @field_validator("source_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError("not a web address")
        return value

    def metadata(self) -> dict[str, str]:
        values = self.model_dump(exclude_none=True)
        return {key: str(value) for key, value in values.items()}


@dataclass(frozen=True)
class SidecarProblem:
    """One thing wrong in a sidecar; `message` says what to fix."""

    path: Path
    line: int
    message: str

    @property
    def reason(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class Sidecars:
    """Every sidecar that applies to one ingestion, merged: file path -> metadata."""

    entries: dict[Path, dict[str, str]] = field(default_factory=dict)
    problems: list[SidecarProblem] = field(default_factory=list)

    def for_file(self, path: Path) -> dict[str, str]:
        return dict(self.entries.get(path.resolve(), {}))


def is_sidecar(path: Path) -> bool:
    return path.name == SIDECAR_NAME


def read_sidecars(root: Path) -> Sidecars:
    """The sidecars for ingesting `root`: under a folder, or beside a single file."""
    if root.is_dir():
        found = (p for p in root.rglob(SIDECAR_NAME) if not _hidden(p.relative_to(root)))
        paths = sorted(found, key=lambda p: len(p.parts))  # deeper sidecars win
    else:
        paths = [p for p in [root.parent / SIDECAR_NAME] if p.is_file()]
    merged = Sidecars()
    for path in paths:
        entries, problems = parse_sidecar(path)
        merged.problems.extend(problems)
        for file, metadata in entries.items():
            merged.entries.setdefault(file, {}).update(metadata)
    return merged


def parse_sidecar(path: Path) -> tuple[dict[Path, dict[str, str]], list[SidecarProblem]]:
    """Valid entries by resolved file path, and a problem for every entry that is not."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        return {}, [_yaml_problem(path, exc)]
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return {}, [SidecarProblem(path, 1, f"could not be read ({exc}); save it as UTF-8 YAML")]
    if root is None:
        return {}, []
    if not isinstance(root, yaml.MappingNode):
        message = f"should map file names to their {_FIELDS} ({_KEPT})"
        return {}, [SidecarProblem(path, root.start_mark.line + 1, message)]
    entries: dict[Path, dict[str, str]] = {}
    problems: list[SidecarProblem] = []
    seen: dict[str, int] = {}
    for key_node, value_node in root.value:
        name, line = str(key_node.value), key_node.start_mark.line + 1
        if name in seen:
            message = f"'{name}' is listed twice (lines {seen[name]} and {line}); keep one"
            problems.append(SidecarProblem(path, line, message))
            continue
        seen[name] = line
        target, problem = _target(path, name, line)
        metadata, invalid = _entry(path, name, value_node) if problem is None else ({}, [problem])
        problems.extend(invalid)
        if not invalid:
            entries[target] = metadata
    return entries, sorted(problems, key=lambda p: p.line)


def _yaml_problem(path: Path, exc: yaml.MarkedYAMLError) -> SidecarProblem:
    mark = exc.problem_mark or exc.context_mark
    what = exc.problem or "not valid YAML"
    if exc.context and exc.context_mark and exc.context_mark is not mark:
        what += f" ({exc.context} that starts on line {exc.context_mark.line + 1})"
    return SidecarProblem(path, mark.line + 1 if mark else 1, f"{what}; fix the YAML ({_KEPT})")


def _target(sidecar: Path, name: str, line: int) -> tuple[Path, SidecarProblem | None]:
    folder = sidecar.parent
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or not name.strip():
        message = f"'{name}' must be a file name relative to {folder}, e.g. report.pdf"
        return folder, SidecarProblem(sidecar, line, message)
    target = (folder / relative).resolve()
    if not target.is_file():
        message = f"'{name}' is not a file in {folder}; fix the name or remove the entry"
        return target, SidecarProblem(sidecar, line, message)
    return target, None


def _entry(
    sidecar: Path, name: str, node: yaml.Node
) -> tuple[dict[str, str], list[SidecarProblem]]:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        message = f"'{name}' should list its {_FIELDS} as 'key: value' lines"
        return {}, [SidecarProblem(sidecar, line, message)]
    try:
        values = yaml.SafeLoader("").construct_mapping(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError) as exc:  # e.g. a date such as 2024-13-45
        message = f"'{name}' has a value YAML cannot read ({exc}); fix it (until then "
        message += f"'{name}' keeps its own metadata)"
        return {}, [SidecarProblem(sidecar, line, message)]
    raw = {str(k): v for k, v in values.items()}
    try:
        return SidecarEntry.model_validate(raw).metadata(), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            key = str(error["loc"][0]) if error["loc"] else ""
            where = _line_of(node, key, default=line)
            problems.append(SidecarProblem(sidecar, where, _explain(name, key, error)))
        return {}, problems


def _line_of(node: yaml.MappingNode, key: str, *, default: int) -> int:
    for key_node, value_node in node.value:
        if str(key_node.value) == key:
            return int(value_node.start_mark.line) + 1
    return default


def _explain(name: str, key: str, error: Any) -> str:
    kept = f"until then '{name}' keeps its own metadata"
    if error["type"] == "extra_forbidden":
        return f"'{key}' is not a field of '{name}'; use {_FIELDS} ({kept})"
    field_name = {"url": "source_url", "date": "published"}.get(key, key)
    hint = _HINTS.get(field_name, "write it as text")
    reason = str(error["msg"]).removeprefix("Value error, ")
    return f"'{key}' of '{name}' is not valid ({reason}); {hint} ({kept})"


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)
