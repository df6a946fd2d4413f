"""Does the what-if keep its word? Two checks, both on the real engine (``madoguchi bench supervisor``):

- :func:`validate` — forecast validation: on many simulated days (the ward-day simulator on the real engine,
  each its own seed), stop at the snapshot time, capture the office, forecast a plan, then actually take the
  plan on that day (:class:`~shared.sim.engine_whatif.PlannedDay`) and run the day to its end. Each quantity's
  outcome should fall inside the forecast's 10–90 % interval on about 80 % of the days; the coverage is
  reported with a 95 % binomial (Wilson) interval, per quantity and per plan.
- :func:`calibrate` — the fast model against the engine from one state under one plan: the same captured state,
  arrivals and service times, the engine's own mechanics; how much of the engine's distribution falls inside the
  fast model's interval.
"""

from __future__ import annotations

import math
import tempfile
import time as _time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

import numpy as np

from shared.engine import QueueEngine
from shared.sim.engine_whatif import PlannedDay, engine_replication, snapshot
from shared.sim.office import open_sim_office, scenario_config
from shared.sim.scenario import Scenario, load_scenario
from shared.sim.whatif import (
    HALF_FLOOR,
    INTERVAL,
    Forecast,
    RepResult,
    Spread,
    capture,
    fast_runs,
    forecast,
    needed_factor,
    overall_p90,
    parse_plan,
    replicate,
    resolve,
    summarise,
    with_common,
)
from shared.timeutil import at

STATED = (INTERVAL[1] - INTERVAL[0]) / 100.0  # the interval's stated coverage


