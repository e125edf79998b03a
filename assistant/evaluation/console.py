"""Eval tables: rich tables on a terminal, plain TSV when stdout is a pipe or a file.

Rich fits a table to the console width, which is 80 columns when stdout is not a terminal, so
piped tables came out with words cut. Piped output is for `grep`, `cut` and spreadsheets
instead: each table is a `# title` line, a header row and rows, tab-separated, nothing cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.console import Console, JustifyMethod
from rich.table import Table
from rich.text import Text

from assistant.evaluation.gate import FLOORS, Drift
from assistant.evaluation.metrics import BY_KEY, format_value
from assistant.evaluation.report import CATEGORY_KEYS, metric_keys
from assistant.evaluation.suite import EvalRun

_FLOOR_BY_KEY = {floor.key: floor for floor in FLOORS}


@dataclass(frozen=True)
class Cell:
    text: str
    style: str | None = None  # rich style on a terminal; dropped in TSV


@dataclass(frozen=True)
class Column:
    header: str
    justify: JustifyMethod = "left"
    style: str | None = None
    no_wrap: bool = False


@dataclass
class Grid:
    """A table before it is drawn: as a rich Table on a terminal, as TSV otherwise."""

    title: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)

    def add(self, *cells: str | Cell) -> None:
        self.rows.append([c if isinstance(c, Cell) else Cell(c) for c in cells])

    def rich(self) -> Table:
        table = Table(title=self.title, title_justify="left")
        for c in self.columns:
            table.add_column(c.header, justify=c.justify, style=c.style, no_wrap=c.no_wrap)
        for row in self.rows:
            # Text, not markup: answers and questions may contain square brackets
            table.add_row(*(Text(c.text, style=c.style or "") for c in row))
        return table

    def tsv(self) -> str:
        lines = [f"# {self.title}", "\t".join(_flat(c.header) for c in self.columns)]
        lines += ["\t".join(_flat(c.text) for c in row) for row in self.rows]
        return "\n".join(lines)


def metrics_table(runs: Sequence[EvalRun]) -> Grid:
    """One row per metric, one column per run, and the floor it must meet."""
    columns = [Column("Metric"), *(Column(run.name, "right") for run in runs)]
    grid = Grid("Evaluation", [*columns, Column("Floor", "right", "dim")])
    for key in metric_keys(runs):
        floor = _FLOOR_BY_KEY.get(key)
        cells = [_cell(key, run, floor.check(run.overall) if floor else None) for run in runs]
        bound = f"{floor.op} {format_value(key, floor.bound)}" if floor else ""
        grid.add(BY_KEY[key].label, *cells, bound)
    return grid


def category_table(run: EvalRun) -> Grid:
    columns = [Column("Category"), Column("n", "right")]
    columns += [Column(BY_KEY[key].short, "right") for key in CATEGORY_KEYS]
    grid = Grid(f"By category ({run.name})", columns)
    for category, summary in run.categories.items():
        values = (format_value(key, summary.get(key)) for key in CATEGORY_KEYS)
        grid.add(category, str(summary["n"]), *values)
    return grid


def failures_table(run: EvalRun) -> Grid:
    failures = run.failures()
    title = f"Failing questions ({run.name}): {len(failures)} of {len(run.results)}"
    grid = Grid(title, [Column("Id", no_wrap=True), Column("Question"), Column("Why")])
    for result, reasons in failures:
        grid.add(result.id, result.question, Cell("\n".join(reasons), "red"))
    return grid


def print_runs(console: Console, runs: Sequence[EvalRun]) -> None:
    """Everything a person needs after `sendplan eval`, compact for --compare."""
    grids = [metrics_table(runs)]
    if len(runs) == 1:
        grids.append(category_table(runs[0]))
        if runs[0].failures():
            grids.append(failures_table(runs[0]))
    for grid in grids:
        if console.is_terminal:
            console.print(grid.rich())
        else:  # straight to the file: rich would expand the tabs into spaces
            console.file.write(f"{grid.tsv()}\n\n")
    if len(runs) > 1:
        counts = ", ".join(f"{run.name} {len(run.failures())}" for run in runs)
        console.print(f"Failing questions: {counts} (see --report for each one)", soft_wrap=True)


def print_drifts(console: Console, drifts: Sequence[Drift]) -> None:
    """The comparison with the stored baseline; regressions in red."""
    for drift in drifts:
        style = "red" if drift.regressed else ("green" if drift.delta else "dim")
        console.print(drift.describe(), style=style, markup=False, highlight=False, soft_wrap=True)


def _cell(key: str, run: EvalRun, passed: bool | None) -> Cell:
    text = format_value(key, run.overall.get(key))
    if passed is None:
        return Cell(text)
    return Cell(text, "green" if passed else "bold red")


def _flat(text: str) -> str:
    """One TSV field: no tabs or line breaks inside (several reasons become '; ')."""
    return "; ".join(part.strip() for part in text.replace("\t", " ").splitlines() if part.strip())
