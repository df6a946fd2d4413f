"""What-if for the floor manager: from the office's state right now, run the rest of the day forward for a few
staffing plans, many replications each, and say per plan when each queue is back under its target, the p90 wait
for the rest of the day, and how many people will still be waiting at the closing time — with intervals.

The model (the *fast forward model*). A replication's random inputs are drawn once per seed (:class:`Inputs`:
the arrivals, this replication's means, every visitor's own serves and follow-on choices) and the engine run of
that seed takes the same ones (:mod:`shared.sim.engine_whatif`), so fast run k and engine run k are paired. The
live console runs a few hundred of these (about 1 ms each) and corrects them by the dozen engine runs that fit in
its budget (about 0.2 s of CPU each): :mod:`shared.sim.whatif_combine`. Its assumptions:

- the queues as they are now (every waiting ticket at its entry time), the counters as they are (open, paused,
  closed, their services; a ticket in service finishes after a residual service time given the elapsed time);
- arrivals per service: Poisson at today's rate over the last 90 minutes (since opening, if that is shorter),
  until the service's intake ends (its cut-off, its issuing switch, or the closing time); each replication
  draws its rate from the estimate's uncertainty (Gamma(n + ½) over the counting span); the rate follows the
  usual day's hourly shape (this weekday over the past weeks, scaled to today's rate; flat without history);
- counter times: lognormal (scv 0.5) with today's mean time a counter spends per served ticket in each queue,
  from the call (the walk to the counter and the serve), when at least 5 are known, else the profile's
  ``service_min``; each replication draws that mean from its sampling uncertainty (relative variance SCV/n); ``exponential=True`` makes them exponential (the M/M/s check in the tests).
  Known: the finished serves alone read a busy morning's means 4–9 % low (a long serve is more likely still at
  the counter; MOVE 933 s at 11:10 against 1002 s in the afternoon over 16 March-30 days), which makes the fast
  model alone optimistic (p90 wait +18 min, people waiting at closing +10 against the outcome, 98 days); the
  engine runs add about as much the other way (+16 min, +13 against the fast runs), so the paired forecast the
  console shows is centred (README "Floor manager's console"). Counting the serves in hand (total time on test over
  a renewal count) centred the fast model but left the paired one pessimistic (p90 −8 min, closing −14 on 180
  days): the two are to be fixed together;
- follow-on steps: a finished ticket goes on to another queue at today's observed shares (later steps of
  life-event routes, transfers); a service with 交付 (pickup) adds its pickup ticket;
- a counter takes the oldest waiting ticket among its services (first come, first served across its queues; the
  engine's weights and priority tickets are not modelled); staff stay after closing until the queues are empty
  (at most ``OVERTIME_S``);
- no-shows and abandonment at today's observed shares (:func:`leave_rates`): a called visitor is absent with
  the queue's no-show share (the counter spends ``NO_SHOW_S`` on the recall and 不在, the visitor is gone); a
  visitor has a finite patience with the office's abandon share (lognormal, median ``PATIENCE_S``, sigma
  ``PATIENCE_SIGMA``, from the ticket's issue) and leaves if still waiting then; both are drawn per visitor in
  :class:`Inputs`, so the engine run of the same seed (the ward-day simulator's own no-show and abandon
  mechanics) meets the same absentees and the same impatient visitors;
- breaks are whatever the plan says: the console's "common schedule" line (e.g. the lunch rotation) is added to
  every plan for the forecast, not applied.

Checked against M/M/s theory (tests/supervisor/test_whatif.py) and on simulated March-30 days where the plan was
actually taken, on the full engine (``madoguchi bench supervisor --validate DAYS``, shared/sim/whatif_check.py):
on 80 days not used while building the model (seeds 500–539 and 900–939) the 10–90 % interval held the people
waiting at the closing time on 65 (81 %, 95 % CI 71–88 %) and the p90 wait of the rest of the day on 62 (78 %,
67–85 %) — stated 80 %. The first version (today's last-90-minute rate held flat, no follow-on steps, serve times
without the walk, no breaks) held them on 75 % and 45 % of 40 days: its p90 was too optimistic. Those figures
are from before the no-shows and abandonment; with them, the console's paired forecast (12 engine + 300 fast
runs) held the people waiting at closing on 78 % (66–87 %) and the p90 wait on 72 % (59–81 %) of 60 held-out
days (seeds 500–559; README "Floor manager's console"). With the estimator keeping each engine run's own outcome
the same 60 days held them on 80 % (68–88 %) and 77 % (65–86 %), misses on both sides; the shown interval is
then widened by ``WIDEN`` (split-conformal on calibration days 100–219): 80 % (68–88 %) and 78 % (66–87 %).

Plans are short texts, clauses separated by ``;`` (times are today's, ``now`` when left out):

    +2 MOVE @10:30          two more counters on 住民異動 from 10:30 (closed counters first, else the open
                            counter whose own queues are shortest; they serve MOVE only)
    close 5 @12:00          counter 5 closes at 12:00 (its current ticket finishes first)
    open 11 RES,TAX @now    counter 11 opens (or switches) to these services
    serve 4 MOVE,KOSEKI     counter 4 serves these services from now
    pause 3 @12:00-13:00    counter 3 takes a break
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
import time as _time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from statistics import NormalDist

import numpy as np

from shared.calendar import opening_span
from shared.config import OfficeConfig
from shared.engine import QueueEngine
from shared.errors import DomainError
from shared.models import CounterState, LegState, pickup_queue
from shared.reports.facts import read_day
from shared.sim.driver import PICKUP_DEFAULT, lognormal_params
from shared.storage.web_store import WebStore
from shared.timeutil import at, from_ts, parse_hhmm, to_ts

RATE_WINDOW_S = 90 * 60.0
HISTORY_WEEKS = (
    8  # the usual day: this weekday over the past weeks (as the phone page's "usually busy" chart)
)
OVERTIME_S = 3 * 3600.0
SCV = 0.5
MIN_SERVES = 5
# no-shows and abandonment: priors (a usual ward day: a few % each, the simulator's default patience), held with
# the weight of LEAVE_PRIOR_N legs, so an early morning with few calls is not read as 0
NO_SHOW_PRIOR = 0.03
ABANDON_PRIOR = 0.03
LEAVE_PRIOR_N = 40.0
PATIENCE_S = 60 * 60.0  # median patience of a visitor who has one
PATIENCE_SIGMA = 0.5
NO_SHOW_S = 150.0  # the counter's time on an absent visitor: the call, the recall, then 不在
INTERVAL = (10.0, 90.0)  # the interval shown: 10th–90th percentile of the replications, widened by WIDEN
# WIDEN: the shown interval of the office-wide quantities is the replications' 10–90 % interval with each half
# (median to end) scaled by this factor, so that it holds the day's outcome on the stated 80 % of days.
# Split-conformal, derived on calibration days only: per day the factor its unwidened interval needs to hold the
# outcome, and the ⌈0.8·(n+1)⌉-th smallest of them (shared.sim.whatif_check.conformal_scale), rounded up:
#     madoguchi bench supervisor --calibrate 120 --validate-engine 12 --seed 100 --theory 0 --engine-reps 2
# 120 simulated March-30 days, seeds 100–219, the console's first answer (12 engine + 300 fast runs, paired):
# unwidened it held the people waiting at closing on 95/120 (79 %) and the p90 wait on 93/120 (78 %), misses on
# both sides (15 below / 10 above, 15 / 12); factors 1.038 and 1.062. Then checked on 60 held-out days (seeds
# 500–559, never used here): README "Floor manager's console". The per-queue intervals are not widened (not
# validated per queue), nor is the engine's own forecast treated apart (its 12 runs alone would need ~1.3–1.6).
WIDEN: dict[str, float] = {"at_close": 1.04, "p90_wait_s": 1.07}
HALF_FLOOR = {"at_close": 1.0, "p90_wait_s": 60.0}  # a half narrower than this is widened from this


# -- plans --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Change:
    at_s: float  # seconds after the start (0: now)
    kind: str  # add | open | serve | close | pause | resume
    counter: int | None = None
    services: tuple[str, ...] = ()
    count: int = 0


@dataclass(frozen=True)
class Plan:
    name: str
    text: str
    changes: tuple[Change, ...] = ()


_CLAUSE = re.compile(
    r"^\s*(?:(?P<add>\+\d+)\s+(?P<asvc>[\w:,-]+)|(?P<verb>open|serve|close|pause)\s+(?P<n>\d+)"
    r"(?:\s+(?P<svc>[\w:,-]+))?)\s*(?:@\s*(?P<t0>now|\d{1,2}:\d{2})(?:\s*-\s*(?P<t1>\d{1,2}:\d{2}))?)?\s*$"
)


def parse_plan(text: str, config: OfficeConfig, start_ts: float, name: str = "") -> Plan:
    """A plan from its text (see the module doc); a bad clause is a one-line DomainError naming it."""
    queues = {s.code for s in config.services} | {pickup_queue(s.code) for s in config.services if s.pickup}
    counters = {c.number for c in config.counters}
    day = from_ts(start_ts).date()
    changes: list[Change] = []

    def when(hhmm: str | None) -> float:
        if hhmm is None or hhmm == "now":
            return 0.0
        return max(0.0, at(day, parse_hhmm(hhmm)).timestamp() - start_ts)

    def codes(raw: str | None, clause: str) -> tuple[str, ...]:
        out = tuple(c for c in (raw or "").split(",") if c)
        for c in out:
            if c not in queues:
                raise DomainError("plan_service", clause=clause, service=c)
        return out

    for clause in (c.strip() for c in text.split(";")):
        if not clause or clause in ("as is", "現状"):
            continue
        m = _CLAUSE.match(clause)
        if m is None:
            raise DomainError("plan_unreadable", clause=clause)
        t0 = when(m["t0"])
        if m["add"]:
            n = int(m["add"][1:])
            if not 1 <= n <= len(counters):
                raise DomainError("plan_count", clause=clause)
            changes.append(Change(t0, "add", None, codes(m["asvc"], clause), n))
            continue
        number = int(m["n"])
        if number not in counters:
            raise DomainError("plan_counter", clause=clause, counter=number)
        verb = m["verb"]
        svc = codes(m["svc"], clause)
        if verb in ("open", "serve") and not svc:
            svc = next(c.services for c in config.counters if c.number == number)
        changes.append(Change(t0, verb, number, svc))
        if verb == "pause":
            if m["t1"] is None:
                raise DomainError("plan_pause_end", clause=clause)
            changes.append(Change(when(m["t1"]), "resume", number))
    return Plan(
        name or text.strip() or "現状のまま", text.strip(), tuple(sorted(changes, key=lambda c: c.at_s))
    )


def with_common(plan: Plan, common: Plan) -> Plan:
    """``plan`` plus a schedule that holds whatever the plan (e.g. the lunch rotation typed once), same name."""
    if not common.changes:
        return plan
    text = "; ".join(t for t in (common.text, plan.text) if t)
    return replace(
        plan, text=text, changes=tuple(sorted((*common.changes, *plan.changes), key=lambda c: c.at_s))
    )


# -- the state now ------------------------------------------------------------------------------------------
@dataclass
class DeskNow:
    services: tuple[str, ...]
    state: str  # open | paused | closed
    queue: str | None = None  # the ticket in hand
    started: float | None = None  # its service began (None: called, not started)


@dataclass
class Start:
    """The office at ``ts`` as the model sees it (times in seconds since the epoch)."""

    ts: float
    close_ts: float
    waiting: dict[str, list[float]]  # queue -> entry times, oldest first
    desks: dict[int, DeskNow]
    rates: dict[str, float]  # new tickets per second, per first service
    intake_end: dict[str, float]  # per service: no new tickets after this
    mean_s: dict[str, float]  # per queue
    targets: dict[str, float]  # per queue, seconds
    pickup: frozenset[str] = frozenset()
    exponential: bool = False
    rate_n: dict[str, int] = field(default_factory=dict)  # the tickets the rates were counted from ...
    rate_span_s: float = 0.0  # ... over this span: each replication draws its rate (Poisson posterior)
    routing: dict[str, dict[str, float]] = field(default_factory=dict)  # service -> next queue -> P (today's)
    pace: float | None = None  # today's tickets per hour over the counting span / the usual day's there
    mean_n: dict[str, int] = field(default_factory=dict)  # the serves each of today's means is taken from:
    # each replication draws the mean from its sampling uncertainty (relative variance SCV / n)
    shape: dict[int, float] = field(default_factory=dict)  # hour -> the usual day's rate relative to the
    # counting span's (today's rate is scaled along it); empty: today's rate holds for the rest of the day
    no_show: dict[str, float] = field(default_factory=dict)  # per queue: P(a called visitor is absent)
    abandon: float = 0.0  # P(a visitor has a finite patience) (office-wide)
    patience_s: float = PATIENCE_S  # the median of that patience
    no_show_s: float = NO_SHOW_S  # the counter's time on an absent visitor


def usual_shape(usual: Mapping[int, float], since: float, ts: float) -> dict[int, float]:
    """The usual day's hourly rates (tickets per hour, or any multiplier) relative to their time-weighted mean
    over [since, ts], the span today's rate was counted over; empty when the usual day says nothing there."""
    ref = span_mean(usual, since, ts)
    if ref <= 0:
        return {}
    return {h: v / ref for h, v in usual.items()}


