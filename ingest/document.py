"""What a loader produces: a document split into titled sections, before chunking."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

METADATA_KEYS = ("title", "publisher", "published", "source_url", "kind")
ALIASES = {"url": "source_url", "date": "published"}  # the names front matter often uses
_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")


@dataclass
class Section:
    """A run of text under one heading path (and, for PDFs, on one page)."""

    headings: tuple[str, ...]
    text: str
    page: int | None = None

    @property
    def path(self) -> str:
        return " > ".join(h for h in self.headings if h)


@dataclass
class SourceDocument:
    doc_id: str
    path: Path
    title: str
    sections: list[Section]
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(s.text for s in self.sections)


def doc_id_for(path: Path) -> str:
    """The file stem is the document id (the evaluation set refers to it)."""
    return path.stem


def title_from_name(path: Path) -> str:
    stem = _DATE_IN_NAME.sub("", path.stem).strip("-_ ")
    return re.sub(r"[-_]+", " ", stem).strip().capitalize() or path.stem


def clean_metadata(raw: dict[str, Any], path: Path) -> dict[str, str]:
    """Keep the known keys as strings; fall back to the file name for title and date."""
    meta: dict[str, str] = {}
    for key in METADATA_KEYS:
        value = raw.get(key)
        if value in (None, ""):
            value = next((raw.get(a) for a, k in ALIASES.items() if k == key), None)
        if isinstance(value, datetime):
            value = value.date().isoformat()
        elif isinstance(value, date):
            value = value.isoformat()
        if value not in (None, ""):
            meta[key] = " ".join(str(value).split())
    if "published" not in meta and (match := _DATE_IN_NAME.search(path.stem)):
        meta["published"] = match.group(1)
    meta.setdefault("title", title_from_name(path))
    return meta


def normalise_whitespace(text: str) -> str:
    """Collapse runs of spaces inside lines and of blank lines between paragraphs."""
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")


def unwrap(text: str) -> str:
    """Join hard-wrapped lines into paragraphs; keep list items on lines of their own."""
    blocks = []
    for block in re.split(r"\n\s*\n", text):
        lines: list[str] = []
        for raw in block.splitlines():
            line = raw.strip()
            if not line:
                continue
            if lines and not _LIST_ITEM.match(line):
                lines[-1] = f"{lines[-1]} {line}"
            else:
                lines.append(line)
        if lines:
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


class SectionBuilder:
    """Turns a stream of headings and text into Sections under their heading paths.

    The first top-level heading (level 0 or 1) is the document's title, not a section.
    `join` glues the text parts of one section; `clean` tidies the result.
    """

    def __init__(
        self, *, join: str = "\n\n", clean: Callable[[str], str] = normalise_whitespace
    ) -> None:
        self.join, self.clean = join, clean
        self.sections: list[Section] = []
        self.title: str | None = None
        self._stack: list[tuple[int, str]] = []
        self._parts: list[str] = []

    def text(self, part: str) -> None:
        self._parts.append(part)

    def heading(self, level: int, text: str) -> None:
        self._flush()
        if level <= 1 and self.title is None:
            self.title = text
            return
        self._stack = [(lvl, h) for lvl, h in self._stack if lvl < level] + [(level, text)]

    def finish(self) -> list[Section]:
        self._flush()
        return self.sections

    def _flush(self) -> None:
        text = self.clean(self.join.join(self._parts)) if self._parts else ""
        if text:
            self.sections.append(Section(tuple(h for _, h in self._stack), text))
        self._parts.clear()
