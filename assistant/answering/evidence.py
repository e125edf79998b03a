"""How well retrieved text supports a question: sentence scoring and the refusal rule.

Shared by the extractive answerer (which quotes the best sentences) and the LLM answerer
(which skips the model call when the evidence is too weak to answer from).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ingest.chunking import split_sentences
from vectorstore.chunk import RetrievedChunk
from vectorstore.text import content_tokens

Idf = Callable[[str], float]

_NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|hundred|thousand|million|billion|dozen|double|half|third|quarter)\b",
    re.IGNORECASE,
)
_WHEN = re.compile(
    r"\b(19|20)\d\d\b|\b(january|february|march|april|may|june|july|august|september|october|"
    r"november|december|spring|summer|autumn|winter)\b",
    re.IGNORECASE,
)
_ASKS_NUMBER = re.compile(
    r"\bhow (many|much|big|large|long|often)\b|\bwhat (?:(?:is|was|are|were) the )?"
    r"(?:[\w'-]+ ){0,3}?(share|proportion|percentage|number|ratio|rate|amount|total|cost)\b",
    re.IGNORECASE,
)
_ASKS_WHEN = re.compile(
    # "when" opening the question, not "the minister quoted when it was published"
    r"^\W*(?:and |so |but )?when\b|\bby when\b|\bwhat (date|year|month|time)\b|\bdeadline\b"
    r"|\bhow soon\b",
    re.IGNORECASE,
)


_ASKS_DEFINITION = re.compile(
    r"^\W*(?:what|who) (?:is|are) (?:an? |the )?(?P<a>[^?]{1,60}?)\W*$"
    r"|^\W*what does (?P<b>[^?]{1,60}?) (?:mean|stand for)\W*$|^\W*define (?P<c>[^?]{1,60}?)\W*$",
    re.IGNORECASE,
)
DEFINITION_SLACK = 1  # content words that may come before the term ("A REP is ...")


def defined_term(question: str) -> list[str]:
    """The content terms of X in 'What is X?' / 'What does X mean?' / 'Define X', else []."""
    match = _ASKS_DEFINITION.match(question.strip())
    if not match:
        return []
    return content_tokens(next(group for group in match.groups() if group))


def defines(terms: Sequence[str], sentence: Sentence) -> bool:
    """Whether the sentence opens with the term, as definitions do ('EHCP (...): a ...')."""
    opening = set(content_tokens(sentence.text)[: len(terms) + DEFINITION_SLACK])
    return bool(terms) and all(t in opening for t in terms)


def asked_kind(question: str) -> str | None:
    """'number' or 'date' when the question asks for one, else None."""
    if _ASKS_NUMBER.search(question):
        return "number"
    if _ASKS_WHEN.search(question):
        return "date"
    return None


def has_kind(text: str, kind: str | None) -> bool:
    """Whether text holds the kind of answer asked for (any text does when none is asked)."""
    if kind == "number":
        return bool(_NUMBER.search(text))
    if kind == "date":
        return bool(_WHEN.search(text))
    return True


TYPE_BONUS = 0.25


def uniform_idf(term: str) -> float:
    return 1.0


@dataclass(frozen=True)
class Sentence:
    """A quotable unit of a chunk: a sentence, a list item, or a list lead-in with its items."""

    text: str
    chunk: RetrievedChunk
    position: int
    terms: frozenset[str] = field(default_factory=frozenset)


_LIST_ITEM = re.compile(r"^([-*•]|\d+[.)])\s")
# A sentence opening with one of these leans on the sentence before it ("It is chaired by...").
_LEANS_BACK = re.compile(
    r"^(it|its|this|these|those|they|their|he|she|his|her|such)\b", re.IGNORECASE
)
SHORT_SENTENCE_WORDS = 12


def quotable_units(text: str) -> list[str]:
    """Sentences, with three joins so that a quoted unit reads whole on its own:
    a list lead-in ending in ':' takes its items; a sentence opening with a pronoun takes the
    sentence before it; a short topic sentence takes the sentence after it."""
    units: list[str] = []
    for paragraph in text.split("\n\n"):
        collecting = bool(units) and units[-1].endswith(":")
        previous_in_paragraph = False
        for piece in split_sentences(paragraph):
            item = bool(_LIST_ITEM.match(piece))
            if collecting and item:
                units[-1] = f"{units[-1]}\n{piece}"
                continue
            collecting = piece.endswith(":")
            if (
                previous_in_paragraph
                and not item
                and (_LEANS_BACK.match(piece) or len(units[-1].split()) < SHORT_SENTENCE_WORDS)
                and not units[-1].endswith(":")
                and "\n" not in units[-1]
            ):
                units[-1] = f"{units[-1]} {piece}"
            else:
                units.append(piece)
            previous_in_paragraph = not item
    return units


def sentences_of(chunk: RetrievedChunk) -> list[Sentence]:
    """The quotable units of a chunk, with their content terms."""
    units = quotable_units(chunk.text)
    return [Sentence(u, chunk, i, frozenset(content_tokens(u))) for i, u in enumerate(units)]


def _matches(term: str, terms: frozenset[str]) -> float:
    """1 for an exact term, 0.5 when one is a prefix of the other (typos, abbreviations)."""
    if term in terms:
        return 1.0
    if len(term) >= 4 and any(
        t.startswith(term) or (len(t) >= 4 and term.startswith(t)) for t in terms
    ):
        return 0.5
    return 0.0


def coverage(question_terms: Sequence[str], terms: frozenset[str], idf: Idf) -> float:
    """Share of the question's content (IDF-weighted) that the text contains."""
    total = sum(idf(t) for t in question_terms)
    if not total:
        return 0.0
    return sum(idf(t) * _matches(t, terms) for t in question_terms) / total


