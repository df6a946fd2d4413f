"""What a manager reads after a simulated day: waits per hour of arrival, and staffing what-if comparisons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from shared.percentile import percentile
from shared.predict.log import Visit
from shared.timeutil import from_ts


@dataclass(frozen=True)
class HourRow:
    hour: int
    arrived: int
    called: int
    mean_min: float
    p90_min: float
    max_min: float
    no_shows: int
    abandoned: int


def waits_per_hour(visits: Sequence[Visit], *, first_leg_only: bool = False) -> list[HourRow]:
    """Waits (call − arrival into the queue) grouped by the hour the visitor joined the queue."""
    by: dict[int, list[Visit]] = {}
    for v in visits:
        if first_leg_only and v.sort_key not in (None, v.arrived):
            continue
        by.setdefault(from_ts(v.arrived).hour, []).append(v)
    rows = []
    for h in sorted(by):
        vs = by[h]
        w = np.array([v.wait_s / 60 for v in vs if v.wait_s is not None], dtype=float)
        rows.append(
            HourRow(
                h,
                len(vs),
                len(w),
                float(w.mean()) if len(w) else 0.0,
                percentile(w.tolist(), 90) if len(w) else 0.0,
                float(w.max()) if len(w) else 0.0,
                sum(v.outcome == "no_show" for v in vs),
                sum(v.outcome == "abandoned" for v in vs),
            )
        )
    return rows


def format_hours(rows: Sequence[HourRow], title: str) -> str:
    lines = [
        title,
        f"{'時台 hour':<10}{'arrived':>8}{'called':>8}{'mean':>8}{'p90':>8}{'max':>8}{'不在':>6}{'取消':>6}",
    ]
    for r in rows:
        lines.append(
            f"{r.hour:>5}:00   {r.arrived:>8}{r.called:>8}{r.mean_min:>7.1f}m{r.p90_min:>7.1f}m"
            f"{r.max_min:>7.1f}m{r.no_shows:>6}{r.abandoned:>6}"
        )
    w = [r.mean_min * r.called for r in rows]
    n = sum(r.called for r in rows)
    lines.append(f"{'all':>8}   {sum(r.arrived for r in rows):>8}{n:>8}{(sum(w) / n if n else 0):>7.1f}m")
    return "\n".join(lines)


def format_compare(base: Sequence[HourRow], alt: Sequence[HourRow], label: str) -> str:
    a = {r.hour: r for r in alt}
    lines = [
        f"staffing what-if: {label}",
        f"{'hour':<8}{'mean now':>10}{'mean what-if':>14}{'p90 now':>10}{'p90 what-if':>13}",
    ]
    for r in base:
        x = a.get(r.hour)
        if x is None:
            continue
        lines.append(
            f"{r.hour:>5}:00 {r.mean_min:>9.1f}m{x.mean_min:>13.1f}m{r.p90_min:>9.1f}m{x.p90_min:>12.1f}m"
        )
    return "\n".join(lines)
