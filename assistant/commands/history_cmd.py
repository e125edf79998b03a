"""`sendplan history show | purge`: the questions staff asked in Slack, `ask` and `chat`."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.settings import Settings
    from assistant.state.questions import LoggedQuestion, QuestionLog

DAY_SECONDS = 86400
COLUMNS = ("asked_at", "front_end", "channel_type", "result", "latency_ms", "votes", "cited",
           "question")  # fmt: skip


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "history",
        help="show or purge the questions staff asked",
        description="The question log: every question answered or refused in Slack, 'ask' and "
        "'chat' (never 'eval'), kept SENDPLAN_HISTORY_DAYS days (default 90) in the state "
        "database.",
    )
    actions = parser.add_subparsers(dest="history_action", metavar="ACTION", required=True)
    show = actions.add_parser(
        "show",
        help="print recorded questions, newest first, as tab-separated lines",
        description="Print recorded questions, newest first, one a line: time (UTC), front "
        "end, channel type, answered or refused (and why), milliseconds, votes, cited "
        "documents, question. Reads only.",
    )
    show.add_argument("--days", type=_positive, metavar="N", help="only the last N days")
    show.add_argument("--limit", type=_positive, default=50, metavar="N",
                      help="at most N questions (default: 50)")  # fmt: skip
    show.add_argument("--refused", action="store_true", help="only refused questions")
    show.add_argument("--json", action="store_true", help="JSON lines instead of columns")
    show.set_defaults(func=run_show)
    purge = actions.add_parser(
        "purge",
        help="delete recorded questions older than the retention period",
        description="Delete questions asked more than DAYS days ago (default: "
        "SENDPLAN_HISTORY_DAYS); --older-than 0 deletes them all.",
    )
    purge.add_argument("--older-than", type=_days, metavar="DAYS", dest="older_than",
                       help="days to keep (default: SENDPLAN_HISTORY_DAYS)")  # fmt: skip
    purge.set_defaults(func=run_purge)


def run_show(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.reporting.collect import to_record

    questions = _open_log(settings)
    if questions is None:
        return 0
    rows = questions.recent(limit=args.limit, since=_since(args.days), refused=args.refused or None)
    if not rows:
        print(f"sendplan: no questions recorded in {questions.describe()}", file=sys.stderr)
    elif not args.json:
        print("\t".join(COLUMNS))
    for row in rows:
        print(to_record(row).model_dump_json() if args.json else "\t".join(_columns(row)))
    return 0


def run_purge(args: argparse.Namespace, settings: Settings) -> int:
    questions = _open_log(settings)
    if questions is None:
        return 0
    days = settings.history_days if args.older_than is None else args.older_than
    deleted = questions.purge(older_than_days=days)
    print(f"Deleted {deleted} questions asked more than {days:g} days ago "
          f"from {questions.describe()}.")  # fmt: skip
    return 0


def _open_log(settings: Settings) -> QuestionLog | None:
    """The question log; None (after saying so) when no state database exists yet."""
    from assistant.errors import MissingStateError
    from assistant.state import open_state
    from assistant.state.questions import QuestionLog

    try:
        state = open_state(settings, create=False)
    except MissingStateError as exc:
        print(f"sendplan: no questions recorded yet. {exc}", file=sys.stderr)
        return None
    return QuestionLog(state, retention_days=settings.history_days)


def _columns(row: LoggedQuestion) -> list[str]:
    asked = datetime.fromtimestamp(row.asked_at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    result = f"refused: {row.refusal_reason}" if row.refused else "answered"
    votes = " ".join(f"{sign}{n}" for sign, n in (("+", row.up), ("-", row.down)) if n)
    question = " ".join(row.question.split())  # one line, whatever was typed
    return [asked, row.front_end, row.channel_type, result, str(row.latency_ms), votes or "-",
            ",".join(row.cited_doc_ids) or "-", question]  # fmt: skip


def _since(days: int | None) -> float | None:
    import time

    return time.time() - days * DAY_SECONDS if days else None


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {number}")
    return number


def _days(value: str) -> float:
    number = float(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return number
