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
    r"yep|nope|bye|goodbye|see you|see ya|later|sorry|no worries|np)$",
    re.IGNORECASE,
)
# what may follow a formula without making a question of it ("thanks, that's all I needed")
_FILLER = re.compile(
    r"^(?:there|all|everyone|folks|team|again|a lot|loads|mate|bot|sendplan|then|so much|"
    r"that(?:'s| is| was)? (?:all|it|great|brilliant|helpful|perfect|fine|everything)"
    r"(?: i (?:needed|wanted|need))?(?: for now)?|very helpful|really helpful|for (?:that|this|"
    r"your help|the help)|that helps|you're a star|have a good (?:day|one))$",
    re.IGNORECASE,
)
_EMOJI_ONLY = re.compile(r"^(?::[a-z0-9_+\-]+:\s*)+$")
_SPLIT = re.compile(r"[,.!;:\-–—]+\s*|\s+(?=(?:that|for)\b)")


def command(text: str) -> str | None:
    """'help' or 'quit' for a one-word command (help, ?, usage, quit, exit, bye), else None."""
    return COMMANDS.get(text.strip().lower().rstrip(".! "))


def is_small_talk(text: str) -> bool:
    """Whether the message is only greetings, thanks, acknowledgements or a command."""
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        return False
    if command(cleaned) or _EMOJI_ONLY.match(cleaned):
        return True
    if "?" in cleaned:
        return False
    pieces = [p.strip() for p in _SPLIT.split(cleaned) if p and p.strip()]
    if not pieces or not _FORMULA.match(_strip_emoji(pieces[0])):
        return False
    return all(_FORMULA.match(p) or _FILLER.match(p) for p in map(_strip_emoji, pieces[1:]))


def _strip_emoji(text: str) -> str:
    return re.sub(r":[a-z0-9_+\-]+:|[^\w\s']", "", text).strip()
