"""The bot over the real assistant (the bundled corpus, ingested once per session), including
the issue's done-when check against `sendplan slack --http` running as a real process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from fake_slack import BOT_TOKEN, BOT_USER_ID, SIGNING_SECRET, FakeSlackAPI
from slack_sender import SlackSender
from slack_support import CHANNEL, BotFactory

from assistant.answering.pipeline import Assistant
from assistant.settings import Settings
from assistant.slack.blocks import SEARCHING_TEXT
from assistant.slack.mrkdwn import escape

REPO = Path(__file__).resolve().parents[2]
EP_QUESTION = "How many educational psychologists will be trained?"


def answer_parts(blocks: list[dict[str, Any]]) -> tuple[str, str]:
    """(the answer's section text, the Sources context text)."""
    sections = "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    contexts = [e["text"] for b in blocks if b["type"] == "context" for e in b["elements"]]
    return sections, "\n".join(contexts)


def test_mention_gets_the_real_answer_with_its_sources(
    make_bot: BotFactory, assistant: Assistant
) -> None:
    bot = make_bot(assistant=assistant)
    event = bot.mention(EP_QUESTION)
    bot.settle()
    [placeholder] = bot.fake.calls_to("chat.postMessage")
    assert placeholder.params["thread_ts"] == event["ts"]
    [update] = bot.fake.calls_to("chat.update")
    text, sources = answer_parts(update.params["blocks"])
    assert "400" in text
    expected = assistant.ask(EP_QUESTION)
    assert sources.startswith("*Sources*\n[1] ")
    assert all(escape(c.title) in sources for c in expected.citations)


def test_follow_up_is_understood_from_the_thread(
    make_bot: BotFactory, assistant: Assistant
) -> None:
    bot = make_bot(assistant=assistant)
    first = bot.mention("What is the new SENCo NPQ?")
    bot.settle()
    bot.message("and when does it start?", thread_ts=first["ts"])
    bot.settle()
    first_update, follow_up = bot.fake.calls_to("chat.update")
    text, _ = answer_parts(follow_up.params["blocks"])
    assert "NPQ" in text  # the SENCo qualification, not some other start date
    assert bot.fake.calls_to("chat.postMessage")[1].params["thread_ts"] == first["ts"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"sendplan slack exited with {process.returncode}:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"sendplan slack did not listen on {port}:\n{log.read_text()}")


@pytest.fixture
def served_bot(fake_slack: FakeSlackAPI, ingested_settings: Settings, tmp_path: Path) -> Any:
    """`python -m assistant.cli slack --http` in a subprocess, Web API pointed at the fake."""
    port = free_port()
    env = dict(os.environ) | {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.api_url,
        "SENDPLAN_DATA_DIR": str(ingested_settings.data_dir),
        "SENDPLAN_CORPUS_DIR": str(ingested_settings.corpus_dir),
        "PYTHONPATH": str(REPO),
    }
    log = tmp_path / "sendplan-slack.log"
    command = [sys.executable, "-m", "assistant.cli", "slack", "--http", "--port", str(port),
               "--host", "127.0.0.1"]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=out, stderr=out)
    try:
        wait_for_port(port, process, log)
        yield SlackSender(f"http://127.0.0.1:{port}/slack/events"), log
    finally:
        process.terminate()
        process.wait(30)


def test_done_when_one_threaded_answer_and_no_second_on_retry(
    served_bot: Any, fake_slack: FakeSlackAPI
) -> None:
    sender, log = served_bot
    message = fake_slack.add_message(CHANNEL, user="UALICE", text=f"<@{BOT_USER_ID}> {EP_QUESTION}")
    event = {"type": "app_mention", "user": "UALICE", "text": message["text"],
             "ts": message["ts"], "channel": CHANNEL, "event_ts": message["ts"]}  # fmt: skip

    assert sender.event(event, event_id="EvDone1").status == 200
    [update] = fake_slack.wait_for("chat.update", timeout=60)
    [placeholder] = fake_slack.calls_to("chat.postMessage")
    assert placeholder.params["thread_ts"] == event["ts"]
    assert placeholder.params["text"] == SEARCHING_TEXT
    text, sources = answer_parts(update.params["blocks"])
    assert "400" in text, log.read_text()
    assert "[1] " in sources and ("Staff briefing" in sources or "SEND" in sources)

    assert sender.event(event, event_id="EvDone1", retry_num=1).status == 200
    time.sleep(1.5)  # anything the retry triggered would have been posted by now
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    assert len(fake_slack.calls_to("chat.update")) == 1
    output = log.read_text()
    assert BOT_TOKEN not in output and "will be unused" not in output
    assert update.params["channel"] == CHANNEL
