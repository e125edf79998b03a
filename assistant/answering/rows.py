"""Questions that point at a table row by one cell and ask for another.

"What is the 2023 action in the same row as introducing a bespoke AP performance framework?"
names the row by its end-of-2025 cell and asks for the 2023 cell beside it. The cell the
question quotes is where to look, not the answer: the answer is a sibling cell whose row
(its context) holds the words that point at it.
"""

from __future__ import annotations

import re

from assistant.answering.sentences import Sentence
from vectorstore.text import content_tokens

# "in the same row as X", "in the row whose/where/that X", "paired with X", "alongside X"
_LOCATOR = re.compile(
    r"\b(?:(?:in|on|from) )?(?:the |that )?(?:same )?row (?:as|whose|where|that|which|with)\b"
    r"|\bpaired with\b|\balongside\b|\bnext to\b|\bgoes with\b|\bbeside\b",
    re.IGNORECASE,
)
# the pointing phrase ends at a clause break ("Alongside X, what does ... list for 2023?")
_LOCATOR_END = re.compile(r"[,?;]|\s[-–]\s")
MIN_LOCATOR_TERMS = 2  # "paired with it" points back, it does not quote a cell


def locator_terms(question: str) -> frozenset[str]:
    """The words of the cell the question points from ('same row as <these words>')."""
    match = _LOCATOR.search(question)
    if not match:
        return frozenset()
    rest = _LOCATOR_END.split(question[match.end() :], maxsplit=1)[0]
    terms = frozenset(content_tokens(rest))
    return terms if len(terms) >= MIN_LOCATOR_TERMS else frozenset()


def points_from(sentence: Sentence, locator: frozenset[str]) -> bool | None:
    """For a table cell: True when it is the cell the question points from (it holds more of
    the locator's words than the rest of its row), False when its row does, None when the
    sentence is no table cell or the question points at no row."""
    if not sentence.row or not locator:
        return None
    own = len(locator & sentence.terms)
    around = len(locator & sentence.context)
    if own == around:
        return None
    return own > around
