"""Figures asked per unit: "How much does each council get?" is not answered by a total.

A question that asks for an amount or a count per council, per pupil or for every partnership
needs a sentence that shares something out the same way ("three or four councils each",
"£X per pupil"); the national total it was divided from is not the answer.
"""

from __future__ import annotations

import re

from assistant.answering.answer_kinds import SUM
from assistant.answering.terms import SYNONYMS
from vectorstore.text import content_tokens

# "each (individual) council", "per pupil", "for every partnership"
_ASKED = re.compile(
    r"\b(?:each|per|every)(?:-|\s+)(?:(?:individual|single|one of the|of the)\s+)?"
    r"(?P<unit>[a-z][\w'’-]*(?:\s+(?!(?:each|per|every)\b)[a-z][\w'’-]*){0,2})",
    re.IGNORECASE,
)
_MARKERS = frozenset({"each", "per", "every", "apiece"})
BEFORE = 4  # words from 'each' / 'per' to the unit it shares out by ('per eligible pupil')
AFTER = 6  # words from the unit to a closing 'each' ('partnerships of three or four councils each')
# 'every year', 'per year' ask for a yearly figure, which 'a year' also states
_TIME_UNITS = frozenset(content_tokens("year years month months week weeks day days annum"))
_YEARLY = re.compile(r"\b(?:a|per|each|every) (?:year|month|week|day)\b|\bannual(?:ly)?\b", re.I)
_WORD = re.compile(r"£|[a-z][\w'’-]*", re.IGNORECASE)
_MONEY = re.compile(SUM, re.IGNORECASE)
MONEY_NEAR = 6  # words between a sum and the 'each' / 'per' that shares it out


# "once every school has opened, how many places...": a condition, not a unit
_CONDITION = re.compile(r"\b(?:once|when|after|if|until|before|while|as soon as)\b", re.I)
_VERBS = frozenset(content_tokens("get gets got receive receives received make makes made take"))
_ANAPHORS = frozenset({"one", "ones", "them", "it", "of"})  # "each one": the unit named before


def asked_units(question: str) -> list[tuple[str, ...]]:
    """The content words of each unit a figure is asked per ('council', 'regional expert');
    () for "each one", whose unit the question named before."""
    units = []
    for match in _ASKED.finditer(question):
        clause = re.split(r"[,;:?]", question[: match.start()])[-1]
        if _CONDITION.search(clause):
            continue
        head = match.group("unit").split()[0].lower()
        words = [t for t in content_tokens(match.group("unit")) if t not in _VERBS]
        units.append(() if head in _ANAPHORS else tuple(words))
    return units


def shares_out(text: str, question: str, *, money: bool = False) -> bool:
    """Whether the text states its figure per the unit the question asks about (true when
    the question asks for no such figure). With `money`, what is shared out must be a sum
    ("£5,000 for each pupil"), not a count ("three or four councils each")."""
    words = [w.lower() for w in _WORD.findall(_MONEY.sub(" £ ", text) if money else text)]
    for unit in asked_units(question):
        if not unit:
            if not _MARKERS & set(words):
                return False
        elif unit[0] in _TIME_UNITS:
            if not _YEARLY.search(text):
                return False
        elif not _shared_by(words, unit, money=money):
            return False
    return True


def _shared_by(words: list[str], unit: tuple[str, ...], *, money: bool = False) -> bool:
    """'each council', 'per pupil', or the unit followed shortly by 'each' (a council for
    an authority); with `money`, a sum close by."""
    same = set(unit).union(*(SYNONYMS.get(word, frozenset()) for word in unit))
    at = [i for i, w in enumerate(words) if (t := content_tokens(w)) and t[0] in same]
    markers = [i for i, w in enumerate(words) if w in _MARKERS]
    sums = [i for i, w in enumerate(words) if w == "£"] if money else []
    return any(
        -AFTER <= u - m <= BEFORE and (not money or any(abs(s - m) <= MONEY_NEAR for s in sums))
        for u in at
        for m in markers
    )
