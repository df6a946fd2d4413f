"""The floor manager's view of the office, as plain data (``madoguchi supervisor`` draws it).

One :func:`read_floor` call reads every counter (state, clerk, current ticket, time in that state, a serve far
beyond the service's usual time), every service (waiting, oldest wait, estimate, served today, service level
against its target), the open kiosk/printer alerts, today's notice, and today's KPIs so far in the report's
definitions (``shared.reports.kpi.compute`` on today's facts, built from the event log in memory).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import numpy as np

from shared.engine import QueueEngine
from shared.estimate import estimate_waits
from shared.estimate_text import board
from shared.models import Alert, CounterState, LegState, QueueEntry
from shared.percentile import percentile
from shared.reports.booking import BookingSummary, booking_summary
from shared.reports.catalog import Catalog
from shared.reports.dataset import LEG_FIELDS, VISIT_FIELDS, Dataset
from shared.reports.facts import OFFICE, read_day
from shared.reports.kpi import Report, compute
from shared.timeutil import to_ts

LONG_SERVE_FACTOR = 3.0  # a serve is flagged when it has run this many times the service's usual time
SL_GOAL_PCT = 80.0  # the share of visitors called within their service's target wait
MOVING_BUNDLES = (
    "move_in",
    "move_out",
    "move_within",
)  # 引越し: the life events whose end-to-end time we show


@dataclass(frozen=True)
class CounterRow:
    number: int
    name: str
    clerk: str | None
    services: tuple[str, ...]
    state: str  # idle | calling | serving | paused | closed
    reason: str | None
    ticket: str | None
    queue: str | None
    since_ts: float | None  # when it entered this state
    usual_s: float | None  # the service's usual time (for a serve)
    long_serve: bool


@dataclass(frozen=True)
class ServiceRow:
    code: str
    name: str
    target_min: int
    waiting: int
    oldest_s: float | None
    estimate_min: float
    estimate_label: str
    served: int
    sl_pct: float | None
    issuing: str  # open | paused | closed (the switch) ...
    issuing_reason: str | None  # ... and why (the engine's reason code: closed | cutoff | paused | cap)
    open_counters: int

    @property
    def breach(self) -> bool:
        """The queue is over its target now (oldest wait), or today's service level is under the goal."""
        over = self.oldest_s is not None and self.oldest_s > self.target_min * 60
        return over or (self.sl_pct is not None and self.sl_pct < SL_GOAL_PCT)


@dataclass(frozen=True)
class TodayKpi:
    visits: int
    served: int
    p90_wait_s: float | None
    target_p90_s: float  # the mean of the services' targets, weighted by today's arrivals
    sl_pct: float | None
    no_show: int
    no_show_rate: float | None
    moving_n: int
    moving_median_s: float | None
    moving_p90_s: float | None


@dataclass(frozen=True)
class Floor:
    ts: float
    counters: tuple[CounterRow, ...]
    services: tuple[ServiceRow, ...]
    alerts: tuple[Alert, ...]
    waiting: tuple[QueueEntry, ...]
    notice: dict[str, str]
    today: TodayKpi
    bookings: BookingSummary | None = (
        None  # 来庁予約 today (per hour of the slot); None: the office takes none
    )


def today_dataset(engine: QueueEngine, now: datetime) -> Dataset:
    """Today's KPI facts, built from the event log in memory (the same facts the report stores each night)."""
    day = engine.day(now)
    f = read_day(engine.store.db, day)
    legs = {k: f.legs[k] for k in LEG_FIELDS}
    legs["q"] = f.legs["q"].astype(np.int32)
    legs["day"] = np.zeros(len(f.legs), np.int32)
    visits = {k: f.visits[k] for k in VISIT_FIELDS}
    visits["q"] = f.visits["q"].astype(np.int32)
    visits["bundle"] = f.visits["bundle"].astype(np.int32)
    visits["day"] = np.zeros(len(f.visits), np.int32)
    peaks = {k: f.peaks[k] for k in ("hour", "peak")}
    pq = f.peaks["q"].astype(np.int32)
    peaks["q"] = np.where(pq == OFFICE, -1, pq).astype(np.int32)
    peaks["day"] = np.zeros(len(f.peaks), np.int32)
    d = date.fromisoformat(day)
    days = (d,) if len(f.visits) else ()
    return Dataset(d, d, days, f.queues, f.bundles, legs, visits, peaks)


def today_report(engine: QueueEngine, now: datetime) -> tuple[Report | None, Dataset]:
    """The report's KPIs for today so far (None before the first ticket)."""
    ds = today_dataset(engine, now)
    if ds.empty:
        return None, ds
    return compute(ds, Catalog(engine.config, engine.store.db), "ja", "day"), ds


