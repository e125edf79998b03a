"""Whether a piece of evidence holds the kind of answer a question asks for.

"How many" wants a count, "how much" an amount, "when" a date, "how long" a duration, "who
chairs" a name, "what does X stand for" an expansion of X. A value the question already states
is not an answer to it: "How many of the 30 schools are in the North East?" is not answered by
"30 schools were announced". Whether a sentence names the person, body or title asked for is
names.py's question.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection

from assistant.answering import question as q
from assistant.answering.answer_kinds import ASKS_LENGTH, AUDIENCE, MANNER, NAMED, SUM
from assistant.answering.dates import date_mentions, strip_dates
from assistant.answering.measured import measures_what_is_asked
from assistant.answering.names import (
    asks_for_holder,
    named,
    named_thing,
    names_role,
    new_names,
)
from assistant.answering.per_unit import shares_out
from assistant.answering.terms import matches_loosely
from ingest.chunking import split_sentences
from vectorstore.text import STOPWORDS, content_tokens, stem

_WORD_NUMBER = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|hundred|hundreds|thousand|thousands|million|millions|billion|dozen|"
    r"dozens|double|doubles|half|third|quarter"
)
_NUMBER = re.compile(rf"£?\d[\d,]*(?:\.\d+)?(?:bn|m|k)?%?|\b(?:{_WORD_NUMBER})\b", re.IGNORECASE)
_MONEY = re.compile(SUM + r"|\b(?:pounds|funding of)\b", re.IGNORECASE)
_PERCENT = re.compile(r"\d[\d.]*\s*(?:%|per ?cent\b)|\b(?:half|a third|a quarter)\b", re.I)
# a count of units, not a year ('the 2025 academic year' is a date)
_UNITS_COUNT = rf"(?:\d{{1,3}}|{_WORD_NUMBER})"
_LENGTH = (
    rf"\b(?:{_UNITS_COUNT}|a|an|several|few)(?:[- ](?:to|or)[- ]{_UNITS_COUNT})?"
    r"[- ](?:financial |academic |calendar )?(?:weeks?|months?|years?|days?|terms?)\b"
)
_LENGTH_ONLY = re.compile(_LENGTH, re.IGNORECASE)
_DURATION = re.compile(
    _LENGTH
    + r"|\b(?:until|till|to|from|between|over|runs? to)\s+(?:\d{1,2}\s+)?(?:january|february|"
    r"march|april|may|june|july|august|september|october|november|december|spring|summer|"
    r"autumn|winter|the end of|(?:19|20)\d\d)",
    re.IGNORECASE,
)
# a deadline is given as a date or as a time limit ('within 20 weeks of a request')
_DEADLINE = re.compile(r"\b(?:deadlines?|time limits?|cut-?off)\b", re.IGNORECASE)
_AGE = re.compile(r"\baged? \d+|\b\d+[- ]years?[- ]old\b|\bborn in\b", re.IGNORECASE)
# "This briefing is for school leaders", "aimed at parents"
_FOR_WHOM = re.compile(
    r"\b(?:is|are|was|were) (?:written |meant |intended |designed )?for\b|\baimed at\b|"
    r"\btargeted at\b|\bintended for\b|\bwritten for\b",
    re.IGNORECASE,
)
_PLACE = re.compile(r"\b(?:in|at|across|from|near|based in)\s+(?:the\s+)?[A-Z][a-z]{2,}")
_LIST_LABEL = re.compile(r"(?m)^\s*\d{1,2}[.)]\s")


def numbers_in(text: str) -> list[str]:
    """Figures, without list labels ('1.') or years standing alone."""
    text = _LIST_LABEL.sub(" ", strip_dates(text))
    return [n.group(0) for n in _NUMBER.finditer(text)]


def _normal(figure: str) -> str:
    return figure.lower().replace(",", "").lstrip("£").rstrip("%")


def new_figures(text: str, question: q.Question) -> list[str]:
    """Figures in text that the question does not already state."""
    stated = {_normal(n) for n in numbers_in(question.core)}
    return [n for n in numbers_in(text) if _normal(n) not in stated]


# words that are numbers in form but not counts in use: "one kind of", "half of", "double"
_NOT_COUNTS = frozenset(
    "one half third quarter double doubles hundred hundreds thousand thousands million millions "
    "billion billions dozens".split()
)


_TIME_SPAN = re.compile(
    rf"\b(\d[\d,]*|{_WORD_NUMBER})[- ](?:financial |academic |calendar )?(?:weeks?|months?|years?|"
    r"days?|terms?)\b",
    re.IGNORECASE,
)


# units of time: "how many weeks" counts them; "how many places" is not answered by "over
# two financial years"
_TIME_UNITS = frozenset(content_tokens("week weeks month months year years day days term terms"))


def _count(text: str, question: q.Question) -> bool:
    if not _TIME_UNITS & set(question.focus):
        text = _TIME_SPAN.sub(" ", text)  # the length of a span is no count of what is asked
    money = {m.group(0) for m in _MONEY.finditer(text)}
    figures = [
        f
        for f in new_figures(text, question)
        if not f.endswith("%") and f.lower() not in _NOT_COUNTS
    ]
    return any(not any(f in m for m in money) for f in figures)


COUNT_WINDOW = 6  # words between a figure and the noun it counts ('32 local authorities')


def counts_near(text: str, wanted: Collection[str]) -> bool:
    """Whether a figure in the text stands near a word for what is counted: 'How many EHC
    plans...' is not answered by 'the plan runs to roughly 100 pages'."""
    plain = _LIST_LABEL.sub(" ", strip_dates(text))
    figures = [m.start() for m in _NUMBER.finditer(plain)]
    if not figures:
        return False
    # function words do not count towards the distance ('reach up to 7,000')
    words = [
        (m.start(), stem(word))
        for m in re.finditer(r"[\w'’-]+", plain)
        if (word := m.group(0).lower()) not in STOPWORDS
    ]
    starts = [start for start, _ in words]
    near = {
        i
        for at in figures
        for centre in [bisect.bisect_left(starts, at)]
        for i in range(max(0, centre - COUNT_WINDOW), centre + COUNT_WINDOW + 1)
    }
    found = frozenset(words[i][1] for i in near if i < len(words))
    return any(matches_loosely(t, found) for t in wanted)


