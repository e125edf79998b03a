"""Chat shorthand in questions, read as the words it stands for.

Only the small closed class of function words people abbreviate when typing fast ("wat",
"wen", "hw", "u", "r", "4"): question words decide what kind of answer is wanted, so a
misspelt "when" must still ask for a date. Content words are matched by the fuzzy term
matching in terms.py instead.
"""

from __future__ import annotations

import re

from assistant.answering.terms import one_edit_apart

SHORTHAND = {
    "wat": "what", "wot": "what", "wht": "what", "whta": "what",
    "wats": "what's", "whats": "what's", "wots": "what's",
    "wen": "when", "whn": "when", "wehn": "when",
    "hw": "how", "hwo": "how",
    "whos": "who's", "hoo": "who",
    "wich": "which", "whcih": "which",
    "u": "you", "r": "are", "ur": "your", "pls": "please", "plz": "please", "b4": "before",
    "yrs": "years", "yr": "year", "mths": "months", "wks": "weeks",
}  # fmt: skip
# the longer words that decide what kind of answer is wanted: one typo away ('deadlne'),
# they are still read as themselves, though no document may use them
FRAME_WORDS = (
    "deadline", "timescale", "timeframe", "percentage", "proportion", "definition",
    "headline", "strapline", "subtitle", "called",
)  # fmt: skip
_LONG_WORD = re.compile(r"\b[a-z]{5,}\b")
_WORD = re.compile(r"(?<![\w'’])(" + "|".join(SHORTHAND) + r")(?![\w'’])", re.IGNORECASE)
# "cash 4 short breaks", "how long 2 issue": a digit standing for a word between words
_DIGIT_WORD = re.compile(r"(?<=[a-z]) ([24])(?: (?=[a-z])|(?=\W*$))")


def expand_shorthand(text: str) -> str:
    """The text with shorthand function words written out ('wen is it' -> 'when is it')."""
    text = _DIGIT_WORD.sub(lambda m: " for " if m.group(1) == "4" else " to ", text).rstrip()
    text = _LONG_WORD.sub(lambda m: _frame_word(m.group(0)), text)
    return _WORD.sub(lambda m: SHORTHAND[m.group(1).lower()], text)


def _frame_word(word: str) -> str:
    if word in FRAME_WORDS:
        return word
    return next((f for f in FRAME_WORDS if len(f) >= 6 and one_edit_apart(word, f)), word)
