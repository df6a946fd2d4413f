"""Before/after comparison of two periods (e.g. the same weeks last year), with the relative change.

This is how a ward shows a target such as 「引越し手続の所要時間 30%減」: the ``bundle`` rows compare the
end-to-end visit time of each life event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from shared.reports import labels as L
from shared.reports.kpi import Report
from shared.reports.table import Value, kpi_values, visit_values

# metric -> which direction is an improvement ("lower", "higher" or None for volumes)
KPI_METRICS: dict[str, str | None] = {
    "arrivals": None,
    "served": None,
    "no_show_rate": "lower",
    "cancel_rate": "lower",
    "wait_mean": "lower",
    "wait_median": "lower",
    "wait_p90": "lower",
    "wait_max": "lower",
    "walk_mean": "lower",
    "service_mean": "lower",
    "hold_mean": "lower",
    "sl_pct": "higher",
    "peak": "lower",
}
VISIT_METRICS: dict[str, str | None] = {
    "visits": None,
    "e2e_mean": "lower",
    "e2e_median": "lower",
    "e2e_p90": "lower",
}


@dataclass(frozen=True)
class ChangeRow:
    section: str  # total | service | visits | bundle
    key: str
    label: str
    metric: str
    before: Value
    after: Value
    diff: float | None
    rel_pct: float | None  # (after − before) / before × 100
    better: bool | None  # None: a volume, or no change, or missing data


@dataclass(frozen=True)
class Comparison:
    start: date
    end: date
    baseline: Report
    rows: tuple[ChangeRow, ...]

    def find(self, section: str, key: str, metric: str) -> ChangeRow | None:
        for r in self.rows:
            if (r.section, r.key, r.metric) == (section, key, metric):
                return r
        return None


def _whole_months(start: date, end: date) -> bool:
    return start.day == 1 and (end + timedelta(days=1)).day == 1


def _year_earlier(d: date) -> date:
    return (
        d.replace(year=d.year - 1, day=min(d.day, 28))
        if (d.month, d.day) == (2, 29)
        else d.replace(year=d.year - 1)
    )


def baseline_range(start: date, end: date, vs: str) -> tuple[date, date]:
    """``last-year``: whole months (a month, a fiscal year) compare with the same months a year earlier;
    other periods with the same weeks a year earlier (364 days back, so weekdays match). ``previous``: the
    period of the same length just before."""
    if vs == "last-year":
        if _whole_months(start, end):
            first, last = _year_earlier(start), _year_earlier(end + timedelta(days=1)) - timedelta(days=1)
            return first, last
        return start - timedelta(days=364), end - timedelta(days=364)
    if vs == "previous":
        n = (end - start).days + 1
        return start - timedelta(days=n), start - timedelta(days=1)
    raise ValueError(f"unknown comparison {vs!r}; use last-year or previous")


def _change(
    section: str, key: str, label: str, metric: str, direction: str | None, before: Value, after: Value
) -> ChangeRow:
    diff = rel = None
    better = None
    if before is not None and after is not None:
        diff = float(after) - float(before)
        rel = 100.0 * diff / float(before) if before else None
        if direction is not None and diff != 0:
            better = (diff < 0) == (direction == "lower")
    return ChangeRow(section, key, label, metric, before, after, diff, rel, better)


def compare(current: Report, baseline: Report) -> Comparison:
    rows: list[ChangeRow] = []
    lang = current.lang

    def kpi_pair(
        section: str, key: str, label: str, a: dict[str, Value] | None, b: dict[str, Value] | None
    ) -> None:
        for m, d in KPI_METRICS.items():
            rows.append(_change(section, key, label, m, d, a.get(m) if a else None, b.get(m) if b else None))

    def visit_pair(
        section: str, key: str, label: str, a: dict[str, Value] | None, b: dict[str, Value] | None
    ) -> None:
        for m, d in VISIT_METRICS.items():
            rows.append(_change(section, key, label, m, d, a.get(m) if a else None, b.get(m) if b else None))

    kpi_pair("total", "total", L.t("total", lang), kpi_values(baseline.total), kpi_values(current.total))
    visit_pair(
        "visits", "all", L.t("all_visits", lang), visit_values(baseline.visits), visit_values(current.visits)
    )
    before = {r.key: r for r in baseline.by_queue}
    after = {r.key: r for r in current.by_queue}
    for key in list(after) + [k for k in before if k not in after]:
        r = after.get(key) or before[key]
        kpi_pair(
            "service",
            key,
            r.label,
            kpi_values(before[key]) if key in before else None,
            kpi_values(after[key]) if key in after else None,
        )
    vb = {r.key: r for r in baseline.by_bundle}
    va = {r.key: r for r in current.by_bundle}
    for key in list(va) + [k for k in vb if k not in va]:
        v = va.get(key) or vb[key]
        visit_pair(
            "bundle",
            key,
            v.label,
            visit_values(vb[key]) if key in vb else None,
            visit_values(va[key]) if key in va else None,
        )
    return Comparison(baseline.start, baseline.end, baseline, tuple(rows))
