"""The event a date question asks about, which a dated sentence must be about too.

"On what date does the Code come into force?" is not answered by the date its revision is
planned for: the question's closing word ('force') names the event, and the sentence must
say it. A light verb ('when did it come out') leaves the event to the word before it, and a
deadline question asks for the deadline itself.
"""

from __future__ import annotations

from assistant.answering import question as q
from assistant.answering.dates import strip_dates
from assistant.answering.kinds import asks_deadline
from assistant.answering.terms import matches_loosely
from vectorstore.text import content_tokens


def holds_event(read: q.Question, terms: frozenset[str]) -> bool:
    """'On what date does the Code come into force?' is not answered by the date the Code's
    revision is planned: a date question's closing word (the event) must be in the sentence."""
    if read.kind != q.DATE or asks_deadline(read):  # a deadline is itself what is asked
        return True
    asking = set(content_tokens(strip_dates(q.asking_part(read.core))))
    words = [t for t in read.terms if t in asking]  # in order, without the question's frame
    event = next((w for w in reversed(words) if w not in q.KIND_WORDS | LIGHT_VERBS), "")
    return not event or matches_loosely(event, terms)


# verbs that carry little of the event themselves ('when did it come out', 'when will it
# happen'): the word before them says what happens
LIGHT_VERBS = frozenset(
    content_tokens(
        "come came comes coming go goes went happen happens happened get got take took "
        # what 'come' means, said otherwise ('when will the template arrive / land / appear')
        "arrive arrives arrived arriving appear appears appeared land lands landed "
        # a target 'reached' or 'met' is the target's own date ('by which year is it reached?')
        "reach reached achieve achieved met"
    )
)
