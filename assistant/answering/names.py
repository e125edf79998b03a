"""Names: whether a sentence names the person, body or thing a question asks for.

"Who chairs the board?" needs a name the question does not already say, with the role beside
it; "which councils" needs two of them; "what is the plan's title" needs a quoted title or a
glossary entry's label.
"""

from __future__ import annotations

import re

from assistant.answering import question as q
from vectorstore.text import content_tokens, stem

# two or more capitalised words ("Claire Coutinho", "Minister for Children, Families and
# Wellbeing") or a capitalised word after a title: a named person or body
_NAME = re.compile(
    r"\b(?:Dame|Sir|Lord|Lady|Baroness|Dr|Cllr|Mr|Mrs|Ms)\s+[A-Z][a-z]+"
    r"|(?<![.!?]\s)(?<!^)\b[A-Z][a-z'’]+(?:(?:\s+|,\s+|\s+(?:for|of|and|the|in)\s+)[A-Z][a-z'’]+)+"
    r"|\b[A-Z][a-z]+-[a-z]+\s[A-Z][a-z]+"
)
_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def new_names(text: str, question: q.Question) -> list[str]:
    """Names in text that the question does not already say: 'The Education Secretary'
    names no one new to 'Who is the current Education Secretary?'."""
    asked = " ".join(question.core.lower().split())
    return [n for n in _NAME.findall(text) if _DETERMINER.sub("", n).lower() not in asked]


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


def named(text: str, question: q.Question) -> bool:
    """'Which council...' wants a named council: a name that is one ('Kent County Council'),
    or that the noun introduces ('minister Claire Coutinho'); 'which councils' wants two."""
    names = new_names(text, question)
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


# nouns for a title; a title is answered by a quoted one the question does not already give
_TITLE_WORDS = frozenset(
    content_tokens("title headline slogan strapline tagline subtitle motto name phrase wording")
)
_QUOTED = re.compile(r"[\"“‘']([^\"”’']{6,}?)[\"”’']")
MAX_TITLE_CHARS = 100  # a quoted title is short; a longer quote is someone's words


def named_thing(text: str, question: q.Question) -> bool:
    if set(question.focus) & _TITLE_WORDS:
        asked = question.core_terms
        return _labelled(text, question) or any(
            set(content_tokens(quote)) - asked
            for quote in _QUOTED.findall(text)
            if len(quote) <= MAX_TITLE_CHARS
        )
    return bool(new_names(text, question) or _QUOTED.search(text) or _labelled(text, question))


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
    asked = question.core_terms
    return bool(set(content_tokens(match.group("name"))) - asked)


def _names_a_person(question: q.Question) -> bool:
    """'Who is Louise Gittins?': the focus is itself a name, so a description answers."""
    match = re.search(r"\bwho(?:'s| is| was)\s+(.+?)\W*$", question.core, re.IGNORECASE)
    words = match.group(1).split() if match else []
    return bool(words) and all(w[:1].isupper() for w in words)


_AUDIENCE = re.compile(
    r"\b(?:aimed at|intended for|meant for|written for|designed for|targeted at|for)\W*$", re.I
)


def names_role(text: str, question: q.Question) -> bool:
    """'Who is the chief executive of X?' is answered by a sentence that names the role with
    the person ('Its chief executive, Purnima Tanuku'), not by any sentence with a name."""
    terms = set(content_tokens(text))
    return all(
        t in terms or any(w.startswith(t) for w in terms) for t in q.focus_to_cover(question)
    )


def asks_for_holder(question: q.Question) -> bool:
    """'Who chairs X', 'who is the president of X': a role's holder, so a name is needed;
    'who is the briefing aimed at' asks for an audience, which needs none."""
    if _AUDIENCE.search(question.core) or _names_a_person(question):
        return False
    return bool(question.focus) or bool(
        re.search(r"\bwho\s+\w*chairs?|leads|heads|runs", question.core, re.IGNORECASE)
    )
