"""`sendplan report --html OUT.html`: the admin's page of what staff asked, and the index."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.settings import Settings

DAY_SECONDS = 86400


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write the admin report: what staff asked, and the index",
        description="Write one self-contained HTML page from the recorded questions (kept "
        "SENDPLAN_HISTORY_DAYS days) and the index: questions per day, answered vs refused, "
        "the unanswered questions grouped by meaning, thumbs up/down by document, answer "
        "times, documents and the latest ingestion's failures. Reads only; writes OUT.",
    )
    parser.add_argument(
        "--html", type=Path, required=True, metavar="OUT.html",
        help="the page to write (relative to this folder)",
    )  # fmt: skip
    parser.add_argument(
        "--days", type=_positive, metavar="N",
        help="only questions of the last N days (default: all recorded)",
    )  # fmt: skip
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.reporting import render_report
    from assistant.reporting.collect import index_summary, question_records
    from assistant.reporting.gaps import LazyEmbed
    from assistant.state import open_state
    from assistant.state.questions import QuestionLog
    from vectorstore.store import make_client

    out: Path = args.html
    if not out.parent.is_dir():
        print(f"sendplan: the folder {out.parent.resolve()} does not exist: create it, or "
              "give --html a path in an existing folder.", file=sys.stderr)  # fmt: skip
        return 1
    client = make_client(settings, create=False)
    state = open_state(settings, create=False)
    since = time.time() - args.days * DAY_SECONDS if args.days else None
    records = question_records(QuestionLog(state), since=since)
    index = index_summary(settings, state=state, client=client)
    page = render_report(records, index, embed=LazyEmbed(settings))
    out.write_text(page, encoding="utf-8")
    refused = sum(r.refused for r in records)
    print(f"Wrote {out}: {len(records)} questions ({refused} refused), "
          f"{len(index.documents)} documents, {index.chunks} chunks.")  # fmt: skip
    return 0


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"--days must be 1 or more, got {number}")
    return number
