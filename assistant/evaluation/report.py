"""The Markdown report: metrics side by side, floors, categories and every failing question."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.evaluation.gate import FLOORS
from assistant.evaluation.metrics import BY_KEY, JUDGE_METRICS, METRICS, Summary, format_value
from assistant.evaluation.results import EvalResult
from assistant.evaluation.suite import EvalRun

CATEGORY_KEYS = (
    "hit@5",
    "mrr",
    "must_include",
    "citation_accuracy",
    "refusal_recall",
    "false_refusal_rate",
    "faithfulness",
    "must_not_include_violations",
)


def metric_keys(runs: Sequence[EvalRun]) -> list[str]:
    """The suite's metrics, plus the judge's when any run was judged."""
    keys = [m.key for m in METRICS]
    if any(run.verdicts for run in runs):
        keys += [m.key for m in JUDGE_METRICS]
    return keys


def render_markdown(runs: Sequence[EvalRun], *, golden: str) -> str:
    """The whole report for one run, or several side by side (--compare)."""
    first = runs[0]
    lines = [
        "# sendplan evaluation",
        "",
        f"Golden set `{golden}`: {first.overall['n']} questions "
        f"({first.overall['n_answerable']} answerable). {_config_line(first)}",
        "",
        "## Metrics",
        "",
        *_metrics_table(runs),
        "",
        "## Floors",
        "",
        *_floor_lines(runs),
    ]
    for run in runs:
        lines += ["", f"## By category ({run.name})", "", *_category_table(run.categories)]
    for run in runs:
        lines += ["", *_reasons_section(run)]
    for run in runs:
        lines += ["", *_failures_section(run)]
    return "\n".join(lines) + "\n"


def _config_line(run: EvalRun) -> str:
    config = run.config
    parts = [f"{key} `{config[key]}`" for key in ("answerer", "k", "embedding") if key in config]
    return "Settings: " + ", ".join(parts) + "." if parts else ""


def _metrics_table(runs: Sequence[EvalRun]) -> list[str]:
    rows = [
        _row(["Metric", *(run.name for run in runs)]),
        _row(["---", *("---:" for _ in runs)]),
    ]
    for key in metric_keys(runs):
        values = (format_value(key, run.overall.get(key)) for run in runs)
        rows.append(_row([BY_KEY[key].label, *values]))
    return rows


def _floor_lines(runs: Sequence[EvalRun]) -> list[str]:
    lines = []
    for floor in FLOORS:
        marks = []
        for run in runs:
            passed = floor.check(run.overall)
            mark = "n/a" if passed is None else ("pass" if passed else "**FAIL**")
            marks.append(f"{run.name} {mark}")
        lines.append(f"- `{floor.describe()}`: " + ", ".join(marks))
    return lines


def _category_table(categories: dict[str, Summary]) -> list[str]:
    labels = ["Category", "n", *(BY_KEY[k].short for k in CATEGORY_KEYS)]
    rows = [_row(labels), _row(["---", *("---:" for _ in labels[1:])])]
    for category, summary in categories.items():
        values = [format_value(k, summary.get(k)) for k in CATEGORY_KEYS]
        rows.append(_row([category, str(summary["n"]), *values]))
    return rows


def _reasons_section(run: EvalRun) -> list[str]:
    """False refusals by refusal code, missed refusals by category."""
    grouped = run.refusals_by_reason()
    lines = [f"## Refusal mistakes by reason ({run.name})", ""]
    for title, groups in (
        ("False refusals (answerable, refused) by reason", grouped["false_refusals"]),
        ("Missed refusals (unanswerable, answered) by category", grouped["missed_refusals"]),
    ):
        lines.append(
            f"- {title}: "
            + (
                "none"
                if not groups
                else "; ".join(
                    f"`{key}` {len(ids)} ({', '.join(ids)})" for key, ids in groups.items()
                )
            )
        )
    return lines


def _failures_section(run: EvalRun) -> list[str]:
    failures = run.failures()
    lines = [f"## Failing questions ({run.name}): {len(failures)} of {len(run.results)}"]
    if not failures:
        return [*lines, "", "None."]
    for result, reasons in failures:
        lines += ["", *failure_entry(result, reasons)]
    return lines


def failure_entry(result: EvalResult, reasons: Sequence[str]) -> list[str]:
    """One failing question: heading, reasons, sources, and the answer as a quote."""
    kind = "answerable" if result.answerable else "should refuse"
    retrieved = ", ".join(result.retrieved_doc_ids) or "nothing"
    cited = ", ".join(dict.fromkeys(result.cited_doc_ids)) or "nothing"
    answer = "\n".join(f"> {line}" if line else ">" for line in result.answer.splitlines())
    return [
        f"### {result.id} ({result.category}, {kind}): {result.question}",
        "",
        *(f"- {reason}" for reason in reasons),
        f"- retrieved: {retrieved}",
        f"- cited: {cited}",
        "",
        answer or "> (empty answer)",
    ]


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"
