"""The Markdown report, the terminal tables and the JSON file."""

from __future__ import annotations

import json
from pathlib import Path

from eval_support import build_item, build_result
from rich.console import Console

from assistant.evaluation.console import print_drifts, print_runs
from assistant.evaluation.gate import Drift
from assistant.evaluation.report import render_markdown
from assistant.evaluation.suite import EvalRun, score_run, write_json


def run_named(name: str, *, failing: bool) -> EvalRun:
    items = [
        build_item(id="p02"),
        build_item(id="p51", category="out_of_scope", answerable=False, expected_sources=[],
                   must_include=[], question="What is the capital of France?"),
    ]  # fmt: skip
    answer = "Thirty-three | schools [1].\n\nSecond paragraph [1]." if failing else None
    results = [
        build_result(id="p02", **({"answer": answer} if answer else {})),
        build_result(id="p51", category="out_of_scope", answerable=False, refused=True,
                     answer="I couldn't find this.", citations=[], cited_doc_ids=[]),
    ]  # fmt: skip
    return score_run(items, results, config={"retriever": name, "k": 5, "answerer": "extractive"})


def test_report_lists_failing_questions_with_answer_and_what_is_missing() -> None:
    report = render_markdown([run_named("hybrid", failing=True)], golden="set.jsonl")

    assert report.startswith("# sendplan evaluation\n")
    assert "Golden set `set.jsonl`: 2 questions (1 answerable)." in report
    assert "| Retrieval hit@5 | 100.0% |" in report
    assert "- `hit@5 >= 95.0%`: hybrid pass" in report
    assert "- `must_include >= 85.0%`: hybrid **FAIL**" in report
    assert "## Failing questions (hybrid): 1 of 2" in report
    assert "### p02 (number, answerable): How many new special free schools" in report
    assert "- missing: '33'" in report
    assert "- retrieved: digest, roadmap" in report
    assert "> Thirty-three | schools [1].\n>\n> Second paragraph [1]." in report
    assert "p51" not in report.split("## Failing questions")[1]


def test_report_for_a_passing_run_says_none() -> None:
    report = render_markdown([run_named("hybrid", failing=False)], golden="set.jsonl")

    assert report.endswith("## Failing questions (hybrid): 0 of 2\n\nNone.\n")
    assert "| out_of_scope | 1 | - |" in report


def test_compare_report_puts_runs_side_by_side() -> None:
    runs = [run_named(name, failing=name == "bm25") for name in ("dense", "bm25", "hybrid")]

    report = render_markdown(runs, golden="set.jsonl")

    assert "| Metric | dense | bm25 | hybrid |" in report
    assert "| Must-include coverage | 100.0% | 0.0% | 100.0% |" in report
    assert "dense pass, bm25 **FAIL**, hybrid pass" in report
    for name in ("dense", "bm25", "hybrid"):
        assert f"## By category ({name})" in report
        assert f"## Failing questions ({name})" in report


def test_terminal_shows_metrics_categories_and_failures() -> None:
    console = Console(record=True, width=200, color_system=None, force_terminal=True)

    print_runs(console, [run_named("hybrid", failing=True)])

    text = console.export_text()
    assert "Must-include coverage" in text
    assert "By category (hybrid)" in text
    assert "Failing questions (hybrid): 1 of 2" in text
    assert "missing: '33'" in text


def test_terminal_compare_is_compact() -> None:
    console = Console(record=True, width=200, color_system=None, force_terminal=True)
    runs = [run_named(name, failing=name == "dense") for name in ("dense", "bm25", "hybrid")]

    print_runs(console, runs)

    text = console.export_text()
    assert "Failing questions: dense 1, bm25 0, hybrid 0" in text
    assert "By category" not in text


def test_terminal_prints_baseline_drift() -> None:
    console = Console(record=True, width=200, color_system=None, force_terminal=True)

    print_drifts(console, [Drift("hit@5", 1.0, 0.9)])

    assert "hit@5: 90.0% vs baseline 100.0% (-10.0 points)" in console.export_text()


def test_json_has_summary_and_raw_results(tmp_path: Path) -> None:
    path = tmp_path / "out" / "eval.json"
    run = run_named("hybrid", failing=True)

    write_json(path, [run])

    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["config"]["retriever"] == "hybrid"
    assert document["summary"]["overall"]["n"] == 2
    assert set(document["summary"]["by_category"]) == {"number", "out_of_scope"}
    assert document["results"][0] == run.results[0].model_dump(mode="json")
    assert list(document["failures"]) == ["p02"]


def test_json_for_compare_holds_every_run(tmp_path: Path) -> None:
    path = tmp_path / "eval.json"
    runs = [run_named(name, failing=False) for name in ("dense", "bm25")]

    write_json(path, runs)

    document = json.loads(path.read_text(encoding="utf-8"))
    assert [r["config"]["retriever"] for r in document["runs"]] == ["dense", "bm25"]
