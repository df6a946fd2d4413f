"""Opening days and hours: weekdays, the 2nd/4th Saturday, Japanese public holidays and the year-end closure."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import jpholiday

from shared.config import Hours, Service
from shared.timeutil import TOKYO, at, require_aware


def is_holiday(day: date) -> bool:
    return bool(jpholiday.is_holiday(day))


def opening_span(day: date, hours: Hours) -> tuple[time, time] | None:
    """Opening and closing time on ``day``, or None when the office is closed all day."""
    if hours.always_open:
        return (time(0, 0), time(23, 59, 59, 999999))
    if day.strftime("%m-%d") in hours.closed_dates:
        return None
    if hours.public_holidays and is_holiday(day):
        return None
    wd = day.weekday()
    if wd < 5:
        return hours.weekday
    if wd == 5 and hours.saturday is not None:
        week = (day.day - 1) // 7 + 1
        if week in hours.saturday_weeks:
            return hours.saturday
    return None


def is_open(now: datetime, hours: Hours) -> bool:
    local = require_aware(now).astimezone(TOKYO)
    span = opening_span(local.date(), hours)
    return span is not None and span[0] <= local.time() < span[1]


def next_opening(now: datetime, hours: Hours, horizon_days: int = 30) -> datetime | None:
    """The next moment the office opens (``now`` itself if it is open now)."""
    local = require_aware(now).astimezone(TOKYO)
    for k in range(horizon_days + 1):
        day = local.date() + timedelta(days=k)
        span = opening_span(day, hours)
        if span is None:
            continue
        start, end = at(day, span[0]), at(day, span[1])
        if local < start:
            return start
        if local < end:
            return local
    return None


def service_closed_reason(now: datetime, hours: Hours, service: Service) -> str | None:
    """None when the service takes new tickets now, else a short reason code: closed | cutoff."""
    if not is_open(now, hours):
        return "closed"
    if hours.always_open:
        return None
    if service.cutoff is not None and require_aware(now).astimezone(TOKYO).time() >= service.cutoff:
        return "cutoff"
    return None
