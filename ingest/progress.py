"""How an ingestion shows it is working: stages with totals ("Reading 64 files", "Embedding
12 chunks") and their progress.

On a terminal (stdout) a rich progress bar per stage, with a count and the estimated time
left; otherwise one line per stage on stderr ("Reading 64 files..."), so a log or a pipe gets
a note and no bar.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID


class Progress(Protocol):
    def stage(self, name: str, total: int, unit: str) -> None:
        """A stage starts: e.g. ("Reading", 64, "files")."""

    def advance(self, count: int = 1) -> None:
        """`count` more units of the current stage are done."""


class NoProgress:
    def stage(self, name: str, total: int, unit: str) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass


class StageNotes:
    """One line per stage, e.g. 'Reading 64 files...', for logs and pipes."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def stage(self, name: str, total: int, unit: str) -> None:
        if not total:  # nothing to read or embed: no news
            return
        print(f"{name} {total} {_plural(unit, total)}...", file=self.stream, flush=True)

    def advance(self, count: int = 1) -> None:
        pass


def _plural(unit: str, count: int) -> str:
    return unit.removesuffix("s") if count == 1 else unit


class _Bars:
    """A rich bar per stage: description, bar, done/total, time left."""

    def __init__(self, bars: RichProgress) -> None:
        self.bars = bars
        self.task: TaskID | None = None
        self.total = 0

    def stage(self, name: str, total: int, unit: str) -> None:
        self.finish()
        description = f"{name} {total} {_plural(unit, total)}"
        self.total = max(total, 1)
        self.task = self.bars.add_task(description, total=self.total)

    def advance(self, count: int = 1) -> None:
        if self.task is not None:
            self.bars.update(self.task, advance=count)

    def finish(self) -> None:
        # a stage that ends early (unchanged chunks are not embedded) is still done
        if self.task is not None:
            self.bars.update(self.task, completed=self.total)


@contextmanager
def ingest_progress(
    *, stdout: IO[str] | None = None, stderr: IO[str] | None = None
) -> Iterator[Progress]:
    """Bars when stdout is a terminal, else stage notes on stderr."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    if not out.isatty():
        yield StageNotes(err)
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn())  # fmt: skip
    from rich.progress import Progress as Bars

    with Bars(*columns, console=Console(file=out), transient=False) as bars:
        tracker = _Bars(bars)
        yield tracker
        tracker.finish()
