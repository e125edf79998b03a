"""The report's sections, each a pure function returning escaped HTML."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from html import escape

from assistant.reporting.gaps import QuestionGroup
from assistant.reporting.records import (
    NOT_DOCUMENT_GAPS,
    IndexSummary,
    QuestionRecord,
    refusal_label,
)
from assistant.reporting.stats import (
    Day,
    Latency,
    Votes,
    local_day,
    percentile,
    refusal_reasons,
)
from assistant.reporting.svg import Series, bar_chart, column_chart

MAX_EXAMPLES = 4
Row = Sequence[object]


def header(title: str, days: Sequence[Day], generated: datetime) -> str:
    if days:
        span = f"{_day(days[0].day)} to {_day(days[-1].day)} {days[-1].day.year}"
        period = f"{span} · {len(days)} day{'s' if len(days) != 1 else ''}"
    else:
        period = "no questions recorded yet"
    stamp = generated.strftime("%-d %b %Y %H:%M")
    return (
        f"<header><h1>{escape(title)}</h1>"
        f'<p class="period">{escape(period)} · generated {escape(stamp)} (UK time)</p></header>'
    )


def headline(records: Sequence[QuestionRecord]) -> str:
    asked = len(records)
    refused = sum(r.refused for r in records)
    up = sum(r.up for r in records)
    down = sum(r.down for r in records)
    people = len({r.user_hash for r in records if r.user_hash})
    median = percentile([r.latency_ms for r in records], 0.5) if records else 0.0
    share = f"{(asked - refused) / asked:.0%} of questions" if asked else "-"
    tiles = [
        ("Questions asked", f"{asked:,}", f"by {people:,} people" if people else ""),
        ("Answered", f"{asked - refused:,}", share),
        ("Not in the documents", f"{refused:,}", "refused, listed below"),
        ("Thumbs up / down", f"{up} / {down}", "votes in Slack"),
        ("Median answer time", _ms(median), "all front ends"),
    ]
    cells = "".join(
        f'<div class="tile"><p class="tile-label">{escape(label)}</p>'
        f'<p class="tile-value">{escape(value)}</p><p class="tile-note">{escape(note)}</p></div>'
        for label, value, note in tiles
    )
    return f'<section class="tiles" aria-label="Headline figures">{cells}</section>'


def questions_per_day(days: Sequence[Day]) -> str:
    labels = _day_labels(days)
    chart = column_chart(
        title="Questions per day",
        x_label="Day (UK time)",
        y_label="Questions",
        categories=labels,
        series=[Series("questions", "asked", [d.asked for d in days])],
    )
    table = _table(["Day", "Questions"], [(_day(d.day), d.asked) for d in days])
    return _section("per-day", "Questions per day", "", chart, table)


def answered_vs_refused(days: Sequence[Day]) -> str:
    labels = _day_labels(days)
    chart = column_chart(
        title="Answered and refused questions per day",
        x_label="Day (UK time)",
        y_label="Questions",
        categories=labels,
        series=[
            Series("answered", "answered", [d.answered for d in days]),
            Series("refused", "refused", [d.refused for d in days]),
        ],
    )
    rows = [(_day(d.day), d.answered, d.refused) for d in days]
    legend = _legend([("answered", "Answered"), ("refused", "Refused: not in the documents")])
    table = _table(["Day", "Answered", "Refused"], rows)
    return _section("answered-refused", "Answered vs refused", legend, chart, table)


def unanswered(
    groups: Sequence[QuestionGroup], records: Sequence[QuestionRecord], zone: tzinfo
) -> str:
    title = "What the documents could not answer"
    if not groups:
        empty = '<p class="empty">Every question this period was answered.</p>'
        return _section("unanswered", title, empty, "", "")
    intro = (
        "<p>Refused questions grouped by meaning, most asked first. Each group is a document "
        "to add next; its label is the question most like the others."
    )
    if any(r.refused and r.refusal_reason in NOT_DOCUMENT_GAPS for r in records):
        intro += " Questions not in English, and instructions to the bot, are not grouped."
    intro += "</p>"
    reasons = ", ".join(
        f"{escape(refusal_label(code))} ({count})" for code, count in refusal_reasons(records)
    )
    most = max(g.count for g in groups)
    cards = "".join(_group_card(rank, group, most, zone) for rank, group in enumerate(groups, 1))
    why = f'<p class="note">Why they were refused: {reasons}.</p>'
    return _section("unanswered", title, intro, f'<ol class="groups">{cards}</ol>{why}', "")


def feedback(votes: Sequence[Votes], index: IndexSummary) -> str:
    title = "Thumbs up and down by cited document"
    if not votes:
        empty = '<p class="empty">No votes yet.</p>'
        return _section("feedback", "Feedback by document", empty, "", "")
    titles = {d.doc_id: d.title for d in index.documents}
    chart = bar_chart(
        title=title,
        x_label="Votes on answers citing the document",
        y_label="Document",
        categories=[v.doc_id for v in votes],
        series=[
            Series("down", "down", [v.down for v in votes]),
            Series("up", "up", [v.up for v in votes]),
        ],
    )
    rows = [(f"{titles.get(v.doc_id, v.doc_id)} ({v.doc_id})", v.up, v.down) for v in votes]
    legend = _legend([("down", "Thumbs down"), ("up", "Thumbs up")])
    table = _table(["Document", "Thumbs up", "Thumbs down"], rows)
    return _section("feedback", "Feedback by document", legend, chart, table)


def latency(rows: Sequence[Latency]) -> str:
    title = "Answer time by front end"
    if not rows:
        return _section("latency", title, '<p class="empty">No questions yet.</p>', "", "")
    chart = bar_chart(
        title="Answer time percentiles by front end (milliseconds)",
        x_label="Milliseconds from question to answer",
        y_label="Front end",
        categories=[r.front_end for r in rows],
        series=[
            Series("p50", "p50", [r.p50 for r in rows]),
            Series("p95", "p95", [r.p95 for r in rows]),
            Series("max", "max", [r.max for r in rows]),
        ],
        stacked=False,
        fmt=lambda ms: f"{ms:,.0f}",
    )
    legend = _legend([("p50", "p50 (median)"), ("p95", "p95"), ("max", "slowest")])
    table = _table(
        ["Front end", "Questions", "p50", "p95", "max"],
        [(r.front_end, r.questions, _ms(r.p50), _ms(r.p95), _ms(r.max)) for r in rows],
    )
    return _section("latency", title, legend, chart, table)


def index_table(index: IndexSummary, zone: tzinfo) -> str:
    rows = [
        (_title_cell(d.title, d.doc_id), d.chunks, _when(d.last_ingested, zone))
        for d in index.documents
    ]
    documents = _table(
        ["Document", "Chunks", "Last ingested"],
        rows,
        caption=f"{len(index.documents)} documents, {index.chunks:,} chunks",
        raw_first=True,
    )
    if index.failures:
        failed = _table(
            ["File", "Why it failed", "When"],
            [(f.path, f.reason, _when(f.at, zone)) for f in index.failures],
            caption="Recent ingestion failures: fix the file and run 'sendplan ingest'",
        )
    else:
        failed = '<p class="empty">No recent ingestion failures.</p>'
    return _section("index", "The index", _last_run(index, zone), documents + failed, "")


def _last_run(index: IndexSummary, zone: tzinfo) -> str:
    if index.last_run_at is None:
        return ""
    summary = f": {index.last_run_summary}" if index.last_run_summary else ""
    text = f"Last ingestion {_when(index.last_run_at, zone)}{summary}."
    return f'<p class="note">{escape(text)}</p>'


def _group_card(rank: int, group: QuestionGroup, most: int, zone: tzinfo) -> str:
    shown = group.examples[:MAX_EXAMPLES]
    items = "".join(
        f'<li>{escape(text)} <span class="times">×{count}</span></li>' for text, count in shown
    )
    more = len(group.examples) - len(shown)
    extra = f'<li class="more">and {more} more</li>' if more > 0 else ""
    width = max(4, round(100 * group.count / most))
    times = "once" if group.count == 1 else f"{group.count} times"
    return (
        f'<li class="group"><div class="group-head"><span class="rank">{rank}</span>'
        f'<p class="group-label">{escape(group.label)}</p>'
        f'<p class="group-count">asked {times} · last {_day(local_day(group.last_asked, zone))}'
        f'</p></div><div class="meter"><span style="width:{width}%"></span></div>'
        f'<ul class="examples">{items}{extra}</ul></li>'
    )


def _section(anchor: str, title: str, intro: str, chart: str, table: str) -> str:
    fallback = (
        f'<details class="fallback"><summary>Show as a table</summary>{table}</details>'
        if table
        else ""
    )
    figure = f'<figure class="figure">{chart}</figure>' if chart.startswith("<svg") else chart
    return (
        f'<section class="card" id="{anchor}"><h2>{escape(title)}</h2>'
        f"{intro}{figure}{fallback}</section>"
    )


def _table(
    headers: Sequence[str], rows: Sequence[Row], *, caption: str = "", raw_first: bool = False
) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join(
        "<tr>" + "".join(_cell(v, raw=raw_first and i == 0) for i, v in enumerate(row)) + "</tr>"
        for row in rows
    )
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(value: object, *, raw: bool = False) -> str:
    if isinstance(value, int | float):
        return f'<td class="num">{value:,}</td>'
    return f"<td>{value if raw else escape(str(value))}</td>"


def _title_cell(title: str, doc_id: str) -> str:
    return f'{escape(title)}<br><span class="doc-id">{escape(doc_id)}</span>'


def _legend(items: Sequence[tuple[str, str]]) -> str:
    keys = "".join(
        f'<li><span class="swatch series-{escape(css)}"></span>{escape(label)}</li>'
        for css, label in items
    )
    return f'<ul class="legend">{keys}</ul>'


def _day_labels(days: Sequence[Day]) -> list[str]:
    """'Wed 25 Nov' for a week; '25 Nov' for longer spans, whose labels sit closer."""
    if len(days) <= 7:
        return [_day(d.day) for d in days]
    return [d.day.strftime("%-d %b") for d in days]


def _day(value: object) -> str:
    return value.strftime("%a %-d %b")  # type: ignore[attr-defined, no-any-return]


def _when(moment: datetime | None, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%-d %b %Y %H:%M") if moment else "-"


def _ms(value: float) -> str:
    return f"{value:,.0f} ms"
