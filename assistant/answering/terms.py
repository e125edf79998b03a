"""Matching a question's terms against a sentence's: exact, prefix and one-typo matches."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from vectorstore.text import stem

Idf = Callable[[str], float]
TYPO_MIN_CHARS = 5  # shorter words are too easily one edit from another word


# words the documents and their readers use for the same thing: England's local government,
# and the verbs of starting and publishing that questions about dates turn on
_SAME = ("council authority", "start launch begin", "publish release")
SYNONYMS = {
    stem(word): frozenset(stem(w) for w in group.split()) - {stem(word)}
    for group in _SAME
    for word in group.split()
}


SpeltOut = Callable[[str], frozenset[str]]  # an abbreviation's terms ('ehcp' -> education, ...)


def _matches(term: str, terms: frozenset[str], spelt_out: SpeltOut | None = None) -> float:
    """1 for an exact term, 0.5 when one is a prefix of the other (abbreviations) or one typo
    away from it ('intervension')."""
    if term in terms or SYNONYMS.get(term, frozenset()) & terms:
        return 1.0
    if any("-" in t and term in _parts(t) for t in terms):
        return 1.0  # 'tier' in 'three-tier', 'time' in 'time-limited'
    if spelt_out is not None and (spelt := spelt_out(term)) and spelt <= terms:
        return 1.0  # 'AP' in the question, 'alternative provision' in the sentence
    if len(term) >= 4 and any(
        t.startswith(term) or (len(t) >= 4 and term.startswith(t)) for t in terms
    ):
        return 0.5
    if len(term) >= TYPO_MIN_CHARS and any(one_edit_apart(term, t) for t in terms):
        return 0.5
    return 0.0


def coverage(
    question_terms: Sequence[str],
    terms: frozenset[str],
    idf: Idf,
    spelt_out: SpeltOut | None = None,
) -> float:
    """Share of the question's content (IDF-weighted) that the text contains."""
    total = sum(idf(t) for t in question_terms)
    if not total:
        return 0.0
    return sum(idf(t) * _matches(t, terms, spelt_out) for t in question_terms) / total


@lru_cache(maxsize=1 << 12)
def _parts(term: str) -> frozenset[str]:
    """The stemmed parts of a hyphenated term ('three-tier' -> thre, tier)."""
    return frozenset(stem(part) for part in term.split("-") if part)


def matches_strictly(term: str, terms: Iterable[str]) -> bool:
    """The same word: equal, a different ending (two letters at most), a hyphenated part
    ('level' in 'leadership-level') or one typo away ('qualifcation')."""
    for other in terms:
        if other == term or term in other.split("-") or other in SYNONYMS.get(term, ()):
            return True
        short, long = sorted((term, other), key=len)
        if len(short) >= 4 and long.startswith(short) and len(long) - len(short) <= 2:
            return True
        if len(short) >= TYPO_MIN_CHARS and one_edit_apart(term, other):
            return True
    return False


@lru_cache(maxsize=1 << 16)  # the same question and sentence words meet again and again
def one_edit_apart(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance of exactly one (insert, delete, replace or swap)."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        i, j = diffs[0], diffs[-1]
        return len(diffs) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def matches_loosely(term: str, terms: Iterable[str]) -> bool:
    """matches_strictly, or a shortened form ('psych' for 'psychologists')."""
    return matches_strictly(term, terms) or (
        len(term) >= 4 and any(t.startswith(term) for t in terms)
    )
