"""Definitions: which term a question asks to have defined, and which sentences define it.

"What is a REP?" is answered by a sentence that opens with the term ("REP (Regional Expert
Partnership): ..."), not by a glossary entry for another term that merely uses it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering import question as q
from assistant.answering.sentences import Sentence
from vectorstore.text import content_tokens

DEFINITION_SLACK = 1  # content words that may come before the term ("A REP is ...")


def defined_term(question: str) -> list[str]:
    """The content terms of X in 'What is X?' / 'What does X mean?' / 'Define X', else []."""
    read = q.read_question(question)
    if read.kind not in (q.DEFINITION, q.EXPANSION):
        return []
    return list(read.focus)


# "Local inclusion plan: a plan drawn up by...": a short label, then a definition of it
_LABEL = re.compile(r"^\W*((?:[\w()'’,-]+\s+){0,5}[\w()'’-]+):\s+(?:an?|the)\b", re.IGNORECASE)


def defines_another(terms: Sequence[str], sentence: Sentence) -> bool:
    """A glossary-style entry ('Label: definition') whose label is not the asked term: it
    uses the term while defining something else."""
    match = _LABEL.match(sentence.text)
    if not match or not terms:
        return False
    label = set(content_tokens(match.group(1)))
    return not all(t in label for t in terms)


def defines(terms: Sequence[str], sentence: Sentence) -> bool:
    """Whether the sentence opens with the term, as definitions do ('EHCP (...): a ...')."""
    opening = set(content_tokens(sentence.text)[: len(terms) + DEFINITION_SLACK])
    return bool(terms) and all(t in opening for t in terms)
