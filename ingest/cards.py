"""A document card: one small chunk per document, written from its metadata.

Facts that sit only in a document's title, publisher or published date ("What was the
headline?", "When was the roadmap published?", "What period does the roundup cover?") are in
no body chunk, so nothing could quote them. The card states them in one sentence, so they are
retrieved and quoted like any other text.
"""

from __future__ import annotations

from datetime import date

from langchain_core.documents import Document

from ingest.document import SourceDocument

CARD_SECTION = "About this document"
# what a reader calls a document of each kind; its title is its headline when it is news
_KIND_NAMES = {
    "news": "news article",
    "article": "article",
    "plan": "plan document",
    "progress": "progress update",
    "commentary": "commentary",
    "reference": "reference document",
}


def card_text(document: SourceDocument) -> str:
    """'"<title>" is the title (the headline) of this news article, published on 2 March
    2023 by <publisher>.'"""
    meta = document.metadata
    kind = meta.get("kind", "")
    name = _KIND_NAMES.get(kind, "document")
    title = "the title (the headline)" if kind in ("news", "article") else "the title"
    text = f'"{document.title}" is {title} of this {name}'
    if published := _long_date(meta.get("published")):
        text += f", published on {published}"
    if publisher := meta.get("publisher"):
        text += f" by {publisher}"
    return text + "."


def document_card(document: SourceDocument, *, source: str, index: int) -> Document:
    """The card as a chunk, with the same citation metadata as the document's other chunks."""
    header = CARD_SECTION
    metadata: dict[str, str | int] = {
        **{k: v for k, v in document.metadata.items() if k != "pages"},
        "doc_id": document.doc_id,
        "source": source,
        "title": document.title,
        "section": CARD_SECTION,
        "chunk_index": index,
        "body_start": len(header) + 1,
        "card": 1,
    }
    first_page = next((s.page for s in document.sections if s.page is not None), None)
    if first_page is not None:
        metadata["page"] = first_page
    return Document(page_content=f"{header}\n{card_text(document)}", metadata=metadata)


def _long_date(value: str | None) -> str | None:
    """'2023-03-02' as '2 March 2023'; anything else as written."""
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {day.strftime('%B')} {day.year}"
