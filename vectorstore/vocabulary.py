"""What the indexed documents call things: their terms and the abbreviations they define.

Built from the keyword index (once per snapshot), it lets a question match the documents'
own words:
- a misspelt word the documents never use ("intervension", "pyschologist") is read as the
  indexed term it is one edit from (two for long words), the most frequent such term winning.
  Only words that are not English words are changed: a word in the embedding model's
  word-piece vocabulary ("deadline", "currently") is a real word the documents happen not to
  use, and capitalised words are names;
- an abbreviation a document defines ("EHCP (education, health and care plan)", "Delivering
  Better Value (DBV)") matches a sentence that spells it out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from vectorstore.text import content_tokens, stem

MIN_CORRECTED_CHARS = 6  # shorter words are too often one edit from another real word
TWO_EDITS_FROM = 9  # words this long may be two edits away
_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z]+(?![\w'’-])")
# "ABBR (expansion)" and "Expansion Words (ABBR)"
_ABBR_FIRST = re.compile(r"\b([A-Z]{2,6})s?\s*\(([A-Za-z][^()]{3,80}?)\)")
_ABBR_AFTER = re.compile(r"((?:[A-Z][\w'-]*\s+(?:(?:and|for|of|the|in)\s+)?){1,6})\(([A-Z]{2,6})\)")


@dataclass(frozen=True)
class Vocabulary:
    frequencies: Mapping[str, int] = field(default_factory=dict)  # stem -> chunks using it
    aliases: Mapping[str, frozenset[str]] = field(default_factory=dict)  # abbr -> its terms
    words: frozenset[str] = field(default_factory=frozenset)  # English words: never corrected

    @classmethod
    def build(
        cls,
        frequencies: Mapping[str, int],
        texts: Iterable[str],
        *,
        words: frozenset[str] = frozenset(),
    ) -> Vocabulary:
        aliases: dict[str, frozenset[str]] = {}
        for text in texts:
            for abbr, spelt in _ABBR_FIRST.findall(text):
                aliases.setdefault(abbr.lower(), frozenset(content_tokens(spelt)))
            for spelt, abbr in _ABBR_AFTER.findall(text):
                aliases.setdefault(abbr.lower(), frozenset(content_tokens(spelt)))
        return cls(dict(frequencies), {a: t for a, t in aliases.items() if t}, words)

    def correct(self, text: str) -> str:
        """The text with misspelt lower-case words replaced by the indexed terms they mean."""
        return _WORD.sub(lambda m: self._corrected(m.group(0)), text)

    def _corrected(self, word: str) -> str:
        term = stem(word)
        if (
            min(len(word), len(term)) < MIN_CORRECTED_CHARS
            or term in self.frequencies
            or word in self.words
            or not self.words  # without a word list, nothing tells a typo from a rare word
        ):
            return word
        limit = 2 if len(term) >= TWO_EDITS_FROM else 1
        distances = {
            t: d
            for t in self.frequencies
            if abs(len(t) - len(word)) <= limit + 3
            and (d := _distance_to_forms(word, t, limit)) <= limit
        }
        best = min(distances, key=lambda t: (distances[t], -self.frequencies[t]), default=None)
        return best or word

    def spelt_out(self, term: str) -> frozenset[str]:
        """The terms of what an abbreviation stands for ('ehcp' -> education, health, care,
        plan), or nothing."""
        return self.aliases.get(term, frozenset())


_ENDINGS = ("", "s", "e", "es", "ed", "ing", "ies", "y")


def _distance_to_forms(word: str, term: str, limit: int) -> int:
    """The nearest a misspelt word comes to a term's word forms ('fundng' is one edit from
    'funding', a form of the indexed term 'fund')."""
    return min(edit_distance(word, term + ending, limit) for ending in _ENDINGS)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance, or limit + 1 once it is certainly above limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        row = [i] + [0] * len(b)
        for j, y in enumerate(b, start=1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        previous2, previous = previous, row
    return previous[-1]


def english_words(model_dir: Path) -> frozenset[str]:
    """The whole words of a word-piece model's vocabulary (its `vocab.txt`), or none."""
    try:
        lines = (model_dir / "vocab.txt").read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(w for w in lines if w.isalpha() and w.islower())
