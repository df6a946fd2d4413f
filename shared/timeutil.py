"""Time helpers. Every verb takes ``now`` as an aware datetime; storage keeps UNIX seconds (REAL)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")


def now_tokyo() -> datetime:
    """The real clock, for apps only. Core code receives ``now`` as an argument."""
    return datetime.now(TOKYO)


def require_aware(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"naive datetime {now!r}: pass an aware datetime (e.g. tz=Asia/Tokyo)")
    return now


def to_ts(now: datetime) -> float:
    return require_aware(now).timestamp()


def from_ts(ts: float, tz: ZoneInfo = TOKYO) -> datetime:
    return datetime.fromtimestamp(ts, tz)


def business_day(now: datetime, rollover: time = time(0, 0), tz: ZoneInfo = TOKYO) -> date:
    """The local business date: Asia/Tokyo, restarting at ``rollover`` local time."""
    local = require_aware(now).astimezone(tz)
    shifted = local - timedelta(hours=rollover.hour, minutes=rollover.minute)
    return shifted.date()


def parse_hhmm(text: str) -> time:
    """'08:45' -> time(8, 45). Raises ValueError with a readable message."""
    try:
        hh, mm = text.split(":")
        return time(int(hh), int(mm))
    except (ValueError, AttributeError) as exc:
        raise ValueError(f"expected a time like '08:45', got {text!r}") from exc


def at(day: date, t: time, tz: ZoneInfo = TOKYO) -> datetime:
    return datetime.combine(day, t, tz)


def day_before(day: str) -> str:
    """The business day before ``day`` (both 'YYYY-MM-DD')."""
    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()
