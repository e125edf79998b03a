"""The quality gate: the public golden set through the real assistant.

Fails when a floor is missed or a metric drops more than 3 points below
tests/eval/baseline.json. After a deliberate change, regenerate the baseline in the same
commit: `sendplan ingest && sendplan eval --write-baseline tests/eval/baseline.json`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answering.pipeline import Assistant
from assistant.evaluation import EvalRun, evaluate, load_golden
from assistant.evaluation.gate import (
    DEFAULT_BASELINE,
    FLOORS,
    Floor,
    compare_to_baseline,
    config_differences,
    load_baseline,
    offenders,
)
from assistant.evaluation.suite import run_config
from assistant.settings import Settings

HERE = Path(__file__).parent
GOLDEN = HERE / "golden.jsonl"
BASELINE = HERE / "baseline.json"
REGENERATE = f"sendplan ingest && sendplan eval --write-baseline {DEFAULT_BASELINE}"


@pytest.fixture(scope="module")
def public_run(assistant: Assistant, ingested_settings: Settings) -> EvalRun:
    config = run_config(
        ingested_settings, assistant, golden=GOLDEN, retriever=ingested_settings.retriever
    )
    return evaluate(load_golden(GOLDEN), assistant, config=config)


@pytest.mark.parametrize("floor", FLOORS, ids=lambda floor: floor.key)
def test_floor(public_run: EvalRun, floor: Floor) -> None:
    value = public_run.overall[floor.key]
    assert value is not None, f"{floor.key} does not apply to the public set"

    passed = floor.check(public_run.overall)

    assert passed, (
        f"{floor.key} = {value!r} misses the floor ({floor.describe()}); questions against it: "
        f"{', '.join(offenders(public_run.scores, floor.key))}"
    )


def test_no_metric_drops_below_the_baseline(public_run: EvalRun) -> None:
    baseline = load_baseline(BASELINE)
    differences = config_differences(baseline.get("config", {}), public_run.config)
    if any(d.startswith("llm:") for d in differences):
        pytest.skip(f"baseline.json is for another answerer ({'; '.join(differences)})")
    assert not differences, (
        f"baseline.json was recorded with other settings ({'; '.join(differences)}). "
        f"Regenerate it: {REGENERATE}"
    )

    drifts = compare_to_baseline(public_run.overall, baseline["metrics"])
    report = "\n".join(drift.describe() for drift in drifts)
    print(report)  # shown with the failure; run pytest -s to see it on success

    regressed = [drift.describe() for drift in drifts if drift.regressed]
    assert not regressed, (
        "Metrics dropped more than 3 points below tests/eval/baseline.json:\n  "
        + "\n  ".join(regressed)
        + f"\nAll metrics:\n{report}\nIf the drop is deliberate, regenerate: {REGENERATE}"
    )
