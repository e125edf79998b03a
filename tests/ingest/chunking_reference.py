"""The chunker as it was before token counts were batched and memoised (commit d21b4c7): it
counts every text whenever it needs the count. The tests hold today's chunker to its output."""

from __future__ import annotations

from collections.abc import Iterator

from langchain_core.documents import Document

from ingest.chunking import (
    DEFAULT_CHUNK_TOKENS,
    MIN_SECTION_TOKENS,
    TokenCounter,
    header_for,
    split_sentences,
)
from ingest.document import Section, SourceDocument


def _pieces(text: str, budget: int, count: TokenCounter) -> Iterator[str]:
    for paragraph in text.split("\n\n"):
        if count(paragraph) <= budget:
            yield paragraph
            continue
        for sentence in split_sentences(paragraph):
            if count(sentence) <= budget:
                yield sentence
            else:
                words = sentence.split()
                step = max(1, int(len(words) * budget / count(sentence)))
                for start in range(0, len(words), step):
                    yield " ".join(words[start : start + step])


def _pack(pieces: Iterator[str], budget: int, count: TokenCounter) -> list[str]:
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for piece in pieces:
        cost = count(piece)
        if current and size + cost - 2 > budget:
            chunks.append("\n\n".join(current))
            current, size = [], 0
        size = size + cost - 2 if current else cost
        current.append(piece)
    if current:
        chunks.append("\n\n".join(current))
    return chunks


def _merge_short(sections: list[Section], count: TokenCounter) -> list[Section]:
    merged: list[Section] = []
    carry: Section | None = None
    for section in sections:
        if carry is not None and carry.page == section.page:
            section = Section(section.headings, f"{carry.text}\n\n{section.text}", section.page)
        elif carry is not None:
            merged.append(carry)
        carry = None
        if count(section.text) < MIN_SECTION_TOKENS:
            carry = section
        else:
            merged.append(section)
    if carry is not None:
        merged.append(carry)
    return merged


def reference_chunks(
    document: SourceDocument,
    *,
    source: str,
    count_tokens: TokenCounter,
    max_tokens: int = DEFAULT_CHUNK_TOKENS,
) -> list[Document]:
    chunks: list[Document] = []
    for section in _merge_short(document.sections, count_tokens):
        header = header_for(document, section)
        budget = max(32, max_tokens - count_tokens(header) - 1)
        for body in _pack(_pieces(section.text, budget, count_tokens), budget, count_tokens):
            metadata: dict[str, str | int] = {
                **{k: v for k, v in document.metadata.items() if k != "pages"},
                "doc_id": document.doc_id,
                "source": source,
                "title": document.title,
                "section": section.path,
                "chunk_index": len(chunks),
                "body_start": len(header) + 1,
            }
            if section.page is not None:
                metadata["page"] = section.page
            chunks.append(Document(page_content=f"{header}\n{body}", metadata=metadata))
    return chunks
