"""`sendplan purge [--chroma-path DIR]`: erase deleted chunks' text from a store's files.

Ingestion already does this for the embedded store. For a Chroma server, run it on the
server's host against the folder given to `chroma run --path`, when no ingestion is writing
(the server may keep running and answering); the bot hosts cannot reach those files.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.settings import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "purge",
        help="erase the text of deleted documents from the stores' files",
        description="Erase the text of chunks deleted from the index from Chroma's files (its "
        "operation log, full-text index and free pages) and blank stored answers quoting "
        "them. Without --chroma-path: the embedded store and the state database of these "
        "settings. With it: only that Chroma folder (on a Chroma server's host: the folder "
        "given to 'chroma run --path'; the server may keep running).",
    )
    parser.add_argument("--chroma-path", type=Path, metavar="DIR", dest="chroma_path",
                        help="a Chroma persist folder (holding chroma.sqlite3)")  # fmt: skip
    parser.set_defaults(func=run_purge)


def run_purge(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.errors import ConfigError
    from vectorstore.keyword_cache import clear_saved
    from vectorstore.purge import purge_chroma_dir

    clear_saved(settings.keyword_cache_dir)  # holds chunk text; the next question rebuilds it
    if args.chroma_path is not None:
        print(f"Purged: {purge_chroma_dir(args.chroma_path).summary()}")
        return 0
    if settings.chroma_host:
        raise ConfigError(
            f"The index is on the Chroma server {settings.chroma_host}: its files are on that "
            "host. Run 'sendplan purge --chroma-path DIR' there, DIR being its 'chroma run "
            "--path' folder."
        )
    from assistant.state import open_state
    from assistant.state.locks import IngestLock
    from assistant.state.withdrawn import erase_free_pages, forget_withdrawn

    state = open_state(settings, create=False)  # no state database: nothing was ingested
    try:  # under the ingest lock: nothing writes to the index meanwhile
        with IngestLock(state, settings.collection, ttl=settings.ingest_lock_seconds):
            purged = purge_chroma_dir(settings.chroma_dir)
            blanked = forget_withdrawn(state, purged.chunks)
            erase_free_pages(state)
    finally:
        state.close()
    print(f"Purged: {purged.summary()}; blanked {blanked} stored answers quoting them.")
    return 0
