"""The oracle (P9, state cloning): many forward replications of the *true* scenario from the exact state.

Given a snapshot of the queue and the scenario that generated it, each replication samples what the snapshot
cannot know (remaining service times given the elapsed ones, absent visitors, transfers, priority arrivals,
abandonment) and runs the call policy (``shared.policy.choose``) until the target ticket is called. The mean of the
replications is E[W | state]: the best any predictor could do on simulated data.
It is a fast in-memory model of the engine, so it is used on a sample of tickets only.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from shared.config import OfficeConfig
from shared.policy import Candidate, PolicyRules, choose
from shared.predict.model import Target
from shared.predict.state import Snapshot
from shared.sim.arrivals import demand_factor
from shared.sim.driver import PICKUP_DEFAULT, lognormal_params
from shared.sim.scenario import Scenario, ServiceTime
from shared.timeutil import from_ts

LIMIT_S = 10 * 3600.0


@dataclass
class _Item:
    leg: int
    queue: str
    priority: int
    sort_key: float
    entered: float
    rest: tuple[str, ...]
    ticket: int
    leaves_at: float = math.inf


@dataclass
class _Desk:
    services: tuple[str, ...]
    state: str  # open | paused | closed
    busy: bool
    brk: bool = False  # on a scheduled break
    idle: bool = False  # free, and found nothing to call


@dataclass(frozen=True)
class _Free:
    """A desk becomes free: it finished ``done_q`` (None: nothing) for ``ticket``, whose route goes on to ``rest``."""

    desk: int
    done_q: str | None
    rest: tuple[str, ...]
    key: float
    ticket: int


_IDLE = (None, (), 0.0, 0)
# event payloads: a service code (a priority arrival), a desk number (break / resume), or a desk that is free
_Payload = str | int | _Free
_Push = Callable[[float, str, _Payload], None]


class Oracle:
    def __init__(self, scn: Scenario, config: OfficeConfig) -> None:
        self.scn = scn
        self.config = config
        self.rules = PolicyRules(
            weights={s.code: s.weight for s in config.services},
            max_priority_in_row=0,
            aging_min=config.queue.aging_min,
        )
        self.keep = config.queue.transfer_keeps_place
        self.pickup = {s.code for s in config.services if s.pickup}

    def _st(self, queue: str) -> ServiceTime:
        st = self.scn.service.get(queue)
        if st is None:
            base = queue.split(":")[0]
            st = (
                PICKUP_DEFAULT
                if queue.endswith(":pickup")
                else ServiceTime(self.config.service(base).service_min)
            )
        return st

    def _service(self, rng: np.random.Generator, queue: str, ts: float, household: bool) -> float:
        st = self._st(queue)
        m = st.mean * 60.0 * self.scn.hour_factor.get(from_ts(ts).hour, 1.0)
        if household and not queue.endswith(":pickup") and rng.random() < self.scn.visitors.household_share:
            m *= self.scn.visitors.household_factor
        if st.dist == "exponential":
            return float(rng.exponential(m))
        mu, s = lognormal_params(m, st.scv)
        return float(rng.lognormal(mu, s))

    def _residual(self, rng: np.random.Generator, queue: str, started: float, ts: float) -> float:
        elapsed = ts - started
        for _ in range(60):
            x = self._service(rng, queue, started, True)
            if x > elapsed:
                return x - elapsed
        return 30.0

    def waits(self, snap: Snapshot, target: Target, reps: int, seed: int = 0) -> np.ndarray:
        rng = np.random.default_rng(seed)
        out = np.empty(reps)
        for r in range(reps):
            out[r] = self._one(snap, target, rng)
        return out

    def _one(self, snap: Snapshot, target: Target, rng: np.random.Generator) -> float:
        ts0 = snap.ts
        vis = self.scn.visitors
        day = from_ts(ts0).date()
        queues: dict[str, list[_Item]] = {}
        for q, ws in snap.waiting.items():
            for w in ws:
                it = _Item(w.leg, q, w.priority, w.sort_key, w.entered, w.rest, w.ticket)
                if w.leg != target.leg and vis.abandon > 0 and rng.random() < vis.abandon:
                    for _ in range(20):
                        pat = float(rng.lognormal(math.log(vis.patience_median * 60.0), 0.5))
                        if w.entered + pat > ts0:
                            it.leaves_at = w.entered + pat
                            break
                queues.setdefault(q, []).append(it)
        if target.leg is None:
            queues.setdefault(target.queue, []).append(
                _Item(-1, target.queue, target.priority, ts0, ts0, (), -1)
            )
        tleg = -1 if target.leg is None else target.leg
        heap: list[tuple[float, int, str, _Payload]] = []
        seq = 0

        def push(t: float, kind: str, payload: _Payload) -> None:
            nonlocal seq
            seq += 1
            heapq.heappush(heap, (t, seq, kind, payload))

        shifts = {sh.counter: sh for sh in self.scn.staff}
        desks: dict[int, _Desk] = {}
        for d in snap.desks.values():
            desks[d.number] = _Desk(d.services, d.state, d.ticket is not None)
            sh = shifts.get(d.number)
            if sh is not None:
                for b0, b1 in sh.breaks:
                    t0, t1 = (
                        from_ts(ts0).replace(hour=b.hour, minute=b.minute, second=0).timestamp()
                        for b in (b0, b1)
                    )
                    if t1 > ts0:
                        push(max(t0, ts0), "break", d.number)
                        push(t1, "resume", d.number)
                if d.state == "closed":
                    start = (
                        from_ts(ts0).replace(hour=sh.start.hour, minute=sh.start.minute, second=0).timestamp()
                    )
                    if start >= ts0:
                        push(start, "resume", d.number)
            if d.ticket is not None and d.queue is not None:
                if d.started is not None:
                    end = ts0 + self._residual(rng, d.queue, d.started, ts0)
                elif rng.random() < vis.no_show:
                    end = max(ts0, (d.called or ts0) + (vis.recall_after + vis.no_show_after) * 60.0)
                else:
                    start = max(ts0, (d.called or ts0) + float(rng.uniform(*vis.walk)) * 60.0)
                    end = start + self._service(rng, d.queue, start, True)
                key = snap.ticket_keys.get(d.ticket, ts0)
                push(end, "free", _Free(d.number, d.queue, d.rest, key, d.ticket))
            else:
                push(ts0, "free", _Free(d.number, *_IDLE))
        # priority arrivals over the next hours
        share = self.scn.arrivals.priority_share
        if share > 0 and target.priority == 0:
            for code, rate in self.scn.arrivals.rates.items():
                lam = rate * share * demand_factor(self.scn, self.config, day, code) / 3600.0
                t = ts0
                while lam > 0:
                    t += float(rng.exponential(1.0 / lam))
                    if t > ts0 + 4 * 3600:
                        break
                    push(t, "prio", code)
        while heap:
            t, _, kind, payload = heapq.heappop(heap)
            if t > ts0 + LIMIT_S:
                break
            if isinstance(payload, str):  # a priority arrival
                code = payload
                queues.setdefault(code, []).append(_Item(-2 - seq, code, 1, t, t, (), -2 - seq))
                self._wake(desks, code, t, push)
                continue
            if isinstance(payload, int):
                desk = desks[payload]
                if kind == "break":
                    desk.brk = True
                else:  # resume
                    desk.brk, desk.state = False, "open"
                    if not desk.busy:
                        push(t, "free", _Free(payload, *_IDLE))
                continue
            n, done_q, rest, key, ticket = (
                payload.desk,
                payload.done_q,
                payload.rest,
                payload.key,
                payload.ticket,
            )
            desk = desks[n]
            desk.busy = False
            if done_q is not None:
                nxt = None
                for (src, dst), p in vis.transfers.items():
                    if src == done_q and rng.random() < p:
                        nxt = dst
                        break
                if nxt is None and rest:
                    nxt = rest[0]
                    rest = rest[1:]
                if nxt is not None:
                    k = key if self.keep and not nxt.endswith(":pickup") else t
                    queues.setdefault(nxt, []).append(_Item(-3 - seq, nxt, 0, k, t, tuple(rest), ticket))
                    self._wake(desks, nxt, t, push)
            if desk.brk or desk.state != "open":
                continue
            best = self._choose(queues, desk.services, t)
            if best is None:
                desk.idle = True
                continue
            if best.leg == tleg:
                return t - ts0
            desk.busy, desk.idle = True, False
            if rng.random() < vis.no_show:
                end = t + (vis.recall_after + vis.no_show_after) * 60.0
                push(end, "free", _Free(n, *_IDLE))
            else:
                start = t + float(rng.uniform(*vis.walk)) * 60.0
                end = start + self._service(rng, best.queue, start, True)
                rest2 = best.rest
                if best.queue in self.pickup and not best.queue.endswith(":pickup"):
                    rest2 = (f"{best.queue}:pickup", *rest2)
                push(end, "free", _Free(n, best.queue, rest2, best.sort_key, best.ticket))
        return LIMIT_S

    def _wake(self, desks: dict[int, _Desk], queue: str, t: float, push: _Push) -> None:
        for n, d in desks.items():
            if d.idle and not d.busy and queue in d.services:
                d.idle = False
                push(t, "free", _Free(n, *_IDLE))

    def _choose(self, queues: dict[str, list[_Item]], services: tuple[str, ...], t: float) -> _Item | None:
        cands: list[Candidate] = []
        heads: dict[int, tuple[str, int]] = {}
        for q in services:
            items = queues.get(q)
            if not items:
                continue
            items[:] = [x for x in items if x.leaves_at > t]
            for prio in {max(x.priority for x in items), 0} if items else ():
                group = [i for i, x in enumerate(items) if x.priority == prio]
                if group:
                    i = min(group, key=lambda i: (items[i].sort_key, items[i].leg))
                    c = Candidate(leg_id=len(heads), queue=q, priority=prio, sort_key=items[i].sort_key)
                    heads[c.leg_id] = (q, i)
                    cands.append(c)
        choice = choose(cands, t, self.rules, 0)
        if choice is None:
            return None
        q, i = heads[choice.candidate.leg_id]
        return queues[q].pop(i)
