"""A report's rows as flat values in display units (counts, %, minutes): what CSV, xlsx, HTML and the
comparison share, so every output shows the same numbers."""

from __future__ import annotations

from collections.abc import Iterator

from shared.reports import labels as L
from shared.reports.kpi import KpiRow, Report, VisitRow

Value = int | float | None


def _min(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / 60.0


def _pct(rate: float | None) -> float | None:
    return None if rate is None else 100.0 * rate


def kpi_values(r: KpiRow) -> dict[str, Value]:
    return {
        "arrivals": r.arrivals,
        "served": r.served,
        "transferred": r.transferred,
        "no_show": r.no_show,
        "cancelled": r.cancelled,
        "expired": r.expired,
        "open": r.open,
        "recalls": r.recalls,
        "no_show_rate": _pct(r.no_show_rate),
        "cancel_rate": _pct(r.cancel_rate),
        "wait_mean": _min(r.wait.mean),
        "wait_median": _min(r.wait.median),
        "wait_p90": _min(r.wait.p90),
        "wait_max": _min(r.wait.max),
        "walk_mean": _min(r.walk.mean),
        "service_mean": _min(r.service.mean),
        "service_median": _min(r.service.median),
        "service_p90": _min(r.service.p90),
        "hold_mean": _min(r.hold.mean),
        "holds": r.holds,
        "sl_pct": r.sl_pct,
        "target_min": r.target_min,
        "peak": r.peak,
    }


def visit_values(r: VisitRow) -> dict[str, Value]:
    return {
        "visits": r.visits,
        "served": r.served,
        "no_show": r.no_show,
        "cancelled": r.cancelled,
        "expired": r.expired,
        "open": r.open,
        "legs_mean": r.legs_mean,
        "e2e_mean": _min(r.e2e.mean),
        "e2e_median": _min(r.e2e.median),
        "e2e_p90": _min(r.e2e.p90),
        "e2e_max": _min(r.e2e.max),
    }


def kpi_sections(rep: Report) -> Iterator[tuple[str, str, list[KpiRow]]]:
    """(section key, heading, rows) of every KPI table, in report order."""
    lang = rep.lang
    yield "total", L.t("total", lang), [rep.total]
    yield "service", L.t("by_queue", lang), rep.by_queue
    yield "counter", L.t("by_counter", lang), rep.by_counter
    yield "hour", L.t("by_hour", lang), rep.by_hour
    yield "weekday", L.t("by_weekday", lang), rep.by_weekday
    yield rep.bucket, L.t(f"by_period_{rep.bucket}", lang), rep.by_period


def fmt(value: Value, unit: str = "") -> str:
    """A value for HTML: minutes and % with one decimal, counts as integers, '–' for no data."""
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}"
    if unit in ("min", "pct") or not float(value).is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"