def span_mean(usual: Mapping[int, float], since: float, ts: float) -> float:
    """The time-weighted mean of hourly values over [since, ts] (0 when nothing is known there)."""
    total = weight = 0.0
    t = since
    while t < ts:
        h = from_ts(t).hour
        nxt = min(ts, from_ts(t).replace(minute=0, second=0, microsecond=0).timestamp() + 3600.0)
        total += usual.get(h, 0.0) * (nxt - t)
        weight += nxt - t
        t = nxt
    return total / weight if weight > 0 else 0.0


def capture(engine: QueueEngine, now: datetime, usual: Mapping[int, float] | None = None) -> Start:
    """Read the office now: queues, counters, today's arrival rates and service times, and the usual day's
    shape over the hours (``usual``: hour -> rate; None: tickets per hour on this weekday over the past
    ``HISTORY_WEEKS`` weeks, when at least 2 such days are known)."""
    cfg = engine.config
    ts = to_ts(now)
    day = from_ts(ts).date()
    span = opening_span(day, cfg.hours)
    if span is None or cfg.hours.always_open:
        open_ts, close_ts = ts, ts + 8 * 3600.0
    else:
        open_ts, close_ts = at(day, span[0]).timestamp(), at(day, span[1]).timestamp()
    waiting: dict[str, list[float]] = {}
    for e in engine.queue(held=False):
        waiting.setdefault(e.leg.queue, []).append(e.leg.entered_at)
    for q in waiting:
        waiting[q].sort()
    desks: dict[int, DeskNow] = {}
    for c in engine.counters():
        d = DeskNow(tuple(c.services), c.state)
        cur = engine.current(c.number) if c.state != CounterState.CLOSED else None
        if cur is not None:
            _t, leg = cur
            d.queue = leg.queue
            d.started = leg.started_at if leg.state == LegState.SERVING else None
        desks[c.number] = d
    since = max(open_ts, ts - RATE_WINDOW_S)
    span_s = max(ts - since, 15 * 60.0)
    counts: dict[str, int] = {}
    for ev in engine.store.events(day=engine.day(now), types=["issued"]):
        if since <= ev["ts"] <= ts and ev["service"]:
            counts[ev["service"]] = counts.get(ev["service"], 0) + 1
    rates = {code: n / span_s for code, n in counts.items()}
    routing = route_shares(engine, now)
    if usual is None:
        since_day = (day - timedelta(weeks=HISTORY_WEEKS)).isoformat()
        hist = WebStore(engine.store.db).hourly_history(day.weekday(), since_day, engine.day(now))
        usual = (
            {h: mean for h, (mean, _w, n) in hist.items()}
            if hist and max(n for *_x, n in hist.values()) >= 2
            else {}
        )
    shape = usual_shape(usual, ts - span_s, ts)
    usual_now = span_mean(usual, ts - span_s, ts)  # tickets per hour there, when ``usual`` is in tickets
    pace = sum(counts.values()) / (span_s / 3600.0) / usual_now if usual_now > 0 else None
    intake_end: dict[str, float] = {}
    for s in cfg.services:
        end = close_ts
        if s.cutoff is not None and not cfg.hours.always_open:
            end = min(end, at(day, s.cutoff).timestamp())
        if engine.issuing_reason(s.code, now) is not None:
            end = ts
        intake_end[s.code] = end
    mean_s: dict[str, float] = {}
    mean_n: dict[str, int] = {}
    f = read_day(engine.store.db, engine.day(now))
    for qi, q in enumerate(f.queues):
        legs = f.legs[(f.legs["q"] == qi) & (f.legs["outcome"] == 1)]
        served = ~np.isnan(legs["service"])
        # the counter is taken from the call, not from the start: the walk to the counter counts too
        occupied = legs["service"][served] + np.nan_to_num(legs["walk"][served])
        if len(occupied) >= MIN_SERVES:
            mean_s[q] = float(occupied.mean())
            mean_n[q] = len(occupied)
    no_show, abandon = leave_rates(f.queues, f.legs)
    targets: dict[str, float] = {}
    for s in cfg.services:
        mean_s.setdefault(s.code, s.service_min * 60.0)
        targets[s.code] = s.target_wait_min * 60.0
        if s.pickup:
            mean_s.setdefault(pickup_queue(s.code), PICKUP_DEFAULT.mean * 60.0)
            targets[pickup_queue(s.code)] = s.target_wait_min * 60.0
    return Start(
        ts=ts,
        close_ts=close_ts,
        waiting=waiting,
        desks=desks,
        rates=rates,
        intake_end=intake_end,
        mean_s=mean_s,
        targets=targets,
        pickup=frozenset(s.code for s in cfg.services if s.pickup),
        rate_n=counts,
        rate_span_s=span_s,
        shape=shape,
        routing=routing,
        pace=pace,
        mean_n=mean_n,
        no_show={q: no_show.get(q, no_show[""]) for q in {*mean_s, *no_show} if q},
        abandon=abandon,
    )


