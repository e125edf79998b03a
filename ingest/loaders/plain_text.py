"""Plain text, including scraped news articles.

Scraped article pages put the article first and then page furniture: teaser cards for other
articles. Our rule for where the article ends: the article opens with a kicker, a short
upper-case section label such as "EDUCATION"; the first time that same kicker line appears
again, a new card begins, so everything from there on is not the article. A second cut
catches furniture cards without the kicker ("Popular articles by ...", "Related articles").
Neither rule can cut the article's own text unless its kicker line is repeated verbatim,
which a real article body does not do; and a text file that opens without a kicker is not a
scraped article, so it is kept whole.

The title of any text file is its first real line (after the kicker, if there is one).
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest.document import (
    Section,
    SourceDocument,
    clean_metadata,
    doc_id_for,
    normalise_whitespace,
    unwrap,
)

_FURNITURE_START = re.compile(
    r"^(popular|related|recommended|most read|more) (articles|stories|news)\b|^read more\b",
    re.IGNORECASE,
)
_MAX_TITLE_CHARS = 150
_END_OF_SENTENCE = (".", "!", "?", ":", ";")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def _is_kicker(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return 0 < len(line) <= 40 and bool(letters) and all(c.isupper() for c in letters)


def article_paragraphs(text: str) -> tuple[str | None, list[str]]:
    """The article's own paragraphs (kicker, teasers and repeats removed) and its kicker."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    kicker = paragraphs[0] if paragraphs and _is_kicker(paragraphs[0]) else None
    body = paragraphs[1:] if kicker else paragraphs
    kept: list[str] = []
    seen: set[str] = set()
    for paragraph in body:
        if kicker and (paragraph == kicker or _FURNITURE_START.match(paragraph)):
            break  # only a scraped article (it opened with a kicker) has furniture to cut
        key = " ".join(paragraph.translate(_QUOTES).split()).lower()
        if key not in seen:  # scraped pages often repeat the standfirst as the first line
            seen.add(key)
            kept.append(paragraph)
    return kicker, kept


def _has_letters(text: str) -> bool:
    return any(c.isalpha() for c in text)


def split_title(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """The first real line (one with letters, after the kicker) as the title, and the rest.

    Not a title: a line over 150 characters, the first line of a hard-wrapped sentence, or
    the only line of the file (it is the text)."""
    skipped = 0
    while skipped < len(paragraphs) and not _has_letters(paragraphs[skipped]):
        skipped += 1  # rules ("----"), dates in figures: not a title
    if skipped == len(paragraphs):
        return None, paragraphs
    lines = [line.strip() for line in paragraphs[skipped].splitlines()]
    while not _has_letters(lines[0]):
        lines.pop(0)
    first, rest = lines[0], "\n".join(lines[1:]).strip()
    wrapped = rest[:1].islower() and not first.endswith(_END_OF_SENTENCE)
    remaining = ([rest] if rest else []) + paragraphs[skipped + 1 :]
    if len(first) > _MAX_TITLE_CHARS or wrapped or not remaining:
        return None, paragraphs
    return " ".join(first.split()), remaining


def load(path: Path) -> SourceDocument:
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    if "\x00" in text:
        raise UnicodeDecodeError(
            "utf-8",
            raw,
            text.index("\x00"),
            text.index("\x00") + 1,
            "binary data (NUL bytes) in a text file",
        )
    kicker, paragraphs = article_paragraphs(text)
    meta: dict[str, str] = {}
    title, paragraphs = split_title(paragraphs)
    if title:
        meta["title"] = title
    if kicker:
        meta["kind"] = "news"
    metadata = clean_metadata(meta, path)
    body = normalise_whitespace(unwrap("\n\n".join(paragraphs)))
    sections = [Section((), body)] if body else []
    return SourceDocument(doc_id_for(path), path, metadata["title"], sections, metadata)