def answer_type_bonus(question: str, sentence: str) -> float:
    """Small preference for sentences of the kind the question asks for (a number, a date)."""
    kind = asked_kind(question)
    return TYPE_BONUS if kind and has_kind(sentence, kind) else 0.0


HEADING_JOIN = " — "


@dataclass(frozen=True)
class ScoredSentence:
    sentence: Sentence
    score: float
    coverage: float
    text: str  # what the answer quotes: the sentence, led by its heading when that carries
    # part of the answer ("September 2023: the Change Programme starts — The £70 million...")


def score_sentences(
    question: str, chunks: Sequence[RetrievedChunk], idf: Idf
) -> list[ScoredSentence]:
    """Every sentence of the retrieved chunks, best first."""
    q_terms = list(dict.fromkeys(content_tokens(question)))
    kind = asked_kind(question)
    term = defined_term(question)
    scored = []
    for chunk in chunks:
        # the retriever's rank is a prior: the top chunk's sentences get a small lead
        prior = 0.15 / chunk.rank if chunk.rank else 0.0
        heading = (chunk.section or "").split(" > ")[-1]
        context = frozenset(content_tokens(heading))
        for sentence in sentences_of(chunk):
            own = coverage(q_terms, sentence.terms, idf)
            # the section heading is context for every sentence under it, at a discount
            with_heading = coverage(q_terms, sentence.terms | context, idf)
            cover = max(own, 0.5 * own + 0.5 * with_heading)
            lean = with_heading > own or (
                not has_kind(sentence.text, kind) and has_kind(heading, kind)
            )
            text = f"{heading}{HEADING_JOIN}{sentence.text}" if lean and heading else sentence.text
            score = cover + prior + answer_type_bonus(question, text)
            if defines(term, sentence):
                score += TYPE_BONUS
            scored.append(ScoredSentence(sentence, score, cover, text))
    return sorted(scored, key=lambda s: (-s.score, s.sentence.chunk.rank, s.sentence.position))
