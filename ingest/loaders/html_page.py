"""HTML pages: main content only, tables kept readable row by row with their headers."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from ingest.document import (
    Section,
    SectionBuilder,
    SourceDocument,
    clean_metadata,
    doc_id_for,
)

# Page furniture that is never part of the document.
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "iframe",
    "svg",
)
_FURNITURE = re.compile(
    r"cookie|consent|banner|breadcrumb|skip-link|share|social|newsletter", re.IGNORECASE
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BLOCKS = ("p", "li", "dt", "dd", "blockquote", "pre", "figcaption", "caption")


def _is_furniture(tag: Tag) -> bool:
    classes: list[str] = list(tag.get("class") or [])
    names = " ".join([*classes, str(tag.get("id", "")), str(tag.get("role", ""))])
    return bool(_FURNITURE.search(names)) or tag.get("role") in ("navigation", "banner")


def _text(tag: Tag) -> str:
    return " ".join(tag.get_text(" ", strip=True).split())


def table_rows(table: Tag) -> list[str]:
    """Each body row as 'Header: cell | Header: cell', so a row reads whole on its own."""
    headers = [_text(th) for th in table.select("thead th")]
    rows: list[Tag] = list(table.select("tbody tr") or table.find_all("tr"))
    if not headers and rows and rows[0].find("th") and not rows[0].find("td"):
        headers, rows = [_text(th) for th in rows[0].find_all("th")], rows[1:]
    lines = []
    for row in rows:
        cells = [_text(cell) for cell in row.find_all(["td", "th"])]
        if not any(cells):
            continue
        parts = [
            f"{headers[i]}: {cell}" if i < len(headers) and headers[i] else cell
            for i, cell in enumerate(cells)
            if cell
        ]
        lines.append(" | ".join(parts))
    return lines


def _walk(root: Tag) -> list[tuple[str, str]]:
    """('heading'|'text', value) events in document order."""
    events: list[tuple[str, str]] = []
    for element in root.find_all([*_HEADINGS, *_BLOCKS, "table"]):
        if element.find_parent("table") is not None and element.name != "table":
            continue
        if element.name in _BLOCKS and element.find_parent(_BLOCKS) is not None:
            continue  # nested block: its text is already in the parent's
        if element.name in _HEADINGS:
            events.append((element.name, _text(element)))
        elif element.name == "table":
            events.extend(("text", row) for row in table_rows(element))
        elif text := _text(element):
            events.append(("text", f"- {text}" if element.name == "li" else text))
    return events


def sections_from_html(root: Tag) -> tuple[str | None, list[Section]]:
    builder = SectionBuilder()
    for kind, value in _walk(root):
        if kind == "text":
            builder.text(value)
        else:
            builder.heading(int(kind[1]), value)
    return builder.title, builder.finish()


def load(path: Path) -> SourceDocument:
    soup = BeautifulSoup(path.read_bytes(), "html.parser")
    meta: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        name = str(tag.get("name") or tag.get("property") or "").lower().removeprefix("og:")
        name = {"date": "published", "url": "source_url", "dc.date": "published"}.get(name, name)
        if name and tag.get("content"):
            meta.setdefault(name, str(tag["content"]))
    if soup.title and soup.title.string:
        meta.setdefault("title", soup.title.string.strip())
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if not tag.decomposed and _is_furniture(tag):
            tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    h1, sections = sections_from_html(root)
    if h1:
        meta.setdefault("title", h1)
    metadata = clean_metadata(meta, path)
    return SourceDocument(doc_id_for(path), path, metadata["title"], sections, metadata)