def _today_kpi(engine: QueueEngine, report: Report | None, ds: Dataset) -> TodayKpi:
    if report is None:
        target = float(np.mean([s.target_wait_min for s in engine.config.services])) * 60.0
        return TodayKpi(0, 0, None, target, None, 0, None, 0, None, None)
    t = report.total
    targets = [(r.arrivals, r.target_min) for r in report.by_queue if r.target_min is not None]
    n = sum(a for a, _ in targets)
    target = (
        sum(a * m for a, m in targets) / n
        if n
        else float(np.mean([s.target_wait_min for s in engine.config.services]))
    )
    moving = [i for i, b in enumerate(ds.bundles) if b in MOVING_BUNDLES]
    e2e: list[float] = []
    if moving and len(ds.visits["e2e"]):
        mask = np.isin(ds.visits["bundle"], moving) & ~np.isnan(ds.visits["e2e"])
        e2e = [float(x) for x in ds.visits["e2e"][mask]]
    return TodayKpi(
        visits=report.visits.visits,
        served=report.visits.served,
        p90_wait_s=t.wait.p90,
        target_p90_s=target * 60.0,
        sl_pct=t.sl_pct,
        no_show=t.no_show,
        no_show_rate=t.no_show_rate,
        moving_n=len(e2e),
        moving_median_s=percentile(e2e, 50) if e2e else None,
        moving_p90_s=percentile(e2e, 90) if e2e else None,
    )


def read_floor(engine: QueueEngine, now: datetime) -> Floor:
    ts = to_ts(now)
    cfg = engine.config
    report, ds = today_report(engine, now)
    by_queue = {r.key: r for r in report.by_queue} if report is not None else {}
    counters = engine.counters()
    rows = []
    for c in counters:
        cur = engine.current(c.number) if c.state != CounterState.CLOSED else None
        ticket = queue = None
        usual = None
        long_serve = False
        since = c.updated_at
        if c.state == CounterState.CLOSED:
            state = "closed"
        elif c.state == CounterState.PAUSED:
            state = "paused"
        else:
            state = "idle"
        if cur is not None:
            t, leg = cur
            ticket, queue = t.display, leg.queue
            if leg.state == LegState.SERVING:
                state, since = ("serving" if c.state == CounterState.OPEN else state), leg.started_at
                svc = engine.services.get(leg.service)
                usual = svc.service_min * 60.0 if svc is not None else None
                long_serve = (
                    usual is not None and since is not None and ts - since > LONG_SERVE_FACTOR * usual
                )
            else:
                state, since = ("calling" if c.state == CounterState.OPEN else state), leg.called_at
        rows.append(
            CounterRow(
                c.number,
                c.name,
                c.clerk,
                c.services,
                state,
                c.reason,
                ticket,
                queue,
                since,
                usual,
                long_serve,
            )
        )
    counts = engine.store.waiting_counts()
    estimates = estimate_waits(engine, now)
    switches = engine.store.issuing_states()
    services = []
    for s in cfg.services:
        n, oldest = counts.get(s.code, (0, None))
        e = estimates[s.code]
        kr = by_queue.get(s.code)
        services.append(
            ServiceRow(
                code=s.code,
                name=s.names["ja"],
                target_min=s.target_wait_min,
                waiting=n,
                oldest_s=ts - oldest if oldest is not None else None,
                estimate_min=e.minutes,
                estimate_label=board(e, "ja"),
                served=kr.served if kr else 0,
                sl_pct=kr.sl_pct if kr else None,
                issuing=switches.get(s.code, ("open", None))[0],
                issuing_reason=engine.issuing_reason(s.code, now),
                open_counters=sum(
                    1 for c in counters if c.state == CounterState.OPEN and s.code in c.services
                ),
            )
        )
    return Floor(
        ts=ts,
        counters=tuple(rows),
        services=tuple(services),
        alerts=tuple(engine.alerts()),
        waiting=tuple(engine.queue(held=False)),
        notice=engine.day_notice(now),
        today=_today_kpi(engine, report, ds),
        bookings=today_bookings(engine, now),
    )


def today_bookings(engine: QueueEngine, now: datetime) -> BookingSummary | None:
    """Today's 来庁予約 in the report's definitions (counts by outcome, per hour of the slot), or None when the
    office takes no bookings and has none today."""
    day = date.fromisoformat(engine.day(now))
    s = booking_summary(engine.store.db, day, day)
    return s if engine.config.booking.enabled or s.total else None
