"""Fixtures for the Slack bot tests: a fake Slack Web API and the real Bolt app behind our
ASGI app, served by uvicorn over real HTTP on 127.0.0.1. Tests that check answer content use
the session `assistant` fixture from tests/conftest.py; the others use a real `Assistant` over
fake collaborators."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fake_slack import SIGNING_SECRET, FakeSlackAPI
from slack_sender import SlackSender
from slack_support import Bot, BotFactory, ThreadedServer, fake_assistant, make_settings

from assistant.settings import Settings
from assistant.slack import build_app
from assistant.slack.asgi import EVENTS_PATH, SlackASGI
from assistant.slack.executor import DrainableExecutor
from assistant.state import StateDB, open_state
from ingest.report import IngestReport
from tests.conftest import TEST_HOME

ISOLATED_PREFIXES = ("SENDPLAN_", "SLACK_", "OPENAI_", "ANTHROPIC_", "LANGSMITH_", "LANGCHAIN_")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No real tokens, endpoints or data directories leak into these tests."""
    for name in list(os.environ):
        if name.startswith(ISOLATED_PREFIXES):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SENDPLAN_HOME", str(TEST_HOME))  # no .env from the checkout either


@pytest.fixture
def fake_slack() -> Iterator[FakeSlackAPI]:
    fake = FakeSlackAPI().start()
    yield fake
    fake.stop()


@pytest.fixture
def make_bot(fake_slack: FakeSlackAPI, tmp_path: Any) -> Iterator[BotFactory]:
    """Build and serve the bot: `make_bot(assistant=..., ingest=..., **settings_values)`."""
    running: list[tuple[ThreadedServer, DrainableExecutor, StateDB]] = []

    def start(
        *,
        assistant: Any = None,
        ingest: Callable[[Settings], IngestReport] | None = None,
        readiness: Any = None,
        embed: Any = None,
        **values: Any,
    ) -> Bot:
        settings = make_settings(fake_slack, tmp_path, **values)
        executor = DrainableExecutor(4, thread_name_prefix="test-slack")
        state = open_state(settings)
        app = build_app(
            settings,
            assistant=assistant or fake_assistant(),
            ingest=ingest or (lambda s: IngestReport()),
            state=state,
            listener_executor=executor,
            embed=embed,
        )
        asgi = SlackASGI(app, signing_secret=SIGNING_SECRET, drain=executor.drain,
                         readiness=readiness or (lambda: None))  # fmt: skip
        server = ThreadedServer(asgi).start()
        running.append((server, executor, state))
        sender = SlackSender(f"{server.url}{EVENTS_PATH}")
        return Bot(fake_slack, sender, executor, app, settings, state, server)

    yield start
    for server, executor, state in running:
        executor.drain(30)
        server.stop()
        executor.shutdown()
        state.close()


@pytest.fixture
def bot(make_bot: BotFactory) -> Bot:
    return make_bot()
