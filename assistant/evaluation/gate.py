"""The quality gate: fixed floors, and a stored baseline that no metric may fall behind."""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.evaluation.errors import BaselineError
from assistant.evaluation.metrics import BY_KEY, METRICS, format_value
from assistant.evaluation.scoring import QuestionScore

DEFAULT_BASELINE = Path("tests/eval/baseline.json")
# a drop of more than 3 points fails (rates and scores are 0..1, so 0.03)
TOLERANCE = 0.03
# latency depends on the machine, so it is reported but not held to a baseline
BASELINE_KEYS = tuple(m.key for m in METRICS if m.kind != "ms")

_OPS = {">=": operator.ge, "<=": operator.le, "==": operator.eq}


@dataclass(frozen=True)
class Floor:
    key: str
    op: str
    bound: float

    def check(self, summary: Mapping[str, Any]) -> bool | None:
        """True/False, or None when the metric does not apply to this question set."""
        value = summary.get(self.key)
        return None if value is None else bool(_OPS[self.op](value, self.bound))

    def describe(self) -> str:
        return f"{self.key} {self.op} {format_value(self.key, self.bound)}"


FLOORS: tuple[Floor, ...] = (
    Floor("hit@5", ">=", 0.95),
    Floor("must_include", ">=", 0.85),
    Floor("citation_validity", "==", 1.0),
    Floor("refusal_recall", ">=", 0.9),
    Floor("false_refusal_rate", "<=", 0.05),
    Floor("must_not_include_violations", "==", 0),
)


def failed_floors(summary: Mapping[str, Any], floors: tuple[Floor, ...] = FLOORS) -> list[str]:
    """One line per floor the summary misses, e.g. 'hit@5 is 90.0%, needs >= 95.0%'."""
    return [
        f"{floor.key} is {format_value(floor.key, summary.get(floor.key))}, "
        f"needs {floor.op} {format_value(floor.key, floor.bound)}"
        for floor in floors
        if floor.check(summary) is False
    ]


# which questions pull a floor's metric down
_OFFENDS: dict[str, Callable[[QuestionScore], bool]] = {
    "hit@5": lambda s: s.answerable and s.has_expected_sources and not s.hit(5),
    "must_include": lambda s: s.answerable and s.has_must_include and not s.must_include_ok,
    "citation_validity": lambda s: bool(s.invalid_citations),
    "refusal_recall": lambda s: not s.answerable and not s.refused,
    "false_refusal_rate": lambda s: s.answerable and s.refused,
    "must_not_include_violations": lambda s: bool(s.violations),
}


def offenders(scores: Sequence[QuestionScore], key: str) -> list[str]:
    """Ids of the questions that count against metric `key` (for floor messages)."""
    offends = _OFFENDS.get(key)
    return [s.id for s in scores if offends(s)] if offends else []


@dataclass(frozen=True)
class Drift:
    """How one metric moved against the baseline."""

    key: str
    baseline: float
    current: float

    @property
    def delta(self) -> float:
        return self.current - self.baseline

    @property
    def regressed(self) -> bool:
        metric = BY_KEY[self.key]
        worse = -self.delta if metric.higher_is_better else self.delta
        # counts (violations) may not grow at all; rates may slip by the tolerance
        return worse > 0 if metric.kind == "count" else worse > TOLERANCE + 1e-9

    def describe(self) -> str:
        sign = "+" if self.delta >= 0 else "-"
        size = abs(self.delta)
        shown = {"rate": f"{size * 100:.1f} points", "score": f"{size:.3f}"}
        change = sign + shown.get(BY_KEY[self.key].kind, f"{size:g}")
        return (
            f"{self.key}: {format_value(self.key, self.current)} vs baseline "
            f"{format_value(self.key, self.baseline)} ({change})"
        )


def compare_to_baseline(summary: Mapping[str, Any], baseline: Mapping[str, Any]) -> list[Drift]:
    """Every metric present in both, in the suite's order."""
    return [
        Drift(key, float(baseline[key]), float(summary[key]))
        for key in BASELINE_KEYS
        if baseline.get(key) is not None and summary.get(key) is not None
    ]


# a baseline made with other settings says nothing about this run
COMPARABLE_KEYS = ("golden_sha256", "retriever", "k", "answerer", "llm")


def config_differences(baseline_config: Mapping[str, Any], config: Mapping[str, Any]) -> list[str]:
    """'k: 5 -> 8' for each setting that differs between the baseline and this run."""
    return [
        f"{key}: {baseline_config.get(key)} -> {config.get(key)}"
        for key in COMPARABLE_KEYS
        if key in baseline_config and baseline_config.get(key) != config.get(key)
    ]


def baseline_document(summary: Mapping[str, Any], config: Mapping[str, Any]) -> dict[str, Any]:
    """What tests/eval/baseline.json holds: the run's settings and its gated metrics."""
    metrics = {key: summary.get(key) for key in BASELINE_KEYS}
    rounded = {k: round(v, 4) if isinstance(v, float) else v for k, v in metrics.items()}
    return {"config": dict(config), "metrics": rounded}


def write_baseline(path: Path, summary: Mapping[str, Any], config: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(baseline_document(summary, config), indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


def load_baseline(path: Path) -> dict[str, Any]:
    """The stored baseline document; raises with the command that writes one."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(
            f"No baseline at {path}. Write one with 'sendplan eval --write-baseline {path}'."
        ) from None
    except json.JSONDecodeError as exc:
        raise BaselineError(
            f"Baseline {path} is not valid JSON ({exc.msg}, line {exc.lineno}). "
            f"Regenerate it with 'sendplan eval --write-baseline {path}'."
        ) from None
    if not isinstance(document, dict) or not isinstance(document.get("metrics"), dict):
        raise BaselineError(
            f"Baseline {path} has no 'metrics' object. "
            f"Regenerate it with 'sendplan eval --write-baseline {path}'."
        )
    return document
