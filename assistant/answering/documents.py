"""How questions name the document they ask about: "the news piece", "the roadmap's table",
"the roundup of sector reactions", "the LocalGov article".

Such words say where to look, not what the answer says: for a document's own sentences they
count as matched (its title, file name and the nouns readers use for its kind), and a
document card (ingest/cards.py) answers only a question that names its document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from assistant.answering import question as q
from vectorstore.chunk import RetrievedChunk
from vectorstore.text import content_tokens

# what readers call a document of each `kind` (front matter, HTML meta or sources.yaml)
KIND_NOUNS = {
    "plan": "plan digest summary paper",
    "progress": "progress update updates announcement announcements",
    "commentary": "roundup round-up commentary response responses reaction reactions",
    "reference": "glossary definitions reference",
    "news": "news article piece story report headline coverage press media newspaper",
    "briefing": "briefing guide guidance note",
}
# parts of any document a question may point at ("in the transitions table")
PART_NOUNS = "document table row column section page chapter heading entry paragraph pdf file web"


@lru_cache(maxsize=1024)
def _reference_terms(title: str, doc_id: str, kind: str) -> frozenset[str]:
    words = f"{title} {doc_id.replace('-', ' ')} {KIND_NOUNS.get(kind, '')} {PART_NOUNS}"
    return frozenset(content_tokens(words))


def reference_terms(chunk: RetrievedChunk) -> frozenset[str]:
    """The words a question may use to name the chunk's document."""
    return _reference_terms(chunk.title, chunk.doc_id, str(chunk.metadata.get("kind") or ""))


def distinctive_terms(chunks: Iterable[RetrievedChunk]) -> dict[str, frozenset[str]]:
    """Per document, the naming words no other retrieved document shares ('roadmap', 'news'
    but not 'plan', which every title here uses)."""
    by_doc: dict[str, frozenset[str]] = {}
    for chunk in chunks:
        by_doc.setdefault(
            chunk.doc_id, reference_terms(chunk) - frozenset(content_tokens(PART_NOUNS))
        )
    return {
        doc: terms - frozenset().union(*(t for d, t in by_doc.items() if d != doc))
        for doc, terms in by_doc.items()
    }


# "in the news piece", "according to the roadmap's table", "from the LocalGov article": a
# phrase that says which document (or part of one) to look in
_WHERE = re.compile(
    r"\b(?:in|from|on|according to|within|under|of)\s+(?:the\s+|this\s+|that\s+|a\s+)?"
    r"((?:[\w'’-]+\s+){0,4}?(?:article|piece|story|report|roundup|round-up|briefing|guide|"
    r"glossary|roadmap|digest|update|updates|document|table|section|pdf|paper|headline|news|"
    r"press|coverage|responses|reactions))\b",
    re.IGNORECASE,
)


def where_terms(question: str) -> frozenset[str]:
    """The words of the question's phrases that only say where to look ('the LocalGov news
    piece'); for a sentence of the document they name, they count as matched."""
    return frozenset(t for phrase in _WHERE.findall(question) for t in content_tokens(phrase))


# what a document card states: a question must ask for one of these to be answered by it
# ('when did the roundup come out?' asks when it was published)
CARD_FACTS = frozenset(
    content_tokens(
        "published publisher publish author wrote title headline compiled compile date dated "
        "issued released kind type period cover covers come came"
    )
)


# what a document's opening lines state beyond its card: the title it was published under, a
# subtitle, who wrote it ('the plan came out under the title "Right support, ..."')
OPENING_FACTS = frozenset(content_tokens("title titled headline subtitle author authored"))


def asks_how_named(query: str) -> bool:
    """Whether the question asks what a document is called or who wrote it, which its
    opening lines may say when its card does not."""
    return bool(OPENING_FACTS & set(content_tokens(query)))


def asks_about_documents(read: q.Question) -> bool:
    """Whether the question asks what a document card says (its title, date, publisher...)."""
    return read.kind in (q.DATE, q.NAME, q.DURATION) or bool(CARD_FACTS & set(read.terms))
