"""Quotable units of a chunk: sentences, list items, list lead-ins with their items, and the
cells of a table row (each with its column header, the rest of the row as its context)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.chunking import split_sentences
from vectorstore.chunk import RetrievedChunk
from vectorstore.text import content_tokens

_LIST_ITEM = re.compile(r"^([-*•]|\d+[.)])\s")
# A sentence opening with one of these leans on the sentence before it ("It is chaired by...").
_LEANS_BACK = re.compile(
    r"^(it|its|this|these|those|they|their|he|she|his|her|such)\b", re.IGNORECASE
)
SHORT_SENTENCE_WORDS = 12
CELL_SEPARATOR = " | "  # the HTML loader writes a table row as 'Header: cell | Header: cell'


@dataclass(frozen=True)
class Sentence:
    """A quotable unit of a chunk. `context` holds the terms of what surrounds it and reads
    with it (the other cells of its table row)."""

    text: str
    chunk: RetrievedChunk
    position: int
    terms: frozenset[str] = field(default_factory=frozenset)
    context: frozenset[str] = field(default_factory=frozenset)
    row: str = ""
    # opens with a pronoun whose antecedent is not in this chunk ("It cited ..." after a cut)
    orphan: bool = False


def quotable_units(text: str) -> list[str]:
    """Sentences, with three joins so that a quoted unit reads whole on its own:
    a list lead-in ending in ':' takes its items; a sentence opening with a pronoun takes the
    sentence before it; a short topic sentence takes the sentence after it."""
    units: list[str] = []
    for paragraph in text.split("\n\n"):
        collecting = bool(units) and units[-1].endswith(":")
        previous_in_paragraph = False
        started = len(units)
        for piece in split_sentences(paragraph):
            item = bool(_LIST_ITEM.match(piece))
            if collecting and item:
                units[-1] = f"{units[-1]}\n{piece}"
                continue
            collecting = piece.endswith(":")
            leans = bool(_LEANS_BACK.match(piece)) and len(units) > started
            if (
                (previous_in_paragraph or leans)
                and not item
                and CELL_SEPARATOR not in piece
                and (leans or len(units[-1].split()) < SHORT_SENTENCE_WORDS)
                and not units[-1].endswith(":")
                and "\n" not in units[-1]
            ):
                units[-1] = f"{units[-1]} {piece}"
            else:
                units.append(piece)
            previous_in_paragraph = not item
    return units


def sentences_of(chunk: RetrievedChunk) -> list[Sentence]:
    """The quotable units of a chunk, with their content terms; a table row gives one unit
    per cell, so that the answer quotes the cell asked about with its column header."""
    found: list[Sentence] = []
    for unit in quotable_units(chunk.text):
        cells = [c.strip() for c in unit.split(CELL_SEPARATOR)] if CELL_SEPARATOR in unit else []
        if len(cells) < 2:
            # "It cited department data..." is about what the sentence before it names
            leans = bool(_LEANS_BACK.match(unit))
            before = found[-1].terms if found and leans else frozenset()
            terms = frozenset(content_tokens(unit))
            found.append(
                Sentence(unit, chunk, len(found), terms, context=before, orphan=leans and not found)
            )
            continue
        for cell in cells:
            others = " ".join(c for c in cells if c is not cell)
            found.append(
                Sentence(
                    cell,
                    chunk,
                    len(found),
                    frozenset(content_tokens(cell)),
                    context=frozenset(content_tokens(others)),
                    row=unit,
                )
            )
    return found
