"""The report page: one self-contained HTML file (inline CSS and SVG, no scripts, fonts or
images from anywhere), readable without JavaScript, every chart backed by a table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from html import escape
from importlib import resources
from zoneinfo import ZoneInfo

from assistant.reporting import sections
from assistant.reporting.gaps import Embed, unanswered_groups
from assistant.reporting.records import IndexSummary, QuestionRecord
from assistant.reporting.stats import latency_by_front_end, per_day, votes_by_document

REPORT_ZONE = ZoneInfo("Europe/London")  # staff read days and times in UK time
MAX_GROUPS = 8


def render_report(
    records: Sequence[QuestionRecord],
    index: IndexSummary,
    *,
    embed: Embed,
    generated_at: datetime | None = None,
    zone: tzinfo = REPORT_ZONE,
    title: str = "What staff asked sendplan",
) -> str:
    """The whole page for these question records and this index, as one HTML string."""
    generated = (generated_at or datetime.now(UTC)).astimezone(zone)
    days = per_day(records, zone=zone)
    groups = unanswered_groups(records, embed=embed, limit=MAX_GROUPS)
    body = "\n".join(
        [
            sections.header(title, days, generated),
            sections.headline(records),
            '<div class="pair">',
            sections.questions_per_day(days),
            sections.answered_vs_refused(days),
            "</div>",
            sections.unanswered(groups, records, zone),
            '<div class="pair">',
            sections.feedback(votes_by_document(records), index),
            sections.latency(latency_by_front_end(records)),
            "</div>",
            sections.index_table(index, zone),
        ]
    )
    return _document(title, body)


def _document(title: str, body: str) -> str:
    css = resources.files("assistant.reporting").joinpath("report.css").read_text("utf-8")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{css}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
