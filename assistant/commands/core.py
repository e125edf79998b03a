"""`sendplan ingest | ask | chat` (`sources` is in sources_cmd.py)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import QuestionError

if TYPE_CHECKING:  # the rest loads when a command runs: --help stays light
    from assistant.commands.recording import Asker
    from assistant.settings import Settings
    from assistant.state.sources import Source

EXIT_USAGE = 2


def register(subparsers: Any) -> None:
    ingest = subparsers.add_parser(
        "ingest",
        help="sync the index with every source (incremental)",
        description="Sync the index with every source: the corpus folder and those added with "
        "'sendplan sources add'. New files are added, changed files re-embedded, removed files "
        "and removed sources dropped, unchanged files left alone.",
    )
    ingest.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="a folder or file to add as a source first (as 'sendplan sources add PATH'), "
        "then sync every source",
    )
    ingest.add_argument(
        "--full-rebuild", action="store_true", help="forget the index and embed everything again"
    )
    ingest.set_defaults(func=run_ingest)

    ask = subparsers.add_parser(
        "ask",
        help="answer one question",
        description="Answer one question from the indexed documents, with numbered sources.",
    )
    ask.add_argument("question", nargs="*", help="the question (or read from stdin)")
    ask.add_argument("--json", action="store_true", help="print the Answer object as JSON")
    ask.add_argument(
        "--explain",
        action="store_true",
        help="also print the retrieved chunks with their dense/BM25/fused scores and the "
        "evidence features and terms behind the answer or refusal",
    )
    ask.set_defaults(func=run_ask)

    chat = subparsers.add_parser(
        "chat",
        help="answer questions in the terminal",
        description="Answer questions in the terminal, one a line (from a pipe too).",
    )
    chat.set_defaults(func=run_chat)


def run_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.factory import make_embeddings
    from assistant.state import open_state
    from assistant.state.ingest_runs import IngestRuns
    from assistant.state.sources import SourceRegistry
    from ingest.pipeline import run_ingestion
    from ingest.progress import ingest_progress
    from ingest.sources import register_path

    state = open_state(settings)
    if args.path is not None:
        registry = SourceRegistry(state, settings.collection, corpus=settings.corpus_dir)
        print(_registered_note(args.path, *register_path(registry, args.path)))
    with ingest_progress() as progress:
        report = run_ingestion(
            settings,
            embeddings=make_embeddings(settings),
            full_rebuild=args.full_rebuild,
            progress=progress,
            state=state,
        )
    IngestRuns(state).record_report(settings.collection, report)  # for `sendplan report`
    for line in report.lines():
        print(line, file=sys.stderr if line.startswith("  failed:") else sys.stdout)
    if report.failed:
        print(
            "Fix or remove the files above and run 'sendplan ingest' again; chunks already "
            "indexed from them are kept meanwhile.",
            file=sys.stderr,
        )
    return 1 if report.failed else 0


def _registered_note(path: Path, source: Source, added: bool) -> str:
    if added:
        return (
            f"Added {source.path} as a source ({source.name}): every 'sendplan ingest' and "
            f"Slack re-index syncs it from now on ('sendplan sources remove {source.path}' stops "
            "that). Syncing every source..."
        )
    return f"{path} is in the source {source.describe()}, already synced. Syncing every source..."


def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    if not args.question and (sys.stdin is None or sys.stdin.isatty()):
        print(
            'sendplan: ask needs a question, e.g. sendplan ask "When is the SENCo NPQ due to '
            'launch?"',
            file=sys.stderr,
        )
        return EXIT_USAGE
    from assistant.commands.recording import recorded_assistant
    from assistant.render_text import answer_json, answer_text, explain_text

    question = " ".join(args.question) if args.question else sys.stdin.read()
    assistant = recorded_assistant(settings, front_end="ask")
    try:
        answer = assistant.ask(question)
    except QuestionError as exc:
        print(f"sendplan: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        document = answer_json(answer)
        if args.explain:
            document["explanation"] = answer.explanation
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        print(answer_text(answer))
        if args.explain:
            print(explain_text(answer))
    return 0


def run_chat(args: argparse.Namespace, settings: Settings) -> int:
    """Interactive when stdin is a terminal; otherwise answers each line and exits."""
    if sys.stdin is None:  # started with stdin closed: nothing to read
        return 0
    from assistant.answering.smalltalk import command
    from assistant.commands.recording import recorded_assistant

    interactive = sys.stdin.isatty()
    assistant = recorded_assistant(settings, front_end="chat")
    if interactive:
        print("Ask about the SEND and AP Improvement Plan (empty line or Ctrl-D to quit).")
    while True:
        try:
            line = input("? " if interactive else "")
        except EOFError:
            break
        if interactive and not line.strip():
            break
        wanted = command(line)
        if wanted == "quit":
            break
        if wanted == "help":
            print(CHAT_HELP)
        elif line.strip():
            chat_turn(assistant, line, echo=not interactive)
    return 0


CHAT_HELP = (
    "Ask a question about the SEND and AP Improvement Plan, its roadmap, progress updates or "
    "the sector's response, in English; answers quote the documents with [n] sources. "
    "Type 'quit' or 'exit' (or an empty line) to leave."
)


def chat_turn(assistant: Asker, question: str, *, echo: bool) -> None:
    from assistant.render_text import answer_text

    if echo:
        print(f"? {question.strip()}")
    try:
        print(answer_text(assistant.ask(question)))
    except QuestionError as exc:
        print(str(exc))
    print()
