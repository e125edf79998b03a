"""CLI manners: --version, -v and --log-format on either side of the sub-command, a timestamp
in every log line (text or JSON), and a description on every sub-command's help."""

from __future__ import annotations

import argparse
import json
import logging
import re
import shutil
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from assistant.cli import build_parser
from assistant.commands import eval_cmd
from assistant.evaluation.golden import DEFAULT_GOLDEN
from assistant.logs import JsonFormatter, TextFormatter
from tests.cli.test_cli import run
from tests.conftest import CORPUS

ISO_TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d"


def test_version(tmp_path: Path) -> None:
    result = run(["--version"], tmp_path)
    assert result.returncode == 0
    assert result.stdout == f"sendplan {version('sendplan')}\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["-v", "--log-format", "json", "feedback", "export"],
        ["feedback", "-v", "--log-format", "json", "export"],
        ["feedback", "export", "-v", "--log-format", "json"],
        ["-v", "feedback", "export", "--log-format", "json"],
    ],
)
def test_common_options_before_and_after_the_subcommand(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert (args.verbose, args.log_format, args.feedback_action) == (True, "json", "export")


def test_common_options_default_when_absent() -> None:
    args = build_parser().parse_args(["feedback", "export"])
    assert (args.verbose, args.log_format) == (None, None)


def all_parsers(parser: argparse.ArgumentParser, name: str = "sendplan") -> dict[str, object]:
    found: dict[str, object] = {name: parser}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                found |= all_parsers(sub, f"{name} {sub_name}")
    return found


def test_every_subcommand_has_a_one_line_description() -> None:
    parsers = all_parsers(build_parser())
    assert {"sendplan ask", "sendplan chat", "sendplan sources", "sendplan model export"} <= set(
        parsers
    )
    for name, parser in parsers.items():
        description = parser.description  # type: ignore[attr-defined]
        assert description and description.endswith("."), f"{name} has no description"


def test_eval_default_golden_is_the_evaluation_default() -> None:
    assert eval_cmd.DEFAULT_GOLDEN == DEFAULT_GOLDEN


@pytest.fixture
def corpus_with_a_bad_file(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "glossary.md", corpus)
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    return corpus


def test_log_lines_carry_a_timestamp(corpus_with_a_bad_file: Path, tmp_path: Path) -> None:
    result = run(["ingest", str(corpus_with_a_bad_file), "-v"], tmp_path / "data")
    [line] = [line for line in result.stderr.splitlines() if "could not read" in line]
    assert re.match(rf"{ISO_TIME} DEBUG ingest\.pipeline: could not read .*broken\.pdf", line), line


def test_json_log_lines_after_the_subcommand(corpus_with_a_bad_file: Path, tmp_path: Path) -> None:
    args = ["ingest", str(corpus_with_a_bad_file), "--log-format", "json", "-v"]
    result = run(args, tmp_path / "data")
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    [skipped] = [line for line in lines if "could not read" in line["message"]]
    assert skipped["level"] == "DEBUG" and skipped["logger"] == "ingest.pipeline"
    assert re.fullmatch(ISO_TIME, skipped["time"])


def record(exc_info: object = None) -> logging.LogRecord:
    return logging.LogRecord(
        "sendplan.x", logging.ERROR, __file__, 1, "failed %s", ("it",), exc_info
    )  # type: ignore[arg-type]


def test_formatters() -> None:
    assert re.fullmatch(
        rf"{ISO_TIME} ERROR sendplan\.x: failed it", TextFormatter().format(record())
    )
    try:
        raise ValueError("boom")
    except ValueError:
        line = json.loads(JsonFormatter().format(record(sys.exc_info())))
    assert line["message"] == "failed it" and "ValueError: boom" in line["exception"]
    assert set(line) == {"time", "level", "logger", "message", "exception"}