def leave_rates(queues: Sequence[str], legs: np.ndarray) -> tuple[dict[str, float], float]:
    """Today's no-show share per queue (``""``: office-wide) and abandon share, from the day's legs
    (:func:`shared.reports.facts.read_day`), each pulled towards its prior with the weight of ``LEAVE_PRIOR_N``
    legs: per queue towards the office-wide share, office-wide towards ``NO_SHOW_PRIOR``.

    No-show: of the legs called (finished, transferred or 不在), the share 不在. Abandon: a visitor with a finite
    patience leaves only if it runs out before the call, so the cancels before any call are set against each
    resolved leg's chance of that (P(patience < its wait, or its time to the cancel)), not against the count."""
    out = legs["outcome"]
    called = (out == 1) | (out == 2) | (out == 3)
    absent = out == 3
    n_all, k_all = int(called.sum()), int(absent.sum())
    office = (k_all + LEAVE_PRIOR_N * NO_SHOW_PRIOR) / (n_all + LEAVE_PRIOR_N)
    no_show = {"": office}
    for qi, q in enumerate(queues):
        mine = legs["q"] == qi
        n, k = int((called & mine).sum()), int((absent & mine).sum())
        no_show[q] = (k + LEAVE_PRIOR_N * office) / (n + LEAVE_PRIOR_N)
    gave_up = (out == 4) & ~np.isnan(legs["abandon"])
    exposure = np.where(gave_up, legs["abandon"], legs["wait"])[(called | gave_up)].astype(float)
    exposure = exposure[~np.isnan(exposure) & (exposure > 0)]
    mu = math.log(PATIENCE_S)
    chance = sum(_NORMAL.cdf((math.log(e) - mu) / PATIENCE_SIGMA) for e in exposure.tolist())
    k_ab = int(gave_up.sum())
    # the prior holds with the weight of LEAVE_PRIOR_N visitors whose patience, had they one, ran out: a few
    # cancels on a morning of short waits must not set the share for an afternoon of long ones (where nearly
    # every finite patience runs out, so the share itself decides how many leave)
    prior_chance = LEAVE_PRIOR_N
    abandon = (k_ab + prior_chance * ABANDON_PRIOR) / (chance + prior_chance)
    return no_show, min(max(abandon, 0.0), 1.0)


