"""Placeholder: filled in by the issue that builds this command."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    del subparsers


def run(args: argparse.Namespace, settings: object) -> int:
    raise NotImplementedError
