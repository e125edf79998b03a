"""The evaluation suite: golden questions through the answer chain, scored and reported.

golden.py loads question sets; runner.py asks them (recording what the chain produced);
scoring.py checks one answer; metrics.py aggregates; gate.py holds floors and the baseline;
report.py and console.py present a run; judge.py adds optional LLM-judged metrics.
"""

from assistant.evaluation.errors import BaselineError, EvalError, GoldenFormatError
from assistant.evaluation.golden import GoldenItem, load_golden, parse_golden
from assistant.evaluation.results import EvalResult
from assistant.evaluation.suite import EvalRun, evaluate, score_run

__all__ = [
    "BaselineError",
    "EvalError",
    "EvalResult",
    "EvalRun",
    "GoldenFormatError",
    "GoldenItem",
    "evaluate",
    "load_golden",
    "parse_golden",
    "score_run",
]