def route_shares(engine: QueueEngine, now: datetime) -> dict[str, dict[str, float]]:
    """Today's follow-on steps: of the tickets that finished a service, the share that went on to each next
    queue (the later steps of life-event routes, and transfers), from the event log. A pickup (交付) step is left
    out: the model adds it by itself."""
    done: dict[str, int] = {}
    nxt: dict[str, dict[str, int]] = {}
    for ev in engine.store.events(day=engine.day(now), types=["finished", "transferred"]):
        svc = ev["service"]
        if not svc:
            continue
        target = ev["data"].get("next") if ev["type"] == "finished" else ev["data"].get("to")
        if target == pickup_queue(svc):
            continue  # the service's own pickup step, not a route step
        done[svc] = done.get(svc, 0) + 1
        if target:
            nxt.setdefault(svc, {})[target] = nxt.setdefault(svc, {}).get(target, 0) + 1
    return {svc: {q: k / done[svc] for q, k in targets.items()} for svc, targets in nxt.items()}


def resolve(plan: Plan, start: Start) -> Plan:
    """Turn "+N SERVICE" into concrete counters: closed ones first, then the open counters whose own queues
    are shortest (not already serving SERVICE)."""
    out: list[Change] = []
    taken: set[int] = set()
    for ch in plan.changes:
        if ch.kind != "add":
            out.append(ch)
            continue
        svc = ch.services
        closed = [
            n for n, d in sorted(start.desks.items()) if d.state == CounterState.CLOSED and n not in taken
        ]

        def load(n: int) -> float:
            d = start.desks[n]
            return sum(len(start.waiting.get(q, ())) * start.mean_s.get(q, 600.0) for q in d.services)

        others = sorted(
            (
                n
                for n, d in start.desks.items()
                if d.state != CounterState.CLOSED and n not in taken and not set(svc) & set(d.services)
            ),
            key=lambda n: (load(n), n),
        )
        chosen = (closed + others)[: ch.count]
        if len(chosen) < ch.count:
            raise DomainError("plan_no_counters", count=ch.count, service=",".join(svc), free=len(chosen))
        for n in chosen:
            taken.add(n)
            out.append(
                Change(ch.at_s, "open" if start.desks[n].state == CounterState.CLOSED else "serve", n, svc)
            )
    return replace(plan, changes=tuple(out))


