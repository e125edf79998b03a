"""`sendplan feedback export [--csv]`: the thumbs-up/down collected in Slack."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # `sendplan --help` loads no settings machinery
    from assistant.settings import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("feedback", help="export feedback collected in Slack")
    actions = parser.add_subparsers(dest="feedback_action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export",
        help="print every vote as JSON lines (or CSV)",
        description="Print every thumbs-up/down from Slack, oldest first: time, hashed user id, "
        "channel, question, answer, cited doc ids, vote. Reads the state database "
        "(SENDPLAN_STATE_URL; default: state.sqlite in the data dir), so votes from every "
        "replica are in one export.",
    )
    export.add_argument("--csv", action="store_true", help="CSV instead of JSON lines")
    export.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    export.set_defaults(func=run_export)


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.errors import MissingStateError
    from assistant.state import open_state
    from assistant.state.feedback import FeedbackStore, export_feedback

    try:
        store = FeedbackStore(open_state(settings, create=False))  # reads: creates nothing
    except MissingStateError as exc:
        print(f"sendplan: no feedback recorded yet. {exc}", file=sys.stderr)
        return 0
    rows = store.feedback()
    if not rows:
        print(f"sendplan: no feedback recorded yet in {store.describe()}", file=sys.stderr)
    fmt: Literal["jsonl", "csv"] = "csv" if args.csv else "jsonl"
    if args.output:
        with args.output.open("w", encoding="utf-8", newline="") as out:
            export_feedback(rows, out, fmt=fmt)
        print(f"sendplan: wrote {len(rows)} feedback rows to {args.output}", file=sys.stderr)
    else:
        export_feedback(rows, sys.stdout, fmt=fmt)
    return 0
