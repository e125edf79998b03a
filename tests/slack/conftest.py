"""Fixtures for the Slack bot tests: a fake Slack Web API and the real Bolt app served over
real HTTP on 127.0.0.1. Tests that check answer content use the session `assistant` fixture
from tests/conftest.py; the others use a real `Assistant` over fake collaborators."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fake_slack import FakeSlackAPI
from slack_sender import SlackSender
from slack_support import Bot, BotFactory, DrainableExecutor, fake_assistant, make_settings

from assistant.settings import Settings
from assistant.slack import build_app
from assistant.slack.server import EVENTS_PATH, make_http_server
from ingest.report import IngestReport

ISOLATED_PREFIXES = ("SENDPLAN_", "SLACK_", "OPENAI_", "ANTHROPIC_", "LANGSMITH_", "LANGCHAIN_")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No real tokens, endpoints or data directories leak into these tests."""
    for name in list(os.environ):
        if name.startswith(ISOLATED_PREFIXES):
            monkeypatch.delenv(name)


@pytest.fixture
def fake_slack() -> Iterator[FakeSlackAPI]:
    fake = FakeSlackAPI().start()
    yield fake
    fake.stop()


@pytest.fixture
def make_bot(fake_slack: FakeSlackAPI, tmp_path: Any) -> Iterator[BotFactory]:
    """Build and serve the bot: `make_bot(assistant=..., ingest=..., **settings_values)`."""
    running: list[tuple[Any, threading.Thread, DrainableExecutor]] = []

    def start(
        *,
        assistant: Any = None,
        ingest: Callable[[Settings], IngestReport] | None = None,
        **values: Any,
    ) -> Bot:
        settings = make_settings(fake_slack, tmp_path, **values)
        executor = DrainableExecutor()
        app = build_app(
            settings,
            assistant=assistant or fake_assistant(),
            ingest=ingest or (lambda s: IngestReport()),
            listener_executor=executor,
        )
        server = make_http_server(app, host="127.0.0.1", port=0)
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        running.append((server, thread, executor))
        url = f"http://127.0.0.1:{server.server_port}{EVENTS_PATH}"
        return Bot(fake_slack, SlackSender(url), executor, app, settings)

    yield start
    for server, thread, executor in running:
        executor.drain()
        server.shutdown()
        server.server_close()
        thread.join(5)
        executor.shutdown(wait=True)


@pytest.fixture
def bot(make_bot: BotFactory) -> Bot:
    return make_bot()
