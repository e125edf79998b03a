"""What the indexed documents call things: their terms and the abbreviations they define.

Built from the keyword index (once per snapshot), it lets a question match the documents'
own words:
- a misspelt word the documents never use ("intervension", "pyschologist") is read as the
  indexed term it is one edit from (two for long words), the most frequent such term winning.
  Only words that are not English words are changed: a word in the embedding model's
  word-piece vocabulary ("deadline", "currently"), or a long word in an English dictionary
  ("readership"), is a real word the documents happen not to use, and capitalised words are
  names;
- an abbreviation a document defines ("EHCP (education, health and care plan)", "Delivering
  Better Value (DBV)") matches a sentence that spells it out; so does one a document only
  uses ("DfE") when another names something with its initials ("Department for Education"),
  unless the abbreviation is an English word ("SEND"). That check loads the dictionary when
  the keyword index is built (about 0.06-0.2 s, with the pass over the texts 0.2 s at 100x
  the bundled corpus), never when a saved copy is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from vectorstore.text import STOPWORDS, content_tokens, stem

MIN_CORRECTED_CHARS = 6  # shorter words are too often one edit from another real word
MIN_SOUNDED_CHARS = 5
MIN_SWAPPED_CHARS = 3  # 'on' and 'no' are both words
TWO_EDITS_FROM = 9  # words this long may be two edits away
_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z]+(?![\w'’-])")
# "ABBR (expansion)" and "Expansion Words (ABBR)"
_ABBR = r"[A-Z](?:[a-z]?[A-Z]){1,5}[a-z]?"  # EHCP, DfE, SENCo
_ABBR_FIRST = re.compile(rf"\b({_ABBR})s?\s*\(([A-Za-z][^()]{{3,80}}?)\)")
_ABBR_AFTER = re.compile(rf"((?:[A-Z][\w'-]*\s+(?:(?:and|for|of|the|in)\s+)?){{1,6}})\(({_ABBR})\)")
_ABBR_WORD = re.compile(rf"\b{_ABBR}\b")


@dataclass(frozen=True)
class Vocabulary:
    frequencies: Mapping[str, int] = field(default_factory=dict)  # stem -> chunks using it
    aliases: Mapping[str, frozenset[str]] = field(default_factory=dict)  # abbr -> its terms
    words: frozenset[str] = field(default_factory=frozenset)  # English words: never corrected
    sounds: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # sound key -> terms
    texts: Sequence[str] = ()  # the indexed texts, for word pairs (not copied)

    @classmethod
    def build(
        cls,
        frequencies: Mapping[str, int],
        texts: Sequence[str],
        *,
        words: frozenset[str] = frozenset(),
    ) -> Vocabulary:
        return cls(dict(frequencies), defined_abbreviations(texts), words,
                   sound_groups(frequencies), texts)  # fmt: skip

    def correct(self, text: str) -> str:
        """The text with misspelt lower-case words replaced by the indexed terms they mean."""
        text = _WORD.sub(lambda m: self._corrected(m.group(0)), text)
        return self._real_word_errors(text)

    def _corrected(self, word: str) -> str:
        term = stem(word)
        if word in STOPWORDS:  # never indexed, so every one of them looks unknown
            return word
        if term in self.frequencies or word in self.words or not self.words:
            return word  # without a word list, nothing tells a typo from a rare word
        if prefixed_word(word, self.words):
            return word  # 'overspends', 'underfunded': a prefix on a real word
        if in_dictionary(word):
            return word  # 'readership' is a word the documents do not use, not 'leadership'
        if len(word) < MIN_SOUNDED_CHARS:
            return self._swapped(word) or word
        # spelt as it sounds: 'speshul' for special, 'skools' for schools
        sounded = self.sounds.get(sound_key(word), ())
        if sounded:
            return max(sounded, key=lambda t: self.frequencies[t])
        if min(len(word), len(term)) < MIN_CORRECTED_CHARS:
            return self._swapped(word) or word
        limit = 2 if len(term) >= TWO_EDITS_FROM else 1
        distances = {
            t: d
            for t in self.frequencies
            if abs(len(t) - len(word)) <= limit + 3
            and (d := _distance_to_forms(word, t, limit)) <= limit
        }
        best = min(distances, key=lambda t: (distances[t], -self.frequencies[t]), default=None)
        return best or word

    def _swapped(self, word: str) -> str | None:
        """A short word typed with two neighbouring letters swapped ('teh', 'teir', 'modle'):
        the function word or indexed term the swap gives back, if exactly one does."""
        if len(word) < MIN_SWAPPED_CHARS:
            return None
        found = {
            swapped
            for i in range(len(word) - 1)
            if (swapped := word[:i] + word[i + 1] + word[i] + word[i + 2 :]) != word
            and (swapped in STOPWORDS or stem(swapped) in self.frequencies)
        }
        return found.pop() if len(found) == 1 else None

    def _real_word_errors(self, text: str) -> str:
        """A real word the documents never use, sounding like one they do use right beside
        the question's neighbouring word ('short brakes' where the documents say 'short
        breaks'): the documents' word. The pair must occur in an indexed text."""
        words = _WORD.findall(text)
        for position, word in enumerate(words):
            if len(word) < MIN_SOUNDED_CHARS or word in STOPWORDS or word not in self.words:
                continue
            if stem(word) in self.frequencies:
                continue
            neighbours = [(words[position - 1], True)] if position else []
            neighbours += [(w, False) for w in words[position + 1 : position + 2]]
            for sounded in self.sounds.get(sound_key(word), ()):
                if any(self._pair_indexed(n, sounded, before) for n, before in neighbours):
                    text = re.sub(rf"(?<![\w'’-]){word}(?![\w'’-])", sounded, text, count=1)
                    break
        return text

    def _pair_indexed(self, neighbour: str, term: str, before: bool) -> bool:
        if neighbour in STOPWORDS:
            return False
        near = rf"{re.escape(neighbour[: max(4, len(neighbour) - 2)])}\w*"
        said = rf"{re.escape(term)}\w*"
        pair = re.compile(rf"\b{near}\s+{said}\b" if before else rf"\b{said}\s+{near}\b", re.I)
        return any(pair.search(text) for text in self.texts)

    def for_search(self, text: str) -> str:
        """The corrected text with each abbreviation the documents define followed by what it
        stands for, so that retrieval finds passages that spell it out ('DfE' -> 'DfE
        (department education)')."""
        text = self.correct(text)
        extra = [
            " ".join(sorted(self.aliases[w.lower()]))
            for w in dict.fromkeys(_ABBR_WORD.findall(text))
            if w.lower() in self.aliases
        ]
        return f"{text} ({'; '.join(extra)})" if extra else text

    def spelt_out(self, term: str) -> frozenset[str]:
        """The terms of what an abbreviation stands for ('ehcp' -> education, health, care,
        plan), or nothing."""
        return self.aliases.get(term, frozenset())


def defined_abbreviations(texts: Sequence[str]) -> dict[str, frozenset[str]]:
    """Each abbreviation the texts define ("EHCP (education, health and care plan)") and the
    content terms of what it stands for; the first definition wins."""
    aliases: dict[str, frozenset[str]] = {}
    for text in texts:
        for abbr, spelt in _ABBR_FIRST.findall(text):
            aliases.setdefault(abbr.lower(), frozenset(content_tokens(spelt)))
        for spelt, abbr in _ABBR_AFTER.findall(text):
            aliases.setdefault(abbr.lower(), frozenset(content_tokens(spelt)))
    for abbr, spelt in _initialisms(texts).items():
        aliases.setdefault(abbr, spelt)
    return {a: t for a, t in aliases.items() if t}


# a run of capitalised words, with the small words names take ("Department for Education")
_NAME_RUN = re.compile(
    r"\b(?!(?:The|A|An|This|These|In|On|And|For|Of)\b)[A-Z][a-z]+"
    r"(?:\s+(?:(?:and|for|of|the|in|on)\s+)?[A-Z][a-z]+)+"
)
_SMALL_WORDS = frozenset("and for of the in on".split())


def _initialisms(texts: Sequence[str]) -> dict[str, frozenset[str]]:
    """Abbreviations the texts use without defining them ('DfE', 'DHSC'), spelt out by a
    name in the texts whose initials they are: 'Department for Education' (every word) or
    'Department of Health and Social Care' (its capitalised words). One that is also an
    English word ('SEND', 'REP') is left alone: its initials may be a coincidence."""
    used = {a.lower() for text in texts for a in _ABBR_WORD.findall(text)}
    if not used:
        return {}
    used -= _dictionary()
    found: dict[str, frozenset[str]] = {}
    for text in texts:
        for run in _NAME_RUN.findall(text):
            words = run.split()
            for initials in (
                "".join(w[0] for w in words),
                "".join(w[0] for w in words if w not in _SMALL_WORDS),
            ):
                key = initials.lower()
                if len(key) >= 3 and key in used:
                    found.setdefault(key, frozenset(content_tokens(run)))
    return found


def sound_groups(terms: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The alphabetic terms grouped by how they sound (`sound_key`)."""
    sounds: dict[str, list[str]] = {}
    for term in terms:
        if term.isalpha():
            sounds.setdefault(sound_key(term), []).append(term)
    return {key: tuple(group) for key, group in sounds.items()}


_ENDINGS = ("", "s", "e", "es", "ed", "ing", "ies", "y")
_SOUNDS = (
    ("sch", "sk"), ("ph", "f"), ("ck", "k"), ("sh", "s"), ("ch", "k"), ("q", "k"), ("x", "ks"),
    ("z", "s"), ("wh", "w"),
)  # fmt: skip


def sound_key(word: str) -> str:
    """A rough key for how a word sounds: consonants kept (c, ch, sch as k; sh, ci, ti as s),
    vowel runs as one 'a', doubled letters once, a final plural s dropped."""
    # special, nation: 'sh'; school: 'sk'
    key = re.sub(r"[ct]i(?=al|an|on|ous|a\b)", "s", word.lower().replace("sch", "sk"))
    key = re.sub(r"c(?=[eiy])", "s", key).replace("c", "k")
    for written, said in _SOUNDS:
        key = key.replace(written, said)
    key = re.sub(r"[aeiouy]+", "a", key)
    key = re.sub(r"(.)\1+", r"\1", key)
    key = key[:-1] if len(key) > 3 and key.endswith("s") else key
    return key.rstrip("a") or key


# prefixes that make new words of real ones; a word-piece vocabulary lists few such words
_PREFIXES = ("over", "under", "non", "re", "un", "pre", "mis", "out", "co", "sub", "inter", "multi")
MIN_PREFIXED_REST = 4


def prefixed_word(word: str, words: frozenset[str]) -> bool:
    """Whether the word is a prefix on an English word ('overspends', 'reassessed')."""
    return any(
        word.startswith(prefix)
        and len(rest := word[len(prefix) :].lstrip("-")) >= MIN_PREFIXED_REST
        and rest in words
        for prefix in _PREFIXES
    )


# shorter dictionary words are too often a slip for another word ('minster' for 'minister')
DICTIONARY_CHARS = 9
_INFLECTIONS = ("s", "es", "ed", "d", "ing", "er", "ers", "ly")


@cache
def _dictionary() -> frozenset[str]:
    """GCIDE's words (about 114,000, lower case), loaded on first use (about 0.2 s)."""
    from english_words import get_english_words_set

    return frozenset(get_english_words_set(["gcide"], lower=True, alpha=True))


def in_dictionary(word: str) -> bool:
    """Whether a long word, or the word it inflects ('readerships', 'therapists'), is in the
    dictionary."""
    if len(word) < DICTIONARY_CHARS:
        return False
    words = _dictionary()
    return (
        word in words
        or any(word.endswith(end) and word[: -len(end)] in words for end in _INFLECTIONS)
        or (word.endswith("ies") and f"{word[:-3]}y" in words)
    )


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
