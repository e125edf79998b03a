"""The Slack front end: a Bolt app answering in channels, threads, DMs and /sendplan.

Modules: `app` builds it, `listeners` wires the handlers (`conversations`, `slash`,
`feedback`, `admin`), `blocks`/`mrkdwn` render answers, `guards` dedupes and rate-limits,
`store` keeps answers and feedback, `server` serves HTTP or Socket Mode.
"""

from assistant.slack.app import build_app, check_settings
from assistant.slack.listeners import register_listeners

__all__ = ["build_app", "check_settings", "register_listeners"]
