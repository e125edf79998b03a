"""PDF via pypdf: one section per page (page numbers kept), running headers/footers removed."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

from pypdf import DocumentInformation, PdfReader

from ingest.document import Section, SourceDocument, clean_metadata, doc_id_for

_EDGE_LINES = 3  # running headers and footers live in the first or last few lines of a page
_END_OF_SENTENCE = (".", "!", "?", ":", ";", ",")
# what authoring tools write when nobody set a title: "Untitled", "Microsoft Word - draft.docx",
# or a bare file name
_PLACEHOLDER_TITLE = re.compile(
    r"^(untitled\b.*|document\d*|microsoft (word|powerpoint|excel) - .*|.*\.(docx?|pptx?|xlsx?|"
    r"pdf|indd|odt|rtf|tex|txt))$",
    re.IGNORECASE,
)


def _shape(line: str) -> str:
    """A line with its numbers blanked, so 'page 1 of 3' and 'page 2 of 3' match."""
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def running_lines(pages: list[list[str]]) -> set[str]:
    """Shapes of lines that recur at the top or bottom of most pages (>= 2 pages, >= 60%)."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        edges = lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]
        counts.update({_shape(line) for line in edges if line.strip()})
    needed = max(2, round(0.6 * len(pages)))
    return {shape for shape, n in counts.items() if n >= needed}


def _is_heading(line: str, previous: str | None, following: str | None) -> bool:
    """Short, unpunctuated lines that start a block: how this PDF style sets headings."""
    if len(line) > 60 or line.endswith(_END_OF_SENTENCE) or not line[:1].isupper():
        return False
    starts_block = (
        previous is None or previous.endswith((".", "!", "?", ":")) or len(previous) <= 60
    )
    return starts_block and (following is None or following[:1].isupper())


def page_sections(lines: list[str], page: int, headings: tuple[str, ...]) -> list[Section]:
    """Join wrapped lines into paragraphs and cut at heading lines."""
    sections: list[Section] = []
    paragraph: list[str] = []
    current = headings

    def flush() -> None:
        if paragraph:
            sections.append(Section(current, " ".join(paragraph), page=page))
            paragraph.clear()

    for i, line in enumerate(lines):
        previous = lines[i - 1] if i else None
        following = lines[i + 1] if i + 1 < len(lines) else None
        if _is_heading(line, previous if paragraph or i else None, following):
            flush()
            current = (line,)
        else:
            paragraph.append(line)
    flush()
    return sections


def load(path: Path) -> SourceDocument:
    reader = PdfReader(str(path))
    pages = [
        [" ".join(line.split()) for line in (page.extract_text() or "").splitlines()]
        for page in reader.pages
    ]
    pages = [[line for line in lines if line] for lines in pages]
    furniture = running_lines(pages)
    sections: list[Section] = []
    headings: tuple[str, ...] = ()
    for number, lines in enumerate(pages, start=1):
        kept = [line for line in lines if _shape(line) not in furniture]
        for section in page_sections(kept, number, headings):
            sections.append(section)
            headings = section.headings
    metadata = clean_metadata(document_info(reader, path), path)
    metadata["pages"] = str(len(pages))
    return SourceDocument(doc_id_for(path), path, metadata["title"], sections, metadata)


def document_info(reader: PdfReader, path: Path) -> dict[str, object]:
    """Title, author and date from the PDF's document information, where they are usable."""
    info = reader.metadata
    if info is None:
        return {}
    return {
        "title": useful_title(info.title, path),
        "publisher": info.author,
        "published": _info_date(info, "creation_date") or _info_date(info, "modification_date"),
    }


def useful_title(title: str | None, path: Path) -> str | None:
    """The document-info title, unless it is what a tool filled in rather than a title."""
    text = " ".join(str(title or "").split())
    if not text or _PLACEHOLDER_TITLE.match(text) or text.lower() == path.stem.lower():
        return None
    return text


def _info_date(info: DocumentInformation, name: str) -> date | None:
    try:
        value = getattr(info, name)
    except (ValueError, TypeError):  # a malformed D:... date string
        return None
    return value.date() if value is not None else None
