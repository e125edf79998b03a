"""Withdrawn means gone: after an ingestion deleted chunks, erase their text from disk.

The state database's stored answers that quote them are blanked (assistant/state/withdrawn.py)
whichever Chroma is used, and this host's saved keyword index (which holds chunk text) is
deleted. The embedded Chroma store's files are purged here too
(vectorstore/purge.py); a Chroma server's files are on its own host, out of this process's
reach: its admin runs `sendplan purge --chroma-path DIR` there (see README).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from assistant.settings import Settings
from assistant.state import StateDB
from assistant.state.withdrawn import erase_free_pages, forget_withdrawn
from vectorstore.keyword_cache import clear_saved
from vectorstore.paging import all_ids
from vectorstore.purge import CHROMA_FILE, ChromaPurge, purge_chroma_dir

log = logging.getLogger(__name__)


@dataclass
class Withdrawal:
    chunks: int  # withdrawn chunks known (a server's: from its ids; embedded: from the log)
    answers_blanked: int  # stored answers and feedback rows that quoted them
    chroma: ChromaPurge | None  # None: a Chroma server's files are purged on its host

    @property
    def erased(self) -> int:
        """Chunks whose text is gone from Chroma's files (0 when they are a server's)."""
        return len(self.chroma.chunks) if self.chroma is not None else 0


def withdraw(settings: Settings, state: StateDB, chunk_ids: set[str]) -> Withdrawal:
    """Erase the text of deleted chunks: for the embedded store, every deleted chunk its log
    still holds, from Chroma's files; then, from the state database's stored answers, those
    and `chunk_ids` (a Chroma server's chunks this run deleted)."""
    chroma = None
    clear_saved(settings.keyword_cache_dir)  # this host's copy of the keyword index
    if not settings.chroma_host and (settings.chroma_dir / CHROMA_FILE).is_file():
        chroma = purge_chroma_dir(settings.chroma_dir)
    else:
        log.info(
            "withdrew %d chunks: run 'sendplan purge --chroma-path DIR' on the Chroma server's "
            "host to erase their text from its files",
            len(chunk_ids),
        )
    # chunk id -> doc id (from the purged log rows, with any a former run left; a server's
    # log is out of reach: ids only)
    documents = dict.fromkeys(chunk_ids, "") | (chroma.chunks if chroma else {})
    blanked = forget_withdrawn(state, documents)
    erase_free_pages(state)
    return Withdrawal(chunks=len(documents), answers_blanked=blanked, chroma=chroma)


def server_chunk_ids(store: object, settings: Settings) -> set[str] | None:
    """A Chroma server's chunk ids before indexing (its deleted ones are then those missing
    after). None for the embedded store, whose purge finds them in its own log."""
    if not settings.chroma_host:
        return None
    return set(all_ids(store))


def withdraw_deleted(
    store: object, settings: Settings, state: StateDB, before: set[str] | None
) -> int:
    """After a run that deleted chunks: erase their text; how many chunks' text left
    Chroma's files."""
    gone: set[str] = set()
    if before is not None:
        gone = before - set(all_ids(store))
    return withdraw(settings, state, gone).erased
