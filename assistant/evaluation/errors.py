"""Errors the evaluation suite raises; all are AssistantErrors, so the CLI prints them.

EvalError
 ├── GoldenFormatError   a golden file is missing, empty or has an invalid line
 └── BaselineError       the stored baseline is missing or unreadable
"""

from __future__ import annotations

from assistant.errors import AssistantError


class EvalError(AssistantError):
    """Base class for evaluation errors."""


class GoldenFormatError(EvalError):
    """A golden file is missing, empty or has a line that is not a valid question."""


class BaselineError(EvalError):
    """The stored baseline cannot be read."""
