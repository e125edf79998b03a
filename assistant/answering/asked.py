"""What a question asks for: the kind of answer, and the focus noun the answer must be about.

The kinds and the patterns that recognise them are in answer_kinds.py; this module reads the
*focus*: the noun the question asks about ("what salary", "how many councils"). Words that
only name the kind of answer ("the deadline", "what figure") are answered by the kind itself.
"""

from __future__ import annotations

import re

from assistant.answering.answer_kinds import (
    ASKS,
    AUX,
    COUNT,
    DEFINITION,
    EXPANSION,
    KIND_PATTERNS,
    NAMED,
    PERSON,
    YESNO,
    YESNO_START,
)
from ingest.chunking import split_sentences
from vectorstore.text import content_tokens

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
        "limit limits pot pots time times period stretch length span date dates year years "
        "month months day days "
        "deadline number numbers figure figures amount amounts total share proportion percentage "
        "rate ratio level cost value price sum money cash funding budget much many long big "
        "called name title headline kind type sort statistic statistics stat stats data "
        "cut-off cutoff slogan strapline tagline subtitle motto timescale timeframe timetable "
        "phrase wording readership readers audience"
    )
)
# the question words themselves, never the focus
_NOT_FOCUS = frozenset(
    content_tokens(
        "what which who whose whom how when where why thing things latest current new "
        "official exact final main overall actual actually real really recent first last next "
        "previous full complete whole precise formal proper "
        # what singles out the noun after it, not the noun: 'which older qualification',
        # 'what specific concern' ask for a qualification, a concern
        "older earlier former prior specific particular "
        # what a figure is meant to be: "the target number of places" asks for the number
        "target targets goal goals objective objectives ambition ambitions "
        # who it is for, said of nobody in particular
        "someone somebody anyone anybody everyone everybody "
        # who something is for: answered by whom it is for
        "intended "
        # light nouns: "what's the deal with X", "what changes are planned" ask about X
        "deal story situation news lowdown score point points idea ideas aspect aspects "
        "change changes measure measures step steps action actions proposal proposals "
        "detail details info information "
        # what someone said, whatever the word: answered by what they said
        "view views opinion opinions verdict reaction reactions response position stance "
        "concern concerns worry worries reservation reservations criticism criticisms "
        "complaint complaints thoughts feelings assessment judgement message argument "
        "warning take line exactly precisely item items milestone milestones entry entries "
        "thing listed "
        # the asker's verb for saying: 'who spoke for the ADCS?' asks who said something
        "spoke speak speaks spoken quoted quote quotes commented comment comments talked "
        "talk talks remarked"
    )
)


# "SENDIST - what's that?", "PINS: what is it?": the term first, then the question
_TERM_THEN_WHAT = re.compile(
    r"^\W*(?P<term>[\w'’ -]{2,40}?)\s*[-–:?]\s*what(?:'s| is| are) (?:that|it|this|they)\b", re.I
)


def kind_and_focus(core: str) -> tuple[str | None, tuple[str, ...]]:
    """The kind of answer asked for, and the focus terms the answer must be about."""
    asking = _asking_sentence(core)
    if match := _TERM_THEN_WHAT.match(asking):
        return DEFINITION, _focus_terms(match.group("term"))
    for kind, pattern in KIND_PATTERNS:
        match = pattern.search(asking)
        if not match:
            continue
        group = next((g for g in match.groupdict().values() if g), None)
        if kind == DEFINITION and group and re.search(r"\w(?:'s|’s)\s", group):
            return None, _focus_terms(_what_noun(asking))  # "what is X's salary": not a definition
        if group is None and kind == COUNT:
            group = _counted_noun(asking)
        if group is None and kind not in (EXPANSION, DEFINITION, PERSON):
            group = _what_noun(asking)
        if kind == NAMED and _which_phrase(asking) & KIND_WORDS:
            continue  # "which command paper number": a number or a date, not a name
        if kind == NAMED and _head(_what_noun(asking)) in THING_NOUNS:
            continue  # "which 2023 action", "which milestone": a thing described, not a name
        if kind == EXPANSION and not _focus_terms(_ANAPHOR.sub("", group or "")):
            group = _abbreviation(core)  # "I keep seeing 'DBV'. What does it stand for?"
        return kind, _focus_terms(group or _possessed(asking))
    if YESNO_START.match(asking):
        return YESNO, ()
    return None, _focus_terms(_what_noun(asking))


_ABBREVIATION = re.compile(r"\b[A-Z]{2,6}s?\b")


# what stands for an abbreviation named elsewhere in the question ("PINS - what does the
# acronym stand for?")
_ANAPHOR = re.compile(
    r"\b(?:it|this|that|they|the (?:acronym|abbreviation|initials|letters|term))\b", re.I
)


def _abbreviation(core: str) -> str | None:
    """The abbreviation a pronoun stands for: the first all-capitals word of the question."""
    found = [a for a in _ABBREVIATION.findall(core) if a not in ("I", "OK")]
    return found[0] if found else None


def _which_phrase(asking: str) -> frozenset[str]:
    """The terms of the three words after 'which' ('which command paper number')."""
    match = re.search(r"\bwhich (?:\d[\d,]* )?((?:[a-z][\w'-]* ){0,2}[a-z][\w'-]*)", asking, re.I)
    return frozenset(content_tokens(match.group(1))) if match else frozenset()


def _asking_sentence(core: str) -> str:
    """The last sentence that asks something of substance ("What are the latest figures?"
    after "we want to know how many practitioners started" leaves the kind to the first)."""
    asking = [s for s in split_sentences(core) if ASKS.search(s)]
    substantive = [s for s in asking if not is_vague(s)]
    return (substantive or asking)[-1] if asking else core


