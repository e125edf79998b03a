"""`sendplan sources [list] | add PATH | remove PATH`: the folders and files ingestion syncs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.settings import Settings
    from assistant.state.sources import Source, SourceRegistry


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "sources",
        help="list, add or remove the folders and files that are ingested",
        description="The sources every 'sendplan ingest' and Slack re-index syncs: the "
        "bundled corpus (SENDPLAN_CORPUS_DIR) and the folders and files added here, kept in "
        "the state database. Without an action, lists them with their indexed documents.",
    )
    parser.set_defaults(func=run_list)
    actions = parser.add_subparsers(dest="sources_action", metavar="ACTION")
    listing = actions.add_parser(
        "list",
        help="each source with its indexed documents and chunk counts (tab-separated)",
    )
    listing.set_defaults(func=run_list)
    add = actions.add_parser(
        "add",
        help="register a folder or file; the next 'sendplan ingest' indexes it",
        description="Register a folder or file as a source. Every later 'sendplan ingest' and "
        "Slack re-index syncs it: new files added, edited ones re-embedded, deleted ones "
        "dropped. Adding a source again changes its --title and --url.",
    )
    add.add_argument("path", type=Path, help="the folder or file")
    add.add_argument("--title", help="a file's title; for a folder, its files' publisher "
                     "(a sources.yaml entry wins)")  # fmt: skip
    add.add_argument("--url", help="a file's web address; for a folder, the address of its "
                     "files that give none (a sources.yaml entry wins)")  # fmt: skip
    add.set_defaults(func=run_add)
    remove = actions.add_parser(
        "remove",
        help="unregister a source; the next 'sendplan ingest' deletes its chunks",
    )
    remove.add_argument("path", type=Path, help="the folder or file, as added")
    remove.set_defaults(func=run_remove)


def run_list(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.errors import RetrievalError
    from ingest.listing import list_sources, listing_lines
    from vectorstore.catalog import stored_metadatas

    sources = _registered(settings)
    try:
        metadatas = stored_metadatas(settings)
    except RetrievalError as exc:  # no index yet: the sources are still worth seeing
        for line in listing_lines(list_sources(sources, [])):
            print(line)
        print(f"sendplan: {exc}", file=sys.stderr)
        return 1
    for line in listing_lines(list_sources(sources, metadatas)):
        print(line)
    if not metadatas:
        print("Nothing is indexed yet: run 'sendplan ingest'.", file=sys.stderr)
        return 1
    return 0


def run_add(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.errors import SourceError
    from ingest import loaders

    path: Path = args.path
    if path.is_file() and not loaders.supported(path):
        kinds = ", ".join(loaders.LOADERS)
        raise SourceError(f"{path} is not a file sendplan reads; add a {kinds} file or a folder.")
    defaults = _checked_defaults(args.title, args.url)
    registry = _registry(settings)
    known = registry.find(path)
    source = registry.add(path, **defaults)
    verb = "Updated" if known else "Added"
    print(f"{verb} the source {source.path} ({source.name}{_extras(source)}).")
    print("Run 'sendplan ingest' to index it; every later ingest and Slack re-index syncs it.")
    return 0


def run_remove(args: argparse.Namespace, settings: Settings) -> int:
    source = _registry(settings).remove(args.path)
    print(
        f"Removed the source {source.path}. The next 'sendplan ingest' (or Slack re-index) "
        "deletes its chunks; until then they keep answering."
    )
    return 0


def _checked_defaults(title: str | None, url: str | None) -> dict[str, str | None]:
    """--title and --url, checked as a sidecar entry's would be."""
    from pydantic import ValidationError

    from assistant.errors import SourceError
    from ingest.sidecar import SidecarEntry

    try:
        entry = SidecarEntry.model_validate({"title": title, "url": url})
    except ValidationError as exc:
        field = str(exc.errors()[0]["loc"][0])
        raise SourceError(
            f"--{field} is not valid: give a title as text and the url as a full address "
            "starting with https://."
        ) from None
    return {"title": entry.title, "url": entry.source_url}


def _extras(source: Source) -> str:
    parts = [f"title {source.title!r}" if source.title else "", source.url or ""]
    return "".join(f", {p}" for p in parts if p)


def _registry(settings: Settings) -> SourceRegistry:
    from assistant.state import open_state
    from assistant.state.sources import SourceRegistry

    return SourceRegistry(open_state(settings), settings.collection, corpus=settings.corpus_dir)


def _registered(settings: Settings) -> list[Source]:
    """The sources, reading only: without a state database, just the corpus."""
    from assistant.errors import MissingStateError
    from assistant.state import open_state
    from assistant.state.sources import SourceRegistry

    try:
        state = open_state(settings, create=False)
    except MissingStateError:
        return [SourceRegistry.bundled(settings.corpus_dir)]
    try:
        return SourceRegistry(state, settings.collection, corpus=settings.corpus_dir).all()
    finally:
        state.close()
