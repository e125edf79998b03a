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

from assistant.answering.dates import DateMention, date_mentions
from ingest.chunking import split_sentences
from vectorstore.text import content_tokens

# the kinds of answer a question can ask for
COUNT, AMOUNT, QUANTITY, PERCENT, DATE, DURATION = (
    "count", "amount", "quantity", "percent", "date", "duration"
)  # fmt: skip
AGE, PERSON, PLACE, NAME, EXPANSION, DEFINITION, YESNO = (
    "age", "person", "place", "name", "expansion", "definition", "yes/no"
)  # fmt: skip

_WH = r"(?:what|which|who|whom|whose|when|where|why|how)"
_AUX = r"(?:is|are|was|were|does|do|did|will|would|has|have|had|can|could|should|shall|may|must)"
_ASKS = re.compile(
    rf"\?\s*$|^\W*(?:and |so |but |also )?(?:{_WH}|whos|{_AUX}|define|tell|"
    rf"explain|list|describe|give|name)\b",
    re.IGNORECASE,
)
_YESNO = re.compile(rf"^\W*(?:and |so |but )?{_AUX}\b", re.IGNORECASE)
# pronouns and demonstratives that need an earlier sentence to be understood
_REFERS_BACK = re.compile(
    r"\b(?:that|this|these|those|the same) (?:\w+ ){0,2}?(?:programme|scheme|plan|one|thing|"
    r"qualification|training|grant|fund|body|group|report|policy|initiative)\b|\b(?:it|they|them)"
    r"\b(?! (?:is|are|was) (?:the|a|an)\b)",
    re.IGNORECASE,
)