# words of a request that name nothing asked about: "Could you set that out for me?"
_REQUEST_WORDS = frozenset(
    content_tokens("set out lay spell sum tell explain give show help know please pls thank")
)


def is_vague(sentence: str) -> bool:
    """Whether an asking sentence names nothing but the kind of answer ("What are the latest
    figures?", "Could you set that out?"): what it asks about is in an earlier sentence."""
    return not set(content_tokens(sentence)) - KIND_WORDS - _NOT_FOCUS - _REQUEST_WORDS


_HOW_MANY = re.compile(r"\bhow many\s+(?P<rest>.*)", re.IGNORECASE)


def _counted_noun(sentence: str) -> str | None:
    """'How many pupils attend AP right now?': what is counted is the noun after 'how many',
    up to the verb, however the question goes on."""
    match = _HOW_MANY.search(sentence)
    return _noun_phrase(match.group("rest")) if match else None


def _what_noun(sentence: str) -> str | None:
    """'what salary', 'X's political party', 'which minister': up to two words, the noun
    phrase's head last; a possessor ("Steve Crocker's") is the entity, not the focus."""
    match = _WHAT.search(sentence)
    return _noun_phrase(match.group("rest")) if match else None


def _noun_phrase(rest: str) -> str | None:
    """The noun phrase a question word opens, read from the words after it."""
    words: list[str] = []
    raws = rest.split()
    for i, raw in enumerate(raws):
        word = raw.strip("?,.!:;\"'").lower()
        if not words and (word in ("the", "a", "an") or word[:1].isdigit() or word in _COUNTS):
            continue  # "which 32 local authorities", "which two ministers": not the noun
        if word.endswith(("'s", "’s", "s'")):
            words = []  # the possessor: what follows is its attribute
            continue
        if word in _ENDS_NOUN or not word:
            break
        following = raws[i + 1].lower() if i + 1 < len(raws) else ""
        if words and following in _DETERMINERS and not _modifiers_only(words):
            break  # "which ministers co-chair the board": a noun takes no 'the' after it
        if words and _looks_like_verb(words[-1], word) and not _is_verb(following):
            break  # "which action comes with money": 'comes' is the verb ('areas were' is not)
        words.append(word)
        if raw.endswith((",", "?")):
            break
        if len(words) == MAX_FOCUS_WORDS and not _possessor_follows(raws[i + 1 :]):
            break
    return " ".join(words) or None


def _modifiers_only(words: list[str]) -> bool:
    """'the official', 'the exact': words that only qualify the noun after them, which is
    the head even when a clause follows it ("the official title the government gave")."""
    return all(set(content_tokens(w)) <= _NOT_FOCUS for w in words)


POSSESSOR_WORDS = 4  # "the National Education Union's view": a name runs on to its 's


def _possessor_follows(raws: list[str]) -> bool:
    """Whether the words so far name a possessor whose 's comes within a few more words."""
    for raw in raws[:POSSESSOR_WORDS]:
        word = raw.strip("?,.!:;\"'").lower()
        if word.endswith(("'s", "’s", "s'")):
            return True
        if word in _ENDS_NOUN or not word or raw.endswith((",", "?")):
            return False
    return False


_COUNTS = frozenset("two three four five six seven eight nine ten twelve twenty".split())
_AUXILIARIES = frozenset(AUX.strip("(?:)").split("|"))
_DETERMINERS = frozenset("the a an its their this these those".split())
# common verbs in the past, which follow the noun they are said of ("which areas got")
_PAST = frozenset("got went had made took gave won saw came became received".split())


def _is_verb(word: str) -> bool:
    return word in _AUXILIARIES or word in _PAST or (len(word) > 4 and word.endswith("ed"))


def _looks_like_verb(previous: str, word: str) -> bool:
    """A word in -s after a singular noun is its verb ('plan says', 'action sits')."""
    return word.endswith("s") and not word.endswith("ss") and not previous.endswith("s")


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


# what a table or a plan lists: "which action" asks for one described, not for a name
THING_NOUNS = frozenset(
    content_tokens(
        "action actions step steps milestone milestones item items entry entries commitment "
        "commitments measure measures change changes proposal proposals thing things"
    )
)
_YEAR = re.compile(r"(?:19|20)\d\d")


def _head(phrase: str | None) -> str:
    """The last content term of a noun phrase ('end-of-2025 milestone' -> 'mileston')."""
    terms = content_tokens(phrase or "")
    return terms[-1] if terms else ""


_PLURAL_ABBREVIATION = re.compile(r"\b([A-Z]{2,})s\b")


def _focus_terms(phrase: str | None) -> tuple[str, ...]:
    if not phrase:
        return ()
    # a participle or a relative clause ends the noun phrase: "the minister quoted in the
    # article", "the minister that spoke" ask of the minister; the rest says which one
    end = re.compile(r"\s(?=\w{3,}(?:ed|ing)\b|(?:that|who|which|whose|whom)\b)")
    phrase = end.split(phrase, maxsplit=1)[0]
    phrase = _PLURAL_ABBREVIATION.sub(r"\1", phrase)  # 'ICBs' are what 'ICB' names
    terms = [
        t
        for t in content_tokens(phrase)
        if t not in _NOT_FOCUS
        and not t[0].isdigit()
        and not _YEAR.search(t)  # "the end-of-2025 milestone": a date, not what is asked
        and len(t) >= 3  # 'r', 'ed': shorthand
    ]
    return tuple(dict.fromkeys(terms))
