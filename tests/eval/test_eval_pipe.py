"""`sendplan eval` tables: rich on a terminal; plain TSV, no word cut, when piped."""

from __future__ import annotations

import io

from eval_support import build_item, build_result
from rich.console import Console

from assistant.evaluation.console import print_runs
from assistant.evaluation.suite import EvalRun, score_run

LONG_QUESTION = (
    "According to the improvement plan, how many new special free schools were approved in "
    "the wave announced alongside it, and which regions of England will they be built in?"
)


def failing_run(name: str = "hybrid") -> EvalRun:
    items = [build_item(id="p02", question=LONG_QUESTION)]
    results = [build_result(id="p02", question=LONG_QUESTION, answer="Thirty-three [1].")]
    return score_run(items, results, config={"retriever": name, "k": 5})


def piped(runs: list[EvalRun]) -> str:
    out = io.StringIO()  # not a terminal: what `sendplan eval | less` or `> file` gets
    print_runs(Console(file=out), runs)
    return out.getvalue()


def test_piped_tables_are_tsv_with_every_word_whole() -> None:
    text = piped([failing_run()])

    blocks = [block.splitlines() for block in text.strip().split("\n\n")]
    assert [b[0] for b in blocks] == [
        "# Evaluation",
        "# By category (hybrid)",
        "# Failing questions (hybrid): 1 of 1",
    ]
    assert blocks[0][1] == "Metric\thybrid\tFloor"
    for block in blocks:  # every row has as many fields as the header
        assert {line.count("\t") for line in block[1:]} == {block[1].count("\t")}
    failure = blocks[2][2].split("\t")
    assert failure[:2] == ["p02", LONG_QUESTION]  # longer than 80 columns, on one line
    assert "missing: '33'" in failure[2]
    assert "│" not in text and "━" not in text  # no box drawing


def test_metric_rows_split_on_tabs() -> None:
    rows = dict(
        line.split("\t", 1)
        for line in piped([failing_run(n) for n in ("dense", "bm25")]).splitlines()
        if "\t" in line
    )
    assert rows["Metric"] == "dense\tbm25\tFloor"
    assert rows["Must-include coverage"].split("\t") == ["0.0%", "0.0%", ">= 85.0%"]


def test_terminal_keeps_the_rich_table() -> None:
    out = io.StringIO()
    print_runs(
        Console(file=out, force_terminal=True, width=120, color_system=None), [failing_run()]
    )

    text = out.getvalue()
    assert "┃ Metric" in text and "\t" not in text
    assert "Failing questions (hybrid): 1 of 1" in text