def _expansion(text: str, question: q.Question) -> bool:
    term = next(iter(q.focus_to_cover(question)), "")
    opening = text.lower().strip().lstrip("*- ")
    return bool(term) and (f"({term}" in text.lower() or opening.startswith(term))


_CHECKS: dict[str, Callable[[str, q.Question], bool]] = {
    q.COUNT: _count,
    q.AMOUNT: lambda text, question: any(
        m for m in _MONEY.findall(text) if _normal(m.split()[0]) not in _stated(question)
    ),
    q.QUANTITY: lambda text, question: bool(new_figures(text, question)),
    q.PERCENT: lambda text, question: (
        bool(_PERCENT.search(text)) and measures_what_is_asked(text, question)
    ),
    q.DATE: lambda text, question: (
        any(m.text.lower() not in question.core.lower() for m in date_mentions(text))
        or (bool(_DEADLINE.search(question.core)) and bool(_DURATION.search(text)))
    ),
    q.DURATION: lambda text, question: bool(
        (_LENGTH_ONLY if ASKS_LENGTH.search(question.core) else _DURATION).search(text)
    ),
    q.AGE: lambda text, question: bool(_AGE.search(text)),
    q.PERSON: lambda text, question: bool(new_names(text, question)) and names_role(text, question),
    q.PLACE: lambda text, question: bool(_PLACE.search(text)),
    q.NAME: lambda text, question: named_thing(text, question),
    q.EXPANSION: _expansion,
    NAMED: named,
    AUDIENCE: lambda text, question: bool(_FOR_WHOM.search(text)),
    MANNER: lambda text, question: all(
        matches_loosely(t, frozenset(content_tokens(text))) for t in question.focus
    ),
}


def _stated(question: q.Question) -> Collection[str]:
    return {_normal(n) for n in numbers_in(question.core)}


def holds_kind(text: str, question: q.Question) -> bool:
    """Whether text holds an answer of the kind asked for (any text does when none is)."""
    check = _CHECKS.get(question.kind or "")
    if question.kind == q.PERSON and not asks_for_holder(question):
        return True  # "Who is Louise Gittins?" wants a description, not another name
    if (
        check
        and question.kind in _FIGURES
        and not shares_out(text, question.core, money=question.kind == q.AMOUNT)
    ):
        return False  # a figure asked per council is not answered by the total
    return check(text, question) if check else True


_FIGURES = frozenset({q.COUNT, q.AMOUNT, q.QUANTITY, q.PERCENT})


_SMALL_NUMBERS = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}


def holds_figures(text: str, figures: Collection[str]) -> bool:
    """Whether every figure given is in the text ('3' and 'three' alike)."""
    if not figures:
        return True
    found = {_SMALL_NUMBERS.get(n.lower(), _normal(n)) for n in numbers_in(text)}
    return all(_normal(f) in found for f in figures)


# where a sentence's clauses break: an amount belongs to the clause it is written in
_CLAUSE_BREAK = re.compile(r"[,;:]\s*|\s+(?:which|while|but|whereas)\s+")
_PRONOUN_SUBJECT = re.compile(r"^\W*(?:it|this|that|they|these|those)\b", re.IGNORECASE)
KEY_TERMS = 2  # the question's rarest words found in the sentence, one of which the amount's
# clause (or the sentence's opening clause, its subject) must hold


def time_spans(text: str) -> set[str]:
    """The lengths of time a text states ('three years' in 'over two to three years')."""
    return {" ".join(m.group(0).lower().split()) for m in _TIME_SPAN.finditer(text)}


def asks_deadline(question: q.Question) -> bool:
    return bool(_DEADLINE.search(question.core))


def holds_money(text: str) -> bool:
    return bool(_MONEY.search(text))


def amount_attached(text: str, key_terms: Collection[str]) -> bool:
    """Whether an amount in the text is about what the question asks: 'How much is the DBV
    grant?' is not answered by '... the high needs budget rises to £10 billion ... through
    the Delivering Better Value programme', whose amounts belong to other clauses."""
    if not key_terms:
        return True
    for sentence in split_sentences(text):
        clauses = [c for c in _CLAUSE_BREAK.split(sentence) if c and c.strip()]
        if not clauses or not _MONEY.search(sentence):
            continue
        # the opening clause names the sentence's subject ("The Change Programme, worth
        # £70 million"), unless a pronoun does ("It pairs that with X, ... and with £2.6
        # billion"): then X is one of its objects, and not what the amount is about
        first = set() if _PRONOUN_SUBJECT.match(clauses[0]) else set(content_tokens(clauses[0]))
        for clause in clauses:
            if _MONEY.search(clause) and (set(content_tokens(clause)) | first) & set(key_terms):
                return True
    return False
