"""KPIs of a period: totals and breakdowns by service, counter, hour, weekday and day/week/month, the
weekday × hour heatmap, the wait distribution and the life-event end-to-end times.

Input is a :class:`~shared.reports.dataset.Dataset` (numpy columns); everything is grouped with numpy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from shared.reports import labels as L
from shared.reports.catalog import Catalog
from shared.reports.dataset import Dataset
from shared.reports.stats import Sorted, Stat, counts, maxima, sums, table

HIST_EDGES_MIN = (0, 5, 10, 15, 20, 30, 45, 60, 90, 120)  # the last bin is "120 min or more"
DONE, TRANSFERRED, NO_SHOW, CANCELLED, EXPIRED, OPEN = 1, 2, 3, 4, 5, 0


@dataclass(frozen=True)
class KpiRow:
    key: str
    label: str
    arrivals: int
    served: int
    transferred: int
    no_show: int
    cancelled: int
    expired: int
    open: int
    recalls: int
    holds: int
    no_show_rate: float | None
    cancel_rate: float | None
    wait: Stat
    walk: Stat
    service: Stat
    hold: Stat
    sl_pct: float | None
    sl_n: int
    target_min: int | None
    peak: int | None


@dataclass(frozen=True)
class VisitRow:
    key: str
    label: str
    visits: int
    served: int
    no_show: int
    cancelled: int
    expired: int
    open: int
    legs_mean: float | None
    e2e: Stat


@dataclass(frozen=True)
class Heatmap:
    weekdays: tuple[int, ...]
    hours: tuple[int, ...]
    wait_mean_s: tuple[tuple[float | None, ...], ...]  # [weekday][hour]
    arrivals: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Histogram:
    edges_min: tuple[int, ...]
    counts: tuple[int, ...]
    n: int


@dataclass
class Report:
    start: date
    end: date
    service: str | None
    lang: str
    bucket: str
    days_with_data: int
    total: KpiRow
    visits: VisitRow
    by_queue: list[KpiRow]
    by_counter: list[KpiRow]
    by_hour: list[KpiRow]
    by_weekday: list[KpiRow]
    by_period: list[KpiRow]
    by_bundle: list[VisitRow]
    heatmap: Heatmap
    histogram: Histogram
    meta: dict[str, Any] = field(default_factory=dict)


def auto_bucket(start: date, end: date) -> str:
    days = (end - start).days + 1
    return "day" if days <= 31 else "week" if days <= 183 else "month"


def _bucket_of(d: date, bucket: str) -> date:
    if bucket == "week":
        return d - timedelta(days=d.weekday())
    if bucket == "month":
        return d.replace(day=1)
    return d


def _bucket_label(b: date, bucket: str, lang: str) -> str:
    if bucket == "week":
        return L.week_label(b, b + timedelta(days=6), lang)
    if bucket == "month":
        return L.month_label(b, lang)
    return L.day_label(b, lang)


class _Legs:
    """The leg columns plus per-leg service-level flags, sorted once per metric."""

    def __init__(self, ds: Dataset, catalog: Catalog) -> None:
        c = ds.legs
        self.c = c
        self.n = len(c["ticket"])
        acc = c["accurate"].astype(bool)
        target_by_q = np.array([catalog.target_s(q) for q in ds.queues] or [0.0])
        target = target_by_q[c["q"].astype(np.int64)] if self.n else np.zeros(0)
        wait = c["wait"].astype(np.float64)
        self.sl_hit = acc & ~np.isnan(wait) & (wait <= target)
        self.sl_den = acc & (~np.isnan(wait) | (c["abandon"].astype(np.float64) > target))
        self.acc = acc
        self.sorted = {m: Sorted(c[m], acc) for m in ("wait", "walk", "service", "hold")}

    def rows(
        self,
        keys: np.ndarray,
        groups: int,
        labels: Sequence[tuple[str, str]],
        peaks: Sequence[int | None],
        targets: Sequence[int | None] | None = None,
    ) -> list[KpiRow]:
        c, every = self.c, np.ones(self.n, dtype=bool)
        tab = table(keys, c["outcome"], groups, 6)
        arr = tab.sum(axis=1)
        by = {code: tab[:, code] for code in (DONE, TRANSFERRED, NO_SHOW, CANCELLED, EXPIRED, OPEN)}
        recalls = sums(keys, every, c["recalls"].astype(np.float64), groups)
        holds = table(keys, (c["holds"] > 0).astype(np.int64), groups, 2)[:, 1]
        sl = table(keys, self.sl_hit.astype(np.int64) + 2 * self.sl_den.astype(np.int64), groups, 4)
        hit, den = sl[:, 3], sl[:, 2] + sl[:, 3]  # a hit is always in the denominator
        stats = {m: s.grouped(keys, groups) for m, s in self.sorted.items()}
        rows = []
        for g in range(groups):
            if arr[g] == 0:
                continue
            closed = int(arr[g] - by[OPEN][g])
            rows.append(
                KpiRow(
                    key=labels[g][0],
                    label=labels[g][1],
                    arrivals=int(arr[g]),
                    served=int(by[DONE][g] + by[TRANSFERRED][g]),
                    transferred=int(by[TRANSFERRED][g]),
                    no_show=int(by[NO_SHOW][g]),
                    cancelled=int(by[CANCELLED][g]),
                    expired=int(by[EXPIRED][g]),
                    open=int(by[OPEN][g]),
                    recalls=int(recalls[g]),
                    holds=int(holds[g]),
                    no_show_rate=float(by[NO_SHOW][g] / closed) if closed else None,
                    cancel_rate=float(by[CANCELLED][g] / closed) if closed else None,
                    wait=stats["wait"][g],
                    walk=stats["walk"][g],
                    service=stats["service"][g],
                    hold=stats["hold"][g],
                    sl_pct=float(100.0 * hit[g] / den[g]) if den[g] else None,
                    sl_n=int(den[g]),
                    target_min=targets[g] if targets is not None else None,
                    peak=peaks[g],
                )
            )
        return rows


def _peaks(
    ds: Dataset, keys_of_day: Callable[[np.ndarray, np.ndarray], np.ndarray], groups: int
) -> list[int | None]:
    p = ds.peaks
    if len(p["peak"]) == 0:
        return [None] * groups
    scope = p["q"] >= 0 if ds.service is not None else p["q"] == -1
    m = maxima(keys_of_day(p["day"], p["hour"]), scope, p["peak"], groups)
    return [int(x) if x >= 0 else None for x in m]


def compute(ds: Dataset, catalog: Catalog, lang: str = "ja", bucket: str | None = None) -> Report:
    bucket = bucket or auto_bucket(ds.start, ds.end)
    legs = _Legs(ds, catalog)
    c = ds.legs
    day_dow = np.array([d.weekday() for d in ds.days] or [0], dtype=np.int64)
    leg_day = c["day"].astype(np.int64)

    # total
    zero = np.zeros(legs.n, dtype=np.int64)
    if ds.service is not None:
        p = ds.peaks
        tot_peak = int(p["peak"].max()) if len(p["peak"]) else None
    else:
        tot_peak = _peaks(ds, lambda d, h: np.zeros(len(d), np.int64), 1)[0]
    total = legs.rows(zero, 1, [("total", L.t("total", lang))], [tot_peak])[0]

    # by queue, in profile order
    order = catalog.queue_order(ds.queues)
    rank = np.full(max(len(ds.queues), 1), -1, dtype=np.int64)
    for i, qi in enumerate(order):
        rank[qi] = i
    qkeys = rank[c["q"].astype(np.int64)] if legs.n else zero
    qlabels = [(ds.queues[qi], catalog.queue_name(ds.queues[qi], lang)) for qi in order]
    p = ds.peaks
    qpeak = (
        maxima(rank[np.maximum(p["q"], 0).astype(np.int64)], p["q"] >= 0, p["peak"], len(order))
        if len(p["peak"])
        else np.full(len(order), -1)
    )
    by_queue = legs.rows(
        qkeys,
        len(order),
        qlabels,
        [int(x) if x >= 0 else None for x in qpeak],
        [catalog.target_min(ds.queues[qi]) for qi in order],
    )

    # by counter
    ckeys = c["counter"].astype(np.int64)
    by_counter = legs.rows(
        ckeys, 100, [(str(n), L.t("counter_n", lang, n=n)) for n in range(100)], [None] * 100
    )

    # by hour and weekday
    hkeys = c["hour"].astype(np.int64)
    by_hour = legs.rows(
        hkeys,
        24,
        [(str(h), L.t("hour_n", lang, h=h)) for h in range(24)],
        _peaks(ds, lambda d, h: h.astype(np.int64), 24),
    )
    wkeys = day_dow[leg_day] if legs.n else zero
    by_weekday = legs.rows(
        wkeys,
        7,
        [(str(w), L.weekday(w, lang)) for w in range(7)],
        _peaks(ds, lambda d, h: day_dow[d.astype(np.int64)], 7),
    )

    # by day / week / month
    bstarts = sorted({_bucket_of(d, bucket) for d in ds.days})
    bindex = {b: i for i, b in enumerate(bstarts)}
    day_bucket = np.array([bindex[_bucket_of(d, bucket)] for d in ds.days] or [0], dtype=np.int64)
    by_period = legs.rows(
        day_bucket[leg_day] if legs.n else zero,
        len(bstarts),
        [(b.isoformat(), _bucket_label(b, bucket, lang)) for b in bstarts],
        _peaks(ds, lambda d, h: day_bucket[d.astype(np.int64)], len(bstarts)),
    )

    return Report(
        start=ds.start,
        end=ds.end,
        service=ds.service,
        lang=lang,
        bucket=bucket,
        days_with_data=len(ds.days),
        total=total,
        visits=_visit_rows(ds, catalog, lang, total_only=True)[0],
        by_queue=by_queue,
        by_counter=by_counter,
        by_hour=by_hour,
        by_weekday=by_weekday,
        by_period=by_period,
        by_bundle=_visit_rows(ds, catalog, lang, total_only=False),
        heatmap=_heatmap(legs, wkeys, hkeys),
        histogram=_histogram(legs),
        meta={"clock_skew_events": ds.clock_skew},
    )


def _visit_rows(ds: Dataset, catalog: Catalog, lang: str, *, total_only: bool) -> list[VisitRow]:
    v = ds.visits
    n = len(v["ticket"])
    if total_only:
        keys, labels = np.zeros(n, np.int64), [("all", L.t("all_visits", lang))]
    else:
        order = catalog.bundle_order(ds.bundles)
        rank = np.full(len(ds.bundles) + 1, len(order), dtype=np.int64)  # index -1 -> "single service"
        for i, bi in enumerate(order):
            rank[bi] = i
        keys = rank[v["bundle"].astype(np.int64)] if n else np.zeros(0, np.int64)
        labels = [(ds.bundles[bi], catalog.bundle_name(ds.bundles[bi], lang)) for bi in order]
        labels.append(("", L.t("single", lang)))
    groups = len(labels)
    every = np.ones(n, dtype=bool)
    cnt = counts(keys, every, groups)
    oc = v["outcome"]
    by = {k: counts(keys, oc == k, groups) for k in range(5)}
    legs_sum = sums(keys, every, v["legs"].astype(np.float64), groups)
    e2e = Sorted(v["e2e"], every).grouped(keys, groups)
    rows = []
    for g in range(groups):
        if cnt[g] == 0:
            continue
        rows.append(
            VisitRow(
                key=labels[g][0],
                label=labels[g][1],
                visits=int(cnt[g]),
                served=int(by[1][g]),
                no_show=int(by[2][g]),
                cancelled=int(by[3][g]),
                expired=int(by[4][g]),
                open=int(by[0][g]),
                legs_mean=float(legs_sum[g] / cnt[g]),
                e2e=e2e[g],
            )
        )
    if total_only and not rows:
        rows.append(VisitRow("all", labels[0][1], 0, 0, 0, 0, 0, 0, None, Stat.none()))
    return rows


def _heatmap(legs: _Legs, wkeys: np.ndarray, hkeys: np.ndarray) -> Heatmap:
    cell = wkeys * 24 + hkeys
    arrivals = counts(cell, np.ones(legs.n, dtype=bool), 7 * 24).reshape(7, 24)
    waits = legs.sorted["wait"].grouped(cell, 7 * 24)
    dows = tuple(int(w) for w in range(7) if arrivals[w].sum() > 0)
    hours = tuple(int(h) for h in range(24) if arrivals[:, h].sum() > 0)
    if hours:
        hours = tuple(range(hours[0], hours[-1] + 1))
    return Heatmap(
        dows,
        hours,
        tuple(tuple(waits[w * 24 + h].mean for h in hours) for w in dows),
        tuple(tuple(int(arrivals[w, h]) for h in hours) for w in dows),
    )


def _histogram(legs: _Legs) -> Histogram:
    w = legs.sorted["wait"].values / 60.0
    edges = np.array(HIST_EDGES_MIN, dtype=np.float64)
    bins = np.searchsorted(edges, w, side="right") - 1  # [a, b) bins; waits are >= 0
    cnt = np.bincount(np.maximum(bins, 0), minlength=len(edges))
    return Histogram(HIST_EDGES_MIN, tuple(int(x) for x in cnt), int(len(w)))
