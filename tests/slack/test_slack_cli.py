"""`sendplan slack` settings checks and `sendplan feedback export`, through the real CLI."""

from __future__ import annotations

import csv
import io
import json
import socket
from pathlib import Path

import pytest
from fake_slack import BOT_TOKEN, FakeSlackAPI
from slack_support import fake_assistant, make_settings

from assistant.answering.answer import Answer, Citation
from assistant.cli import main
from assistant.errors import ConfigError
from assistant.settings import Settings
from assistant.slack import build_app
from assistant.state import open_state
from assistant.state.feedback import FeedbackStore


@pytest.fixture(autouse=True)
def _no_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no .env from the repo or the developer
    monkeypatch.setenv("SENDPLAN_DATA_DIR", str(tmp_path / "data"))


@pytest.mark.parametrize(
    ("argv", "env", "missing"),
    [
        (["slack", "--http"], {}, "SLACK_BOT_TOKEN"),
        (["slack", "--http"], {"SLACK_BOT_TOKEN": BOT_TOKEN}, "SLACK_SIGNING_SECRET"),
        (["slack"], {"SLACK_BOT_TOKEN": BOT_TOKEN}, "SLACK_APP_TOKEN"),
        (["slack"], {"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_BOT_TOKEN"),
    ],
)
def test_missing_slack_setting_is_named(
    argv: list[str],
    env: dict[str, str],
    missing: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(argv) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"sendplan: {missing} is not set:")
    assert BOT_TOKEN not in error


def test_a_token_slack_rejects_is_a_config_error(fake_slack: FakeSlackAPI, tmp_path: Path) -> None:
    settings = make_settings(fake_slack, tmp_path, slack_bot_token="xoxb-wrong")
    with pytest.raises(ConfigError, match="Slack did not accept SLACK_BOT_TOKEN") as caught:
        build_app(settings, assistant=fake_assistant())
    assert "invalid_auth" in str(caught.value) and "xoxb-wrong" not in str(caught.value)


def test_an_unreachable_web_api_is_a_config_error(fake_slack: FakeSlackAPI, tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    settings = make_settings(
        fake_slack, tmp_path, slack_api_url=f"http://127.0.0.1:{closed_port}/api/"
    )
    with pytest.raises(ConfigError, match="Could not reach the Slack Web API"):
        build_app(settings, assistant=fake_assistant())


def test_socket_mode_needs_no_signing_secret(fake_slack: FakeSlackAPI, tmp_path: Path) -> None:
    settings = make_settings(fake_slack, tmp_path, slack_signing_secret=None)
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        build_app(settings, assistant=fake_assistant())
    assert build_app(settings, assistant=fake_assistant(), socket_mode=True) is not None


def store_two_votes(data_dir: Path) -> None:
    store = FeedbackStore(open_state(Settings(_env_file=None, data_dir=data_dir)))  # type: ignore[call-arg]
    answer = Answer(
        question="How many EPs?",
        text="About 400 [1].",
        citations=[Citation(number=1, doc_id="digest", title="Digest", chunk_id="digest#3")],
    )
    answer_id = store.save_answer(answer, channel="C1")
    store.add_feedback(user_id="U1", channel="C1", vote="up", answer_id=answer_id, answer=answer)
    store.add_feedback(user_id="U2", channel="C1", vote="down", answer_id=answer_id, answer=answer)


def test_feedback_export_json_lines_and_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store_two_votes(tmp_path / "data")
    assert main(["feedback", "export"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["vote"] for r in rows] == ["up", "down"]
    assert rows[0]["question"] == "How many EPs?" and rows[0]["cited_doc_ids"] == ["digest"]
    assert "U1" not in json.dumps(rows)

    assert main(["feedback", "export", "--csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["vote"] for r in table] == ["up", "down"] and table[0]["cited_doc_ids"] == "digest"

    assert main(["feedback", "export", "--csv", "-o", "votes.csv"]) == 0
    assert Path("votes.csv").read_text(encoding="utf-8").startswith("time,user_hash,channel,")


def test_feedback_export_with_nothing_recorded(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feedback", "export"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "no feedback recorded yet" in captured.err
