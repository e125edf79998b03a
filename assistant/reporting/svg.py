"""Inline SVG bar charts: title, axis labels, gridlines and one <rect class="bar"> per value.

Pure functions returning markup; every text is escaped. Sizes are in viewBox units, so a
chart scales with the page. Colours come from the page's CSS classes (`series-<name>`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

Format = Callable[[float], str]


@dataclass(frozen=True)
class Series:
    name: str  # shown in the legend and tooltips
    css: str  # colour class: series-<css>
    values: Sequence[float]


@dataclass(frozen=True)
class Frame:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int

    @property
    def inner_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def inner_height(self) -> float:
        return self.height - self.top - self.bottom


MAX_LABEL_CHARS = 30  # a longer category label is cut (the table fallback has it whole)
MAX_CATEGORY_LABELS = 10  # under columns; more would overlap
MAX_VALUE_LABELS = 16  # totals above columns


def nice_ticks(top: float, *, count: int = 5) -> list[float]:
    """0 and round steps (1, 2, 2.5 or 5 times a power of ten) up to at least `top`."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return [step * i for i in range(math.ceil(top / step - 1e-9) + 1)]


def plain(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def column_chart(
    *,
    title: str,
    x_label: str,
    y_label: str,
    categories: Sequence[str],
    series: Sequence[Series],
    fmt: Format = plain,
) -> str:
    """Vertical bars, one per category; several series are stacked, with the total on top."""
    frame = Frame(width=640, height=280, left=56, right=12, top=24, bottom=56)
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    ticks = nice_ticks(max(totals, default=0))
    scale = frame.inner_height / ticks[-1]
    slot = frame.inner_width / max(1, len(categories))
    bar = slot * 0.62
    step = math.ceil(len(categories) / MAX_CATEGORY_LABELS)  # a month of days: every 3rd
    parts = _value_axis_vertical(frame, ticks, scale, fmt)
    for i, category in enumerate(categories):
        x = frame.left + slot * i + (slot - bar) / 2
        base = frame.top + frame.inner_height
        for s in series:
            height = s.values[i] * scale
            if s.values[i] > 0:
                tip = f"{category}: {fmt(s.values[i])} {s.name}"
                parts.append(_rect(x, base - height, bar, height, s.css, tip))
            base -= height
        label_x = frame.left + slot * (i + 0.5)
        if len(categories) <= MAX_VALUE_LABELS:
            parts.append(_text(label_x, base - 6, fmt(totals[i]), "value"))
        if i % step == 0:
            parts.append(_text(label_x, frame.height - frame.bottom + 18, category, "tick"))
    parts.append(_axis_titles(frame, x_label, y_label))
    return _svg(frame, title, parts)


def bar_chart(
    *,
    title: str,
    x_label: str,
    y_label: str,
    categories: Sequence[str],
    series: Sequence[Series],
    stacked: bool = True,
    fmt: Format = plain,
) -> str:
    """Horizontal bars, one row per category: stacked series, or side by side when not."""
    rows = len(categories)
    lanes = 1 if stacked else max(1, len(series))
    row_height = 26 if stacked else 12 * lanes + 10
    spelled = stacked and len(series) > 1  # the end label names each part: "3 down · 9 up"
    frame = Frame(
        width=640,
        height=64 + 8 + rows * row_height,
        left=230,
        right=120 if spelled else 56,
        top=28,
        bottom=44,
    )
    if stacked:
        ends = [sum(s.values[i] for s in series) for i in range(rows)]
    else:
        ends = [max(s.values[i] for s in series) for i in range(rows)]
    ticks = nice_ticks(max(ends, default=0))
    scale = frame.inner_width / ticks[-1]
    parts = _value_axis_horizontal(frame, ticks, scale, fmt)
    lane = (row_height - 8) / lanes
    for i, category in enumerate(categories):
        top = frame.top + 8 + i * row_height
        label = _clip(category, MAX_LABEL_CHARS)
        parts.append(_text(frame.left - 8, top + (row_height - 8) / 2 + 4, label, "label"))
        start = float(frame.left)
        for k, s in enumerate(series):
            width = s.values[i] * scale
            y = top if stacked else top + k * lane
            if s.values[i] > 0:
                tip = f"{category}: {fmt(s.values[i])} {s.name}"
                parts.append(_rect(start, y, width, lane - 2, s.css, tip))
            if stacked:
                start += width
            else:
                parts.append(
                    _text(frame.left + width + 4, y + lane / 2 + 2, fmt(s.values[i]), "value-end")
                )
        if stacked:
            parts_of = (f"{fmt(s.values[i])} {s.name}" for s in series if s.values[i])
            end = " · ".join(parts_of) if spelled else fmt(ends[i])
            parts.append(_text(start + 4, top + (row_height - 8) / 2 + 4, end, "value-end"))
    x_title = frame.left + frame.inner_width / 2
    parts.append(_text(x_title, frame.height - 8, x_label, "axis-title"))
    parts.append(_text(frame.left - 8, 16, y_label, "axis-title label"))  # heads the label column
    return _svg(frame, title, parts)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _svg(frame: Frame, title: str, parts: list[str]) -> str:
    body = "\n".join(parts)
    return (
        f'<svg class="chart" viewBox="0 0 {frame.width} {frame.height}" role="img" '
        f'aria-label="{escape(title)}" preserveAspectRatio="xMidYMid meet">'
        f"<title>{escape(title)}</title>\n{body}\n</svg>"
    )


def _rect(x: float, y: float, width: float, height: float, css: str, tip: str) -> str:
    return (
        f'<rect class="bar series-{escape(css)}" x="{x:.1f}" y="{y:.1f}" '
        f'width="{max(width, 0.5):.1f}" height="{max(height, 0.5):.1f}" rx="2">'
        f"<title>{escape(tip)}</title></rect>"
    )


def _text(x: float, y: float, text: str, css: str, *, rotate: bool = False) -> str:
    turn = f' transform="rotate(-90 {x:.1f} {y:.1f})"' if rotate else ""
    return f'<text class="{css}" x="{x:.1f}" y="{y:.1f}"{turn}>{escape(text)}</text>'


def _line(x1: float, y1: float, x2: float, y2: float, css: str) -> str:
    return f'<line class="{css}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/>'


def _value_axis_vertical(frame: Frame, ticks: list[float], scale: float, fmt: Format) -> list[str]:
    parts = []
    for tick in ticks:
        y = frame.top + frame.inner_height - tick * scale
        parts.append(_line(frame.left, y, frame.width - frame.right, y, "grid"))
        parts.append(_text(frame.left - 8, y + 4, fmt(tick), "tick-value"))
    base = frame.top + frame.inner_height
    parts.append(_line(frame.left, base, frame.width - frame.right, base, "axis"))
    return parts


def _value_axis_horizontal(
    frame: Frame, ticks: list[float], scale: float, fmt: Format
) -> list[str]:
    parts = []
    bottom = frame.height - frame.bottom
    for tick in ticks:
        x = frame.left + tick * scale
        parts.append(_line(x, frame.top, x, bottom, "grid"))
        parts.append(_text(x, bottom + 16, fmt(tick), "tick"))
    parts.append(_line(frame.left, frame.top, frame.left, bottom, "axis"))
    return parts


def _axis_titles(frame: Frame, x_label: str, y_label: str) -> str:
    x = _text(frame.left + frame.inner_width / 2, frame.height - 8, x_label, "axis-title")
    y_mid = frame.top + frame.inner_height / 2
    y = _text(14, y_mid, y_label, "axis-title", rotate=True)
    return f'<g class="axis-titles">{x}{y}</g>'
