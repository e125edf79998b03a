"""`sendplan eval`: argument handling, and a small question set through the real assistant."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from assistant.commands import eval_cmd
from assistant.errors import ConfigError
from assistant.evaluation.errors import EvalError, GoldenFormatError
from assistant.settings import Settings

PUBLIC = Path(__file__).with_name("golden.jsonl")


def offline_settings(data_dir: Path) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir)  # type: ignore[call-arg]


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="sendplan")
    eval_cmd.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(["eval", *argv])


def small_set(tmp_path: Path) -> Path:
    """Two answerable questions and one to refuse, from the public set."""
    lines = PUBLIC.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "small.jsonl"
    path.write_text("\n".join([lines[1], lines[6], lines[-7]]) + "\n", encoding="utf-8")
    return path


def test_defaults() -> None:
    args = parse()

    assert args.golden == Path("tests/eval/golden.jsonl")
    assert (args.retriever, args.k, args.compare, args.judge) == (None, None, False, False)
    assert args.func is eval_cmd.run


@pytest.mark.parametrize("argv", [["-k", "0"], ["--retriever", "sparse"]])
def test_bad_arguments_are_rejected(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        parse(*argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["--compare", "--retriever", "bm25"],
        ["--compare", "--write-baseline", "b.json"],
        ["--compare", "--baseline", "b.json"],
    ],
)
def test_compare_excludes_single_run_options(argv: list[str], tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="--compare"):
        eval_cmd.run(parse(*argv), offline_settings(tmp_path))


def test_bad_golden_file_stops_before_any_work(tmp_path: Path) -> None:
    golden = tmp_path / "bad.jsonl"
    golden.write_text('{"id": "x"}\n', encoding="utf-8")

    with pytest.raises(GoldenFormatError, match=r"bad.jsonl:1: question: Field required"):
        eval_cmd.run(parse("--golden", str(golden)), offline_settings(tmp_path))


def test_judge_without_an_llm_stops_before_any_work(tmp_path: Path) -> None:
    args = parse("--golden", str(small_set(tmp_path)), "--judge")

    with pytest.raises(ConfigError, match="--judge needs an LLM"):
        eval_cmd.run(args, offline_settings(tmp_path))


def test_run_writes_json_report_and_baseline(
    tmp_path: Path, ingested_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    golden = small_set(tmp_path)
    out, report, baseline = tmp_path / "eval.json", tmp_path / "r.md", tmp_path / "b.json"
    argv = ["--golden", str(golden), "--retriever", "bm25", "-k", "3", "--json", str(out)]

    code = eval_cmd.run(
        parse(*argv, "--report", str(report), "--write-baseline", str(baseline)), ingested_settings
    )

    assert code == 0
    assert "Must-include coverage" in capsys.readouterr().out
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["config"]["retriever"] == "bm25"
    assert document["config"]["k"] == 3
    assert [r["id"] for r in document["results"]] == ["p02", "p07", "p52"]
    first = document["results"][0]
    assert len(first["retrieved_chunk_ids"]) <= 3
    assert set(first["chunk_texts"]) == set(first["retrieved_chunk_ids"])
    assert first["cited_doc_ids"] == [c["doc_id"] for c in first["citations"]]
    assert report.read_text(encoding="utf-8").startswith("# sendplan evaluation")
    assert json.loads(baseline.read_text(encoding="utf-8"))["config"]["retriever"] == "bm25"

    # the same run compared with the baseline it just wrote shows no regression
    assert eval_cmd.run(parse(*argv, "--baseline", str(baseline)), ingested_settings) == 0
    assert "vs baseline" in capsys.readouterr().out


def test_compare_runs_every_retriever(
    tmp_path: Path, ingested_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "compare.json"

    code = eval_cmd.run(
        parse("--golden", str(small_set(tmp_path)), "--compare", "--json", str(out)),
        ingested_settings,
    )

    assert code == 0
    header = next(line for line in capsys.readouterr().out.splitlines() if "Metric" in line)
    assert header.index("dense") < header.index("bm25") < header.index("hybrid")
    runs = json.loads(out.read_text(encoding="utf-8"))["runs"]
    assert [run["config"]["retriever"] for run in runs] == ["dense", "bm25", "hybrid"]
