"""Every listener of the bot, registered in one place."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App

from assistant.slack import admin, conversations, feedback, slash
from assistant.slack.guards import deduplicate
from assistant.slack.services import Services

logger = logging.getLogger(__name__)


def register_listeners(app: App, services: Services) -> None:
    """Drop repeated events, then route mentions, messages, commands and buttons."""
    app.use(deduplicate(services.claims))
    conversations.register(app, services)
    slash.register(app, services)
    feedback.register(app, services)
    admin.register(app, services)

    @app.error
    def log_errors(error: Exception, body: dict[str, Any]) -> None:
        logger.error(
            "Unhandled error for a %s request: %s", body.get("type", "?"), type(error).__name__,
            exc_info=error,
        )  # fmt: skip
