"""A progress bar for long ingestions, shown only on a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

LONG_RUN_CHUNKS = 200  # below this an ingestion takes seconds: no bar


@contextmanager
def terminal_progress() -> Iterator[Callable[[int, int], None] | None]:
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = None

        def update(done: int, total: int) -> None:
            nonlocal task
            if total < LONG_RUN_CHUNKS:
                return
            if task is None:
                task = bar.add_task("Embedding chunks", total=total)
            bar.update(task, completed=done)

        yield update
