"""Text -> Slack mrkdwn, safely: pure functions, no Slack calls.

Everything that reaches Slack from a question or a document goes through `escape`, so no
text can become `<!channel>`, `<!here>`, `<!everyone>`, `<@U...>`, `<!subteam^...>` or a
link we did not build ourselves.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

# Slack turns these words into broadcasts when it parses plain text ("@here"); a word
# joiner after the "@" keeps them readable and inert.
_BROADCAST_WORDS = re.compile(r"@(?=(?:channel|here|everyone)\b)", re.IGNORECASE)
_WORD_JOINER = "\u2060"

_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__", re.DOTALL)
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*$", re.MULTILINE)
_LINK = re.compile(r"\[([^\[\]\n]+)\]\((https?://[^\s()]+)\)")


def escape(text: str) -> str:
    """Escape Slack's control characters and defuse @channel/@here/@everyone."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST_WORDS.sub("@" + _WORD_JOINER, text)


def safe_url(url: str | None) -> str | None:
    """An http(s) URL that cannot break out of `<url|label>`, or None."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    # percent-encode anything that would end or split a Slack link, keep the rest as is
    url = quote(url, safe="/:?#[]!$'()*+,;=%&~-._")  # '@' too: no "@here" even in a URL
    return url.replace("&", "&amp;")


def link(url: str | None, label: str) -> str:
    """`<url|label>` when the URL is safe, else the escaped label alone."""
    target = safe_url(url)
    text = escape(label) or "link"
    return f"<{target}|{text}>" if target else text


def to_mrkdwn(markdown: str) -> str:
    """Escape text, then turn common Markdown (bold, headings, links) into Slack mrkdwn."""
    text = escape(markdown)
    text = _HEADING.sub(lambda m: f"*{m.group(1)}*", text)
    text = _BOLD.sub(lambda m: f"*{m.group(1) or m.group(2)}*", text)
    return _LINK.sub(lambda m: link(_unescape(m.group(2)), _unescape(m.group(1))), text)


def _unescape(text: str) -> str:
    """Undo `escape` for a fragment that `link` escapes again."""
    text = text.replace(_WORD_JOINER, "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def truncate(text: str, limit: int, *, marker: str = "…") -> str:
    """At most `limit` characters, cut at a space when one is near, never inside an entity."""
    if len(text) <= limit:
        return text
    return split_mrkdwn(text, limit - len(marker))[0].rstrip() + marker


def split_mrkdwn(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, preferring paragraph, line and word breaks.

    Never cuts inside an `&amp;`-style entity or a `<url|label>` link.
    """
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = _cut_point(rest, limit)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not pieces:
        pieces.append(rest)
    return [piece for piece in pieces if piece] or [""]


def _cut_point(text: str, limit: int) -> int:
    window = text[:limit]
    for separator in ("\n\n", "\n", " "):
        at = window.rfind(separator)
        if at > limit // 2:
            return _outside_markup(window, at)
    return _outside_markup(window, limit)


def _outside_markup(window: str, cut: int) -> int:
    """Move `cut` back so it does not fall inside a link or an entity."""
    opened = window.rfind("<", 0, cut)
    if opened > window.rfind(">", 0, cut) and opened > 0:
        cut = opened
    amp = window.rfind("&", 0, cut)
    if amp != -1 and ";" not in window[amp:cut] and cut - amp <= 5 and amp > 0:
        cut = amp
    return cut
