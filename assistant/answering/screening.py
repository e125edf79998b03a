"""Messages answered without looking in the documents: small talk, other languages, and
attempts to give the assistant new instructions. Each has its own refusal reason."""

from __future__ import annotations

from assistant.answering.instructions import steers_the_assistant
from assistant.answering.language import is_english
from assistant.answering.question import read_question
from assistant.answering.smalltalk import is_small_talk


def screen(text: str, *, follow_up: bool = False) -> str | None:
    """The refusal code for a message that is not a question for the documents, else None.
    A follow-up ("how many will there be?") may name nothing itself: the earlier question does."""
    if is_small_talk(text) or (not follow_up and not read_question(text).terms):
        return "small_talk"  # nothing left to look up once greetings and thanks are read
    if not is_english(text):
        return "not_english"
    if steers_the_assistant(text):
        return "instructions"
    return None
