"""The words of every refusal, by reason: one place, used by the CLI, Slack and the LLM path.

Each says why in a short sentence, then what the assistant covers and that it reads English.
"""

from __future__ import annotations

COVERED = (
    "I answer questions in English about the SEND and AP Improvement Plan, its roadmap, "
    "progress updates and the sector's response."
)
NOT_FOUND = "I couldn't find this in the SEND/AP documents I have."

# what each kind of answer is called in a refusal ("The documents don't give the date ...")
KIND_NAMES = {
    "count": "number",
    "amount": "amount",
    "quantity": "figure",
    "percent": "percentage",
    "date": "date",
    "duration": "length of time",
    "age": "age",
    "person": "name",
    "place": "place",
    "name": "name",
    "expansion": "meaning of that abbreviation",
    "named": "names",
    "audience": "audience",
}

_MESSAGES = {
    "no_evidence": NOT_FOUND,
    "weak_evidence": NOT_FOUND,
    "small_talk": "Hello! I don't have an answer for that: ask me a question about the documents.",
    "not_english": "Sorry, I can only understand questions written in English.",
    "instructions": "I can't take new instructions or show how I'm set up; I only answer "
    "questions from the documents.",
    "unknown_name": "The documents I have don't mention {detail}.",
    "kind_missing": "The documents touch on this, but none gives the {detail} you asked for.",
    "attribute_missing": "The documents mention this, but not the detail you asked about.",
    "entity_missing": "The documents don't say that about the person or body you named.",
    "scope_mismatch": "The documents don't cover this for the date you asked about.",
    "figure_missing": "The documents don't give the figure in your question.",
    # an LLM's reply that cited none of the sources it was given is never shown
    "uncited_reply": NOT_FOUND,
}
CODES = tuple(_MESSAGES)


def reason_message(code: str, detail: str = "") -> str:
    """The short sentence saying why, e.g. 'The documents I have don't mention Unison.'"""
    template = _MESSAGES.get(code, NOT_FOUND)
    if "{detail}" in template:
        shown = KIND_NAMES.get(detail, detail) if code == "kind_missing" else detail
        return template.format(detail=shown or "that")
    return template


def refusal_text(code: str, detail: str = "") -> str:
    """The whole refusal: why, then what is covered (and that questions are read in English)."""
    message = reason_message(code, detail)
    if _MESSAGES.get(code, NOT_FOUND) == NOT_FOUND:
        return f"{message} Try rephrasing. {COVERED}"
    return f"{message} {COVERED}"


def part_not_covered(part: str) -> str:
    """The line for one part of a two-part question that the documents do not answer."""
    return f'(The documents don\'t answer "{part.rstrip("?").strip()}?")'