# "how many X", "what N", "who chairs": the pattern decides the kind; the named group, if
# any, is the focus noun phrase
_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        EXPANSION,
        re.compile(
            r"\bwhat (?:does|do|did) (?P<f>[\w'.-]+(?: [\w'.-]+){0,3}) stand for\b"
            r"|\bwhat is (?P<g>[A-Z]{2,}s?) short for\b",
            re.IGNORECASE,
        ),
    ),
    (AGE, re.compile(r"\bhow old\b|\bwhat age\b", re.IGNORECASE)),
    (
        DURATION,
        re.compile(
            r"\bhow long\b|\bover what (?:period|time|length)|\bwhat (?:length|"
            r"stretch|period|span) of time\b|\bfor how long\b|\bwhat period\b|"
            r"\bover how (?:long|many (?:years|months|weeks))\b",
            re.IGNORECASE,
        ),
    ),
    (
        PERCENT,
        re.compile(
            r"\bwhat (?:(?:is|was|are|were) the )?(?:[\w-]+ ){0,2}?(?:share|proportion|"
            r"percentage|per ?cent|ratio|rate)\b|\bhow many per ?cent\b",
            re.IGNORECASE,
        ),
    ),
    (
        COUNT,
        re.compile(
            r"\bhow many (?P<f>[\w'-]+(?: [\w'-]+){0,2}?)(?= (?:is|are|was|were|will|"
            r"would|do|does|did|has|have|had|can|could|should|in|of|at|on|for|to|"
            r"from|by|under|there|that|this|the|a|they|it|we|you|he|she|get|got|"
            r"been|being)\b|\W*$|[?,])|\bhow many\b|\bwhat (?:is|was) the number of "
            r"(?P<g>[\w'-]+(?: [\w'-]+){0,2})",
            re.IGNORECASE,
        ),
    ),
    (
        AMOUNT,
        re.compile(
            r"\bhow much\b|\bwhat (?:(?:is|was|are|were) the )?(?:\w+ )?(?:amount|"
            r"cost|budget|price|value|salary|pay|funding level)\b|\bhow big is the "
            r"(?:\w+ ){0,3}?(?:budget|grant|fund|funding|pot)\b",
            re.IGNORECASE,
        ),
    ),
    (
        QUANTITY,
        re.compile(r"\bhow (?:big|large|small)\b|\bwhat (?:figure|number)\b", re.IGNORECASE),
    ),
    (
        DATE,
        re.compile(
            r"^\W*(?:and |so |but )?when\b|\bby when\b|\bup to when\b|\buntil when\b|"
            r"\b(?:on |in |by )?what (?:date|year|month|day|time)\b|\bdeadline\b|"
            r"\bhow soon\b|\bwhen (?:is|was|are|were|will|does|did|do)\b",
            re.IGNORECASE,
        ),
    ),
    (PLACE, re.compile(r"^\W*(?:and |so |but )?where\b(?! (?:can|do|should) i\b)", re.IGNORECASE)),
    (
        PERSON,
        re.compile(
            r"\bwho(?:'s| is| are| was| were)? (?:the )?(?:current |new |present )?"
            r"(?P<f>[\w'-]+(?: [\w'-]+){0,3}?)(?= of | at | for | in |\W*$|[?,])"
            r"|\bwho (?:co-?chairs?|chairs?|leads?|heads?|runs?|jointly chairs?)\b",
            re.IGNORECASE,
        ),
    ),
    (
        NAME,
        re.compile(
            r"\bwhat (?:is|was|are) (?:that|this|the) (?:\w+ ){0,2}called\b|"
            r"\bwhat (?:title|name|headline)\b|\bwhat(?:'s| is| was) the (?:official "
            r")?(?:\w+'s )?(?:official )?(?:title|name|headline)\b",
            re.IGNORECASE,
        ),
    ),
    (
        DEFINITION,
        re.compile(
            r"^\W*(?:what|who)(?:'s| is| are) (?:an? |the )?(?P<f>[^?]{1,60}?)"
            r"\W*$|^\W*what does (?P<g>[^?]{1,60}?) mean\W*$|^\W*define "
            r"(?P<h>[^?]{1,60}?)\W*$",
            re.IGNORECASE,
        ),
    ),
)
# "what N is/does ...": the noun after 'what' or 'which' is what is asked about
_WHAT = re.compile(r"\b(?:what|which)(?:'s|’s| is| was| are| were)?\s+(?P<rest>.*)", re.IGNORECASE)
_ENDS_NOUN = frozenset(
    """of for on in does do did is are was were has have had will would can could should at
    from to under by that this these those got get gets it they he she we you i me my our your
    their its about with as if when where while not and or but than there here so due meant
    planned expected going supposed said say says happen happens happening""".split()
)
MAX_FOCUS_WORDS = 2
# words for the kind of answer itself: "what period", "the deadline", "the figure" are
# answered by the kind, not by repeating the word
KIND_WORDS = frozenset(
    content_tokens(
        "time times period stretch length span date dates year years month months day days "
        "deadline number numbers figure figures amount amounts total share proportion percentage "
        "rate ratio level cost value price sum money cash funding budget much many long big "
        "called name title headline kind type sort"
    )
)
# the question words themselves, never the focus
_NOT_FOCUS = frozenset(
    content_tokens(
        "what which who whose whom how when where why thing things latest current new "
        "official exact final main overall actual real recent first last next previous"
    )
)
# the frame of a question, not its content: "what does X stand for", "what is it called"
_FRAME = re.compile(
    r"\b(?:how many|how much|stand for|stands for|short for|mean|means|meant by|define|called|"
    r"can you tell me|"
    r"tell me|could you|can you|please|i'd like|i would like|do you know)\b",
    re.IGNORECASE,
)
_TXT_FOR = re.compile(r"(?<=[a-z]) [24] (?=[a-z])")  # "cash 4 short breaks": txt-speak, not 4


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
    parts: tuple[str, ...] = ()
    terms: tuple[str, ...] = field(default=())

    @property
    def yes_no(self) -> bool:
        return self.kind == YESNO


def read_question(text: str) -> Question:
    """Analyse a question; pure and cheap (regular expressions only)."""
    cleaned = _TXT_FOR.sub(" for ", " ".join(text.split()))
    core = core_of(cleaned)
    kind, focus = kind_and_focus(core)
    scopes = tuple(date_mentions(core))
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
        parts=tuple(split_parts(core)),
        terms=tuple(dict.fromkeys(content_tokens(_FRAME.sub(" ", core)))),
    )


_PUBLISHED_BEFORE = re.compile(r"\b(?:published|dated|issued|released)(?: in| on)?\s*$", re.I)
_DOCUMENT_AFTER = re.compile(
    r"^\W*(?:[\w-]+ )?(?:plan|roadmap|update|answer|paper|briefing|report|roundup|article|piece|"
    r"announcement|consultation|document|digest)\b",
    re.IGNORECASE,
)


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
    asking = [i for i, s in enumerate(sentences) if _ASKS.search(s)]
    if not asking:
        return text.strip()
    chosen = set(asking)
    for i in asking:
        if _REFERS_BACK.search(_without_own_antecedent(sentences[i])):
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


