"""Word documents (.docx): headings by paragraph style, tables row by row with headers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
from docx.text.paragraph import Paragraph

from ingest.document import (
    SectionBuilder,
    SourceDocument,
    clean_metadata,
    doc_id_for,
)


def _heading_level(style_name: str) -> int | None:
    name = style_name.lower()
    if name == "title":
        return 0
    if name.startswith("heading"):
        digits = name.removeprefix("heading").strip()
        return int(digits) if digits.isdigit() else 1
    return None


def _table_lines(table: docx.table.Table) -> list[str]:
    rows = [[" ".join(cell.text.split()) for cell in row.cells] for row in table.rows]
    if not rows:
        return []
    headers, lines = rows[0], []
    for cells in rows[1:]:
        parts = [
            f"{headers[i]}: {c}" if i < len(headers) and headers[i] else c
            for i, c in enumerate(cells)
            if c
        ]
        if parts:
            lines.append(" | ".join(parts))
    return lines


def _style_names() -> Callable[[Paragraph], str]:
    """A paragraph's style name, looked up once per style id: python-docx resolves a
    paragraph without its own style by scanning every style of the document, each time,
    which made this loader most of the parsing time of a corpus of Word files."""
    names: dict[str | None, str] = {}

    def name(paragraph: Paragraph) -> str:
        style_id = paragraph._p.style  # None: the document's default paragraph style
        if style_id not in names:
            style = paragraph.style
            names[style_id] = style.name if style is not None and style.name else ""
        return names[style_id]

    return name


def load(path: Path) -> SourceDocument:
    document = docx.Document(str(path))
    builder = SectionBuilder()
    style_name = _style_names()
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            for line in _table_lines(block):
                builder.text(line)
            continue
        text = " ".join(block.text.split())
        level = _heading_level(style_name(block))
        if text and level is None:
            builder.text(text)
        elif text and level is not None:
            builder.heading(level, text)
    sections, title = builder.finish(), builder.title
    props = document.core_properties
    raw = {
        "title": props.title or title,
        "publisher": props.author,
        "published": props.created.date() if props.created else None,
    }
    metadata = clean_metadata(raw, path)
    return SourceDocument(doc_id_for(path), path, metadata["title"], sections, metadata)
