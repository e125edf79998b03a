"""Build the Bolt app: one Settings object in, a ready `slack_bolt.App` out."""

from __future__ import annotations

import logging
from concurrent.futures import Executor, ThreadPoolExecutor

from pydantic import SecretStr
from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from assistant.errors import ConfigError
from assistant.reporting.gaps import Embed, LazyEmbed
from assistant.settings import Settings
from assistant.slack.admin import Reindexer
from assistant.slack.listeners import register_listeners
from assistant.slack.services import Asker, Ingest, Services, run_ingestion
from assistant.state import StateDB, open_state
from assistant.state.ingest_runs import IngestRuns

MISSING = {
    "SLACK_BOT_TOKEN": "copy the Bot User OAuth Token (xoxb-...) from your Slack app's "
    "'OAuth & Permissions' page into SLACK_BOT_TOKEN (environment or .env).",
    "SLACK_SIGNING_SECRET": "`sendplan slack --http` needs it to verify that requests come from "
    "Slack. Copy the Signing Secret from your app's 'Basic Information' page into "
    "SLACK_SIGNING_SECRET.",
    "SLACK_APP_TOKEN": "Socket Mode needs an app-level token (xapp-...) with the "
    "connections:write scope ('Basic Information' > 'App-Level Tokens'). Set SLACK_APP_TOKEN, "
    "or run `sendplan slack --http --port 3000` to use the HTTP Events API instead.",
}


def require(value: SecretStr | None, variable: str) -> str:
    """The secret's value, or a ConfigError naming the variable and where to find it."""
    secret = value.get_secret_value().strip() if value else ""
    if not secret:
        raise ConfigError(f"{variable} is not set: {MISSING[variable]}")
    return secret


def check_settings(settings: Settings, *, socket_mode: bool) -> None:
    """Fail fast (before loading models) when a Slack setting the mode needs is missing."""
    require(settings.slack_bot_token, "SLACK_BOT_TOKEN")
    if socket_mode:
        require(settings.slack_app_token, "SLACK_APP_TOKEN")
    else:
        require(settings.slack_signing_secret, "SLACK_SIGNING_SECRET")


def make_web_client(settings: Settings) -> WebClient:
    """A WebClient that retries rate limits (honouring Retry-After) and dropped connections."""
    return WebClient(
        token=require(settings.slack_bot_token, "SLACK_BOT_TOKEN"),
        base_url=settings.slack_api_url or WebClient.BASE_URL,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
        ],
    )


def build_app(
    settings: Settings,
    *,
    assistant: Asker,
    client: WebClient | None = None,
    ingest: Ingest = run_ingestion,
    state: StateDB | None = None,
    socket_mode: bool = False,
    listener_executor: Executor | None = None,
    embed: Embed | None = None,
) -> App:
    """The Slack bot. HTTP mode (the default) verifies signatures with SLACK_SIGNING_SECRET.

    `ingest(settings)` runs when an admin asks to re-index; the assistant's retriever picks
    up the new index by itself (on this replica and every other one) once it is written.
    `state` holds what every replica shares (default: the database of SENDPLAN_STATE_URL).
    `embed` groups unanswered questions for `/sendplan-admin gaps` (default: the configured
    embedding model, loaded when first needed).
    """
    require(settings.slack_bot_token, "SLACK_BOT_TOKEN")
    secret = "" if socket_mode else require(settings.slack_signing_secret, "SLACK_SIGNING_SECRET")
    client = client or make_web_client(settings)

    shared = state or open_state(settings)
    services = Services.over(
        shared,
        settings=settings,
        assistant=assistant,
        reindexer=Reindexer(settings, ingest=ingest, runs=IngestRuns(shared)),
        embed=embed or LazyEmbed(settings),
    )
    app = _new_app(client, secret, listener_executor)
    register_listeners(app, services)
    return app


def _new_app(client: WebClient, signing_secret: str, executor: Executor | None) -> App:
    logging.getLogger("slack_bolt.App").addFilter(_unused_token_warning)
    try:
        return App(
            name="sendplan",
            client=client,  # its token is checked with auth.test here
            signing_secret=signing_secret,
            # Listeners only ack; the slow work runs in lazy listeners. So the HTTP response
            # (the ack) is sent once the ack function is done, well inside Slack's 3 seconds.
            process_before_response=True,
            listener_executor=executor
            or ThreadPoolExecutor(max_workers=8, thread_name_prefix="sendplan-slack"),
        )
    except (BoltError, SlackApiError) as exc:
        raise ConfigError(
            f"Slack did not accept SLACK_BOT_TOKEN ({exc}). Check the token, and SLACK_API_URL "
            "if you set it."
        ) from None
    except OSError as exc:
        raise ConfigError(
            f"Could not reach the Slack Web API at {client.base_url} ({exc}). Check the network, "
            "or SLACK_API_URL if you set it."
        ) from None


def _unused_token_warning(record: logging.LogRecord) -> bool:
    """Drop Bolt's "`token` will be unused" warning: it sees SLACK_BOT_TOKEN in the environment
    although the token reaches it, on purpose, through our WebClient."""
    return "`token` will be unused" not in record.getMessage()
