"""Read a whole collection a page at a time.

One `get()` of every chunk fails past SQLite's limit on query variables ("too many SQL
variables": about 32,000 chunks in an embedded Chroma), so full reads go page by page.
Works on a chromadb collection and on `langchain_chroma.Chroma`, which take the same
arguments.
"""

from __future__ import annotations

from typing import Any

PAGE = 5000  # chunks per get()


def get_all(store: Any, *, include: list[str]) -> dict[str, list[Any]]:
    """Every chunk's id and the `include`d fields ("documents", "metadatas"), in store order."""
    merged: dict[str, list[Any]] = {"ids": [], **{field: [] for field in include}}
    offset = 0
    while True:
        page = store.get(include=include, limit=PAGE, offset=offset)
        for field in merged:
            merged[field].extend(page[field] or [])
        if len(page["ids"]) < PAGE:
            return merged
        offset += PAGE


def all_ids(store: Any) -> list[str]:
    return get_all(store, include=[])["ids"]
