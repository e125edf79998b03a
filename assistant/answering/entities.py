"""The named people and bodies a question is about, which an answer must be about too.

"Who is the chief executive of Parentkind?" is not answered by a sentence naming another
body's chief executive, however well it matches the rest. A name here is a run of
capitalised words inside the question (or an abbreviation such as ADCS); words from
documents' titles and names so common in the index that they single nothing out ("Plan",
"Education") are left out, and yes/no questions ("Does it apply to Scotland?") are answered
by what the documents say of the thing asked about, so they keep no names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from assistant.answering import question as q
from assistant.answering.documents import reference_terms
from assistant.answering.terms import SpeltOut, matches_strictly
from vectorstore.chunk import RetrievedChunk
from vectorstore.text import content_tokens

Idf = Callable[[str], float]
COMMON_IDF = 2.3  # a term in more than about one chunk in ten is a topic word, not a name
# capitalised words; abbreviations (EHC, SENCo, ADCS) are as often topics as bodies: left out
_NAME = re.compile(r"(?<=[\w,;:'’] )[A-Z][a-z'’]{2,}(?:\s+[A-Z][a-z'’]+)*")


_CALENDAR = frozenset(
    content_tokens(
        "january february march april may june july august september october november december "
        "monday tuesday wednesday thursday friday saturday sunday spring summer autumn winter"
    )
)


def question_names(
    read: q.Question, chunks: Sequence[RetrievedChunk], idf: Idf
) -> list[tuple[str, ...]]:
    """The names the question is about, each as its distinctive terms."""
    if read.yes_no:
        return []
    titles = frozenset().union(*(reference_terms(c) for c in chunks)) if chunks else frozenset()
    names = []
    asking = q.asking_part(read.core)
    for name in _NAME.findall(asking) + _role_bodies(read, asking):
        terms = tuple(
            t
            for t in content_tokens(name)
            if t not in titles and t not in _CALENDAR and idf(t) >= COMMON_IDF
        )
        if terms:
            names.append(terms)
    return names


# "Who is the chief executive of nasen?": the body a role belongs to, however it is spelt
_ROLE_OF = re.compile(
    r"\bwho(?:'s|’s| is| was| are| were)? (?:the )?(?:[\w'’-]+ ){1,4}?(?:of|at) (?:the )?"
    r"(?P<body>[\w'’-]+(?: [\w'’-]+){0,3})\W*$",
    re.IGNORECASE,
)


def _role_bodies(read: q.Question, asking: str) -> list[str]:
    """The body whose role-holder a 'who is the <role> of <body>' question asks for."""
    if read.kind != q.PERSON:
        return []
    match = _ROLE_OF.search(asking)
    return [match.group("body")] if match else []


def mentions(
    names: Iterable[tuple[str, ...]], terms: frozenset[str], spelt_out: SpeltOut | None = None
) -> bool:
    """Whether the text (its terms) names every one of the question's names, spelt out or by
    an abbreviation the documents define ('the SEC' for the Special Educational Consortium)."""
    names = list(names)
    if not names:
        return True
    spelt = frozenset().union(*(spelt_out(t) for t in terms)) if spelt_out else frozenset()
    return all(any(matches_strictly(t, terms) or t in spelt for t in name) for name in names)