def desk_after(ch: Change, state: str, services: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """A counter's (state, services) after a plan change to it (open/serve: open with the change's services)."""
    if ch.kind in ("open", "serve"):
        return CounterState.OPEN, ch.services
    if ch.kind == "resume":
        return CounterState.OPEN, services
    if ch.kind in ("close", "pause"):
        return (CounterState.CLOSED if ch.kind == "close" else CounterState.PAUSED), services
    return state, services


def unstaffed(start: Start, plan: Plan) -> frozenset[str]:
    """The queues no open counter serves at any moment from now to the closing under ``plan`` (resolved):
    their counters are paused or closed and the plan neither opens, resumes nor turns one to them. Their forecast
    only grows (everyone waits to the horizon), so the console says why instead of a p90 of hours."""
    state: dict[int, str] = {n: d.state for n, d in start.desks.items()}
    services = {n: d.services for n, d in start.desks.items()}
    changes = sorted((c for c in plan.changes if c.counter is not None), key=lambda c: c.at_s)
    now = [c for c in changes if c.at_s <= 0]  # made before anyone is served: what they replace never serves
    for ch in now:
        assert ch.counter is not None
        k = ch.counter
        state[k], services[k] = desk_after(ch, state.get(k, CounterState.CLOSED), services.get(k, ()))
    staffed = {q for n in state if state[n] == CounterState.OPEN for q in services[n]}
    for ch in changes[len(now) :]:
        assert ch.counter is not None
        k = ch.counter
        state[k], services[k] = desk_after(ch, state.get(k, CounterState.CLOSED), services.get(k, ()))
        if state[k] == CounterState.OPEN:
            staffed |= set(services[k])
    queues = set(start.waiting) | set(start.rates) | {q for d in start.desks.values() for q in d.services}
    return frozenset(q for q in queues if q not in staffed)


# -- one replication ------------------------------------------------------------------------------------------
@dataclass
class RepResult:
    waits: dict[str, list[float]] = field(default_factory=dict)  # waits of tickets called from now on
    under_at: dict[str, float] = field(
        default_factory=dict
    )  # last call over target (start ts: none); inf: never
    empty_at: dict[str, float] = field(default_factory=dict)  # first time the queue is empty (inf: never)
    at_close: dict[str, int] = field(default_factory=dict)  # waiting at the closing time
    arrivals: dict[str, list[float]] = field(default_factory=dict)  # entry times of tickets called (parallel)


LEGS = 4  # serves per visitor drawn up front (a visitor with more takes the rest from the stream)


@dataclass
class Inputs:
    """One replication's random inputs, drawn once per seed (:func:`draw_inputs`) and shared by the fast model
    and the engine run of that seed, so fast run k and engine run k meet the same visitors (paired runs: their
    difference is the engine's mechanics, not noise).

    Visitors are numbered: those waiting now (by entry time, then queue), then the tickets in hand at the
    counters (by counter number), then the new arrivals in time order. Visitor ``v``'s ``k``-th serve from now
    on takes ``z[v][k]`` (a standard normal for lognormal serves, a standard exponential for exponential ones;
    for a ticket in hand, serve 0 is what is left of its serve), and after its ``j``-th finish the follow-on
    step is chosen by the uniform ``u[v][j]``. Called for the ``k``-th time, it is absent when ``absent_u[v][k]``
    is below the queue's no-show share; it leaves a queue it is still waiting in at ``deadline[v]`` (seconds
    since the epoch; inf: it waits as long as it takes)."""

    means: dict[str, float]  # this replication's mean counter time per queue (seconds)
    arrivals: list[tuple[float, str]]  # new tickets (time, first service), in time order
    waiting: list[tuple[float, str]]  # those waiting now (entry time, queue): visitors 0..
    in_hand: list[int]  # counters with a ticket in hand, by number: the next visitors
    z: list[list[float]]
    u: list[list[float]]
    rng: np.random.Generator  # what a visitor needs beyond LEGS serves
    exponential: bool = False
    absent_u: list[list[float]] = field(default_factory=list)
    deadline: list[float] = field(default_factory=list)

    def absent(self, v: int, k: int, share: float) -> bool:
        """Is visitor ``v`` absent at its ``k``-th call in a queue with this no-show share?"""
        if share <= 0:
            return False
        if 0 <= v < len(self.absent_u) and k < LEGS:
            return self.absent_u[v][k] < share
        return float(self.rng.random()) < share

    def gives_up(self, v: int, entered: float, t: float) -> bool:
        """Has visitor ``v``, waiting in a queue since ``entered``, left it by ``t``?"""
        d = self.deadline[v] if 0 <= v < len(self.deadline) else math.inf
        return entered <= d <= t

    def first_arrival(self) -> int:
        """The visitor number of the first new arrival."""
        return len(self.waiting) + len(self.in_hand)

    def serve_z(self, v: int, k: int) -> float:
        if 0 <= v < len(self.z) and k < LEGS:
            return self.z[v][k]
        return float(self.rng.standard_exponential() if self.exponential else self.rng.standard_normal())

    def route_u(self, v: int, j: int) -> float:
        if 0 <= v < len(self.u) and j < LEGS:
            return self.u[v][j]
        return float(self.rng.random())

    def serve_s(self, v: int, k: int, mean_s: float) -> float:
        """Visitor ``v``'s ``k``-th serve (seconds) in a queue with this mean."""
        z = self.serve_z(v, k)
        if self.exponential:
            return z * mean_s
        mu, s = lognormal_params(mean_s, SCV)
        return math.exp(mu + s * z)

    def residual_s(self, v: int, mean_s: float, elapsed: float) -> float:
        """What is left of visitor ``v``'s serve in hand after ``elapsed`` seconds (its serve 0, drawn given it
        has lasted that long; a fresh serve when exponential or not started)."""
        if self.exponential or elapsed <= 0:
            return self.serve_s(v, 0, mean_s)
        mu, s = lognormal_params(mean_s, SCV)
        dist = _NORMAL
        f = dist.cdf((math.log(elapsed) - mu) / s)
        u = f + dist.cdf(self.serve_z(v, 0)) * (1.0 - f)
        u = min(max(u, 1e-12), 1.0 - 1e-12)
        return max(math.exp(mu + s * dist.inv_cdf(u)) - elapsed, 1.0)


_NORMAL = NormalDist()


def start_visitors(start: Start) -> tuple[list[tuple[float, str]], list[int]]:
    """The visitors there now, in the order :class:`Inputs` numbers them: the waiting (entry time, queue) and
    the counters with a ticket in hand."""
    waiting = sorted((t, q) for q, times in start.waiting.items() for t in times)
    return waiting, sorted(n for n, d in start.desks.items() if d.queue is not None)


def draw_inputs(start: Start, rng: np.random.Generator) -> Inputs:
    """One replication's random inputs (see :class:`Inputs`): this replication's mean serve per queue (today's
    means are estimates: one plausible value each), the new arrivals, and every visitor's serves and follow-on
    choices."""
    means = dict(start.mean_s)
    for q in sorted(start.mean_n):
        if q in means:
            n = start.mean_n[q]
            means[q] *= float(rng.gamma(n / SCV, SCV / n))
    arrivals = sorted((t, code) for code, times in draw_arrivals(start, rng).items() for t in times)
    waiting, hand = start_visitors(start)
    n = len(waiting) + len(hand) + len(arrivals)
    z = rng.standard_exponential((n, LEGS)) if start.exponential else rng.standard_normal((n, LEGS))
    u = rng.random((n, LEGS))
    absent_u = rng.random((n, LEGS)).tolist()
    finite_u, patience_u = rng.random(n).tolist(), rng.random(n).tolist()
    entered = [t for t, _q in waiting] + [math.nan] * len(hand) + [t for t, _c in arrivals]
    deadline = [
        math.inf if math.isnan(e) else deadline_of(start, e, fu, pu)
        for e, fu, pu in zip(entered, finite_u, patience_u, strict=True)
    ]
    return Inputs(
        means, arrivals, waiting, hand, z.tolist(), u.tolist(), rng, start.exponential, absent_u, deadline
    )


def deadline_of(start: Start, entered: float, finite_u: float, patience_u: float) -> float:
    """When a visitor who took its ticket at ``entered`` gives up (inf: never), from two uniforms: whether its
    patience is finite (share ``start.abandon``), and how long (lognormal). One already waiting at the start
    has outlasted ``start.ts - entered``: both are drawn given that."""
    if start.abandon <= 0:
        return math.inf
    mu, sigma = math.log(start.patience_s), PATIENCE_SIGMA
    waited = start.ts - entered
    ran_out = _NORMAL.cdf((math.log(waited) - mu) / sigma) if waited > 0 else 0.0
    still = start.abandon * (1.0 - ran_out)
    if finite_u >= still / (1.0 - start.abandon + still):
        return math.inf
    q = min(max(ran_out + patience_u * (1.0 - ran_out), 1e-12), 1.0 - 1e-12)
    return entered + math.exp(mu + sigma * _NORMAL.inv_cdf(q))


def inputs_for(start: Start, seed: int) -> Inputs:
    """The inputs of replication ``seed``: the same for the fast model and the engine."""
    return draw_inputs(start, np.random.default_rng(seed))


def draw_arrivals(start: Start, rng: np.random.Generator) -> dict[str, list[float]]:
    """New tickets from now until each service's intake ends, per first service, in time order: Poisson at
    today's rate, the rate itself drawn from its estimate's uncertainty (Gamma(n + ½) over the counting span).
    The fast model and the engine run (:mod:`shared.sim.engine_whatif`) both take their arrivals from here."""
    t0 = start.ts
    out: dict[str, list[float]] = {}
    for code, rate in start.rates.items():
        stop = start.intake_end.get(code, start.close_ts)
        if rate <= 0 or stop <= t0:
            continue
        if code in start.rate_n and start.rate_span_s > 0:  # the rate is an estimate from few tickets
            rate = float(rng.gamma(start.rate_n[code] + 0.5, 1.0 / start.rate_span_s))
        if not start.shape:
            n = int(rng.poisson(rate * (stop - t0)))
            out[code] = np.sort(t0 + rng.uniform(0.0, stop - t0, n)).tolist()
            continue
        times: list[float] = []
        t = t0
        while t < stop:  # hour by hour along the usual day's shape
            hour_start = from_ts(t).replace(minute=0, second=0, microsecond=0).timestamp()
            nxt = min(stop, hour_start + 3600.0)
            n = int(rng.poisson(rate * start.shape.get(from_ts(t).hour, 1.0) * (nxt - t)))
            times.extend(np.sort(t + rng.uniform(0.0, nxt - t, n)).tolist())
            t = nxt
        out[code] = times
    return out


def replicate(
    start: Start, plan: Plan, rng: np.random.Generator | Inputs, horizon_s: float | None = None
) -> RepResult:
    """One possible rest of the day under ``plan`` (resolved): from these inputs (:func:`inputs_for`, the
    engine run of the same seed meets the same visitors), or drawn from ``rng``."""
    inp = rng if isinstance(rng, Inputs) else draw_inputs(start, rng)
    t0 = start.ts
    end = (start.close_ts + OVERTIME_S) if horizon_s is None else t0 + horizon_s
    means = inp.means
    # every queue: entry times in order, the visitor of each, and a read pointer (FIFO)
    items: dict[str, list[float]] = {}
    who: dict[str, list[int]] = {}
    for v, (t, q) in enumerate(inp.waiting):
        items.setdefault(q, []).append(t)
        who.setdefault(q, []).append(v)
    first = inp.first_arrival()
    for i, (t, code) in enumerate(inp.arrivals):
        items.setdefault(code, []).append(t)
        who.setdefault(code, []).append(first + i)
    n_vis = first + len(inp.arrivals)
    served = [0] * n_vis  # serves begun from now on, per visitor
    finished = [0] * n_vis  # ... and finished
    ptr = dict.fromkeys(items, 0)
    res = RepResult()
    for q in items:
        res.waits[q], res.arrivals[q] = [], []
    services: dict[int, tuple[str, ...]] = {n: d.services for n, d in start.desks.items()}
    state: dict[int, str] = {n: d.state for n, d in start.desks.items()}
    busy: dict[int, bool] = {}
    hand: dict[int, int] = {}  # desk -> the visitor it serves
    heap: list[tuple[float, int, int, str | None]] = []  # (time, seq, desk, queue finished)
    seq = 0
    in_hand = {n: len(inp.waiting) + i for i, n in enumerate(inp.in_hand)}
    for n, d in start.desks.items():
        if d.queue is not None:
            elapsed = t0 - d.started if d.started is not None else 0.0
            v = in_hand[n]
            hand[n] = v
            served[v] = 1
            heap.append((t0 + inp.residual_s(v, means.get(d.queue, 600.0), elapsed), seq, n, d.queue))
            busy[n] = True
        else:
            heap.append((t0, seq, n, None))
            busy[n] = False
        seq += 1
    changes = [(t0 + c.at_s, c) for c in plan.changes]
    for i, (t, _c) in enumerate(changes):
        heap.append((t, seq, -1 - i, None))
        seq += 1
    heapq.heapify(heap)
    idle: set[int] = set()
    pickup_of = {q: pickup_queue(q) for q in start.pickup}
    # after the last stage (the pickup, if any) a ticket may go on: the shares by queue, not by service
    routing = {
        q: start.routing[q.split(":")[0]] for q in {*start.mean_s, *items} if q.split(":")[0] in start.routing
    }
    closed_ptr: dict[str, int] | None = None
    leaving = start.abandon > 0
    while heap:
        t, _s, n, done_q = heapq.heappop(heap)
        if t > end:
            break
        if closed_ptr is None and t >= start.close_ts:
            closed_ptr = dict(ptr)
        if n < 0:  # a plan change
            ch = changes[-1 - n][1]
            k = ch.counter
            if k is None:
                continue
            if k not in state:  # a counter the office has but the state did not list: closed until now
                state[k], busy[k], services[k] = "closed", False, ()
            state[k], services[k] = desk_after(ch, state[k], services[k])
            if state[k] == "open" and not busy[k]:
                idle.discard(k)
                heapq.heappush(heap, (t, seq, k, None))
                seq += 1
            continue
        if done_q is not None:
            busy[n] = False
            v = hand.pop(n)
            j = finished[v]
            finished[v] = j + 1
            pq = pickup_of.get(done_q) if done_q else None  # "": the visitor was absent, it is gone
            if (
                done_q and pq is None and start.routing
            ):  # a later route step (after the pickup, if the service has one)
                shares = routing.get(done_q)
                if shares:
                    u = inp.route_u(v, j)
                    for q, share in shares.items():
                        if u < share:
                            pq = q
                            break
                        u -= share
            if pq is not None:
                lst = items.setdefault(pq, [])
                ids = who.setdefault(pq, [])
                if pq not in ptr:
                    ptr[pq] = 0
                    res.waits[pq], res.arrivals[pq] = [], []
                at_i = bisect.bisect_right(lst, t, lo=ptr[pq])
                lst.insert(at_i, t)
                ids.insert(at_i, v)
                for k in list(idle):
                    if pq in services[k] and state[k] == "open":
                        idle.discard(k)
                        heapq.heappush(heap, (t, seq, k, None))
                        seq += 1
        elif busy[n]:
            continue  # a stale wake-up
        if state[n] != "open":
            continue
        best_q, best_t, next_t = None, math.inf, math.inf
        for q in services[n]:
            p = ptr.get(q)
            if p is None:
                continue
            lst = items[q]
            if leaving:  # those who gave up waiting are gone
                ids = who[q]
                while p < len(lst) and lst[p] <= t and inp.gives_up(ids[p], lst[p], t):
                    p += 1
                ptr[q] = p
            if p < len(lst):
                h = lst[p]
                if h <= t:
                    if h < best_t:
                        best_q, best_t = q, h
                elif h < next_t:
                    next_t = h
        if best_q is None:
            if next_t < math.inf:
                heapq.heappush(heap, (next_t, seq, n, None))
                seq += 1
            else:
                idle.add(n)
            continue
        v = who[best_q][ptr[best_q]]
        ptr[best_q] += 1
        wait = t - best_t
        res.waits[best_q].append(wait)
        res.arrivals[best_q].append(best_t)
        if wait > start.targets.get(best_q, math.inf):
            res.under_at[best_q] = t
        if best_q not in res.empty_at:
            p, lst = ptr[best_q], items[best_q]
            if p >= len(lst) or lst[p] > t:
                res.empty_at[best_q] = t
        busy[n] = True
        hand[n] = v
        k = served[v]
        served[v] = k + 1
        if inp.absent(v, k, start.no_show.get(best_q, 0.0)):  # the recall, then 不在: the visitor is gone
            heapq.heappush(heap, (t + start.no_show_s, seq, n, ""))
        else:
            heapq.heappush(heap, (t + inp.serve_s(v, k, means.get(best_q, 600.0)), seq, n, best_q))
        seq += 1
    if closed_ptr is None:
        closed_ptr = dict(ptr)
    for q, lst in items.items():
        arrived = bisect.bisect_right(lst, start.close_ts)
        ids, c0 = who[q], closed_ptr.get(q, 0)
        res.at_close[q] = sum(
            1 for i in range(c0, arrived) if not (leaving and inp.gives_up(ids[i], lst[i], start.close_ts))
        )
        left = sum(1 for i in range(ptr[q], len(lst)) if not (leaving and inp.gives_up(ids[i], lst[i], end)))
        if left > 0:
            res.under_at[q] = math.inf
            res.empty_at.setdefault(q, math.inf)
        else:
            res.under_at.setdefault(q, t0)
            res.empty_at.setdefault(q, t0 if not lst or lst[0] > t0 else math.inf)
    return res


# -- many replications, summarised -------------------------------------------------------------------------
@dataclass(frozen=True)
class Spread:
    """The median of the replications and the 10th–90th percentile interval (``inf``: not today)."""

    mid: float
    low: float
    high: float


def spread(values: Sequence[float]) -> Spread:
    a = np.asarray(values, dtype=float)
    if len(a) == 0:
        return Spread(math.nan, math.nan, math.nan)
    pick = lambda p, how: float(np.percentile(a, p, method=how))  # noqa: E731 - no interpolation: inf stays inf
    return Spread(pick(50, "nearest"), pick(INTERVAL[0], "lower"), pick(INTERVAL[1], "higher"))


def widened(s: Spread, factor: float, floor: float = 0.0) -> Spread:
    """``s`` with each half (median to end) scaled by ``factor``, a half narrower than ``floor`` taken as
    ``floor``; never below 0 (the quantities are counts and waits). An infinite or missing end stays."""
    if factor == 1.0 or not all(math.isfinite(v) for v in (s.mid, s.low, s.high)):
        return s
    low = s.mid - factor * max(s.mid - s.low, floor)
    high = s.mid + factor * max(s.high - s.mid, floor)
    return Spread(s.mid, max(low, 0.0), high)


def needed_factor(s: Spread, value: float, floor: float = 0.0) -> float:
    """The least factor :func:`widened` needs for ``s`` to hold ``value`` (its conformity score; 0 at the
    median, 1 at an end of the interval)."""
    if not all(math.isfinite(v) for v in (s.mid, s.low, s.high, value)):
        return 0.0 if value == s.mid or (s.low <= value <= s.high) else math.inf
    if value >= s.mid:
        return (value - s.mid) / max(s.high - s.mid, floor) if value > s.mid else 0.0
    if value < 0.0:
        return math.inf  # below the 0 every widened interval stops at
    return (s.mid - value) / max(s.mid - s.low, floor)


@dataclass(frozen=True)
class QueueForecast:
    queue: str
    under_at: Spread  # seconds since the epoch (the start: already under; inf: not today)
    p90_wait_s: Spread
    at_close: Spread


@dataclass(frozen=True)
class Forecast:
    plan: Plan
    reps: int
    queues: tuple[QueueForecast, ...]
    p90_wait_s: Spread  # all queues
    at_close: Spread  # all queues
    seconds: float
    engine_reps: int = (
        0  # a paired forecast (shared.sim.whatif_combine): the engine runs it was corrected with
    )
    fast_reps: int = 0  # ... and the fast runs it stands on (``reps`` then counts the fast ones)
    raw: Mapping[str, Spread] = field(default_factory=dict)  # "p90_wait_s", "at_close": the replications' own
    # 10–90 % interval, before WIDEN (what the calibration scores)


DEFAULT_REPS = 300


def forecast(start: Start, plan: Plan, reps: int = DEFAULT_REPS, seed: int = 0) -> Forecast:
    """``reps`` replications of the fast model under ``plan``, summarised; replication ``i`` takes the inputs
    of seed ``seed_of(seed, i)``, as the engine's does (:mod:`shared.sim.whatif_pool`)."""
    t = _time.perf_counter()
    plan = resolve(plan, start)
    runs = fast_runs(start, plan, reps, seed)
    return summarise(start, plan, runs, _time.perf_counter() - t)


SEED_STRIDE = 10_007


def seed_of(base: int, i: int) -> int:
    """Replication ``i``'s seed in a forecast seeded ``base`` (the fast model and the engine alike)."""
    return base * SEED_STRIDE + i


def fast_runs(start: Start, plan: Plan, reps: int, seed: int = 0) -> list[RepResult]:
    """``reps`` fast replications of ``plan`` (resolved), replication ``i`` on the inputs of ``seed_of(seed, i)``."""
    return [replicate(start, plan, inputs_for(start, seed_of(seed, i))) for i in range(reps)]


Key = tuple[str, str]  # (queue or "", quantity): "under_at" | "p90_wait_s" | "at_close"


def run_values(start: Start, runs: Sequence[RepResult]) -> dict[Key, list[float]]:
    """Per queue (and ``""``: every queue) and quantity, one value per replication: when the queue is back under
    its target (seconds since the epoch; the start: already under; inf: not today), the p90 wait of the rest of
    the day, the people waiting at the closing time."""
    queues = sorted({q for r in runs for q in r.waits} | set(start.waiting))
    out: dict[Key, list[float]] = {
        ("", "p90_wait_s"): [overall_p90(r) for r in runs],
        ("", "at_close"): [float(sum(r.at_close.values())) for r in runs],
    }
    for q in queues:
        out[(q, "under_at")] = [r.under_at.get(q, start.ts) for r in runs]
        out[(q, "p90_wait_s")] = [
            p90(r.waits[q]) if r.waits.get(q) else (math.inf if r.under_at.get(q) == math.inf else 0.0)
            for r in runs
        ]
        out[(q, "at_close")] = [float(r.at_close.get(q, 0)) for r in runs]
    return out


def forecast_of(
    plan: Plan, values: Mapping[Key, Sequence[float]], reps: int, seconds: float, **kw: int
) -> Forecast:
    """The forecast from per-replication values (:func:`run_values`, or the paired correction's)."""
    queues = sorted({q for q, _k in values if q})
    raw = {k: spread(values[("", k)]) for k in ("p90_wait_s", "at_close")}
    shown = {k: widened(s, WIDEN[k], HALF_FLOOR[k]) for k, s in raw.items()}
    return Forecast(
        plan,
        reps,
        tuple(
            QueueForecast(
                q,
                spread(values[(q, "under_at")]),
                spread(values[(q, "p90_wait_s")]),
                spread(values[(q, "at_close")]),
            )
            for q in queues
        ),
        shown["p90_wait_s"],
        shown["at_close"],
        seconds,
        raw=raw,
        **kw,
    )


def summarise(start: Start, plan: Plan, runs: Sequence[RepResult], seconds: float) -> Forecast:
    """Per queue and overall: when the queue is back under its target, the p90 wait of the rest of the day and
    the people waiting at the closing time, each as median and interval over the replications (fast model or
    engine runs alike)."""
    return forecast_of(plan, run_values(start, runs), len(runs), seconds)


def overall_p90(r: RepResult) -> float:
    """The p90 wait over every queue of one replication (0: nobody called)."""
    waits = [w for ws in r.waits.values() for w in ws]
    return p90(waits) if waits else 0.0


def p90(values: Sequence[float]) -> float:
    """The 90th percentile, interpolated as numpy's default, without numpy's per-call overhead (it runs once per
    queue per replication)."""
    v = sorted(values)
    pos = 0.9 * (len(v) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def plan_time(start: Start, seconds: float) -> time:
    return from_ts(start.ts + seconds).time()
