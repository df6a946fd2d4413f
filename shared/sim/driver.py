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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import numpy as np

from shared.booking import BookingDesk
from shared.calendar import opening_span
from shared.engine import QueueEngine
from shared.errors import DomainError, MadoguchiError
from shared.models import Leg, LegState, split_queue
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
    leg: Leg | None = None  # the leg in hand as the engine returned it at the start (exclusive runs only)
    kept_since: float | None = None  # idle since then, kept free for an appointment ([booking] hold)


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
    offered: int = 0  # 行かない: arrivals shown their service's alternative
    diverted: int = 0  # ... who took it (no ticket)
    kept_s: float = 0.0  # counter time kept free for appointments not checked in yet ([booking] hold)
    kept: int = 0  # ... how many times a counter did so
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
        divert: Mapping[str, float] | None = None,
        exclusive: bool = False,
    ) -> None:
        """``exclusive``: this day is the engine's only user (a throw-away copy, e.g. the what-if's in-memory
        database), so the driver may remember what the engine told it instead of asking again: the services of
        each counter it opened or changed, and the leg a counter started. Off for a shared office (the demo
        on a live database, where a supervisor may change a counter meanwhile).

        ``divert`` (行かない): per service, the share of its visitors who take the service's alternative
        instead of a ticket. Each such arrival is offered the alternative ('offered'), and that share of them
        takes it ('diverted', no ticket). The decisions use their own random stream, so the arrivals and the
        other draws of the day stay those of the same seed without diversion."""
        self.engine = engine
        self.exclusive = exclusive
        self._served: dict[int, tuple[str, ...]] = {}  # counter -> its services (exclusive runs only)
        self.divert = self._divert_shares(engine, divert or {})
        self.divert_rng = np.random.default_rng([seed, 20])
        self.scn = scenario
        self.day = day or scenario.date
        self.rng = np.random.default_rng(seed)
        span = window or opening_span(self.day, engine.config.hours)
        if span is None:
            raise DomainError("office_closed_day", day=self.day)
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
            "kept_end": self._kept_end,
        }

    @staticmethod
    def _divert_shares(engine: QueueEngine, shares: Mapping[str, float]) -> dict[str, tuple[str, float]]:
        out = {}
        for code, share in shares.items():
            if not 0.0 <= share <= 1.0:
                raise ValueError(f"diversion share of {code} must be between 0 and 1, not {share}")
            svc = engine.services.get(code)
            alt = next((a for a in svc.alternatives if a.enabled), None) if svc is not None else None
            if alt is None:
                raise DomainError("no_alternative", service=code, alternative="any")
            out[code] = (alt.kind, share)
        return out

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
        if a.kind == "service" and a.code in self.divert:
            kind, share = self.divert[a.code]
            self.engine.offer(a.code, kind, channel="kiosk", now=now)
            self.stats.offered += 1
            if self.divert_rng.random() < share:
                self.engine.divert(a.code, kind, "kiosk", now)
                self.stats.diverted += 1
                return
        try:
            if a.kind == "booking":  # 来庁予約 (shared.sim.booking): checks in at the kiosk with the number
                out = BookingDesk(self.engine).check_in(a.code, now=now).outcome
            elif a.kind == "bundle":
                out = self.engine.issue_bundle(a.code, a.answers, now=now, priority=a.priority, actor="sim")
            else:
                out = self.engine.issue(a.code, now=now, priority=a.priority, actor="sim")
        except DomainError as exc:
            self.stats.balked[exc.code] = self.stats.balked.get(exc.code, 0) + 1
            return
        self.stats.issued += 1
        assert out.ticket is not None and out.leg is not None
        self._household[out.ticket.id] = a.household
        self._issued(out.ticket.id, a)
        patience = self.patience_s(out.ticket.id)
        if patience is not None:
            self._push(ts + patience, "abandon", out.ticket.display)
        self._wake(out.leg.queue, ts)

    def patience_s(self, ticket_id: int) -> float | None:
        """How long the visitor of ticket ``ticket_id``, just issued, waits before giving up (seconds; None: as
        long as it takes): drawn from the day's stream (the what-if's paired day takes its visitor's own)."""
        vis = self.scn.visitors
        if vis.abandon > 0 and self.rng.random() < vis.abandon:
            return float(self.rng.lognormal(math.log(vis.patience_median), 0.5)) * 60.0
        return None

    def absent(self, ticket_id: int, leg: Leg) -> bool:
        """Is the visitor of ``leg`` (ticket ``ticket_id``), just called, absent? Drawn from the day's stream
        (the what-if's paired day takes its visitor's own draw)."""
        vis = self.scn.visitors
        return vis.no_show > 0 and self.rng.random() < vis.no_show

    def _issued(self, ticket_id: int, a: Arrival) -> None:
        """A hook: ``a`` took ticket ``ticket_id`` (the what-if's paired day keeps its visitor's draws)."""

    def _wake(self, queue: str, ts: float) -> None:
        for d in sorted(self._desks.values(), key=lambda d: d.number):
            if d.state == "idle" and queue in self.services_of(d.number):
                d.state = "waking"
                self._push(ts, "free", d.number)

    def services_of(self, number: int) -> tuple[str, ...]:
        """The services counter ``number`` calls for now (remembered in an exclusive run; see
        :meth:`forget_services` for the verbs that change them)."""
        if not self.exclusive:
            return tuple(self.engine.counter(number).services)
        got = self._served.get(number)
        if got is None:
            got = self._served[number] = tuple(self.engine.counter(number).services)
        return got

    def forget_services(self, number: int) -> None:
        """Counter ``number`` was opened or given other services: read them again next time."""
        self._served.pop(number, None)

    def _leg_in_hand(self, number: int) -> Leg | None:
        """The leg counter ``number`` is serving: the one its start returned in an exclusive run (nobody else
        can have ended it), else the engine's answer."""
        d = self._desks.get(number)
        if self.exclusive and d is not None and d.leg is not None and d.leg.id == d.leg_id:
            return d.leg
        cur = self.engine.current(number)
        return None if cur is None else cur[1]

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
        d.leg_id, d.display, d.leg = None, "", None
        if d.pending == "break":
            d.pending = None
            self.engine.pause_counter(number, "昼休み", now=self._dt(ts))
            d.state = "paused"
            return
        if d.state not in ("idle", "waking", "busy"):
            return
        out = self.engine.call_next(number, now=self._dt(ts))
        if d.kept_since is not None and out.kept is None:
            self.stats.kept_s += ts - d.kept_since
            d.kept_since = None
        if out.ticket is None or out.leg is None:
            d.state = "idle"
            if (
                out.kept is not None
            ):  # kept free for an appointment: its check-in wakes the counter, or its slot
                if d.kept_since is None:
                    d.kept_since = ts
                    self.stats.kept += 1
                self._push(max(out.kept, ts + 1.0), "kept_end", number)
            return
        self.stats.calls += 1
        d.state, d.leg_id, d.display = "busy", out.leg.id, out.ticket.display
        vis = self.scn.visitors
        if self.absent(out.ticket.id, out.leg):
            self._push(ts + vis.recall_after * 60.0, "recall", number)
        else:
            self._push(ts + float(self.rng.uniform(*vis.walk)) * 60.0, "start", number)

    def _kept_end(self, ts: float, number: int) -> None:
        d = self._desks[number]
        if d.state == "idle":
            d.state = "waking"
            self._free(ts, number)

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
        self._desks[number].leg = out.leg
        hh = self._household.get(out.ticket.id, 1.0) if out.leg.stage == "service" else 1.0
        self._push(ts + self.serve_minutes(out.leg, ts, hh) * 60.0, "done", number)

    def serve_minutes(self, leg: Leg, ts: float, household: float = 1.0) -> float:
        """How long ``leg``'s serve takes (minutes), starting at ``ts``: drawn from the day's stream (the
        what-if's paired day takes its visitor's own draw instead)."""
        return self.service_time(leg.queue, ts, household)

    def route_u(self, leg: Leg) -> float:
        """The uniform that picks ``leg``'s follow-on step (a transfer) at its finish."""
        return float(self.rng.random())

    def _done(self, ts: float, number: int) -> None:
        leg = self._leg_in_hand(number)
        if leg is None:
            self._free(ts, number)
            return
        target = None
        if leg.stage == "service":
            u = self.route_u(leg)
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
        self.forget_services(number)
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
