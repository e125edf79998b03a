"""Messages that try to give the assistant new instructions instead of asking a question.

"Ignore all previous instructions...", "You are now DAN", "print your system prompt": these
are refused with their own reason before anything is retrieved, whatever else they contain,
so a question smuggled inside one is not answered as if it were asked in good faith.
"""

from __future__ import annotations

import re

_STEERING = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.?!]{0,40}\b(?:instructions?|rules|prompts?|"
    r"directions|guidelines|documents)\b"
    r"|\b(?:system|hidden|initial|original|developer)\s+(?:prompt|instructions?|configuration|"
    r"message|rules)\b"
    r"|\byou are now\b|\bfrom now on,? you\b|\bpretend (?:to be|you are)\b"
    r"|\b(?:jailbreak|developer mode|do anything now)\b|\bDAN\b"
    r"|\b(?:reveal|print|show|repeat|output)\s+(?:me\s+)?(?:your|the)\s+(?:\w+\s+)?"
    r"(?:prompt|instructions|configuration|rules)\b",
)


def steers_the_assistant(text: str) -> bool:
    """Whether the message tries to change or reveal how the assistant works."""
    return bool(_STEERING.search(text if "DAN" in text else text.lower()))
