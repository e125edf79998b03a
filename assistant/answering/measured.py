"""What a percentage asked for measures: 'what % of parents supported tailored lists?' asks
how many supported tailored lists, which '84% supported new National Standards' does not say.

The words after the population's verb ('supported') name what is measured; a sentence that
answers holds at least one of them. A question whose verb cannot be found is not checked.
"""

from __future__ import annotations

import re

from assistant.answering import question as q
from assistant.answering.terms import matches_loosely
from vectorstore.text import content_tokens

# "what share of", "what percentage of", "what % of": the population follows
_SHARE_OF = re.compile(
    r"(?:\bshare|\bproportion|\bpercentage|\bper ?cent|%)\s+(?:of\s+)?(?:them\s+)?(?P<rest>.+)",
    re.IGNORECASE,
)
# where what is measured ends: who measured it, and where
_MEASURE_ENDS = re.compile(r",|\?|\baccording to\b|\b(?:in|from|by) (?:the|their|its)\b", re.I)
_VERBS = frozenset(
    "is are was were do does did say says said feel feels felt want wants wanted think thinks "
    "thought back backs support supports oppose opposes agree agrees believe believes "
    "prefer prefers".split()
)


def measured_terms(question: q.Question) -> frozenset[str]:
    """The terms of what a percentage question measures (empty when none can be read)."""
    match = _SHARE_OF.search(q.asking_part(question.core))
    if not match:
        return frozenset()
    words = match.group("rest").split()
    for i, raw in enumerate(words):
        word = raw.strip("?,.!:;\"'").lower()
        if word in _VERBS or (len(word) > 4 and word.endswith("ed")):
            measured = _MEASURE_ENDS.split(" ".join(words[i + 1 :]), maxsplit=1)[0]
            return frozenset(content_tokens(measured))
    return frozenset()


def measures_what_is_asked(text: str, question: q.Question) -> bool:
    """Whether the text says something of what the percentage asked for measures."""
    wanted = measured_terms(question)
    found = frozenset(content_tokens(text))
    return not wanted or any(matches_loosely(t, found) for t in wanted)
