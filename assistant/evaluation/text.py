"""Text helpers for scoring: normalisation, sentences, citation markers, content words."""

from __future__ import annotations

import re

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        # dashes: '2024–25' and '2024-25' are the same fact
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_SPACE = re.compile(r"\s+")
_MARKER = re.compile(r"\[\s*(\d+(?:\s*,\s*\d+)*)\s*\]")
_BOUNDARY = re.compile(r"[.!?][\"')\u201d\u2019]*((?:\s*\[\s*\d+(?:\s*,\s*\d+)*\s*\])*)(?=\s)")
_NEXT_STARTS_SENTENCE = re.compile(r"\s+[\"'(\u201c\u2018\u00a3]?[A-Z0-9]")
_ABBREVIATIONS = frozenset({"p", "pp", "no", "para", "e.g", "i.e", "etc", "vs", "cf", "dr", "mr"})
_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")
_TOKEN = re.compile(r"\d+(?:\.\d+)*|[^\W\d_]+")

_STOPWORD_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing done down during each either
    few for from further had has have having he her here hers him his how however i if in into
    is it its itself just may me might more most much must my no nor not now of off on once
    only or other our ours out over own same shall she should so some such than that the their
    theirs them then there these they this those through to too under until up upon very was
    we were what when where which while who whom whose why will with within would yes yet you
    your according said says say
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def normalise(text: str) -> str:
    """Casefold, straighten quotes and dashes, drop thousands separators, collapse spaces.

    '5,000' becomes '5000' so either spelling matches the other; '**' (Markdown bold) is
    dropped so an emphasised figure still matches.
    """
    text = text.translate(_QUOTES).replace("**", "")
    text = _THOUSANDS.sub("", text)
    return _SPACE.sub(" ", text).strip().casefold()


def contains(haystack: str, needle: str) -> bool:
    """Whether `needle` occurs in `haystack`, both normalised."""
    return normalise(needle) in normalise(haystack)


def citation_numbers(text: str) -> list[int]:
    """The citation numbers in '[1]', '[1, 2]' markers, in order of first use."""
    numbers = (int(n) for match in _MARKER.finditer(text) for n in match.group(1).split(","))
    return list(dict.fromkeys(numbers))


def strip_markers(text: str) -> str:
    return _SPACE.sub(" ", _MARKER.sub(" ", text)).strip()


def sentences(text: str) -> list[str]:
    """Split an answer into sentences; markers after a full stop stay with their sentence.

    Lines (bullets, paragraphs) are split first; list bullets are dropped.
    """
    return [sentence for line in text.splitlines() for sentence in _line_sentences(line)]


def cited_sentences(text: str) -> list[tuple[str, list[int]]]:
    """Each sentence with the citation numbers it leans on.

    A sentence's own markers; else those of the next marked sentence on the same line (a
    marker closing a paragraph covers it); else none.
    """
    pairs: list[tuple[str, list[int]]] = []
    for line in text.splitlines():
        pending: list[str] = []
        for sentence in _line_sentences(line):
            numbers = citation_numbers(sentence)
            pending.append(sentence)
            if numbers:
                pairs += [(waiting, numbers) for waiting in pending]
                pending = []
        pairs += [(waiting, []) for waiting in pending]
    return pairs


def _line_sentences(line: str) -> list[str]:
    line = _BULLET.sub("", line).strip()
    found, start = [], 0
    for match in _BOUNDARY.finditer(line):
        if not _NEXT_STARTS_SENTENCE.match(line, match.end()):
            continue
        if _word_before(line, match.start()) in _ABBREVIATIONS:
            continue
        found.append(line[start : match.end()].strip())
        start = match.end()
    found.append(line[start:].strip())
    return [sentence for sentence in found if sentence]


def content_words(text: str) -> list[str]:
    """Stemmed words that carry meaning: no stopwords, no single letters; numbers kept."""
    words = []
    for token in _TOKEN.findall(normalise(strip_markers(text))):
        if token[0].isdigit():
            words.append(token)
        elif len(token) > 1 and token not in STOPWORDS:
            words.append(stem(token))
    return words


def stem(word: str) -> str:
    """A crude stemmer, enough to match 'places' with 'place' and 'funded' with 'fund'."""
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if suffix == "s" and word.endswith("ss"):
            break
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def _word_before(line: str, end: int) -> str:
    words = line[:end].split()
    return words[-1].casefold().rstrip(".") if words else ""