def kind_and_focus(core: str) -> tuple[str | None, tuple[str, ...]]:
    """The kind of answer asked for, and the focus terms the answer must be about."""
    asking = _asking_sentence(core)
    for kind, pattern in _KIND_PATTERNS:
        match = pattern.search(asking)
        if not match:
            continue
        group = next((g for g in match.groupdict().values() if g), None)
        if kind == DEFINITION and group and re.search(r"\w(?:'s|’s)\s", group):
            return None, _focus_terms(_what_noun(asking))  # "what is X's salary": not a definition
        if group is None and kind not in (EXPANSION, DEFINITION, PERSON):
            group = _what_noun(asking)
        return kind, _focus_terms(group or _possessed(asking))
    if _YESNO.match(asking):
        return YESNO, ()
    return None, _focus_terms(_what_noun(asking))


def _asking_sentence(core: str) -> str:
    asking = [s for s in split_sentences(core) if _ASKS.search(s)]
    return asking[-1] if asking else core


def _what_noun(sentence: str) -> str | None:
    """'what salary', 'X's political party', 'which minister': up to two words, the noun
    phrase's head last; a possessor ("Steve Crocker's") is the entity, not the focus."""
    match = _WHAT.search(sentence)
    if not match:
        return None
    words: list[str] = []
    for raw in match.group("rest").split():
        word = raw.strip("?,.!:;\"'").lower()
        if not words and word in ("the", "a", "an"):
            continue
        if word.endswith(("'s", "’s", "s'")):
            words = []  # the possessor: what follows is its attribute
            continue
        if word in _ENDS_NOUN or not word:
            break
        words.append(word)
        if len(words) == MAX_FOCUS_WORDS or raw.endswith((",", "?")):
            break
    return " ".join(words) or None


_POSSESSED = re.compile(r"\w(?:'s|’s)\s+(?P<rest>.*)")


def _possessed(sentence: str) -> str | None:
    """'nasen's head office' -> 'head office': what is asked of the possessor."""
    match = _POSSESSED.search(sentence)
    if not match:
        return None
    words = []
    for raw in match.group("rest").split()[:MAX_FOCUS_WORDS]:
        word = raw.strip("?,.!:;\"'").lower()
        if word in _ENDS_NOUN or not word:
            break
        words.append(word)
    return " ".join(words) or None


def _focus_terms(phrase: str | None) -> tuple[str, ...]:
    if not phrase:
        return ()
    terms = [
        t
        for t in content_tokens(phrase)
        if t not in _NOT_FOCUS and not t[0].isdigit() and len(t) >= 3  # 'r', 'ed': shorthand
    ]
    return tuple(dict.fromkeys(terms))


def focus_to_cover(question: Question) -> tuple[str, ...]:
    """Focus terms that the answer's own words must contain (the kind answers the rest)."""
    return tuple(t for t in question.focus if t not in KIND_WORDS)


_NUMBER = re.compile(r"£?\d[\d,]*(?:\.\d+)?")


def _figures(text: str) -> list[str]:
    years = {str(m.year) for m in date_mentions(text)}
    return [n.replace(",", "").lstrip("£") for n in _NUMBER.findall(text) if n not in years]


# "How much is X worth, and how many areas take part?": a second question joined by 'and'
_SECOND_QUESTION = re.compile(
    rf",? and (?:also )?(?={_WH}\b|{_AUX} (?:it|they|the|there|that|this)\b)", re.IGNORECASE
)


def split_parts(core: str) -> list[str]:
    """The separate questions of a two-part question (one element when there is one)."""
    sentences = [s for s in split_sentences(core) if _ASKS.search(s)] or [core]
    parts: list[str] = []
    for sentence in sentences:
        pieces = [p.strip(" ,") for p in _SECOND_QUESTION.split(sentence) if p.strip(" ,")]
        if len(pieces) > 1 and all(_ASKS.search(p) for p in pieces[1:]):
            parts.extend(pieces)
        else:
            parts.append(sentence)
    return parts if len(parts) > 1 else [core]