def wilson(hits: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % (Wilson score) interval of a binomial proportion."""
    if n == 0:
        return (0.0, 1.0)
    p = hits / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (max(0.0, mid - half), min(1.0, mid + half))


@dataclass(frozen=True)
class DayCheck:
    seed: int
    plan: str
    forecast: Forecast
    p90_wait_s: float  # the day's outcome: p90 wait of the tickets called after the snapshot
    at_close: int  # the day's outcome: people waiting at the closing time
    kinds: dict[str, Forecast] = field(default_factory=dict)  # an engine validation: fast | engine | combined

    def of(self, kind: str | None) -> Forecast:
        return self.forecast if kind is None else self.kinds[kind]

    def interval(self, quantity: str, kind: str | None = None, raw: bool = False) -> Spread:
        """The interval shown (``raw``: the replications' own, before ``WIDEN``)."""
        f = self.of(kind)
        return f.raw[quantity] if raw else getattr(f, quantity)

    def inside(self, quantity: str, kind: str | None = None, raw: bool = False) -> bool:
        s = self.interval(quantity, kind, raw)
        value = getattr(self, quantity)
        return bool(s.low <= value <= s.high)

    def side(self, quantity: str, kind: str | None = None, raw: bool = False) -> str:
        s = self.interval(quantity, kind, raw)
        value = getattr(self, quantity)
        return "low" if value < s.low else ("high" if value > s.high else "in")

    def score(self, quantity: str, kind: str | None = None) -> float:
        """The factor the replications' own interval needs to hold the outcome (the conformity score)."""
        return needed_factor(self.of(kind).raw[quantity], getattr(self, quantity), HALF_FLOOR[quantity])


QUANTITIES = ("at_close", "p90_wait_s")


@dataclass
class Validation:
    days: list[DayCheck] = field(default_factory=list)
    seconds: float = 0.0

    def coverage(
        self, quantity: str, plan: str | None = None, kind: str | None = None, raw: bool = False
    ) -> tuple[int, int, tuple[float, float]]:
        sel = [d for d in self.days if plan is None or d.plan == plan]
        hits = sum(d.inside(quantity, kind, raw) for d in sel)
        return hits, len(sel), wilson(hits, len(sel))

    def misses(self, quantity: str, kind: str | None = None, raw: bool = False) -> dict[str, int]:
        out = {"low": 0, "high": 0}
        for d in self.days:
            s = d.side(quantity, kind, raw)
            if s != "in":
                out[s] += 1
        return out

    def scale(self, quantity: str, kind: str | None = None, stated: float = STATED) -> float:
        """The ``WIDEN`` factor these days call for (split-conformal, :func:`conformal_scale`): derive it on
        calibration days, never on the days it is then checked on."""
        return conformal_scale([d.score(quantity, kind) for d in self.days], stated)


def conformal_scale(scores: Sequence[float], stated: float = STATED) -> float:
    """Split-conformal: the ⌈stated·(n+1)⌉-th smallest of ``n`` calibration days' scores, so that a new day's
    interval widened by it holds the outcome with probability at least ``stated`` (days exchangeable); inf when
    there are too few days for that."""
    n = len(scores)
    k = math.ceil(stated * (n + 1) - 1e-9)
    if n == 0 or k > n:
        return math.inf
    return float(sorted(scores)[k - 1])


def break_clauses(scn: Scenario, after: time) -> str:
    """The day's staff breaks still to come, as plan clauses ("pause 1 @11:30-12:15; …"): what the floor
    manager types once as the common schedule (the lunch rotation is known in advance)."""
    out = []
    for sh in scn.staff:
        for b0, b1 in sh.breaks:
            if b1 > after:
                out.append(f"pause {sh.counter} @{max(b0, after):%H:%M}-{b1:%H:%M}")
    return "; ".join(out)


def run_day(
    scenario: str,
    seed: int,
    plan_text: str,
    snap_at: time,
    reps: int,
    window: tuple[time, time] | None = None,
    known_breaks: bool = True,
    usual_day: bool = True,
    engine_forecast: bool = False,
    fast_reps: int = 0,
) -> DayCheck:
    """One simulated day: run to ``snap_at``, forecast ``plan_text`` (with the breaks still to come as the
    common schedule when ``known_breaks``), take the plan, run the day out. ``engine_forecast``: the forecast
    is the engine's (``reps`` replications on the engine, :mod:`shared.sim.whatif_pool`), and the day also
    holds, under ``kinds``, the fast model's ``fast_reps`` (same seeds), the engine's and the paired one
    (:mod:`shared.sim.whatif_combine`); else the fast model's."""
    scn = load_scenario(scenario)
    config = scenario_config(scn)
    with tempfile.TemporaryDirectory(prefix="madoguchi-validate-") as tmp:
        engine = open_sim_office(Path(tmp) / "v.db", config)
        kinds: dict[str, Forecast] = {}
        try:
            day = PlannedDay(engine, scn, seed=seed, window=window)
            now = at(scn.date, snap_at)
            day.advance(now.timestamp())
            # the usual day: the scenario's hourly profile (what this weekday's history converges to)
            start = capture(engine, now, usual=dict(scn.arrivals.profile) if usual_day else {})
            start.close_ts = day.t_close  # a shortened day (a test's window) closes early
            start.intake_end = {k: min(v, day.t_close) for k, v in start.intake_end.items()}
            plan = resolve(parse_plan(plan_text, engine.config, start.ts, plan_text or "as is"), start)
            common = parse_plan(break_clauses(scn, snap_at) if known_breaks else "", engine.config, start.ts)
            if engine_forecast:
                from shared.sim.whatif_combine import combine
                from shared.sim.whatif_pool import engine_forecasts

                with snapshot(engine) as snap:
                    run = engine_forecasts(
                        snap,
                        engine.config,
                        start,
                        [with_common(plan, common)],
                        reps=reps,
                        budget_s=None,
                        seed=seed,
                    )
                f = run.forecasts[0]
                fplan = resolve(with_common(plan, common), start)
                t = _time.perf_counter()
                quick = fast_runs(start, fplan, max(fast_reps, reps), seed)
                fast_s = _time.perf_counter() - t
                kinds["fast"] = summarise(start, fplan, quick, fast_s)
                kinds["engine"] = f
                kinds["combined"] = combine(
                    start, fplan, run.runs[0], quick, fast_s, seed, run.indices
                ).forecast
            else:
                f = forecast(start, with_common(plan, common), reps, seed=seed)
            day.add_plan(
                [(start.ts + c.at_s, c.kind, c.counter, c.services) for c in plan.changes if c.counter]
            )
            day.advance(day.t_close)
            waiting = len(engine.queue(held=False))
            day.run()
            waits = [
                c.waited_s
                for c in engine.store.calls_since(0, 10_000_000)
                if c.ts > start.ts and c.kind == "call"
            ]
        finally:
            engine.store.close()
    p90 = float(np.percentile(waits, 90)) if waits else 0.0
    return DayCheck(seed, plan_text, f, p90, waiting, kinds)


def validate(
    days: int,
    reps: int,
    plans: Sequence[str],
    *,
    scenario: str = "march30",
    snap_at: time = time(11, 10),
    window: tuple[time, time] | None = None,
    seed0: int = 100,
    known_breaks: bool = True,
    usual_day: bool = True,
    progress: Callable[[DayCheck], None] | None = None,
    engine: bool = False,
    fast_reps: int = 0,
) -> Validation:
    """``days`` simulated days, the plans taken in turn (day i takes ``plans[i % len(plans)]``); ``engine``: the
    forecasts are the engine's (the live console's), else the fast model's."""
    t = _time.perf_counter()
    out = Validation()
    for i in range(days):
        d = run_day(
            scenario,
            seed0 + i,
            plans[i % len(plans)],
            snap_at,
            reps,
            window,
            known_breaks,
            usual_day,
            engine,
            fast_reps,
        )
        out.days.append(d)
        if progress is not None:
            progress(d)
    out.seconds = _time.perf_counter() - t
    return out


@dataclass(frozen=True)
class Calibration:
    plan: str
    fast: list[RepResult]
    engine: list[RepResult]
    fast_s: float
    engine_s: float

    def values(self, runs: list[RepResult], quantity: str) -> np.ndarray:
        if quantity == "at_close":
            return np.array([sum(r.at_close.values()) for r in runs], dtype=float)
        return np.array([overall_p90(r) for r in runs])

    def compare(self, quantity: str) -> tuple[Spread, Spread, float]:
        """(fast model's spread, engine's spread, share of engine runs inside the fast 10–90 % interval)."""
        from shared.sim.whatif import spread

        f, e = self.values(self.fast, quantity), self.values(self.engine, quantity)
        sf = spread(f.tolist())
        share = float(np.mean((e >= sf.low) & (e <= sf.high))) if len(e) else math.nan
        return sf, spread(e.tolist()), share


def calibrate(
    engine: QueueEngine, now_ts: float, plans: Sequence[str], fast_reps: int, engine_reps: int
) -> list[Calibration]:
    """The fast model and the engine from the same captured state, per plan."""
    from shared.timeutil import from_ts

    start = capture(engine, from_ts(now_ts))
    out = []
    with snapshot(engine) as snap:
        for i, text in enumerate(plans):
            plan = resolve(parse_plan(text, engine.config, start.ts, text or "as is"), start)
            t = _time.perf_counter()
            rng = np.random.default_rng(i)
            fast = [replicate(start, plan, rng) for _ in range(fast_reps)]
            fast_s = _time.perf_counter() - t
            t = _time.perf_counter()
            eng = [
                engine_replication(snap, engine.config, start, plan, 1000 * i + k) for k in range(engine_reps)
            ]
            out.append(Calibration(plan.name, fast, eng, fast_s, _time.perf_counter() - t))
    return out


@dataclass(frozen=True)
class TheoryCheck:
    """The engine forecast on an M/M/s office against queueing theory (means over the replications, with
    their standard errors)."""

    servers: int
    rho: float
    backlog: int
    reps: int
    drain_s: float  # mean time until the queue is first empty
    drain_se: float
    drain_theory_s: float  # N / (sμ − λ): while every desk is busy the queue shrinks by sμ − λ a second
    wait_s: float  # mean wait of those arriving once the queue is stationary
    wait_se: float
    wait_theory_s: float  # Erlang C: C(s, a) / (sμ − λ)
    seconds: float
    fast_reps: int = 0  # the paired estimate: these fast runs corrected by the engine's (whatif_combine)
    paired_drain_s: float = math.nan
    paired_drain_se: float = math.inf
    paired_wait_s: float = math.nan
    paired_wait_se: float = math.inf

    def inside(self, z: float = 3.0) -> tuple[bool, bool]:
        """(drain, wait) each within ``z`` standard errors of the theory."""
        return (
            abs(self.drain_s - self.drain_theory_s) <= z * self.drain_se,
            abs(self.wait_s - self.wait_theory_s) <= z * self.wait_se,
        )

    def paired_inside(self, z: float = 3.0) -> tuple[bool, bool]:
        """The same for the paired estimate."""
        return (
            abs(self.paired_drain_s - self.drain_theory_s) <= z * self.paired_drain_se,
            abs(self.paired_wait_s - self.wait_theory_s) <= z * self.paired_wait_se,
        )


def engine_theory(
    reps: int,
    *,
    servers: int = 3,
    rho: float = 0.5,
    backlog: int = 24,
    mean_s: float = 300.0,
    hours: float = 4.0,
    workers: int | None = None,
    seed: int = 0,
    fast_reps: int = 0,
) -> TheoryCheck:
    """The live what-if's own path (snapshot, in-memory engine copies, worker processes) on an M/M/s office:
    ``servers`` counters serving, ``backlog`` more waiting, Poisson arrivals at ``rho``·s·μ for ``hours``,
    exponential serves. The queue must drain at sμ − λ and then wait as Erlang C says. ``fast_reps``: also
    the paired estimate (that many fast runs corrected by the engine's on the same seeds) against the same
    theory."""
    from datetime import datetime, timedelta

    from shared.sim.mms import CODE, erlang_c, mms_config
    from shared.sim.whatif_pool import engine_forecasts
    from shared.timeutil import TOKYO, to_ts

    t0 = _time.perf_counter()
    mu = 1.0 / mean_s
    lam = rho * servers * mu
    now = datetime(2026, 11, 24, 9, 0, tzinfo=TOKYO)
    with tempfile.TemporaryDirectory(prefix="madoguchi-theory-") as tmp:
        engine = open_sim_office(Path(tmp) / "mms.db", mms_config(servers, mean_s / 60.0))
        try:
            for n in range(1, servers + 1):
                engine.open_counter(n, now=now - timedelta(minutes=5))
            for i in range(backlog + servers):
                engine.issue(CODE, now=now - timedelta(seconds=backlog + servers - i))
            for n in range(1, servers + 1):
                engine.call_next(n, now=now)
                engine.start(n, now=now)
            start = capture(engine, now)
            ts = to_ts(now)
            start.close_ts = ts + hours * 3600.0
            start.rates, start.rate_n, start.shape = {CODE: lam}, {}, {}
            start.intake_end = {CODE: start.close_ts}
            start.mean_s, start.mean_n, start.routing = {CODE: mean_s}, {}, {}
            start.targets = {CODE: 1800.0}
            start.exponential = True
            start.no_show, start.abandon = {}, 0.0  # M/M/s: nobody absent, nobody gives up
            plan = parse_plan("", engine.config, start.ts, "as is")
            with snapshot(engine) as snap:
                run = engine_forecasts(
                    snap, engine.config, start, [plan], reps=reps, budget_s=None, workers=workers, seed=seed
                )
                runs = run.runs[0]
                quick = fast_runs(start, plan, fast_reps, seed) if fast_reps else []
        finally:
            engine.store.close()
    lo, hi = start.ts + 0.55 * hours * 3600.0, start.ts + 0.95 * hours * 3600.0

    def late_wait(r: RepResult) -> float:
        arr, w = np.array(r.arrivals[CODE]), np.array(r.waits[CODE])
        sel = (arr > lo) & (arr < hi)
        return float(w[sel].mean()) if sel.any() else math.nan

    drain = np.array([r.empty_at[CODE] - start.ts for r in runs])
    late_all = np.array([late_wait(r) for r in runs])
    late_a = late_all[~np.isnan(late_all)]
    n = len(runs)
    paired: dict[str, float] = {}
    if quick:
        from shared.sim.whatif_combine import paired_mean

        fd = np.array([r.empty_at[CODE] - start.ts for r in quick])
        fl = np.array([late_wait(r) for r in quick])
        idx = run.indices
        paired["paired_drain_s"], paired["paired_drain_se"] = paired_mean(
            fd[idx].tolist(), drain.tolist(), fd.tolist()
        )
        ok = ~np.isnan(late_all) & ~np.isnan(fl[idx])
        paired["paired_wait_s"], paired["paired_wait_se"] = paired_mean(
            fl[idx][ok].tolist(), late_all[ok].tolist(), fl[~np.isnan(fl)].tolist()
        )
    return TheoryCheck(
        servers,
        rho,
        backlog,
        n,
        float(drain.mean()),
        float(drain.std(ddof=1) / math.sqrt(n)) if n > 1 else math.inf,
        backlog / (servers * mu - lam),
        float(late_a.mean()),
        float(late_a.std(ddof=1) / math.sqrt(len(late_a))) if len(late_a) > 1 else math.inf,
        erlang_c(servers, lam / mu) / (servers * mu - lam),
        _time.perf_counter() - t0,
        len(quick),
        **paired,
    )
