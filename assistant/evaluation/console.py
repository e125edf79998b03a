"""Rich tables for the terminal: metrics side by side, categories, failing questions."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from assistant.evaluation.gate import FLOORS, Drift
from assistant.evaluation.metrics import BY_KEY, format_value
from assistant.evaluation.report import CATEGORY_KEYS, metric_keys
from assistant.evaluation.suite import EvalRun

_FLOOR_BY_KEY = {floor.key: floor for floor in FLOORS}


def metrics_table(runs: Sequence[EvalRun]) -> Table:
    """One row per metric, one column per run, and the floor it must meet."""
    table = Table(title="Evaluation", title_justify="left")
    table.add_column("Metric")
    for run in runs:
        table.add_column(run.name, justify="right")
    table.add_column("Floor", justify="right", style="dim")
    for key in metric_keys(runs):
        floor = _FLOOR_BY_KEY.get(key)
        cells = [_cell(key, run, floor.check(run.overall) if floor else None) for run in runs]
        bound = f"{floor.op} {format_value(key, floor.bound)}" if floor else ""
        table.add_row(BY_KEY[key].label, *cells, bound)
    return table


def category_table(run: EvalRun) -> Table:
    table = Table(title=f"By category ({run.name})", title_justify="left")
    table.add_column("Category")
    table.add_column("n", justify="right")
    for key in CATEGORY_KEYS:
        table.add_column(BY_KEY[key].short, justify="right")
    for category, summary in run.categories.items():
        values = (format_value(key, summary.get(key)) for key in CATEGORY_KEYS)
        table.add_row(category, str(summary["n"]), *values)
    return table


def failures_table(run: EvalRun) -> Table:
    failures = run.failures()
    table = Table(
        title=f"Failing questions ({run.name}): {len(failures)} of {len(run.results)}",
        title_justify="left",
    )
    table.add_column("Id", no_wrap=True)
    table.add_column("Question")
    table.add_column("Why")
    for result, reasons in failures:
        # Text, not markup: answers and questions may contain square brackets
        table.add_row(result.id, Text(result.question), Text("\n".join(reasons), style="red"))
    return table


def print_runs(console: Console, runs: Sequence[EvalRun]) -> None:
    """Everything a person needs after `sendplan eval`, compact for --compare."""
    console.print(metrics_table(runs))
    if len(runs) == 1:
        console.print(category_table(runs[0]))
        if runs[0].failures():
            console.print(failures_table(runs[0]))
    else:
        counts = ", ".join(f"{run.name} {len(run.failures())}" for run in runs)
        console.print(f"Failing questions: {counts} (see --report for each one)")


def print_drifts(console: Console, drifts: Sequence[Drift]) -> None:
    """The comparison with the stored baseline; regressions in red."""
    for drift in drifts:
        style = "red" if drift.regressed else ("green" if drift.delta else "dim")
        console.print(drift.describe(), style=style, markup=False, highlight=False)


def _cell(key: str, run: EvalRun, passed: bool | None) -> str:
    text = format_value(key, run.overall.get(key))
    if passed is None:
        return text
    return f"[green]{text}[/green]" if passed else f"[bold red]{text}[/bold red]"
