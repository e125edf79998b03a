"""`sendplan eval`: run a golden question set through the answer chain and report metrics."""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # loaded when the command runs, so `sendplan --help` stays light
    from rich.progress import Progress, TaskID

    from assistant.evaluation import EvalResult, EvalRun
    from assistant.evaluation.golden import GoldenItem
    from assistant.settings import Settings

# assistant.evaluation.golden.DEFAULT_GOLDEN, not imported here so that `sendplan --help` does
# not load the evaluation package (tests/cli/test_cli_manners.py checks they agree)
DEFAULT_GOLDEN = Path("tests/eval/golden.jsonl")
RETRIEVERS = ("hybrid", "dense", "bm25")
COMPARE_ORDER = ("dense", "bm25", "hybrid")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="score the assistant on a golden question set",
        description="Ask every golden question through the same chain the Slack bot uses and "
        "report retrieval, fact, citation, refusal and faithfulness metrics.",
    )
    parser.add_argument(
        "--golden",
        type=Path,
        default=DEFAULT_GOLDEN,
        metavar="FILE",
        help=f"JSON Lines question set (default: {DEFAULT_GOLDEN})",
    )
    parser.add_argument(
        "--json",
        type=Path,
        metavar="OUT",
        help="write summary and raw per-question results as JSON",
    )
    parser.add_argument(
        "--report",
        type=Path,
        metavar="OUT.md",
        help="write a Markdown report listing every failing question",
    )
    parser.add_argument(
        "--retriever",
        choices=RETRIEVERS,
        help="retriever to evaluate (default: SENDPLAN_RETRIEVER)",
    )
    parser.add_argument(
        "-k",
        type=_positive,
        metavar="N",
        help="chunks to retrieve per question (default: SENDPLAN_TOP_K)",
    )
    parser.add_argument(
        "--compare", action="store_true", help="run dense, bm25 and hybrid retrieval side by side"
    )
    parser.add_argument(
        "--judge",
        action="store_true",
        help="add LLM-judged correctness and faithfulness (needs an LLM)",
    )
    parser.add_argument(
        "--judge-model", metavar="PROVIDER:MODEL", help="model for --judge (default: SENDPLAN_LLM)"
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="compare with a stored baseline; exit 1 if a metric regressed",
    )
    parser.add_argument(
        "--write-baseline",
        type=Path,
        metavar="FILE",
        help="store this run's metrics as the baseline (e.g. tests/eval/baseline.json)",
    )
    parser.add_argument(
        "--calibrate",
        action="store_true",
        help="read every set in tests/eval (or each --set FILE), fit the refusal threshold and "
        "print out-of-fold figures (k-fold and leave-one-set-out)",
    )
    parser.add_argument(
        "--set", type=Path, action="append", metavar="FILE", help="a question set for --calibrate"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.calibrate:
        return run_calibration(args, settings)
    from rich.console import Console

    from assistant.evaluation import EvalError, load_golden
    from assistant.evaluation.console import print_drifts, print_runs
    from assistant.evaluation.gate import compare_to_baseline, load_baseline, write_baseline
    from assistant.evaluation.report import render_markdown
    from assistant.evaluation.suite import write_json

    if args.compare and (args.retriever or args.baseline or args.write_baseline):
        raise EvalError(
            "--compare runs every retriever, so it cannot be combined with --retriever, "
            "--baseline or --write-baseline. Drop --compare, or those options."
        )
    if args.k:
        settings = settings.model_copy(update={"top_k": args.k})
    items = load_golden(args.golden)
    kinds = COMPARE_ORDER if args.compare else (args.retriever or settings.retriever,)
    judged_by = (args.judge_model or settings.llm) if args.judge else None
    runs = run_all(settings, items, kinds=kinds, golden=args.golden, judged_by=judged_by)

    console = Console()
    print_runs(console, runs)
    if args.json:
        write_json(args.json, runs)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(render_markdown(runs, golden=str(args.golden)), encoding="utf-8")
    if args.write_baseline:
        write_baseline(args.write_baseline, runs[0].overall, runs[0].config)
        console.print(f"Baseline written to {args.write_baseline}")
    if args.baseline:
        drifts = compare_to_baseline(runs[0].overall, load_baseline(args.baseline)["metrics"])
        print_drifts(console, drifts)
        return 1 if any(d.regressed for d in drifts) else 0
    return 0


def run_all(
    settings: Settings,
    items: list[GoldenItem],
    *,
    kinds: tuple[str, ...],
    golden: Path,
    judged_by: str | None = None,
) -> list[EvalRun]:
    """One run per retriever kind, sharing one embedding model (and judge model, if any)."""
    from rich.console import Console
    from rich.progress import Progress

    from assistant.evaluation import evaluate
    from assistant.evaluation.judge import make_judge_model
    from assistant.evaluation.suite import run_config
    from assistant.factory import build_assistant, make_embeddings

    judge = make_judge_model(settings, model=judged_by) if judged_by is not None else None
    embeddings = make_embeddings(settings)
    runs = []
    with Progress(console=Console(stderr=True), transient=True) as progress:
        for kind in kinds:
            assistant = build_assistant(settings, embeddings=embeddings, retriever_kind=kind)
            config = run_config(settings, assistant, golden=golden, retriever=kind, judge=judged_by)
            task = progress.add_task(f"{kind}: asking", total=len(items))
            advance = partial(_advance, progress, task)
            runs.append(evaluate(items, assistant, config=config, judge=judge, on_result=advance))
    return runs


def _advance(progress: Progress, task: TaskID, _result: EvalResult) -> None:
    progress.advance(task)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"-k must be 1 or more, got {number}")
    return number


def run_calibration(args: argparse.Namespace, settings: Settings) -> int:
    """`sendplan eval --calibrate`: fit min_evidence, print out-of-fold figures (and --json)."""
    import json

    from assistant.evaluation import load_golden
    from assistant.evaluation.calibrate import CALIBRATION_SETS, collect, report
    from assistant.factory import build_assistant

    paths = args.set or [DEFAULT_GOLDEN.with_name(f"{name}.jsonl") for name in CALIBRATION_SETS]
    sets = {path.stem: load_golden(path) for path in paths}
    document = report(collect(build_assistant(settings), sets))
    # plain lines: they are read in a terminal and in CI logs alike, and never wrap or cut
    print(f"Fitted on all {sum(map(len, sets.values()))} questions: {document['fitted']}")
    for scheme in ("k-fold", "leave-one-set-out"):
        print(f"\n{scheme}: fitted per fold {document[scheme]['fitted_per_fold']}")
        for name, row in [
            ("all", document[scheme]["overall"]),
            *document[scheme]["by_set"].items(),
        ]:
            print("  " + _figure_line(name, row))
        print("  by category:")
        for name, row in document[scheme]["by_category"].items():
            print("    " + _figure_line(name, row))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0


def _figure_line(name: str, row: dict[str, Any]) -> str:
    def pct(key: str) -> str:
        value = row.get(key)
        return "-" if value is None else f"{value:.1%}"

    return (
        f"{name:26} n={row['n']:3}  facts {pct('facts_present'):>6}  refused(unanswerable) "
        f"{pct('refusal_recall'):>6}  refused(answerable) {pct('false_refusal_rate'):>6}  "
        f"citations valid {pct('citation_validity'):>6}"
    )
