"""Whether a piece of evidence holds the kind of answer a question asks for.

"How many" wants a count, "how much" an amount, "when" a date, "how long" a duration, "who
chairs" a name, "what does X stand for" an expansion of X. A value the question already states
is not an answer to it: "How many of the 30 schools are in the North East?" is not answered by
"30 schools were announced".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection

from assistant.answering import question as q
from assistant.answering.answer_kinds import AUDIENCE, MANNER, NAMED
from assistant.answering.dates import date_mentions, strip_dates
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
_MONEY = re.compile(
    r"£\s?\d[\d,.]*\s*(?:bn|m|k|billion|million|thousand)?\b|\b\d[\d,.]*\s*(?:billion|million)\b"
    r"|\b(?:pounds|funding of)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\d[\d.]*\s*(?:%|per ?cent\b)|\b(?:half|a third|a quarter)\b", re.I)
_LENGTH = (
    rf"\b(?:\d+|{_WORD_NUMBER}|a|an|several|few)(?:[- ](?:to|or)[- ](?:\d+|{_WORD_NUMBER}))?"
    r"[- ](?:financial |academic |calendar )?(?:weeks?|months?|years?|days?|terms?)\b"
)
# "how many months does it take" asks for a length, which a closing date ('until August') is not
_LENGTH_ONLY = re.compile(_LENGTH, re.IGNORECASE)
_ASKS_LENGTH = re.compile(r"\bhow many (?:years|months|weeks|days|terms)\b", re.IGNORECASE)
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
# two or more capitalised words ("Claire Coutinho", "Minister for Children, Families and
# Wellbeing") or a capitalised word after a title: a named person or body
_NAME = re.compile(
    r"\b(?:Dame|Sir|Lord|Lady|Baroness|Dr|Cllr|Mr|Mrs|Ms)\s+[A-Z][a-z]+"
    r"|(?<![.!?]\s)(?<!^)\b[A-Z][a-z'’]+(?:(?:\s+|,\s+|\s+(?:for|of|and|the|in)\s+)[A-Z][a-z'’]+)+"
    r"|\b[A-Z][a-z]+-[a-z]+\s[A-Z][a-z]+"
)
# "This briefing is for school leaders", "aimed at parents"
_FOR_WHOM = re.compile(
    r"\b(?:is|are|was|were) (?:written |meant |intended |designed )?for\b|\baimed at\b|"
    r"\btargeted at\b|\bintended for\b|\bwritten for\b",
    re.IGNORECASE,
)
_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
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


def _new_names(text: str, question: q.Question) -> list[str]:
    """Names in text that the question does not already say: 'The Education Secretary'
    names no one new to 'Who is the current Education Secretary?'."""
    asked = " ".join(question.core.lower().split())
    return [n for n in _NAME.findall(text) if _DETERMINER.sub("", n).lower() not in asked]


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


# nouns that any named person or body instantiates ("which organisation", "which body")
GENERIC_NOUNS = frozenset(
    content_tokens(
        "organisation organisations organization organizations body bodies group groups people "
        "person individual individuals party parties charity charities stakeholder stakeholders "
        "one ones document documents action actions step steps measure measures change changes "
        "item items row entry commitment commitments milestone milestones thing things option "
        "options part parts area areas"
    )
)
NAMED_WINDOW = 3  # words between a noun and a name it introduces ("minister Claire Coutinho")


def _named(text: str, question: q.Question) -> bool:
    """'Which council...' wants a named council: a name that is one ('Kent County Council'),
    or that the noun introduces ('minister Claire Coutinho'); 'which councils' wants two."""
    names = _new_names(text, question)
    focus = q.focus_to_cover(question)
    wanted = 2 if _plural(question, focus) else 1
    if not focus or set(focus) & GENERIC_NOUNS:
        return sum(_listed(name) for name in names) >= wanted
    head = focus[-1]
    words = [stem(w) for w in re.findall(r"[a-z][a-z'’-]*", text.lower())]
    return sum(_instance(name, head, words) for name in dict.fromkeys(names)) >= wanted


def _listed(name: str) -> int:
    """How many names a run holds: 'Cambridgeshire, Kent, Merton and Norfolk' is four, while
    'Minister for Children, Families and Wellbeing' is one."""
    pieces = re.split(r",\s+|\s+and\s+", name)
    return len(pieces) if all(len(p.split()) == 1 for p in pieces) else 1


def _instance(name: str, head: str, words: list[str]) -> bool:
    own = [stem(w) for w in re.findall(r"[a-z][a-z'’-]*", name.lower())]
    if head in own:
        return True
    for start in (i for i in range(len(words)) if words[i : i + len(own)] == own):
        around = words[max(0, start - NAMED_WINDOW) : start]
        around += words[start + len(own) : start + len(own) + 1]  # "the DHSC minister"
        if head in around:
            return True
    return False


def _plural(question: q.Question, focus: tuple[str, ...]) -> bool:
    if not focus:
        return False
    match = re.search(r"\bwhich (\d[\d,]*)? ?", question.core, re.IGNORECASE)
    if match and match.group(1) and match.group(1) != "1":
        return True
    head = focus[-1]
    return any(
        w.endswith("s") and not w.endswith("ss") and stem(w) == head
        for w in re.findall(r"[a-z]+", question.core.lower())
    )


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
    q.PERCENT: lambda text, question: bool(_PERCENT.search(text)),
    q.DATE: lambda text, question: (
        any(m.text.lower() not in question.core.lower() for m in date_mentions(text))
        or (bool(_DEADLINE.search(question.core)) and bool(_DURATION.search(text)))
    ),
    q.DURATION: lambda text, question: bool(
        (_LENGTH_ONLY if _ASKS_LENGTH.search(question.core) else _DURATION).search(text)
    ),
    q.AGE: lambda text, question: bool(_AGE.search(text)),
    q.PERSON: lambda text, question: (
        bool(_new_names(text, question)) and _names_role(text, question)
    ),
    q.PLACE: lambda text, question: bool(_PLACE.search(text)),
    q.NAME: lambda text, question: _named_thing(text, question),
    q.EXPANSION: _expansion,
    NAMED: _named,
    AUDIENCE: lambda text, question: bool(_FOR_WHOM.search(text)),
    MANNER: lambda text, question: all(
        matches_loosely(t, frozenset(content_tokens(text))) for t in question.focus
    ),
}


# nouns for a title; a title is answered by a quoted one the question does not already give
_TITLE_WORDS = frozenset(
    content_tokens("title headline slogan strapline tagline subtitle motto name phrase wording")
)
_QUOTED = re.compile(r"[\"“‘']([^\"”’']{6,}?)[\"”’']")
MAX_TITLE_CHARS = 100  # a quoted title is short; a longer quote is someone's words


def _named_thing(text: str, question: q.Question) -> bool:
    if set(question.focus) & _TITLE_WORDS:
        asked = set(content_tokens(question.core))
        return _labelled(text, question) or any(
            set(content_tokens(quote)) - asked
            for quote in _QUOTED.findall(text)
            if len(quote) <= MAX_TITLE_CHARS
        )
    return bool(_new_names(text, question) or _QUOTED.search(text) or _labelled(text, question))


# a glossary entry opens with the name it defines: "Delivering Better Value (DBV): a ..."
_LABEL_NAME = re.compile(
    r"^\W*(?P<name>[A-Z][\w'’-]*(?:\s+(?:(?:for|of|and|the|in)\s+)?[A-Z][\w'’-]*)*)"
    r"\s*(?P<abbr>\([A-Z][A-Za-z]{1,6}\))?:\s",
    re.MULTILINE,
)


def _labelled(text: str, question: q.Question) -> bool:
    """Whether the text opens with a named entry (two capitalised words, or a name with its
    abbreviation) that the question does not already say."""
    match = _LABEL_NAME.match(text.strip()) or _LABEL_NAME.search(text)
    if not match or (len(match.group("name").split()) < 2 and not match.group("abbr")):
        return False
    asked = set(content_tokens(question.core))
    return bool(set(content_tokens(match.group("name"))) - asked)


def _stated(question: q.Question) -> Collection[str]:
    return {_normal(n) for n in numbers_in(question.core)}


def holds_kind(text: str, question: q.Question) -> bool:
    """Whether text holds an answer of the kind asked for (any text does when none is)."""
    check = _CHECKS.get(question.kind or "")
    if question.kind == q.PERSON and not _asks_for_holder(question):
        return True  # "Who is Louise Gittins?" wants a description, not another name
    if (
        check
        and question.kind in _FIGURES
        and not shares_out(text, question.core, money=question.kind == q.AMOUNT)
    ):
        return False  # a figure asked per council is not answered by the total
    return check(text, question) if check else True


_FIGURES = frozenset({q.COUNT, q.AMOUNT, q.QUANTITY, q.PERCENT})


def _names_a_person(question: q.Question) -> bool:
    """'Who is Louise Gittins?': the focus is itself a name, so a description answers."""
    match = re.search(r"\bwho(?:'s| is| was)\s+(.+?)\W*$", question.core, re.IGNORECASE)
    words = match.group(1).split() if match else []
    return bool(words) and all(w[:1].isupper() for w in words)


_AUDIENCE = re.compile(
    r"\b(?:aimed at|intended for|meant for|written for|designed for|targeted at|for)\W*$", re.I
)


def _names_role(text: str, question: q.Question) -> bool:
    """'Who is the chief executive of X?' is answered by a sentence that names the role with
    the person ('Its chief executive, Purnima Tanuku'), not by any sentence with a name."""
    terms = set(content_tokens(text))
    return all(
        t in terms or any(w.startswith(t) for w in terms) for t in q.focus_to_cover(question)
    )


def _asks_for_holder(question: q.Question) -> bool:
    """'Who chairs X', 'who is the president of X': a role's holder, so a name is needed;
    'who is the briefing aimed at' asks for an audience, which needs none."""
    if _AUDIENCE.search(question.core) or _names_a_person(question):
        return False
    return bool(question.focus) or bool(
        re.search(r"\bwho\s+\w*chairs?|leads|heads|runs", question.core, re.IGNORECASE)
    )


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
