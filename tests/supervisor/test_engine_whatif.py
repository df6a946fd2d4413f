"""The what-if on the real engine in memory (shared/sim/engine_whatif.py), the plan taken on a simulated day
(PlannedDay), and the validation machinery (shared/sim/whatif_check.py) with a small count: what they compute,
not how fast (the timing is ``madoguchi bench supervisor``)."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime, time, timedelta
from pathlib import Path

import numpy as np
import pytest

from shared.engine import QueueEngine
from shared.sim.engine_whatif import PlannedDay, engine_forecast, engine_replication, snapshot
from shared.sim.office import open_sim_office, scenario_config
from shared.sim.scenario import load_scenario
from shared.sim.whatif import (
    ABANDON_PRIOR,
    HALF_FLOOR,
    NO_SHOW_PRIOR,
    RepResult,
    Start,
    capture,
    forecast,
    inputs_for,
    parse_plan,
    replicate,
    resolve,
    widened,
)
from shared.sim.whatif_check import QUANTITIES, engine_theory, validate, wilson
from shared.sim.whatif_pool import engine_forecasts
from shared.timeutil import at, to_ts


def _office(engine: QueueEngine, now: datetime) -> datetime:
    """Counter 4 (MOVE only) open, six MOVE tickets waiting since long enough that today's rate counts none
    (no new arrivals: the outcome is the backlog's alone). Returns the moment to forecast from (noon)."""
    noon = now.replace(hour=12, minute=0)
    engine.open_counter(4, now=noon - timedelta(hours=2))
    for i in range(6):
        engine.issue("MOVE", now=noon - timedelta(minutes=100 - i))
    return noon


@pytest.mark.backends("sqlite", "postgresql")  # the snapshot is taken from either backend
def test_engine_replication_serves_the_backlog_and_takes_the_plan(engine: QueueEngine, now: datetime) -> None:
    now = _office(engine, now)
    start = capture(engine, now)
    assert start.rates.get("MOVE", 0.0) == 0.0 and len(start.waiting["MOVE"]) == 6
    as_is = resolve(parse_plan("", engine.config, start.ts), start)
    closed = resolve(parse_plan("close 4 @now", engine.config, start.ts), start)
    more = resolve(parse_plan("+1 MOVE @now", engine.config, start.ts), start)
    with snapshot(engine) as snap:
        r = engine_replication(snap, engine.config, start, as_is, seed=1)
        # every waiting ticket is called, each wait counted from its entry (over 100 minutes already)
        assert len(r.waits["MOVE"]) == 6 and min(r.waits["MOVE"]) > 99 * 60
        assert r.at_close.get("MOVE", 0) == 0 and r.under_at["MOVE"] > start.ts
        shut = engine_replication(snap, engine.config, start, closed, seed=1)
        assert shut.waits["MOVE"] == [] and shut.at_close["MOVE"] == 6 and shut.under_at["MOVE"] == math.inf
        a = [
            max(engine_replication(snap, engine.config, start, as_is, seed=k).waits["MOVE"]) for k in range(3)
        ]
        b = [
            max(engine_replication(snap, engine.config, start, more, seed=k).waits["MOVE"]) for k in range(3)
        ]
    # two counters clear six 15-minute serves well before one does (about 45 against 90 minutes more)
    assert np.mean(b) < np.mean(a) - 20 * 60, (a, b)
    # the live office is untouched: the runs happened on copies
    assert len(engine.queue()) == 6 and engine.counter(4).state == "open"


def test_engine_forecast_summarises_like_the_fast_model(engine: QueueEngine, now: datetime) -> None:
    now = _office(engine, now)
    start = capture(engine, now)
    plan = parse_plan("+1 MOVE @now", engine.config, start.ts, "計画")
    f = engine_forecast(engine, start, plan, reps=3, seed=2)
    fast = forecast(start, plan, reps=50, seed=2)
    assert f.reps == 3 and [q.queue for q in f.queues] == [q.queue for q in fast.queues] == ["MOVE"]
    assert f.at_close.mid == 0 and f.p90_wait_s.low <= f.p90_wait_s.mid <= f.p90_wait_s.high
    # same state, same plan: the engine's p90 lies in the fast model's range (a loose check; the bench
    # compares the distributions)
    assert fast.p90_wait_s.low * 0.8 <= f.p90_wait_s.mid <= fast.p90_wait_s.high * 1.2


def test_planned_day_takes_the_plan_at_its_time(tmp_path: Path) -> None:
    scn = load_scenario("march30")
    engine = open_sim_office(tmp_path / "d.db", scenario_config(scn))
    try:
        day = PlannedDay(engine, scn, seed=5, window=(time(8, 45), time(10, 0)))
        t = at(scn.date, time(9, 15))
        day.add_plan([(to_ts(t), "close", 5, ()), (to_ts(t), "serve", 1, ("MOVE",))])
        day.advance(to_ts(t) - 1)
        assert engine.counter(5).state != "closed"
        day.advance(to_ts(t) + 1800)
        assert engine.counter(5).state == "closed" and engine.counter(1).services == ("MOVE",)
        close = [e for e in engine.store.events(types=["counter"]) if e["counter"] == 5][-1]
        assert close["data"]["action"] == "close" and close["ts"] >= to_ts(t)  # after its ticket in hand
        calls = [c for c in engine.store.calls_since(0, 100_000) if c.counter == 1 and c.ts > to_ts(t) + 600]
        assert calls and {c.service for c in calls} == {"MOVE"}
    finally:
        engine.store.close()


def test_validation_machinery_on_two_short_days() -> None:
    v = validate(
        2, 20, ("", "close 5 @9:45"), snap_at=time(9, 30), window=(time(8, 45), time(10, 15)), seed0=7
    )
    assert [d.plan for d in v.days] == ["", "close 5 @9:45"]
    for d in v.days:
        assert d.forecast.reps == 20 and d.at_close >= 0 and d.p90_wait_s >= 0
        assert d.inside("at_close") == (d.side("at_close") == "in")
    hits, n, (lo, hi) = v.coverage("at_close")
    assert n == 2 and 0 <= hits <= 2 and 0 <= lo <= hits / n <= hi <= 1
    assert v.coverage("p90_wait_s", "close 5 @9:45")[1] == 1
    for d in v.days:  # each day's conformity score: the factor that makes its unwidened interval hold it
        for q in QUANTITIES:
            w = widened(d.forecast.raw[q], d.score(q), HALF_FLOOR[q])
            assert w.low <= getattr(d, q) <= w.high, (q, d.score(q), w)
    assert v.scale("at_close") == math.inf  # two days cannot promise 80 %


def test_wilson_interval() -> None:
    lo, hi = wilson(32, 40)
    assert 0.65 < lo < 0.67 and 0.89 < hi < 0.91  # 80 % of 40: 65.2 %–89.5 %
    assert wilson(0, 0) == (0.0, 1.0) and wilson(10, 10)[1] == 1.0


def _morning(tmp_path: Path) -> tuple[QueueEngine, datetime]:
    """A simulated March-30 morning run on the real engine to 9:30 (life-event routes, pickups, transfers,
    a busy queue), the day closing at 10:15 so a replication stays short."""
    scn = load_scenario("march30")
    engine = open_sim_office(tmp_path / "m.db", scenario_config(scn))
    day = PlannedDay(engine, scn, seed=3, window=(time(8, 45), time(10, 15)))
    now = at(scn.date, time(9, 30))
    day.advance(to_ts(now))
    return engine, now


def _same(a: RepResult, b: RepResult) -> bool:
    return (a.waits, a.arrivals, a.at_close, a.under_at) == (b.waits, b.arrivals, b.at_close, b.under_at)


def test_in_memory_exclusive_replication_equals_the_file_path(tmp_path: Path) -> None:
    """The fast path (the copy opened in memory, the driver remembering what the engine told it) gives, seed
    for seed, exactly what the plain path gives (a file copy, every state read from the engine)."""
    engine, now = _morning(tmp_path)
    try:
        start = capture(engine, now)
        start.close_ts = to_ts(now.replace(hour=10, minute=15))
        plans = [
            resolve(parse_plan(t, engine.config, start.ts), start)
            for t in ("", "close 5 @9:45", "+1 MOVE @now", "serve 10 MOVE @9:40")
        ]
        calls = 0
        with snapshot(engine) as snap:
            for plan in plans:
                for seed in (1, 2):
                    fast = engine_replication(snap, engine.config, start, plan, seed)
                    plain = engine_replication(
                        snap, engine.config, start, plan, seed, in_memory=False, exclusive=False
                    )
                    assert _same(fast, plain), (plan.text, seed)
                    calls += sum(len(w) for w in fast.waits.values())
            assert not list(snap.path.parent.glob("rep-*.db"))  # the file copies are gone
        assert calls > 100  # the runs did real work
    finally:
        engine.store.close()


def test_engine_forecasts_same_seeds_same_answer_in_workers_or_here(tmp_path: Path) -> None:
    """The live what-if's runner: every plan on every seed (common random numbers), the same forecasts whether
    two worker processes or this process ran them; a budget stops it with whole seeds only."""
    engine, now = _morning(tmp_path)
    try:
        start = capture(engine, now)
        start.close_ts = to_ts(now.replace(hour=10, minute=0))
        plans = [parse_plan(t, engine.config, start.ts, t or "as is") for t in ("", "close 5 @9:45")]
        seen: list[tuple[int, int]] = []
        with snapshot(engine) as snap:
            here = engine_forecasts(snap, engine.config, start, plans, reps=3, budget_s=None, workers=0)
            there = engine_forecasts(
                snap,
                engine.config,
                start,
                plans,
                reps=3,
                budget_s=None,
                workers=2,
                progress=lambda d, n: seen.append((d, n)),
            )
            short = engine_forecasts(snap, engine.config, start, plans, reps=50, budget_s=0.0, workers=0)
            three = [
                *plans,
                parse_plan("+1 MOVE @now", engine.config, start.ts, "more"),
            ]  # more plans than workers
            short2 = engine_forecasts(snap, engine.config, start, three, reps=50, budget_s=0.0, workers=2)
        assert here.reps == there.reps == 3 and [f.reps for f in there.forecasts] == [3, 3]
        assert [f.queues for f in here.forecasts] == [f.queues for f in there.forecasts]
        assert [f.p90_wait_s for f in here.forecasts] == [f.p90_wait_s for f in there.forecasts]
        assert seen[-1] == (3, 3) and there.cpu_s > 0 and there.workers == 2
        assert short.reps == short2.reps == 1 and short.stopped_by_budget  # the first seed always runs
        assert short2.stopped_by_budget and [f.reps for f in short2.forecasts] == [1, 1, 1]
    finally:
        engine.store.close()


def test_engine_forecast_drains_an_mms_queue_as_theory_says() -> None:
    """The live what-if's path on an M/M/3 office (24 waiting, ρ = 0.5, exponential serves): the queue is first
    empty after N/(sμ − λ) on average, and later arrivals wait as Erlang C says, each within 3 standard errors
    of the replications' mean."""
    t = engine_theory(20, workers=0, fast_reps=200)
    assert t.reps == 20 and t.drain_theory_s == 4800.0
    assert t.inside() == (True, True), t
    # the paired estimate (200 fast runs corrected by the 20 engine runs of the same seeds) holds theory too,
    # with a smaller standard error than the engine runs alone
    assert t.fast_reps == 200 and t.paired_inside() == (True, True), t
    assert t.paired_drain_se < 0.6 * t.drain_se and t.paired_wait_se < 0.8 * t.wait_se, t


def test_fast_and_engine_runs_of_one_seed_meet_the_same_visitors(engine: QueueEngine, now: datetime) -> None:
    """Paired inputs: one seed gives both paths the same arrivals (times, services) and each visitor its own
    serves, so where the mechanics coincide (one counter, one queue, first come first served, no walk) the
    fast run and the engine run of a seed call the same people after the same waits."""
    now = _office(engine, now)
    for i in range(4):  # today's rate: a few MOVE tickets in the last 90 minutes
        engine.issue("MOVE", now=now - timedelta(minutes=40 - 10 * i))
    engine.call_next(4, now=now - timedelta(minutes=1))
    engine.start(4, now=now - timedelta(minutes=1))
    start = capture(engine, now)
    start.close_ts = start.ts + 2 * 3600.0
    start.intake_end = {k: min(v, start.close_ts) for k, v in start.intake_end.items()}
    assert start.rates["MOVE"] > 0 and start.desks[4].queue == "MOVE"
    plan = resolve(parse_plan("", engine.config, start.ts), start)
    a, b = inputs_for(start, 7), inputs_for(start, 7)
    assert a.arrivals == b.arrivals and a.z == b.z and a.means == b.means and len(a.arrivals) > 3
    assert inputs_for(start, 8).arrivals != a.arrivals
    with snapshot(engine) as snap:
        for seed in (7, 8):
            fast = replicate(start, plan, inputs_for(start, seed))
            eng = engine_replication(snap, engine.config, start, plan, seed)
            issued = sorted(ts for ts in eng.arrivals["MOVE"] if ts > start.ts)
            assert issued == pytest.approx([t for t, _q in inputs_for(start, seed).arrivals], abs=1e-3)
            assert len(fast.waits["MOVE"]) == len(eng.waits["MOVE"]) > 10
            assert fast.waits["MOVE"] == pytest.approx(eng.waits["MOVE"], abs=1e-2), seed


def _backlog(engine: QueueEngine, now: datetime, absent: int) -> datetime:
    """Counter 4 (MOVE only) open since 9:00; ``absent`` MOVE tickets called and marked 不在 this morning, then
    30 MOVE tickets waiting (15-minute serves: far more than the hour left before the closing time)."""
    noon = now.replace(hour=12, minute=0)
    t = noon - timedelta(hours=3)
    engine.open_counter(4, now=t)
    for _ in range(absent):
        engine.issue("MOVE", now=t)
        engine.call_next(4, now=t + timedelta(seconds=30))
        engine.recall(4, now=t + timedelta(seconds=60))
        engine.no_show(4, now=t + timedelta(seconds=90))
        t += timedelta(minutes=2)
    for i in range(30):
        engine.issue("MOVE", now=noon - timedelta(minutes=100 - i))
    return noon


def _short_day(start: Start, hours: float = 1.0) -> Start:
    start.close_ts = start.ts + hours * 3600.0
    start.intake_end = {k: min(v, start.close_ts) for k, v in start.intake_end.items()}
    return start


def test_no_show_and_abandon_draws_are_the_same_on_both_paths(engine: QueueEngine, now: datetime) -> None:
    """One seed, one visitor: the same absentees and the same impatient visitors on the fast model and on the
    engine (the driver's own recall/不在 and abandon mechanics), so where the mechanics coincide the two call
    the same people after the same waits and leave the same people waiting at the closing time."""
    now = _backlog(engine, now, absent=0)
    fresh = capture(engine, now)  # nobody called yet today: the priors, not 0
    assert fresh.no_show["MOVE"] == pytest.approx(NO_SHOW_PRIOR) and fresh.abandon == pytest.approx(
        ABANDON_PRIOR
    )
    start = replace(
        _short_day(capture(engine, now), hours=2.0), no_show={"MOVE": 0.3}, abandon=0.6, patience_s=60 * 60.0
    )
    plan = resolve(parse_plan("", engine.config, start.ts), start)
    a, b = inputs_for(start, 3), inputs_for(start, 3)
    assert a.absent_u == b.absent_u and a.deadline == b.deadline
    assert any(not math.isinf(d) for d in a.deadline)
    with snapshot(engine) as snap:
        for seed in (3, 4):
            fast = replicate(start, plan, inputs_for(start, seed))
            eng = engine_replication(snap, engine.config, start, plan, seed)
            assert fast.waits["MOVE"] == pytest.approx(eng.waits["MOVE"], abs=1e-2), seed
            assert fast.at_close["MOVE"] == eng.at_close["MOVE"], seed
            plain = replicate(replace(start, no_show={}, abandon=0.0), plan, inputs_for(start, seed))
            # the leavers make a difference here: fewer waiting at the closing time
            assert fast.at_close["MOVE"] < plain.at_close["MOVE"], seed


def test_observed_no_shows_leave_fewer_waiting_at_closing_on_both_paths(
    engine: QueueEngine, now: datetime
) -> None:
    now = _backlog(engine, now, absent=12)
    start = _short_day(capture(engine, now), hours=3.0)
    assert start.no_show["MOVE"] > 0.3 and 0 < start.abandon < 0.2, (start.no_show, start.abandon)
    none = replace(start, no_show={}, abandon=0.0)
    plan = resolve(parse_plan("", engine.config, start.ts), start)
    seeds = range(3)
    fast = [replicate(s, plan, inputs_for(s, k)).at_close["MOVE"] for s in (start, none) for k in seeds]
    with snapshot(engine) as snap:
        eng = [
            engine_replication(snap, engine.config, s, plan, k).at_close["MOVE"]
            for s in (start, none)
            for k in seeds
        ]
    for runs in (fast, eng):
        assert sum(runs[:3]) < sum(runs[3:]) - 6, runs
