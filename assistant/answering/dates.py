"""Dates in questions and evidence, and whether a question's date fits an evidence's context.

A date that only scopes a question ("the 2023 plan", "as of August 2023") does not have to be
in the quoted sentence: it has to fit the sentence's context, the nearest dated one first.
A dated section heading ("8 February 2024: answer on progress") dates every entry under it, so
a question about March 2024 is not answered from it; otherwise the sentence, the heading, the
document's title or its published date may carry the date.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

MONTHS = (
    "january february march april may june july august september october november december"
).split()
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 12)}
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
)
_PATTERN = re.compile(
    rf"\b(?P<m1>{_MONTH}|spring|summer|autumn|winter)\s+(?:to|and|-|–)\s+"
    rf"(?P<m2>{_MONTH})\s+(?P<y0>(?:19|20)\d\d)\b"  # March to June 2023
    rf"|\b(?:(?P<day>\d{{1,2}})\s+)?(?P<month>{_MONTH}|spring|summer|autumn|winter)\s+"
    rf"(?P<year>(?:19|20)\d\d)\b"  # 2 March 2023, autumn 2024
    r"|\b(?P<a>(?:19|20)\d\d)\s*(?:-|–|/|to|and)\s*(?P<b>(?:19|20)?\d\d)\b"  # 2024-25, 2022 to 2025
    r"|\b(?P<iso>(?:19|20)\d\d)-(?P<isom>\d\d)-\d\d\b"  # 2023-03-02
    r"|\b(?P<y>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    """A year, a month of a year, or a span of either, as written."""

    text: str
    first_year: int
    last_year: int
    months: tuple[int, int] | None = None  # first and last month, when a month is given
    financial: bool = False  # "2024-25", "2023/24": one financial or academic year

    @property
    def year(self) -> int:
        return self.first_year

    def fits(self, other: DateMention) -> bool:
        """Whether the two overlap in time (a year fits any month of that year)."""
        if self.financial and other.financial:
            return self.first_year == other.first_year  # 2024-25 is not 2025-26
        if self.last_year < other.first_year or other.last_year < self.first_year:
            return False
        if self.months is None or other.months is None:
            return True
        if self.first_year != self.last_year or other.first_year != other.last_year:
            return True  # spans of years: overlap of years is enough
        return not (self.months[1] < other.months[0] or other.months[1] < self.months[0])


def date_mentions(text: str) -> list[DateMention]:
    """Every date expression in text, in order."""
    return list(_mentions(text))


@lru_cache(maxsize=1 << 14)  # the same chunk sentences are read for question after question
def _mentions(text: str) -> tuple[DateMention, ...]:
    return tuple(_mention(match) for match in _PATTERN.finditer(text))


def strip_dates(text: str) -> str:
    """The text with every date expression blanked out (each span once, longest first)."""
    return _PATTERN.sub(" ", text)


def _mention(match: re.Match[str]) -> DateMention:
    groups = match.groupdict()
    text = match.group(0)
    if groups["y0"]:
        year = int(groups["y0"])
        return DateMention(text, year, year, (_month(groups["m1"])[0], _month(groups["m2"])[1]))
    if groups["year"]:
        year = int(groups["year"])
        return DateMention(text, year, year, _month(groups["month"]))
    if groups["a"]:
        first, second = groups["a"], groups["b"]
        last = int(second) if len(second) == 4 else int(first[:2] + second)
        financial = last == int(first) + 1 and (len(second) == 2 or "/" in text)
        return DateMention(text, int(first), max(int(first), last), financial=financial)
    if groups["iso"]:
        month = int(groups["isom"])
        return DateMention(text, int(groups["iso"]), int(groups["iso"]), (month, month))
    year = int(groups["y"])
    return DateMention(text, year, year)


def _month(word: str) -> tuple[int, int]:
    word = word.lower()
    if word in _SEASONS:
        return _SEASONS[word]
    number = MONTHS.index(word) + 1
    return number, number


@dataclass(frozen=True)
class DateContext:
    """The dates around one candidate sentence, nearest first."""

    sentence: tuple[DateMention, ...]
    heading: tuple[DateMention, ...]
    title: tuple[DateMention, ...]
    published: tuple[DateMention, ...]

    @classmethod
    def of(cls, sentence: str, heading: str, title: str, published: str | None) -> DateContext:
        return cls(
            tuple(date_mentions(sentence)),
            tuple(date_mentions(heading)),
            tuple(date_mentions(title)),
            tuple(date_mentions(_spelt(published or ""))),
        )

    def fits(self, scope: DateMention) -> bool:
        """Whether a question's scoping date is compatible with this context."""
        if _any_fit(scope, self.sentence):
            return True
        if self.heading:  # a dated heading dates its entries: it decides
            return _any_fit(scope, self.heading)
        document = self.title + self.published
        if not self.sentence and not document:
            return True  # nothing dated: nothing to contradict
        return _any_fit(scope, document) or (not document and not self.sentence)


def _spelt(published: str) -> str:
    """'2023-03-02' as 'March 2023': read as digits it would be the span 2023-03, any month."""
    try:
        day = datetime.date.fromisoformat(published[:10])
    except ValueError:
        return published
    return f"{calendar.month_name[day.month]} {day.year}"


def _any_fit(scope: DateMention, mentions: Iterable[DateMention]) -> bool:
    return any(scope.fits(m) for m in mentions)
