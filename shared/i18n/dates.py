"""Dates as Japanese offices write them: 「2026年11月26日(木)」, in Tokyo time."""

from __future__ import annotations

from datetime import date, datetime

from shared.timeutil import TOKYO

WEEKDAYS_JA = "月火水木金土日"


def date_ja(d: date | datetime) -> str:
    """「2026年11月26日(木)」; an aware datetime is first put in Tokyo time."""
    if isinstance(d, datetime) and d.tzinfo is not None:
        d = d.astimezone(TOKYO)
    return f"{d.year}年{d.month}月{d.day}日({WEEKDAYS_JA[d.weekday()]})"
