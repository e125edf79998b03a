"""Small talk: greetings, thanks, goodbyes and one-word commands are not questions.

One module for every front end: `sendplan chat` treats commands as commands, Slack ignores
thanks in threads, and `Assistant.ask` refuses all of them (reason `small_talk`) rather than
quoting the documents at a "hello".
"""

from __future__ import annotations

import re

COMMANDS = {"help": "help", "?": "help", "usage": "help", "quit": "quit", "exit": "quit",
            "bye": "quit", "goodbye": "quit", "q": "quit"}  # fmt: skip
# conversational formulas: a message made only of these (and filler) asks nothing
_FORMULA = re.compile(
    r"^(?:hi+|hello+|hey+|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day)|"
    r"morning|afternoon|evening|thanks?(?: you)?(?: (?:so|very) much)?|thank u|thx|ty|ta|"
    r"cheers|many thanks|much appreciated|ok(?:ay)?|k|cool|great|nice|perfect|brilliant|"
    r"lovely|fab(?:ulous)?|excellent|awesome|got it|understood|noted|sure|fine|right|yes|no|"
    r"yep|nope|bye|goodbye|see you|see ya|later|sorry|no worries|np|"
    # interjections and acknowledgements that ask nothing ("hmm right", "ah I see")
    r"h+m+|m+h?m+|uh+|um+|erm+|ah+|aha|oh+|ooh+|huh|wow|alright|all right|gotcha|i see|"
    r"fair enough|makes sense|that makes sense|interesting)$",
    re.IGNORECASE,
)
# what may follow a formula without making a question of it ("thanks, that's all I needed")
_FILLER = re.compile(
    r"^(?:there|all|everyone|folks|team|again|a lot|loads|mate|bot|sendplan|then|so much|"
    r"that(?:'s| is| was)? (?:all|it|great|brilliant|helpful|perfect|fine|everything)"
    r"(?: i (?:needed|wanted|need))?(?: for (?:now|today|the day))?(?: ta| thanks| cheers)?|"
    r"for (?:now|today|the day)(?: ta| thanks| cheers)?|very helpful|really helpful|"
    r"for (?:that|this|your help|the help)|that helps|you're a star|have a good (?:day|one)|"
    r"(?:is |are )?(?:anyone|anybody|someone|you) (?:there|around|about))$",
    re.IGNORECASE,
)
# greetings that end in a question mark but ask nothing ("Hello! Is anyone there?")
_PHATIC = re.compile(
    r"^(?:(?:hi|hello|hey|hiya)\W+)?(?:is |are )?(?:anyone|anybody|someone|you) "
    r"(?:there|around|about)\W*$|^(?:hi|hello|hey|hiya)\W+(?:is |are )?(?:anyone|anybody|"
    r"someone|you) (?:there|around|about)\W*$"
)
# a request for help that names no topic ("help me", "can you help?", "I need help please")
_HELP_REQUEST = re.compile(
    r"^(?:(?:hi|hello|hey)\W+)?(?:please\s+)?(?:(?:can|could|would|will) you\s+(?:please\s+)?|"
    r"i (?:need|want|would like|'d like)(?: some)?\s+|"
    r"(?:i need |i want )?(?:some |any )?)"
    r"help(?:\s+(?:me|us|please|pls|plz|out|me out|needed))*(?:\s+please|\s+pls)?\W*$",
    re.IGNORECASE,
)
_EMOJI_ONLY = re.compile(r"^(?::[a-z0-9_+\-]+:\s*)+$")
_SPLIT = re.compile(r"[,.!;:\-–—]+\s*|\s+(?=(?:that|for)\b)")


def command(text: str) -> str | None:
    """'help' or 'quit' for a command (help, ?, usage, quit, exit, bye, or a request for help
    that names no topic, such as "help me" or "can you help?"), else None."""
    cleaned = " ".join(text.strip().lower().split())
    if _HELP_REQUEST.match(cleaned):
        return "help"
    return COMMANDS.get(cleaned.rstrip(".! "))


def is_small_talk(text: str) -> bool:
    """Whether the message is only greetings, thanks, acknowledgements or a command."""
    cleaned = " ".join(text.strip().lower().replace("thats", "that's").split())
    if not cleaned:
        return False
    if command(cleaned) or _EMOJI_ONLY.match(cleaned):
        return True
    if "?" in cleaned and not _PHATIC.match(cleaned):
        return False
    pieces = [_strip_emoji(p) for p in _SPLIT.split(cleaned) if p and p.strip()]
    return (
        bool(pieces)
        and _opens_with_formula(pieces[0])
        and all(_FORMULA.match(p) or _FILLER.match(p) or _opens_with_formula(p) for p in pieces[1:])
    )


def _opens_with_formula(piece: str) -> bool:
    """'hello there', 'thanks a lot': a formula, then nothing or filler."""
    words = piece.split()
    for size in range(len(words), 0, -1):
        head, rest = " ".join(words[:size]), " ".join(words[size:])
        if _FORMULA.match(head) and (not rest or _FILLER.match(rest) or _opens_with_formula(rest)):
            return True
    return False


def _strip_emoji(text: str) -> str:
    return re.sub(r":[a-z0-9_+\-]+:|[^\w\s']", "", text).strip()
