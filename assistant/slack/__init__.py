"""The Slack front end: a Bolt app answering in channels, threads, DMs and /sendplan.

Modules: `app` builds it, `listeners` wires the handlers (`conversations`, `slash`,
`feedback`, `admin`), `blocks`/`mrkdwn` render answers, `guards` drops repeated events and
bots' posts, `asgi` is the HTTP front door (signatures, health, graceful shutdown), `server`
runs it under uvicorn or in Socket Mode. Shared state (claims, answers, feedback, the rate
limit, the question log) is in assistant/state/.
"""

from assistant.slack.app import build_app, check_settings
from assistant.slack.listeners import register_listeners

__all__ = ["build_app", "check_settings", "register_listeners"]
