"""Reading a question: what it asks for, what it is about, and what only scopes it.

A question is read by its grammar, not by its topic words:
- the *core*: the sentence(s) that ask (a long message's background is context, not asked);
- the *kind* of answer wanted (how many -> a count, when -> a date, who chairs -> a name, ...);
- the *focus*: the noun the question asks about ("what salary", "the headline of", "how many
  councils"), which the answering sentence must mention unless the kind itself answers it;
- *scopes*: dates that only place the question in time ("the 2023 plan", "as of August 2023");
- *asked figures*: numbers a yes/no question asks to confirm ("Is it 33 schools?").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from assistant.answering.answer_kinds import (
    AGE,
    AMOUNT,
    ASKS,
    AUX,
    COUNT,
    DATE,
    DEFINITION,
    DURATION,
    EXPANSION,
    NAME,
    PERCENT,
    PERSON,
    PLACE,
    QUANTITY,
    WH,
    YESNO,
)
from assistant.answering.asked import KIND_WORDS, is_vague, kind_and_focus
from assistant.answering.dates import DateMention, date_mentions, strip_dates
from assistant.answering.shorthand import expand_shorthand
from ingest.chunking import split_sentences
from vectorstore.text import content_tokens

__all__ = [
    "AGE",
    "AMOUNT",
    "COUNT",
    "DATE",
    "DEFINITION",
    "DURATION",
    "EXPANSION",
    "KIND_WORDS",
    "NAME",
    "PERCENT",
    "PERSON",
    "PLACE",
    "QUANTITY",
    "YESNO",
    "Question",
    "core_of",
    "focus_to_cover",
    "read_question",
    "split_parts",
]

# the frame of a question, not its content: "what does X stand for", "what is it called"
_FRAME = re.compile(
    r"\b(?:how many|how much|stand for|stands for|short for|mean|means|meant by|define|called|"
    r"can you tell me|"
    r"tell me|could you|can you|please|i'd like|i would like|do you know|exactly|precisely|"
    r"in full|full name|when it's at home|when it is at home|actually|basically|really|"
    r"in plain english|in simple terms|in a nutshell|in short|"
    # 'right' in "right now" is no word of the plan's ("Right support, right place")
    r"right now|just now|"
    # hedges and greetings around a question
    r"sorry|apologies|if this is obvious|quick one|quick question|just wondering|"
    r"i was wondering|i wonder|hi|hello|hey|thanks|thank you|cheers|"
    r"in particular|i need to (?:explain|know|understand|find out|check)|"
    # what someone said, in the asker's words: "how did nasen react", "what did X make of it"
    r"react|reacted|respond|responded|make of|think of|say about|said about|"
    r"slated|slammed|blasted|rubbished|trashed|hailed|is it true(?: that)?|"
    # "what changes are planned for EHCPs": a light noun after 'what' asks about what follows
    r"(?:(?<=\bwhat )|(?<=\bwhich ))(?:changes|measures|steps|actions|proposals|details|"
    r"things))\b",
    re.IGNORECASE,
)
# pronouns and demonstratives that need an earlier sentence to be understood
_REFERS_BACK = re.compile(
    r"\b(?:that|this|these|those|the same) (?:\w+ ){0,2}?(?:programme|scheme|plan|one|thing|"
    r"qualification|training|grant|fund|body|group|report|policy|initiative)\b|\b(?:it|they|them)"
    r"\b(?! (?:is|are|was) (?:the|a|an)\b)",
    re.IGNORECASE,
)


# "Could you tell me when...", "Do you know how many...": a wh-question asked politely, not
# a yes/no question
_POLITE = re.compile(
    r"(?:(?<=^)|(?<=[.!?]\s))(?:please,? )?(?:could|can|would|will) (?:you|someone|anyone) "
    r"(?:please )?(?:tell me|let me know|say|explain|confirm|set out|outline|describe|"
    r"summari[sz]e|run through|walk me through|remind me)\b,?\s*(?=(?:what|which|who|when|"
    r"where|why|how|whether|if)\b)|(?:(?<=^)|(?<=[.!?]\s))(?:do|does) (?:you|anyone) (?:know|"
    r"happen to know)\s+(?=(?:what|which|who|when|where|why|how)\b)"
    # "What nobody here can remember is when...", "What I'd like to know is how many..."
    r"|(?:(?<=^)|(?<=[.!?]\s))what [^,.?!]{1,60}? (?:is|was) (?=(?:when|how|where|who|why|whether|"
    r"which|what)\b)",
    re.IGNORECASE,
)


# "Quick one - does it apply to Wales?": an opening aside before the question itself
_HEDGE = re.compile(
    r"^\W*(?:quick (?:one|question|q)|hi(?: all| there| team)?|hello|hey|sorry)\s*[-–:,!]+\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Question:
    """A question as the answerer reads it."""

    text: str
    core: str
    kind: str | None = None
    focus: tuple[str, ...] = ()
    scopes: tuple[DateMention, ...] = ()
    # scopes that date a document ("the 2023 plan", "published in March 2023"), not an event
    document_scopes: tuple[DateMention, ...] = ()
    asked_figures: frozenset[str] = frozenset()
    # figures that say which thing is meant ("the 30 new special free schools"): the evidence's
    # passage must state them too
    stated_figures: frozenset[str] = frozenset()
    parts: tuple[str, ...] = ()
    terms: tuple[str, ...] = field(default=())

    @property
    def yes_no(self) -> bool:
        return self.kind == YESNO

    @cached_property
    def core_terms(self) -> frozenset[str]:
        """Every content word of the core, stopwords aside (read once, then by each sentence
        that is checked against it)."""
        return frozenset(content_tokens(self.core))


def read_question(text: str) -> Question:
    """Analyse a question; pure and cheap (regular expressions only)."""
    cleaned = _SENTENCE_START.sub(
        lambda m: m.group(1) + m.group(2).upper(),
        _POLITE.sub("", _HEDGE.sub("", expand_shorthand(" ".join(text.split())))),
    )
    core = core_of(cleaned)
    kind, focus = kind_and_focus(core)
    # dates in the background a question points back to ("We read the plan in March 2023...
    # when does it start?") are context, not scopes: only the asking sentences scope
    scopes = tuple(date_mentions(asking_part(core)))
    documents = tuple(m for m in scopes if _dates_a_document(core, m.text))
    figures = frozenset(_figures(core)) if kind == YESNO else frozenset()
    return Question(
        text=text,
        core=core,
        kind=kind,
        focus=focus,
        scopes=scopes,
        document_scopes=documents,
        asked_figures=figures,
        stated_figures=frozenset() if kind == YESNO else frozenset(_figures(asking_part(core))),
        parts=tuple(split_parts(core)),
        terms=tuple(dict.fromkeys(content_tokens(_FRAME.sub(" ", core)))),
    )


_PUBLISHED_BEFORE = re.compile(r"\b(?:published|dated|issued|released)(?: in| on)?\s*$", re.I)
_DOCUMENT_AFTER = re.compile(
    r"^\W*(?:[\w-]+ )?(?:plan|roadmap|update|answer|paper|briefing|report|roundup|article|piece|"
    r"announcement|consultation|document|digest)\b",
    re.IGNORECASE,
)


# a sentence typed in lower case ("...to launch. when is it?") still starts a sentence
_SENTENCE_START = re.compile(r"(^|[.!?]\s+)([a-z])")


def asking_part(core: str) -> str:
    """The sentences of the core that ask (without the background they point back to)."""
    asking = [s for s in split_sentences(core) if ASKS.search(s)]
    return " ".join(asking) or core


def _dates_a_document(text: str, mention: str) -> bool:
    """'the 2023 plan', 'the plan published in March 2023': the date names a document."""
    before, _, after = text.partition(mention)
    return bool(_PUBLISHED_BEFORE.search(before) or _DOCUMENT_AFTER.match(after))


def core_of(text: str) -> str:
    """The sentences that ask, with any earlier sentence they refer back to.

    "What does DSCO stand for? It keeps coming up." asks only the first; a long message's
    background ("I'm a SENCo at a nursery...") only matters when the question points back at
    it ("What is that programme called?")."""
    sentences = [s for s in split_sentences(text) if s.strip()]
    if len(sentences) <= 1:
        return text.strip()
    asking = [i for i, s in enumerate(sentences) if ASKS.search(s)]
    if not asking:
        return text.strip()
    chosen = set(asking)
    for i in asking:
        if is_vague(sentences[i]) or _REFERS_BACK.search(_without_own_antecedent(sentences[i])):
            chosen |= _antecedents(sentences, i)
    return " ".join(sentences[i] for i in sorted(chosen))


def _without_own_antecedent(sentence: str) -> str:
    # "early yrs senco training - how many can it reach?" names its own 'it' before the dash
    return sentence.split(" - ", 1)[1] if " - " in sentence else sentence


def _antecedents(sentences: list[str], index: int) -> set[int]:
    """The nearest earlier sentence sharing a noun with the referring phrase, else the one
    just before."""
    wanted = set(content_tokens(sentences[index])) - KIND_WORDS
    for j in range(index - 1, -1, -1):
        if wanted & set(content_tokens(sentences[j])):
            return {j}
    return {index - 1} if index else set()


_NUMBER = re.compile(r"£?\d[\d,]*(?:\.\d+)?")


def _figures(text: str) -> list[str]:
    """The figures a question states, without its dates ('2024-25', 'March 2023')."""
    return [n.replace(",", "").lstrip("£") for n in _NUMBER.findall(strip_dates(text))]


# "How much is X worth, and how many areas take part?", "what is the target, and by which
# year?": a second question joined by 'and'
_SECOND_QUESTION = re.compile(
    rf",? and (?:also )?(?=(?:(?:by|in|for|from|to|at|on|until|since|with) )?{WH}\b|whether\b|"
    rf"{AUX} (?:it|they|the|there|that|this)\b)",
    re.IGNORECASE,
)


# "how many councils sit in each one, how many partnerships there will be, and how many
# areas...": parallel questions in a list
_PARALLEL = re.compile(
    r"[,:;]\s+(?:and\s+)?(?=(?:roughly |approximately |about |also )?how (?:many|much)\b)", re.I
)
# "..., because we are trying to judge whether...": why they ask, not what
_REASON = re.compile(r",?\s+because\b|,\s+(?:so (?:that )?|as )(?:we|i)\b", re.IGNORECASE)
_ROUGHLY = re.compile(r"^(?:roughly|approximately|about|also|and)\s+", re.IGNORECASE)
_HOW_MANY = re.compile(r"\bhow (?:many|much)\b", re.IGNORECASE)


def split_parts(core: str) -> list[str]:
    """The separate questions of a two-part question (one element when there is one)."""
    asking = [s for s in split_sentences(core) if ASKS.search(s)]
    # "Could you set that out for me?" after the questions adds none of its own
    sentences = [s for s in asking if not is_vague(s)] or asking or [core]
    parts: list[str] = []
    for sentence in sentences:
        pieces = [p.strip(" ,") for p in _SECOND_QUESTION.split(sentence) if p.strip(" ,")]
        pieces = [_REASON.split(p)[0] for p in pieces]
        if len(_HOW_MANY.findall(sentence)) > 1:
            pieces = [q.strip(" ,:;") for p in pieces for q in _PARALLEL.split(p) if q.strip()]
            if len(pieces) > 1 and not re.search(rf"\b{WH}\b", pieces[0], re.IGNORECASE):
                # "Two things on psychologists: how many..., how much...?": the subject
                pieces = [f"{pieces[0]}: {pieces[1]}", *pieces[2:]]
        if len(pieces) > 1 and all(ASKS.search(_ROUGHLY.sub("", p)) for p in pieces[1:]):
            parts.extend(pieces)
        else:
            parts.append(sentence)
    return parts if len(parts) > 1 else [core]


def focus_to_cover(question: Question) -> tuple[str, ...]:
    """Focus terms that the answer's own words must contain (the kind answers the rest)."""
    return tuple(t for t in question.focus if t not in KIND_WORDS)
