"""Markdown with optional YAML front matter (title, publisher, published, source_url, kind)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import LoaderError
from ingest.document import (
    Section,
    SectionBuilder,
    SourceDocument,
    clean_metadata,
    doc_id_for,
    normalise_whitespace,
    unwrap,
)

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def split_front_matter(source: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(source)
    if not match:
        return {}, source
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise LoaderError(
            f"front matter is not valid YAML ({exc}); fix the block between the '---' lines"
        ) from exc
    if not isinstance(meta, dict):
        raise LoaderError("front matter must be a YAML mapping (key: value lines)")
    return meta, source[match.end() :]


def plain_inline(text: str) -> str:
    """Drop inline Markdown markup that would read badly in a quoted answer."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    return re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text).replace("`", "")


def sections_from_markdown(body: str) -> tuple[str | None, list[Section]]:
    """Split on headings; returns the first H1 (a title candidate) and the sections."""
    builder = SectionBuilder(
        join="\n", clean=lambda text: normalise_whitespace(unwrap(plain_inline(text)))
    )
    for line in body.splitlines():
        if match := _HEADING.match(line):
            builder.heading(len(match.group(1)), plain_inline(match.group(2)))
        else:
            builder.text(line)
    return builder.title, builder.finish()


def load(path: Path) -> SourceDocument:
    meta, body = split_front_matter(path.read_text(encoding="utf-8-sig"))
    h1, sections = sections_from_markdown(body)
    if h1 and "title" not in meta:
        meta["title"] = h1
    metadata = clean_metadata(meta, path)
    return SourceDocument(doc_id_for(path), path, metadata["title"], sections, metadata)
