"""Withdrawn means gone: after an ingestion deleted chunks, erase their text from disk.

The state database's stored answers that quote them are blanked (assistant/state/withdrawn.py)
whichever Chroma is used. The embedded Chroma store's files are purged here too
(vectorstore/purge.py); a Chroma server's files are on its own host, out of this process's
reach: its admin runs `sendplan purge --chroma-path DIR` there (see README).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from assistant.settings import Settings
from assistant.state import StateDB
from assistant.state.withdrawn import erase_free_pages, forget_withdrawn
from vectorstore.purge import CHROMA_FILE, ChromaPurge, purge_chroma_dir

log = logging.getLogger(__name__)


@dataclass
class Withdrawal:
    chunks: int  # chunks whose text was erased
    answers_blanked: int  # stored answers and feedback rows that quoted them
    chroma: ChromaPurge | None  # None: a Chroma server's files are purged on its host

    @property
    def erased(self) -> int:
        """Chunks whose text is gone from Chroma's files (0 when they are a server's)."""
        return self.chunks if self.chroma is not None else 0


def chunk_documents(store: Any) -> dict[str, str]:
    """Every chunk id in the collection -> its document id."""
    found = store.get(include=["metadatas"])
    return {
        chunk_id: str((metadata or {}).get("doc_id", ""))
        for chunk_id, metadata in zip(found["ids"], found["metadatas"], strict=True)
    }


def withdraw(settings: Settings, state: StateDB, chunks: dict[str, str]) -> Withdrawal:
    """Erase the text of `chunks` (id -> doc id, deleted from the index) from the state
    database and, for the embedded store, from Chroma's files."""
    blanked = forget_withdrawn(state, chunks)
    erase_free_pages(state)
    chroma = None
    if not settings.chroma_host and (settings.chroma_dir / CHROMA_FILE).is_file():
        chroma = purge_chroma_dir(settings.chroma_dir)
    else:
        log.info(
            "withdrew %d chunks: run 'sendplan purge --chroma-path DIR' on the Chroma server's "
            "host to erase their text from its files",
            len(chunks),
        )
    return Withdrawal(chunks=len(chunks), answers_blanked=blanked, chroma=chroma)
