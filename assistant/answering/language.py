"""Is a question written in English? (py3langid's bundled model, see language_model.py;
nothing is downloaded)

Short messages carry too little to judge ("ELSEC?"), so only a confident call of another
language, on a message of a few words, counts as not English.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

MIN_WORDS = 3
MIN_CONFIDENCE = 0.5  # the identifier's normalised probability for its top language
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from assistant.answering.language_model import default_folder, load_identifier

    return load_identifier(default_folder())


def language_of(text: str) -> tuple[str, float]:
    """The most likely language code and its probability."""
    with _lock:  # the identifier is not documented as thread-safe; Slack answers in threads
        lang, confidence = _identifier().classify(text)
    return str(lang), float(confidence)


# a message in which at least this share of words are English function words is English,
# whatever the identifier makes of its jargon ("In September 2023, how many local authorities
# did the Change Programme start with?")
ENGLISH_FUNCTION_SHARE = 0.2
_FUNCTION_WORDS = frozenset(
    """a an the of to in on at by for with from and or but is are was were be been do does did
    how what when where who which why many much will would can could should has have had it
    this that there their they we you i my our your not""".split()
)


def is_english(text: str) -> bool:
    """False only for a confident identification of another language."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < MIN_WORDS:
        return True
    if sum(w in _FUNCTION_WORDS for w in words) >= ENGLISH_FUNCTION_SHARE * len(words):
        return True
    lang, confidence = language_of(text)
    return lang == "en" or confidence < MIN_CONFIDENCE
