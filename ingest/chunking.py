"""Structure-aware chunking: sections and pages first, then paragraphs, then sentences.

Every chunk fits what all-MiniLM-L6-v2 sees whole (it silently truncates past 256 word pieces),
with room for the short context header that is embedded with it.

Each text is tokenised once: a document's sections, paragraphs and headers are counted in one
batch up front (`Counts`; the fast tokenizer encodes a batch in parallel), the sentences of
an over-long paragraph in one more, and packing reads the counts back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from ingest.cards import document_card
from ingest.document import Section, SourceDocument

if TYPE_CHECKING:
    from langchain_core.documents import Document

TokenCounter = Callable[[str], int]
DEFAULT_CHUNK_TOKENS = 160  # word pieces, header included; the model's hard limit is 256

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9£])")


def approximate_tokens(text: str) -> int:
    """A cheap stand-in for the tokenizer: word pieces run ~1.3 per word in this corpus."""
    return int(len(text.split()) * 1.3) + 2


_NOT_AN_END = re.compile(
    r"(^\d{1,3}\.|\b(e\.g|i\.e|etc|Mr|Mrs|Ms|Dr|St|No|cf|vs)\.)$", re.IGNORECASE
)


_LIST_LABEL = re.compile(r"^\s*([-*+•]|\d{1,3}[.)])\s")


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph; list items and table rows (one per line) stay whole."""
    sentences: list[str] = []
    for line in paragraph.splitlines():
        pieces: list[str] = []
        for piece in (p.strip() for p in _SENTENCE_END.split(line)):
            if pieces and _NOT_AN_END.search(pieces[-1]):
                pieces[-1] = f"{pieces[-1]} {piece}"  # '1. Fulfil', 'e.g. Ofsted': one sentence
            elif piece:
                pieces.append(piece)
        if len(pieces) > 1 and _LIST_LABEL.match(line) and len(pieces[0].split()) <= 8:
            pieces[:2] = [f"{pieces[0]} {pieces[1]}"]  # '- nasen.' is a label, not a sentence
        sentences.extend(pieces)
    return sentences


class Counts:
    """Token counts, each text counted once; `prime` counts many texts in one batch when the
    counter has `many(texts)` (the fast tokenizer's TokenCounter does)."""

    def __init__(self, count: TokenCounter) -> None:
        self.count = count
        self.many: Callable[[Sequence[str]], list[int]] | None = getattr(count, "many", None)
        self.known: dict[str, int] = {}

    def prime(self, texts: Iterable[str]) -> None:
        missing = list(dict.fromkeys(t for t in texts if t not in self.known))
        if not missing:
            return
        costs = self.many(missing) if self.many else [self.count(t) for t in missing]
        self.known.update(zip(missing, costs, strict=True))

    def __call__(self, text: str) -> int:
        if text not in self.known:
            self.known[text] = self.count(text)
        return self.known[text]


def _pieces(text: str, budget: int, count: Counts) -> Iterator[str]:
    """Paragraphs, or their sentences when a paragraph alone is over budget."""
    for paragraph in text.split("\n\n"):
        if count(paragraph) <= budget:
            yield paragraph
            continue
        sentences = split_sentences(paragraph)
        count.prime(sentences)
        for sentence in sentences:
            if count(sentence) <= budget:
                yield sentence
            else:  # a run-on sentence: cut by words, the last resort
                words = sentence.split()
                step = max(1, int(len(words) * budget / count(sentence)))
                cuts = [
                    " ".join(words[start : start + step]) for start in range(0, len(words), step)
                ]
                count.prime(cuts)
                yield from cuts


def pack(pieces: Iterator[str], budget: int, count: TokenCounter) -> list[str]:
    """Greedily join consecutive pieces while they fit the budget.

    Each piece is counted once: a joined chunk costs the sum of its pieces (whitespace adds no
    word pieces), less the [CLS]/[SEP] pair that every count but one includes.
    """
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


MIN_SECTION_TOKENS = 24


def merge_short(sections: list[Section], count: TokenCounter) -> list[Section]:
    """Fold a tiny section (a stray title line, a one-line intro) into the section after it
    on the same page, so it is not indexed as a chunk that says nothing on its own."""
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


def header_for(document: SourceDocument, section: Section) -> str:
    """The context line embedded with each chunk: the section path, else the title."""
    return section.path or document.title


def chunk_document(
    document: SourceDocument,
    *,
    source: str,
    count_tokens: TokenCounter = approximate_tokens,
    max_tokens: int = DEFAULT_CHUNK_TOKENS,
) -> list[Document]:
    """LangChain Documents, one per chunk, each carrying its citation metadata."""
    from langchain_core.documents import Document

    chunks: list[Document] = []
    count = Counts(count_tokens)
    sections = document.sections
    count.prime(
        [s.text for s in sections]
        + [p for s in sections for p in s.text.split("\n\n")]
        + [header_for(document, s) for s in sections]
    )
    for section in merge_short(sections, count):
        header = header_for(document, section)
        budget = max(32, max_tokens - count(header) - 1)
        for body in pack(_pieces(section.text, budget, count), budget, count):
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
    if chunks:  # titles, publishers and dates are answers too
        chunks.append(document_card(document, source=source, index=len(chunks)))
    return chunks
