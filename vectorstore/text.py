"""Tokenising for lexical search and evidence checks: lower case, numbers kept, light stemming."""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"£?\d[\d,]*(?:\.\d+)?%?|[a-z][a-z0-9'’-]*", re.IGNORECASE)

STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    me more most my no nor not now of off on once only or other our out over own same she should
    so some such than that the their them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your
    yours s t ll re ve d m don isn aren wasn weren won wouldn shouldn couldn also yet
    get gets got go going tell me please give us say said whats what's""".split()
)

_SUFFIXES = ("ingly", "edly", "ing", "ies", "ied", "ed", "es", "s")


@lru_cache(maxsize=1 << 16)  # a corpus repeats its words: building the index stems each once
def stem(word: str) -> str:
    """A light suffix stripper: enough to match plurals and simple verb forms."""
    if len(word) <= 4 or word[0].isdigit() or word[0] == "£":
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    # 'issue', 'issued' and 'issues' all become 'issu'
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def normalise_number(token: str) -> str:
    return token.replace(",", "").lstrip("£").rstrip("%")


def tokens(text: str) -> list[str]:
    """All tokens, stemmed and lower-cased; numbers lose thousands separators and £."""
    found = [_token(raw) for raw in _TOKEN.findall(text.replace("’", "'"))]
    return [token for token in found if token]


def content_tokens(text: str) -> list[str]:
    """Tokens without stop words: what a question is actually about."""
    return [t for t in tokens(text) if _is_content(t)]


# A corpus repeats its words: each distinct raw token is normalised once, which makes
# tokenising the whole index (every new process builds its keyword index) about twice as fast
# (bench/tokenise_bench.py).
@lru_cache(maxsize=1 << 16)
def _token(raw: str) -> str:
    token = raw.lower().removesuffix("'s").strip("'-")
    if not token:
        return ""
    return normalise_number(token) if token[0] in "£0123456789" else stem(token)


# tokens arrive stemmed ('these' as 'thes', 'because' as 'becaus'): compare stems too
_STOP_STEMS = STOPWORDS | frozenset(stem(word) for word in STOPWORDS)


@lru_cache(maxsize=1 << 16)
def _is_content(token: str) -> bool:
    return token not in _STOP_STEMS and stem(token) not in _STOP_STEMS
