"""One evaluation run: ask, score, summarise, optionally judge; and its JSON form."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.answering.pipeline import Assistant
from assistant.evaluation.golden import GoldenItem
from assistant.evaluation.judge import Verdict, judge_results, judge_summary
from assistant.evaluation.metrics import Summary, by_category, summarise
from assistant.evaluation.results import EvalResult
from assistant.evaluation.runner import run_golden
from assistant.evaluation.scoring import QuestionScore, score_result
from assistant.settings import Settings


@dataclass
class EvalRun:
    """Results, scores and metrics of one question set through one assistant."""

    config: dict[str, Any]
    items: list[GoldenItem]
    results: list[EvalResult]
    scores: list[QuestionScore]
    overall: Summary
    categories: dict[str, Summary]
    verdicts: dict[str, Verdict] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.config.get("retriever", "run"))

    def failures(self) -> list[tuple[EvalResult, list[str]]]:
        """Each failing question's result with the reasons it fails, in golden order."""
        pairs = ((r, s.failures) for r, s in zip(self.results, self.scores, strict=True))
        return [(result, reasons) for result, reasons in pairs if reasons]

    def refusals_by_reason(self) -> dict[str, dict[str, list[str]]]:
        """Wrong refusal decisions: answerable questions refused, by refusal code; and
        unanswerable questions answered, by category (an answer has no refusal code)."""
        false: dict[str, list[str]] = {}
        missed: dict[str, list[str]] = {}
        for result in self.results:
            if result.answerable and result.refused:
                false.setdefault(result.refusal_code or "unknown", []).append(result.id)
            elif not result.answerable and not result.refused:
                missed.setdefault(result.category, []).append(result.id)
        return {"false_refusals": false, "missed_refusals": missed}

    def to_json(self) -> dict[str, Any]:
        """`config`, `summary` (overall and per category), `results` (raw), `failures`."""
        document: dict[str, Any] = {
            "config": self.config,
            "summary": {"overall": self.overall, "by_category": self.categories},
            "results": [result.model_dump(mode="json") for result in self.results],
            "failures": {result.id: reasons for result, reasons in self.failures()},
            "refusals_by_reason": self.refusals_by_reason(),
        }
        if self.verdicts:
            document["judgements"] = {i: v.model_dump() for i, v in self.verdicts.items()}
        return document


def score_run(
    items: Sequence[GoldenItem],
    results: Sequence[EvalResult],
    *,
    config: dict[str, Any] | None = None,
    verdicts: dict[str, Verdict] | None = None,
) -> EvalRun:
    """Score results against their golden items (pure: no assistant involved)."""
    by_id = {item.id: item for item in items}
    scores = [score_result(result, by_id[result.id]) for result in results]
    verdicts = verdicts or {}

    def summary(subset: Sequence[QuestionScore]) -> Summary:
        metrics = summarise(subset)
        if verdicts:
            metrics.update(judge_summary(verdicts, (s.id for s in subset)))
        return metrics

    return EvalRun(
        config=dict(config or {}),
        items=list(items),
        results=list(results),
        scores=scores,
        overall=summary(scores),
        categories=by_category(scores, summary),
        verdicts=verdicts,
    )


def evaluate(
    items: Sequence[GoldenItem],
    assistant: Assistant,
    *,
    config: dict[str, Any] | None = None,
    judge: Any = None,
    on_result: Callable[[EvalResult], None] | None = None,
) -> EvalRun:
    """Ask every question through `assistant`, then score; `judge` is an optional chat model."""
    results = run_golden(items, assistant, on_result=on_result)
    verdicts = judge_results(results, items, judge) if judge is not None else None
    return score_run(items, results, config=config, verdicts=verdicts)


def run_config(
    settings: Settings,
    assistant: Assistant,
    *,
    golden: Path,
    retriever: str,
    judge: str | None = None,
) -> dict[str, Any]:
    """What a run was made with; a baseline only compares with runs made the same way."""
    return {
        "golden": golden.as_posix(),
        "golden_sha256": _digest(golden),
        "retriever": retriever,
        "k": assistant.k,
        "answerer": getattr(assistant.answerer, "name", settings.llm),
        "llm": settings.llm,
        "judge": judge,
    }


def write_json(path: Path, runs: Sequence[EvalRun]) -> None:
    """One run as {config, summary, results, ...}; several (--compare) as {"runs": [...]}."""
    document = runs[0].to_json() if len(runs) == 1 else {"runs": [r.to_json() for r in runs]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _digest(path: Path) -> str:
    # read as text so a CRLF checkout hashes the same as an LF one
    return hashlib.sha256(path.read_text(encoding="utf-8").encode()).hexdigest()[:16]
