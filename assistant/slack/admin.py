"""Admin commands: `/sendplan-admin reindex` (or an admin's mention saying "reindex") and
`/sendplan-admin gaps [DAYS]`. Only SENDPLAN_ADMIN_USERS may use them.

Ingestion runs in its own background thread, so the bot keeps answering from the current
index meanwhile. It syncs every source, as `sendplan ingest` does; when it finishes, its
report (files added, changed, removed, unchanged, failed; chunks embedded and deleted) is
posted where it was asked for (and recorded for `sendplan report`). `gaps` is acknowledged
at once; a lazy listener then replaces the acknowledgement with the top unanswered
questions, grouped by meaning.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, Respond

from assistant.errors import IngestLockedError
from assistant.settings import Settings
from assistant.slack.blocks import APOLOGY_TEXT, render_notice
from assistant.slack.gaps import GAPS_DAYS, gaps_message, parse_gaps
from assistant.slack.mrkdwn import escape
from assistant.slack.replies import Reply
from assistant.slack.services import Ingest, Services
from assistant.state.ingest_runs import IngestRuns

if TYPE_CHECKING:
    from ingest.report import IngestReport

logger = logging.getLogger(__name__)

ADMIN_COMMAND = "/sendplan-admin"
NOT_ADMIN_TEXT = (
    "Sorry, only the bot's admins can re-index the documents or see what went unanswered. "
    "If the documents look out of date, please ask one of them."
)
ADMIN_USAGE_TEXT = (
    "Usage: `/sendplan-admin reindex` re-reads the documents and updates the index; "
    f"`/sendplan-admin gaps [days]` lists the questions the documents could not answer "
    f"(default: the last {GAPS_DAYS} days)."
)
GAPS_TEXT = "Grouping the questions the documents could not answer..."
STARTED_TEXT = (
    "Re-indexing the documents now. I'll keep answering from the current index and post a "
    "summary here when it's done."
)
BUSY_TEXT = "A re-index is already running; I'll post its summary when it finishes."
MAX_FAILURES_SHOWN = 5

Report = Callable[[str], Any]


class Reindexer:
    """Runs one ingestion at a time in a background thread and reports how it went."""

    def __init__(
        self, settings: Settings, *, ingest: Ingest, runs: IngestRuns | None = None
    ) -> None:
        self.settings = settings
        self.ingest = ingest
        self.runs = runs  # where finished runs are recorded for the report
        self._running = threading.Lock()

    def start(self, report: Report) -> bool:
        """Start a re-index; False (and nothing started) when one is already running."""
        if not self._running.acquire(blocking=False):
            return False
        threading.Thread(
            target=self._run, args=(report,), name="sendplan-reindex", daemon=True
        ).start()
        return True

    @property
    def busy(self) -> bool:
        return self._running.locked()

    def _run(self, report: Report) -> None:
        try:
            text = self._ingest_and_describe()
            try:
                report(text)
            except Exception:
                logger.exception("Could not post the re-index summary")
        finally:
            self._running.release()

    def _ingest_and_describe(self) -> str:
        try:
            result = self.ingest(self.settings)
        except IngestLockedError:
            return "Another ingestion is already running (maybe on another host); try again later."
        except Exception:
            logger.exception("Re-index failed")
            return "Sorry, the re-index failed. The details are in the bot's logs."
        self._record(result)
        lines = [
            f"Re-index finished ({result.scope()}).",
            f"Files: {escape(result.file_line())}",
            f"Chunks: {escape(result.chunk_line())}",
        ]
        lines += [
            f"• {escape(f.path)}: {escape(f.reason)}" for f in result.failed[:MAX_FAILURES_SHOWN]
        ]
        if len(result.failed) > MAX_FAILURES_SHOWN:
            lines.append(f"• ...and {len(result.failed) - MAX_FAILURES_SHOWN} more failures")
        return "\n".join(lines)

    def _record(self, result: IngestReport) -> None:
        if self.runs is None:
            return
        try:
            self.runs.record_report(self.settings.collection, result)
        except Exception:  # the summary still goes out
            logger.exception("Could not record the re-index in %s", self.runs.state.describe())


def reindex_from_conversation(services: Services, reply: Reply) -> None:
    """An admin asked in a mention or DM: start, and post the summary in the same place."""
    if not services.is_admin(reply.user):
        reply.post_private(NOT_ADMIN_TEXT)
        return
    if services.reindexer.busy:
        reply.post({"text": BUSY_TEXT})
        return
    reply.post({"text": STARTED_TEXT})
    if not services.reindexer.start(lambda text: reply.post({"text": text})):
        reply.post({"text": BUSY_TEXT})


def register(app: App, services: Services) -> None:
    def admin_command(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        text = command.get("text", "").strip().lower()
        if not services.is_admin(command.get("user_id")):
            ack(text=NOT_ADMIN_TEXT)
        elif parse_gaps(text) is not None:
            ack(text=GAPS_TEXT)  # answered by show_gaps, in the background
        elif text not in ("reindex", "re-index"):
            ack(text=ADMIN_USAGE_TEXT)
        elif services.reindexer.start(lambda text: respond(text=text, replace_original=False)):
            ack(text=STARTED_TEXT)
        else:
            ack(text=BUSY_TEXT)

    def show_gaps(command: dict[str, Any], respond: Respond) -> None:
        days = parse_gaps(command.get("text", ""))
        if days is None or not services.is_admin(command.get("user_id")):
            return  # acknowledged above: usage, refusal or re-index
        try:
            message = gaps_message(services.questions, embed=services.embed, days=days)
        except Exception:
            logger.exception("Listing the unanswered questions failed")
            message = render_notice(APOLOGY_TEXT)
        respond(response_type="ephemeral", replace_original=True, **message)

    app.command(ADMIN_COMMAND)(ack=admin_command, lazy=[show_gaps])
