"""The what-if on the REAL engine: the office's state now copied once (a tmpfs file, read into bytes), each
replication on its own in-memory SQLite database loaded from those bytes, then the rest of the day run forward on :class:`~shared.engine.QueueEngine` by the ward-day simulator
(:class:`~shared.sim.driver.WardDay`), with a plan's counter changes applied at their times.

It takes the same inputs as the fast model (:mod:`shared.sim.whatif`): the same captured :class:`Start`, the
same random inputs per seed (:func:`~shared.sim.whatif.inputs_for`: arrivals, this replication's means, each visitor's own serves and follow-on choices), so the engine's run k and the fast model's run k are paired. What differs is the engine's
own mechanics, which the fast model leaves out: the call policy (weights, priority tickets, aging), the walk from
the call to the counter, pickup (交付) steps and the later steps of life-event routes as the engine makes them.
So comparing the two on one state and one plan (``madoguchi bench supervisor``) calibrates the fast model.

Every visitor is a few engine transactions: about 0.15–0.2 s of CPU per replication of a busy day (the demo at
11:10, ~360 calls left; 0.27 s on a file copy before the in-memory path), most of it the engine's own SQL. The
live console runs it over worker processes within a time budget (:mod:`shared.sim.whatif_pool`).

:class:`PlannedDay` (a WardDay that also takes plan changes) is what the forecast validation runs the real day
with, from the opening, when "the plan was actually taken".
"""

from __future__ import annotations

import bisect
import math
import os
import shutil
import tempfile
import time as _time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from shared.config import OfficeConfig
from shared.engine import QueueEngine
from shared.errors import StorageError
from shared.models import CounterState, Leg, LegState, pickup_queue
from shared.office_copy import copy_office
from shared.sim.arrivals import Arrival
from shared.sim.driver import WardDay, _Desk
from shared.sim.office import open_sim_office
from shared.sim.scenario import Arrivals, Scenario, ServiceTime, Visitors
from shared.sim.whatif import (
    OVERTIME_S,
    SCV,
    Forecast,
    Inputs,
    Plan,
    RepResult,
    Start,
    inputs_for,
    resolve,
    summarise,
)
from shared.storage.predict_sim import MemoryDatabase, memory_image
from shared.storage.store import Store
from shared.timeutil import from_ts

PLAN_REASON = "計画"


