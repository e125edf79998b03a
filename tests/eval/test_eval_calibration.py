"""The quality gate on questions nobody calibrated for: every question set, out of fold.

The refusal threshold is fitted by assistant/evaluation/calibrate.py. Here it is fitted
on all other sets and scored on the one left out (leave-one-set-out), so every figure below
comes from questions the threshold never saw; the floors hold for the union of the sets. A second
block checks the fit is stable across folds, and that every citation is valid.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answering.pipeline import Assistant
from assistant.answering.refusal import MIN_EVIDENCE
from assistant.evaluation import load_golden
from assistant.evaluation.calibrate import (
    CALIBRATION_SETS,
    Record,
    collect,
    figures,
    fit,
    k_fold,
    out_of_fold,
)

HERE = Path(__file__).parent
# out-of-fold floors on the union (807 questions); see the closing note of issue 9 for the
# figures per set and category. Raise them with the figures, never lower them to pass.
FLOORS = {"facts_present": 0.94, "refusal_recall": 0.95, "citation_validity": 1.0}
CEILINGS = {"false_refusal_rate": 0.03}
STABLE_WITHIN = 0.15  # every fold's fitted threshold within this of the fit on everything


@pytest.fixture(scope="module")
def records(assistant: Assistant) -> list[Record]:
    return collect(
        assistant, {name: load_golden(HERE / f"{name}.jsonl") for name in CALIBRATION_SETS}
    )


@pytest.fixture(scope="module")
def held_out(records: list[Record]) -> dict[str, float | None]:
    scheme = out_of_fold(records, [r.set_name for r in records], "leave-one-set-out")
    return figures(records, scheme.rule_for(records))


@pytest.mark.parametrize(("key", "floor"), FLOORS.items())
def test_out_of_fold_floor(held_out: dict[str, float | None], key: str, floor: float) -> None:
    value = held_out[key]
    assert value is not None and value >= floor, f"{key} = {value} (floor {floor})"


@pytest.mark.parametrize(("key", "ceiling"), CEILINGS.items())
def test_out_of_fold_ceiling(held_out: dict[str, float | None], key: str, ceiling: float) -> None:
    value = held_out[key]
    assert value is not None and value <= ceiling, f"{key} = {value} (ceiling {ceiling})"


def test_fit_is_stable_and_matches_the_shipped_threshold(records: list[Record]) -> None:
    everything = fit(records).min_evidence
    folds = out_of_fold(records, k_fold(records), "k-fold").fitted

    assert all(abs(value - everything) <= STABLE_WITHIN for value in folds.values()), folds
    # the default in assistant/answering/refusal.py is the last full fit: refit with
    # `sendplan eval --calibrate` when features change (e.g. another embedding backend)
    assert abs(MIN_EVIDENCE - everything) <= STABLE_WITHIN
