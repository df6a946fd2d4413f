"""The ward-day simulator: drives the REAL :class:`QueueEngine` with a simulated clock.

Visitors arrive and take tickets (``issue`` / ``issue_bundle``); counters open, take breaks by the staffing
schedule, call the next ticket, recall and mark absent visitors, start, transfer and finish, all through engine
verbs, each with ``now`` = the simulated time. The event log the engine writes is the simulator's output.

Use it as a library: ``WardDay(engine, scenario, day, seed=…)`` then ``advance(until)`` step by step (the demo does
this in real time × speed), or ``run()`` for a whole day.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import numpy as np

from shared.calendar import opening_span
from shared.engine import QueueEngine
from shared.errors import DomainError, MadoguchiError
from shared.models import LegState, split_queue
from shared.sim.arrivals import Arrival, day_arrivals
from shared.sim.scenario import Scenario, ServiceTime, Shift
from shared.timeutil import TOKYO, at, from_ts

PICKUP_DEFAULT = ServiceTime(mean=3.0, scv=0.3)
STOP_AFTER_S = 4 * 3600.0  # counters stop serving this long after closing; the rest expires


@dataclass
class _Desk:
    number: int
    services: tuple[str, ...] | None
    state: str = "closed"  # closed | idle | waking | busy | paused
    pending: str | None = None  # "break" while serving when the break starts
    closing: bool = False
    leg_id: int | None = None
    display: str = ""


@dataclass
class SimStats:
    arrivals: int = 0
    issued: int = 0
    balked: dict[str, int] = field(default_factory=dict)
    calls: int = 0
    served_legs: int = 0
    no_shows: int = 0
    returns: int = 0
    abandoned: int = 0
    transfers: int = 0
    expired: int = 0
    errors: list[str] = field(default_factory=list)


def lognormal_params(mean: float, scv: float) -> tuple[float, float]:
    s2 = math.log1p(max(scv, 1e-9))
    return math.log(mean) - s2 / 2, math.sqrt(s2)


def draw_service(rng: np.random.Generator, st: ServiceTime, factor: float = 1.0) -> float:
    """Minutes at the counter."""
    m = st.mean * factor
    if st.dist == "exponential":
        return float(rng.exponential(m))
    mu, sigma = lognormal_params(m, st.scv)
    return float(rng.lognormal(mu, sigma))


def default_shifts(engine: QueueEngine, t_open: time, t_close: time) -> tuple[Shift, ...]:
    return tuple(Shift(c.number, t_open, t_close) for c in engine.config.counters)


class WardDay:
    """One simulated day on ``engine``. Times come from the scenario's clock; nothing reads the real clock."""

    def __init__(
        self,
        engine: QueueEngine,
        scenario: Scenario,
        day: date | None = None,
        *,
        seed: int = 0,
        staff: Sequence[Shift] | None = None,
        window: tuple[time, time] | None = None,
        initial: int = 0,
        sample_every_s: float = 0.0,
        arrivals: Sequence[Arrival] | None = None,
    ) -> None:
        self.engine = engine
        self.scn = scenario
        self.day = day or scenario.date
        self.rng = np.random.default_rng(seed)
        span = window or opening_span(self.day, engine.config.hours)
        if span is None:
            raise DomainError(f"{self.day} は閉庁日です / the office is closed on {self.day}", code="closed")
        if engine.config.hours.always_open and window is None:
            span = (time(8, 45), time(17, 0))
        self.t_open = at(self.day, span[0]).timestamp()
        self.t_close = at(self.day, span[1]).timestamp()
        self.now_ts = self.t_open
        self.stats = SimStats()
        self.samples: list[tuple[float, int]] = []
        self._heap: list[tuple[float, int, str, Any]] = []
        self._seq = 0
        self._household: dict[int, float] = {}
        self._desks: dict[int, _Desk] = {}
        shifts = tuple(staff) if staff is not None else (scenario.staff or default_shifts(engine, *span))
        for sh in shifts:
            self._desks[sh.counter] = _Desk(sh.counter, sh.services)
            self._push(at(self.day, sh.start).timestamp(), "open", sh.counter)
            for b0, b1 in sh.breaks:
                self._push(at(self.day, b0).timestamp(), "break", sh.counter)
                self._push(at(self.day, b1).timestamp(), "resume", sh.counter)
            self._push(at(self.day, sh.end).timestamp(), "close", sh.counter)
        hour0 = span[0].hour + span[0].minute / 60
        arr = (
            list(arrivals)
            if arrivals is not None
            else day_arrivals(scenario, engine.config, self.day, self.t_open, self.t_close, hour0, self.rng)
        )
        first = next(iter(scenario.arrivals.rates), None)
        for i in range(initial if first else 0):
            self._push(
                self.t_open - 1e-3 * (initial - i), "arrive", Arrival(self.t_open, "service", str(first))
            )
        for a in arr:
            self._push(a.ts, "arrive", a)
        if sample_every_s > 0:
            t = self.t_open
            while t < self.t_close:
                self._push(t, "sample", None)
                t += sample_every_s
        self._handlers: dict[str, Callable[[float, Any], None]] = {
            "arrive": self._arrive,
            "free": self._free,
            "start": self._start,
            "recall": self._recall,
            "noshow": self._noshow,
            "done": self._done,
            "return": self._return,
            "abandon": self._abandon,
            "open": self._open,
            "break": self._break,
            "resume": self._resume,
            "close": self._close,
            "sample": self._sample,
        }

    # -- the clock ---------------------------------------------------------------------------------------------
    def _push(self, ts: float, kind: str, payload: Any) -> None:
        self._seq += 1
        heapq.heappush(self._heap, (ts, self._seq, kind, payload))

    def next_ts(self) -> float | None:
        return self._heap[0][0] if self._heap else None

    def done(self) -> bool:
        return not self._heap

    def advance(self, until: datetime | float) -> int:
        """Process every simulated event up to ``until``; returns how many ran."""
        limit = until if isinstance(until, float | int) else until.timestamp()
        n = 0
        while self._heap and self._heap[0][0] <= limit:
            ts, _, kind, payload = heapq.heappop(self._heap)
            self.now_ts = max(self.now_ts, ts)
            if ts > self.t_close + STOP_AFTER_S and kind not in ("close",):
                continue
            try:
                self._handlers[kind](ts, payload)
            except MadoguchiError as exc:  # a rule the visitor or clerk would meet too: log and go on
                self.stats.errors.append(f"{from_ts(ts):%H:%M:%S} {kind}: {exc}")
            n += 1
        return n

    def run(self) -> SimStats:
        """The whole day: every event, then the day-end sweep (open tickets expire, counters close)."""
        self.advance(math.inf)
        end = max(self.now_ts, self.t_close) + 60.0
        for d in self._desks.values():
            if d.state in ("idle", "waking", "paused"):
                self._close_desk(end, d)
        self.stats.expired = self.engine.expire_open(now=from_ts(end), actor="sim")
        return self.stats

    def _dt(self, ts: float) -> datetime:
        return datetime.fromtimestamp(ts, TOKYO)

    # -- visitors ----------------------------------------------------------------------------------------------
    def _arrive(self, ts: float, a: Arrival) -> None:
        self.stats.arrivals += 1
        now = self._dt(ts)
        try:
            if a.kind == "bundle":
                out = self.engine.issue_bundle(a.code, a.answers, now=now, priority=a.priority, actor="sim")
            else:
                out = self.engine.issue(a.code, now=now, priority=a.priority, actor="sim")
        except DomainError as exc:
            self.stats.balked[exc.code] = self.stats.balked.get(exc.code, 0) + 1
            return
        self.stats.issued += 1
        assert out.ticket is not None and out.leg is not None
        self._household[out.ticket.id] = a.household
        vis = self.scn.visitors
        if vis.abandon > 0 and self.rng.random() < vis.abandon:
            patience = float(self.rng.lognormal(math.log(vis.patience_median), 0.5)) * 60.0
            self._push(ts + patience, "abandon", out.ticket.display)
        self._wake(out.leg.queue, ts)

    def _wake(self, queue: str, ts: float) -> None:
        for d in sorted(self._desks.values(), key=lambda d: d.number):
            if d.state == "idle" and queue in self.engine.counter(d.number).services:
                d.state = "waking"
                self._push(ts, "free", d.number)

    def _return(self, ts: float, display: str) -> None:
        out = self.engine.reactivate(display, now=self._dt(ts), actor="sim")
        self.stats.returns += 1
        if out.leg is not None:
            self._wake(out.leg.queue, ts)

    def _abandon(self, ts: float, display: str) -> None:
        t = self.engine.find(display, now=self._dt(ts))
        leg = self.engine.store.open_leg(t.id)
        if leg is not None and leg.state in (LegState.WAITING, LegState.HELD):
            self.engine.cancel(display, now=self._dt(ts), actor="sim")
            self.stats.abandoned += 1

    # -- counters ----------------------------------------------------------------------------------------------
    def _free(self, ts: float, number: int) -> None:
        d = self._desks[number]
        d.leg_id, d.display = None, ""
        if d.pending == "break":
            d.pending = None
            self.engine.pause_counter(number, "昼休み", now=self._dt(ts))
            d.state = "paused"
            return
        if d.state not in ("idle", "waking", "busy"):
            return
        out = self.engine.call_next(number, now=self._dt(ts))
        if out.ticket is None or out.leg is None:
            d.state = "idle"
            return
        self.stats.calls += 1
        d.state, d.leg_id, d.display = "busy", out.leg.id, out.ticket.display
        vis = self.scn.visitors
        if vis.no_show > 0 and self.rng.random() < vis.no_show:
            self._push(ts + vis.recall_after * 60.0, "recall", number)
        else:
            self._push(ts + float(self.rng.uniform(*vis.walk)) * 60.0, "start", number)

    def _recall(self, ts: float, number: int) -> None:
        self.engine.recall(number, now=self._dt(ts))
        self._push(ts + self.scn.visitors.no_show_after * 60.0, "noshow", number)

    def _noshow(self, ts: float, number: int) -> None:
        d = self._desks[number]
        display = d.display
        self.engine.no_show(number, now=self._dt(ts))
        self.stats.no_shows += 1
        vis = self.scn.visitors
        if vis.late_return > 0 and self.rng.random() < vis.late_return:
            self._push(ts + float(self.rng.uniform(*vis.return_lag)) * 60.0, "return", display)
        self._free(ts, number)

    def service_time(self, queue: str, ts: float, household: float = 1.0) -> float:
        service, stage = split_queue(queue)
        st = self.scn.service.get(queue) or (PICKUP_DEFAULT if stage == "pickup" else None)
        if st is None:
            st = ServiceTime(self.engine.services[service].service_min)
        hour = self._dt(ts).hour
        return draw_service(self.rng, st, self.scn.hour_factor.get(hour, 1.0) * household)

    def _start(self, ts: float, number: int) -> None:
        out = self.engine.start(number, now=self._dt(ts))
        assert out.leg is not None and out.ticket is not None
        hh = self._household.get(out.ticket.id, 1.0) if out.leg.stage == "service" else 1.0
        self._push(ts + self.service_time(out.leg.queue, ts, hh) * 60.0, "done", number)

    def _done(self, ts: float, number: int) -> None:
        cur = self.engine.current(number)
        if cur is None:
            self._free(ts, number)
            return
        leg = cur[1]
        target = None
        if leg.stage == "service":
            u = self.rng.random()
            for (src, dst), p in self.scn.visitors.transfers.items():
                if src == leg.service:
                    if u < p:
                        target = dst
                        break
                    u -= p
        if target is not None:
            out = self.engine.transfer(number, target, now=self._dt(ts))
            self.stats.transfers += 1
        else:
            out = self.engine.finish(number, now=self._dt(ts))
        self.stats.served_legs += 1
        nxt = out.leg
        self._free(ts, number)
        if nxt is not None and nxt.state == LegState.WAITING:
            self._wake(nxt.queue, ts)

    def _open(self, ts: float, number: int) -> None:
        d = self._desks[number]
        self.engine.open_counter(number, now=self._dt(ts), services=d.services, clerk=f"sim{number}")
        d.state, d.closing, d.pending = "waking", False, None
        self._free(ts, number)

    def _break(self, ts: float, number: int) -> None:
        d = self._desks[number]
        if d.state == "busy":
            d.pending = "break"
        elif d.state in ("idle", "waking"):
            self.engine.pause_counter(number, "昼休み", now=self._dt(ts))
            d.state = "paused"

    def _resume(self, ts: float, number: int) -> None:
        d = self._desks[number]
        if d.pending == "break":
            d.pending = None
            return
        if d.state == "paused":
            self.engine.resume_counter(number, now=self._dt(ts))
            d.state = "waking"
            self._free(ts, number)

    def _close(self, ts: float, number: int) -> None:
        """Closing time: the counter stops once nobody it serves is left (everyone with a ticket is served)."""
        d = self._desks[number]
        d.closing = True
        if d.state == "paused":
            self.engine.resume_counter(number, now=self._dt(ts))
            d.state = "waking"
            self._free(ts, number)
        if ts > self.t_close + STOP_AFTER_S:
            self._close_desk(ts, d)

    def _close_desk(self, ts: float, d: _Desk) -> None:
        if self.engine.current(d.number) is not None:
            return
        try:
            self.engine.close_counter(d.number, now=self._dt(ts))
        except DomainError:
            return
        d.state = "closed"

    def _sample(self, ts: float, _: Any) -> None:
        self.samples.append((ts, sum(n for n, _ in self.engine.store.waiting_counts().values())))