class PlannedDay(WardDay):
    """A ward day that also applies a plan's counter changes at their times: ``plan`` is a sequence of
    ``(ts, kind, counter, services)`` with kind open | serve | close | pause | resume (as in the fast model: a
    closing counter finishes its ticket in hand first; open/serve make it serve ``services``)."""

    def __init__(
        self, *args: Any, plan: Sequence[tuple[float, str, int, tuple[str, ...]]] = (), **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self._close_after: set[int] = set()
        self._handlers["plan"] = self._plan
        self.add_plan(plan)

    def add_plan(self, plan: Sequence[tuple[float, str, int, tuple[str, ...]]]) -> None:
        """Take these counter changes at their times (e.g. the plan chosen at the snapshot, mid-day)."""
        for ts, kind, counter, services in plan:
            self._push(ts, "plan", (kind, counter, tuple(services)))

    def _plan(self, ts: float, payload: tuple[str, int, tuple[str, ...]]) -> None:
        kind, n, services = payload
        now = self._dt(ts)
        d = self._desks.get(n)
        if d is None:  # a counter without a shift today: it works until the closing time like the others
            d = self._desks[n] = _Desk(n, services or None)
            self._push(self.t_close, "close", n)
        c = self.engine.counter(n)
        if kind in ("open", "serve"):
            self._close_after.discard(n)
            d.services = services
            if c.state == CounterState.CLOSED:
                self.engine.open_counter(n, now=now, services=services, clerk=f"sim{n}")
                self.forget_services(n)
                d.state, d.closing, d.pending = "waking", False, None
                self._free(ts, n)
                return
            if tuple(c.services) != services:
                self.engine.set_services(n, services, now=now, actor="sim")
                self.forget_services(n)
            if d.state == "idle":
                d.state = "waking"
                self._free(ts, n)
        elif kind == "close":
            if d.state == "busy":
                self._close_after.add(n)
            elif c.state != CounterState.CLOSED:
                self.engine.close_counter(n, now=now, reason=PLAN_REASON, actor="sim")
                d.state = "closed"
        elif kind == "pause":
            self._break(ts, n)
        elif kind == "resume":
            self._resume(ts, n)

    def _free(self, ts: float, number: int) -> None:
        if number in self._close_after:
            self._close_after.discard(number)
            d = self._desks[number]
            d.leg_id, d.display, d.pending, d.leg = None, "", None, None
            self.engine.close_counter(number, now=self._dt(ts), reason=PLAN_REASON, actor="sim")
            d.state = "closed"
            return
        super()._free(ts, number)


def forward_scenario(start: Start, day: date, means: dict[str, float] | None = None) -> Scenario:
    """The fast model's assumptions as a scenario: its counter times per queue (from the call; ``means``: this
    replication's draw of them), lognormal or, for the theory check, exponential; its follow-on shares, no
    breaks; its no-shows (the counter's time on one) and abandonment, drawn per visitor by :class:`PairedDay`
    (no late return of a no-show). (A life-event ticket already waiting also follows its own route here, which
    the fast model does not know.)"""
    dist = "exponential" if start.exponential else "lognormal"
    return Scenario(
        name="whatif",
        title="what-if from the office now",
        office="",
        date=day,
        arrivals=Arrivals(rates={}),
        service={q: ServiceTime(m / 60.0, SCV, dist) for q, m in (means or start.mean_s).items()},
        hour_factor={},
        # the counter times the model takes already hold the walk; today's follow-on shares become transfers
        # at the finish (the engine's own verb), so new tickets go on as the fast model sends them on
        # no-shows and abandonment: each visitor's own draws (PairedDay), the counter's time on an absent one
        # split over the recall and the 不在
        visitors=Visitors(
            recall_after=start.no_show_s / 120.0,
            no_show_after=start.no_show_s / 120.0,
            walk=(0.0, 0.0),
            transfers={(src, dst): p for src, shares in start.routing.items() for dst, p in shares.items()},
        ),
        staff=(),
    )


class PairedDay(PlannedDay):
    """The what-if's day on the engine, on one replication's :class:`~shared.sim.whatif.Inputs`: each visitor's
    serves and follow-on choices are its own pre-drawn ones (as in the fast model's run of the same seed), not
    the next numbers of the day's stream, so the engine's call order cannot shuffle them among visitors."""

    def __init__(self, *args: Any, inputs: Inputs, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.inputs = inputs
        self.visitor: dict[int, int] = {}  # ticket id -> visitor number
        self.served: dict[int, int] = {}  # visitor -> serves begun from now on
        self.finished: dict[int, int] = {}  # visitor -> serves finished
        self.no_show: dict[str, float] = {}  # per queue: P(absent when called) (the Start's)

    def _issued(self, ticket_id: int, a: Arrival) -> None:
        if a.visitor >= 0:
            self.visitor[ticket_id] = a.visitor

    def serve_minutes(self, leg: Leg, ts: float, household: float = 1.0) -> float:
        v = self.visitor.get(leg.ticket_id)
        if v is None:
            return super().serve_minutes(leg, ts, household)
        k = self.served.get(v, 0)
        self.served[v] = k + 1
        st = self.scn.service.get(leg.queue)
        mean = st.mean * 60.0 if st is not None else self.inputs.means.get(leg.queue, 600.0)
        return self.inputs.serve_s(v, k, mean) * household / 60.0

    def patience_s(self, ticket_id: int) -> float | None:
        v = self.visitor.get(ticket_id)
        if v is None:
            return super().patience_s(ticket_id)
        d = self.inputs.deadline[v] if v < len(self.inputs.deadline) else math.inf
        return None if math.isinf(d) else max(d - self.now_ts, 0.0)

    def absent(self, ticket_id: int, leg: Leg) -> bool:
        v = self.visitor.get(ticket_id)
        if v is None:
            return super().absent(ticket_id, leg)
        return self.inputs.absent(v, self.served.get(v, 0), self.no_show.get(leg.queue, 0.0))

    def route_u(self, leg: Leg) -> float:
        v = self.visitor.get(leg.ticket_id)
        if v is None:
            return super().route_u(leg)
        return self.inputs.route_u(v, self.finished.get(v, 0))

    def _done(self, ts: float, number: int) -> None:
        leg = self._leg_in_hand(number)
        super()._done(ts, number)
        v = None if leg is None else self.visitor.get(leg.ticket_id)
        if v is not None:
            self.finished[v] = self.finished.get(v, 0) + 1


def forward_day(
    engine: QueueEngine,
    start: Start,
    plan: Plan,
    seed: int,
    *,
    exclusive: bool = False,
    inputs: Inputs | None = None,
) -> PairedDay:
    """The rest of the day on ``engine`` (a copy of the office at ``start.ts``): the counters as they are, the
    replication's inputs (``inputs_for(start, seed)``: the fast model's run of this seed has the same arrivals,
    means and visitors' serves), the plan's changes (resolved) at their times. ``exclusive``: the copy is this
    day's alone (see :class:`~shared.sim.driver.WardDay`)."""
    inp = inputs_for(start, seed) if inputs is None else inputs
    day = from_ts(start.ts).date()
    first = inp.first_arrival()
    arrivals = [Arrival(ts, "service", code, visitor=first + i) for i, (ts, code) in enumerate(inp.arrivals)]
    changes = [
        (start.ts + c.at_s, c.kind, c.counter, c.services) for c in plan.changes if c.counter is not None
    ]
    means = inp.means
    scn = forward_scenario(start, day, means)
    window = (from_ts(start.ts).time(), from_ts(start.close_ts).time())
    sim = PairedDay(
        engine,
        scn,
        day,
        seed=seed + 1,
        staff=(),
        window=window,
        arrivals=arrivals,
        plan=changes,
        exclusive=exclusive,
        inputs=inp,
    )
    sim.t_close = start.close_ts
    sim.no_show = dict(start.no_show)
    # the visitors there now, numbered as the fast model numbers them (by entry time, then queue)
    entries = sorted(engine.queue(held=False), key=lambda e: (e.leg.entered_at, e.leg.queue))
    for i, e in enumerate(entries):
        sim.visitor[e.ticket.id] = i
        gone = inp.deadline[i] if i < len(inp.deadline) else math.inf
        if not math.isinf(gone):  # one already waiting who will give up: the driver's own abandon
            sim._push(gone, "abandon", e.ticket.display)
    hand = {n: len(entries) + i for i, n in enumerate(inp.in_hand)}
    for c in engine.counters():
        d = sim._desks[c.number] = _Desk(c.number, tuple(c.services))
        if c.state == CounterState.CLOSED:
            continue
        cur = engine.current(c.number)
        d.state = "paused" if c.state == CounterState.PAUSED else "waking"
        if cur is not None:
            t, leg = cur
            d.leg_id, d.display, d.leg = leg.id, t.display, leg
            v = hand.get(c.number, -1)
            if v >= 0:
                sim.visitor[t.id] = v
            if c.state == CounterState.PAUSED:
                d.pending = "break"
            d.state = "busy"
            if leg.state == LegState.SERVING and leg.started_at is not None:
                mean = means.get(leg.queue, 600.0)
                elapsed = start.ts - leg.started_at
                if v >= 0:
                    sim.served[v] = 1
                sim._push(start.ts + inp.residual_s(v, mean, elapsed), "done", c.number)
            else:
                sim._push(start.ts + float(sim.rng.uniform(*scn.visitors.walk)) * 60.0, "start", c.number)
        elif d.state == "waking":
            sim._push(start.ts, "free", c.number)
        sim._push(start.close_ts, "close", c.number)
    return sim


@dataclass(frozen=True)
class Snapshot:
    """The office database at the forecast's moment: a temp SQLite file (``path``) and its bytes (``image``),
    which each replication opens as a private in-memory database."""

    path: Path
    image: bytes


@contextmanager
def snapshot(engine: QueueEngine) -> Iterator[Snapshot]:
    """The office database now, copied once into a temp SQLite file in memory (``/dev/shm`` when there is one)
    and read into bytes; each replication starts from a copy of it."""
    base = "/dev/shm" if os.path.isdir("/dev/shm") else None
    with tempfile.TemporaryDirectory(prefix="madoguchi-whatif-", dir=base) as tmp:
        path = Path(tmp) / "snapshot.db"
        db = engine.store.db
        if db.dialect == "sqlite":
            db.execute("VACUUM INTO ?", (str(path),))
        else:  # a server database: every table into the file (migrated on the way, then checked)
            report = copy_office(db.target, path)
            if not report.ok:
                raise StorageError("; ".join(report.problems[:3]) or "the what-if snapshot could not be made")
        yield Snapshot(path, memory_image(path))


def _open_copy(snap: Snapshot, engine_config: OfficeConfig, seed: int, in_memory: bool) -> QueueEngine:
    """A throw-away engine on a copy of the snapshot: in memory (the fast path), or a file copy beside it
    (``in_memory=False``: the reference the tests compare the memory path with)."""
    if in_memory:
        return QueueEngine(Store(MemoryDatabase.load(snap.image)), engine_config)
    path = snap.path.with_name(f"rep-{seed}.db")
    shutil.copyfile(snap.path, path)
    return open_sim_office(path, engine_config)


def engine_replication(
    snap: Snapshot,
    engine_config: OfficeConfig,
    start: Start,
    plan: Plan,
    seed: int,
    *,
    in_memory: bool = True,
    exclusive: bool = True,
) -> RepResult:
    """One replication on the real engine, from a fresh copy of the snapshot, measured as the fast model
    measures itself (waits of the tickets called from now on, people waiting at the closing time, the last call
    over the queue's target).

    The copy is private to this replication: by default an in-memory database, with the driver remembering
    what the engine told it (``exclusive``). ``in_memory=False, exclusive=False`` is the plain path (a file
    copy, every state read from the engine) that the tests hold the fast one to: the same seed gives the same
    result."""
    engine = _open_copy(snap, engine_config, seed, in_memory)
    try:
        before = engine.store.calls_since(0, 10_000_000)
        last_call = before[-1].id if before else 0
        sim = forward_day(engine, start, plan, seed, exclusive=exclusive)
        sim.advance(start.close_ts)
        res = RepResult()
        for e in engine.queue(held=False):
            res.at_close[e.leg.queue] = res.at_close.get(e.leg.queue, 0) + 1
        sim.advance(start.close_ts + OVERTIME_S)
        left: dict[str, int] = {}
        still: dict[str, list[float]] = {}  # the entry times of those never called
        for e in engine.queue(held=False):
            left[e.leg.queue] = left.get(e.leg.queue, 0) + 1
            still.setdefault(e.leg.queue, []).append(e.leg.entered_at)
        for call in engine.store.calls_since(last_call, 10_000_000):
            if call.kind != "call":
                continue
            q = call.service if call.stage == "service" else pickup_queue(call.service)
            res.waits.setdefault(q, []).append(call.waited_s)
            res.arrivals.setdefault(q, []).append(call.ts - call.waited_s)
            if call.waited_s > start.targets.get(q, math.inf):
                res.under_at[q] = max(res.under_at.get(q, 0.0), call.ts)
        for q in set(res.waits) | set(start.waiting) | set(left):
            res.waits.setdefault(q, [])
            if left.get(q):
                res.under_at[q] = math.inf
            else:
                res.under_at.setdefault(q, start.ts)
            res.empty_at[q] = _first_empty(start, q, res.arrivals.get(q, []), res.waits[q], still.get(q, []))
        return res
    finally:
        engine.store.close()
        if not in_memory:
            snap.path.with_name(f"rep-{seed}.db").unlink(missing_ok=True)


def _first_empty(
    start: Start, queue: str, entered: list[float], waits: list[float], uncalled: list[float]
) -> float:
    """The first call after which nobody who has arrived is left waiting in ``queue`` (the fast model's
    ``empty_at``): ``start.ts`` when nobody waits now, ``inf`` when it never happens."""
    if not start.waiting.get(queue):
        return start.ts
    entries = sorted([*entered, *uncalled])
    calls = sorted(a + w for a, w in zip(entered, waits, strict=True))
    for i, t in enumerate(calls, 1):
        if i >= bisect.bisect_right(entries, t):
            return t
    return math.inf


def engine_forecast(
    engine: QueueEngine, start: Start, plan: Plan, reps: int, seed: int = 0, snap: Snapshot | None = None
) -> Forecast:
    """``reps`` replications of ``plan`` on the real engine from the office's state, summarised like the fast
    model's forecast."""
    t = _time.perf_counter()
    plan = resolve(plan, start)
    if snap is None:
        with snapshot(engine) as path:
            runs = [
                engine_replication(path, engine.config, start, plan, seed * 10_007 + i) for i in range(reps)
            ]
    else:
        runs = [engine_replication(snap, engine.config, start, plan, seed * 10_007 + i) for i in range(reps)]
    return summarise(start, plan, runs, _time.perf_counter() - t)
