"""Live demo traffic: visitors and clerks on the real clock, at ``speed`` × the pace of a real office.

Unlike :class:`shared.sim.driver.WardDay`, which runs a scenario day on a simulated clock, this stamps every
event with the real time, so it can share a database with running apps (kiosk, consoles, displays, phone page).
Arrivals per service are Poisson, sized so the counters that serve it are busy about ``load`` of the time;
the simulated clerks at the counters not run by a person (or a console's autopilot) call, start and finish with
lognormal service times and the odd no-show.
"""

from __future__ import annotations

import math
import random
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from shared.engine import QueueEngine
from shared.errors import MadoguchiError
from shared.models import CounterState
from shared.timeutil import now_tokyo

WALK_S = 25.0
NO_SHOW_SHARE = 0.04
PRIORITY_SHARE = 0.05
BUNDLE_SHARE = 0.4  # of arrivals at a life event's first service: the whole route on one ticket


@dataclass
class Clerk:
    counter: int
    leg_id: int | None = None
    due: float = 0.0  # office seconds
    plan: str = "start"


class Traffic:
    def __init__(
        self,
        engine: QueueEngine,
        *,
        speed: float,
        clerks: Iterable[int],
        load: float = 0.85,
        seed: int | None = None,
    ) -> None:
        if not 0 < speed <= 3600:
            raise ValueError("speed must be between 0 and 3600")
        self.engine = engine
        self.speed = speed
        self.load = load
        self.rnd = random.Random(seed)
        self.clerks = [Clerk(c) for c in clerks]
        self.office_s = 0.0
        self.issued = 0
        self.errors = 0

    def rates(self) -> dict[str, float]:
        """Arrivals per office second for each service, from the counters open for it now."""
        servers: dict[str, float] = {}
        for c in self.engine.counters():
            if c.state != CounterState.OPEN or not c.services:
                continue
            for q in c.services:
                if not q.endswith(":pickup"):
                    servers[q] = servers.get(q, 0.0) + 1.0 / len(c.services)
        return {
            code: self.load * n / (self.engine.services[code].service_min * 60.0)
            for code, n in servers.items()
            if code in self.engine.services
        }

    def _try(self, fn: Callable[[], object]) -> None:
        try:
            fn()
        except MadoguchiError:
            self.errors += 1  # closed, capped, or a race with a person at a console: part of office life

    def arrivals(self, dt: float, now: datetime) -> None:
        for code, rate in self.rates().items():
            n = _poisson(self.rnd, rate * dt)
            routes = [b for b in self.engine.config.bundles if b.steps[0].service == code]
            for _ in range(n):
                prio = int(self.rnd.random() < PRIORITY_SHARE)
                if routes and self.rnd.random() < BUNDLE_SHARE:
                    b = self.rnd.choice(routes)
                    answers = {i: self.rnd.random() < 0.5 for i in range(len(b.steps))}
                    self._try(partial(self.engine.issue_bundle, b.code, answers, now=now, priority=prio))
                    self.issued += 1
                    continue
                lang = self.rnd.choice(
                    ("ja",) * 8 + ("en", "zh_hans", "vi", "ne", "pt", "ko", "tl", "ja_easy")
                )
                self._try(partial(self.engine.issue, code, now=now, priority=prio, lang=lang))
                self.issued += 1

    def _service_s(self, service: str) -> float:
        svc = self.engine.services.get(service)
        mean = (svc.service_min if svc else 8.0) * 60.0
        return self.rnd.lognormvariate(math.log(mean) - 0.125, 0.5)

    def clerk(self, k: Clerk, now: datetime) -> None:
        e = self.engine
        if self.office_s < k.due:
            return
        info = e.counter(k.counter)
        if info.state != CounterState.OPEN and e.current(k.counter) is None:
            return
        cur = e.current(k.counter)
        if cur is None:
            out = e.call_next(k.counter, now=now) if info.state == CounterState.OPEN else None
            k.leg_id = out.leg.id if out is not None and out.leg is not None else None
            k.plan = "no_show" if self.rnd.random() < NO_SHOW_SHARE else "start"
            k.due = self.office_s + (self.rnd.uniform(0.5, 1.5) * WALK_S if k.leg_id else 20.0)
            return
        _, leg = cur
        if leg.state == "called" and k.plan == "start":
            e.start(k.counter, now=now)
            k.due = self.office_s + self._service_s(leg.service)
        elif leg.state == "called":
            if leg.recalls < e.config.queue.no_show_after_recalls:
                e.recall(k.counter, now=now)
                k.due = self.office_s + 2 * WALK_S
            else:
                e.no_show(k.counter, now=now)
                k.due = self.office_s + 5.0
        else:
            e.finish(k.counter, now=now)
            k.due = self.office_s + self.rnd.uniform(5.0, 20.0)

    def tick(self, dt_real: float, now: datetime) -> None:
        dt = dt_real * self.speed
        self.office_s += dt
        self.arrivals(dt, now)
        for k in self.clerks:
            self._try(partial(self.clerk, k, now))


def _poisson(rnd: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    limit, k, p = math.exp(-mean), 0, rnd.random()
    while p > limit:
        k += 1
        p *= rnd.random()
    return k


def open_demo_counters(engine: QueueEngine, numbers: Iterable[int], now: datetime) -> None:
    for n in numbers:
        if engine.counter(n).state == CounterState.CLOSED:
            engine.open_counter(n, now=now, clerk="シミュレーション")


def run_live(
    engine: QueueEngine,
    *,
    speed: float,
    skip: set[int],
    seed: int | None = None,
    interval: float = 0.25,
    duration: float | None = None,
    clock: Callable[[], datetime] = now_tokyo,
) -> Traffic:
    """Run until SIGTERM/SIGINT (or ``duration`` seconds). Simulated clerks work every counter not in ``skip``."""
    clerks = [c.number for c in engine.config.counters if c.number not in skip]
    open_demo_counters(engine, clerks, clock())
    traffic = Traffic(engine, speed=speed, clerks=clerks, seed=seed)
    stop = False

    def halt(*_: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, halt)
    signal.signal(signal.SIGINT, halt)
    start = last = time.monotonic()
    while not stop and (duration is None or time.monotonic() - start < duration):
        time.sleep(interval)
        t = time.monotonic()
        traffic.tick(t - last, clock())
        last = t
    return traffic
