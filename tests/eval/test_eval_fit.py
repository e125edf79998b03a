"""The threshold fit on hand-made evidence: where it lands when several cuts tie."""

from __future__ import annotations

import pytest

from assistant.answering.refusal import Evidence
from assistant.evaluation.calibrate import Part, Record, errors, fit
from assistant.evaluation.golden import GoldenItem


def record(score: float, *, answerable: bool) -> Record:
    item = GoldenItem(
        id=f"q{score}",
        question="q",
        answerable=answerable,
        must_include=[["fact"]] if answerable else [],
    )
    return Record("set", item, (Part(Evidence(coverage=score, agreement=0.0), "the fact"),))


def test_a_tie_between_two_plateaus_goes_to_the_one_with_more_room() -> None:
    # answered from the cut up: unanswerable at 0.5, 0.9 and 1.25, answerable at 1.2, 1.6
    # and 2.0. A cut in (0.9, 1.2) answers the 1.25 one; a cut in (1.25, 1.6) refuses the
    # 1.2 one: one error each, but the second plateau is 0.35 wide, the first 0.3
    records = [
        record(0.5, answerable=False),
        record(0.9, answerable=False),
        record(1.2, answerable=True),
        record(1.25, answerable=False),
        record(1.6, answerable=True),
        record(2.0, answerable=True),
    ]

    fitted = fit(records)

    assert 1.25 < fitted.min_evidence < 1.6
    assert errors(records, fitted) == pytest.approx(1 / 3)
