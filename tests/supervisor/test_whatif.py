"""The what-if forecast against queueing theory, plans as text, and the forecast from a real office."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import numpy as np
import pytest

from shared.engine import QueueEngine
from shared.errors import DomainError
from shared.sim.mms import erlang_c
from shared.sim.whatif import (
    HALF_FLOOR,
    WIDEN,
    Change,
    DeskNow,
    Plan,
    Spread,
    Start,
    capture,
    forecast,
    needed_factor,
    parse_plan,
    replicate,
    resolve,
    unstaffed,
    widened,
)
from shared.sim.whatif_check import conformal_scale

T0 = 1_790_000_000.0


def _mms_start(servers: int, waiting: int, lam: float, mean_s: float) -> Start:
    """One service, ``servers`` busy desks, ``waiting`` people in the queue, Poisson(``lam``) arrivals all day."""
    return Start(
        ts=T0,
        close_ts=T0 + 12 * 3600,
        waiting={"S": [T0 - 1.0] * waiting},
        desks={n: DeskNow(("S",), "open", queue="S", started=T0) for n in range(1, servers + 1)},
        rates={"S": lam},
        intake_end={"S": T0 + 12 * 3600},
        mean_s={"S": mean_s},
        targets={"S": 1800.0},
        exponential=True,
    )


def test_mms_queue_drains_at_the_rate_theory_says_and_then_waits_as_erlang_c():
    s, mean, rho, backlog, reps = 3, 300.0, 0.7, 30, 400
    mu = 1 / mean
    lam = rho * s * mu
    start = _mms_start(s, backlog, lam, mean)
    rng = np.random.default_rng(7)
    runs = [replicate(start, Plan("as is", ""), rng) for _ in range(reps)]
    # while every desk is busy the queue shrinks by s·μ − λ per second: a backlog of N is gone after N/(sμ−λ)
    drain = np.array([r.empty_at["S"] - T0 for r in runs])
    theory = backlog / (s * mu - lam)
    se = drain.std(ddof=1) / math.sqrt(reps)
    assert abs(drain.mean() - theory) < 3 * se, (drain.mean(), theory, se)
    # afterwards the queue is the stationary M/M/s: mean wait C(s, a) / (sμ − λ) (Erlang C)
    late = []
    for r in runs:
        arr, w = np.array(r.arrivals["S"]), np.array(r.waits["S"])
        sel = (arr > T0 + 6 * 3600) & (arr < T0 + 11 * 3600)
        late.append(w[sel].mean())
    late_a = np.array(late)
    wq = erlang_c(s, lam / mu) / (s * mu - lam)
    se = late_a.std(ddof=1) / math.sqrt(reps)
    assert abs(late_a.mean() - wq) < 3 * se, (late_a.mean(), wq, se)


def test_more_desks_drain_faster_within_the_interval():
    start = _mms_start(2, 40, 0.005, 300.0)
    plan = Plan("+1", "", ())
    base = forecast(start, plan, reps=100, seed=1)
    more = forecast(start, parse_plan("open 3 S @now", _cfg_with_s(), T0), reps=100, seed=1)
    b, m = base.queues[0].under_at, more.queues[0].under_at
    assert m.mid < b.mid and m.low <= m.mid <= m.high


def _cfg_with_s():
    from shared.sim.mms import mms_config

    return mms_config(3, 5.0)


def test_plan_text_errors_are_one_line(office_config):
    with pytest.raises(DomainError, match="計画「close 99」"):
        parse_plan("close 99", office_config, T0)
    with pytest.raises(DomainError, match="読めません"):
        parse_plan("two more please", office_config, T0)
    with pytest.raises(DomainError, match="'NOPE'"):
        parse_plan("+1 NOPE", office_config, T0)
    p = parse_plan("+2 MOVE @now; close 5 @23:00; pause 3 @23:10-23:20", office_config, T0)
    assert [c.kind for c in p.changes] == ["add", "close", "pause", "resume"]


def test_forecast_from_a_real_office_and_plan_resolution(engine: QueueEngine, now):
    e = engine
    for n in (4, 7):
        e.open_counter(n, now=now - timedelta(hours=1))
    for i in range(12):
        e.issue("MOVE", now=now - timedelta(minutes=50 - 4 * i))
    e.call_next(4, now=now - timedelta(minutes=40))
    e.start(4, now=now - timedelta(minutes=39))
    start = capture(e, now)
    assert len(start.waiting["MOVE"]) == 11 and start.rates["MOVE"] > 0
    assert start.desks[4].queue == "MOVE" and start.desks[5].state == "closed"
    plan = resolve(parse_plan("+2 MOVE @now", e.config, start.ts), start)
    assert [(c.kind, c.counter) for c in plan.changes] == [("open", 1), ("open", 2)]  # closed counters first
    base = forecast(start, parse_plan("", e.config, start.ts), reps=60)
    more = forecast(start, plan, reps=60)
    f0 = next(q for q in base.queues if q.queue == "MOVE")
    f1 = next(q for q in more.queues if q.queue == "MOVE")
    assert f1.p90_wait_s.mid < f0.p90_wait_s.mid


def test_arrivals_follow_the_usual_days_shape_scaled_to_todays_rate():
    from shared.sim.whatif import draw_arrivals, usual_shape
    from shared.timeutil import TOKYO

    ten = datetime(2026, 3, 30, 10, 0, tzinfo=TOKYO).timestamp()
    # today's rate was counted 9:30–10:30; the usual day had 10 then 30 tickets an hour there: mean 20
    assert usual_shape({9: 10.0, 10: 30.0, 11: 60.0}, ten - 1800, ten + 1800) == {9: 0.5, 10: 1.5, 11: 3.0}
    assert usual_shape({14: 5.0}, ten - 1800, ten + 1800) == {}  # nothing known there: no shape
    start = _mms_start(1, 0, 0.01, 300.0)
    start.ts, start.close_ts = ten, ten + 3 * 3600
    start.intake_end = {"S": start.close_ts}
    start.shape = {10: 1.0, 11: 2.0, 12: 0.5}
    rng = np.random.default_rng(3)
    counts = np.zeros(3)
    for _ in range(300):
        t = np.array(draw_arrivals(start, rng)["S"])
        counts += np.histogram(t - ten, bins=[0, 3600, 7200, 10800])[0]
    mean = counts / 300
    expected = np.array([36.0, 72.0, 18.0])
    assert np.all(np.abs(mean - expected) < 4 * np.sqrt(expected / 300)), mean
    start.shape = {}
    flat = np.mean([len(draw_arrivals(start, rng)["S"]) for _ in range(300)])
    assert abs(flat - 108.0) < 4 * math.sqrt(108.0 / 300)


def test_the_common_schedule_is_forecast_but_not_part_of_the_plan(office_config):
    from shared.sim.whatif import with_common

    plan = parse_plan("close 5 @12:00", office_config, T0, "計画2")
    common = parse_plan("pause 1 @11:30-12:15", office_config, T0)
    both = with_common(plan, common)
    assert both.name == "計画2" and both.text == "pause 1 @11:30-12:15; close 5 @12:00"
    assert {c.kind for c in both.changes} == {"pause", "resume", "close"} and len(plan.changes) == 1
    assert with_common(plan, parse_plan("", office_config, T0)) is plan


def test_todays_follow_on_steps_are_learned_and_replayed(engine: QueueEngine, now):
    from shared.sim.whatif import route_shares

    e = engine
    e.open_counter(4, now=now - timedelta(hours=1))
    for i in range(4):
        e.issue("MOVE", now=now - timedelta(minutes=50 - i))
    for i in range(4):
        t = now - timedelta(minutes=40 - 5 * i)
        e.call_next(4, now=t)
        e.start(4, now=t)
        if i % 2:
            e.transfer(4, "NHI", now=t + timedelta(minutes=3))  # half of them go on to 国保
        else:
            e.finish(4, now=t + timedelta(minutes=3))
    assert route_shares(e, now) == {"MOVE": {"NHI": 0.5}}
    assert capture(e, now).routing == {"MOVE": {"NHI": 0.5}}
    # the model sends every finished S on to T when the share is 1, and never when there is no route
    start = _mms_start(1, 20, 0.0, 60.0)
    start.desks[2] = DeskNow(("T",), "open")
    start.routing = {"S": {"T": 1.0}}
    r = replicate(start, Plan("as is", ""), np.random.default_rng(1))
    assert len(r.waits["S"]) == 20 and len(r.waits["T"]) == 21  # the one in service at the start too
    start.routing = {}
    r = replicate(start, Plan("as is", ""), np.random.default_rng(1))
    assert not r.waits.get("T")


def test_todays_pace_against_the_usual_day_from_history(engine: QueueEngine, now):
    e = engine  # now: Tuesday 10:00; the office opened at 8:45
    for weeks in (1, 2):  # two earlier Tuesdays: 6 tickets in the 9 o'clock hour
        day = now - timedelta(weeks=weeks)
        for i in range(6):
            e.issue("RES", now=day.replace(hour=9, minute=5 + 5 * i))
    for i in range(12):  # today: twice as many
        e.issue("RES", now=now.replace(hour=9, minute=2 + 4 * i))
    start = capture(e, now)
    assert start.pace is not None and abs(start.pace - 2.0) < 1e-9  # 12/1.25 h against (0·¼ + 6·1)/1.25 h
    assert start.shape[9] == 1.25  # 6 an hour against the span's usual 4.8
    assert capture(e, now, usual={}).pace is None and capture(e, now, usual={}).shape == {}


def test_a_mean_from_few_serves_widens_the_interval():
    start = _mms_start(1, 30, 0.0, 300.0)
    start.exponential = False
    sure = forecast(start, Plan("as is", ""), reps=200, seed=4).queues[0].under_at
    start.mean_n = {"S": 3}  # today's mean counter time rests on 3 serves only
    unsure = forecast(start, Plan("as is", ""), reps=200, seed=4).queues[0].under_at
    assert unsure.high - unsure.low > 1.5 * (sure.high - sure.low), (sure, unsure)
    assert abs(unsure.mid - sure.mid) < 0.25 * (sure.mid - T0)  # wider, not shifted


def test_the_shown_interval_is_the_replications_widened_by_the_calibrated_factor():
    start = _mms_start(2, 25, 1 / 400.0, 300.0)
    f = forecast(start, Plan("as is", ""), reps=80, seed=3)
    for key in ("p90_wait_s", "at_close"):
        raw, shown = f.raw[key], getattr(f, key)
        assert raw.low <= raw.mid <= raw.high
        assert shown == widened(raw, WIDEN[key], HALF_FLOOR[key])
        assert shown.mid == raw.mid  # wider about the same median, never below 0
        if raw.high - raw.mid >= HALF_FLOOR[key]:
            assert math.isclose(shown.high - shown.mid, WIDEN[key] * (raw.high - raw.mid))
    assert WIDEN["p90_wait_s"] > 1.0 and WIDEN["at_close"] > 1.0  # what the calibration days called for


def test_widening_and_its_conformal_factor():
    s = Spread(mid=100.0, low=80.0, high=110.0)
    assert widened(s, 2.0) == Spread(100.0, 60.0, 120.0)
    assert widened(s, 6.0) == Spread(100.0, 0.0, 160.0)  # never below 0
    assert widened(Spread(0.0, 0.0, 0.0), 1.5, floor=2.0) == Spread(0.0, 0.0, 3.0)
    for value in (100.0, 90.0, 80.0, 115.0, 130.0, 5.0):
        k = needed_factor(s, value)
        w = widened(s, k)
        assert w.low <= value <= w.high  # the factor holds the value ...
        if k > 0:
            w = widened(s, 0.99 * k)
            assert not w.low <= value <= w.high  # ... and no less would
    assert needed_factor(s, 100.0) == 0.0 and needed_factor(s, 110.0) == 1.0
    # split-conformal: the ⌈0.8·(n+1)⌉-th smallest score; with 9 days that is the 8th
    scores = [0.5, 2.0, 0.1, 1.2, 0.9, 3.0, 1.0, 0.7, 1.5]
    assert conformal_scale(scores, 0.8) == 2.0
    assert conformal_scale(scores[:3], 0.8) == math.inf  # too few days to promise 80 %
    held = sum(s <= conformal_scale(scores, 0.8) for s in scores)
    assert held == 8


def test_a_queue_no_open_counter_serves_all_day_is_named_not_forecast_as_hours_of_waiting():
    """Counter 2 (the only T counter) is paused; counter 1 serves S. A queue is unstaffed unless a counter
    serving it is open at some moment from now on, under the plan."""
    start = Start(
        ts=T0,
        close_ts=T0 + 6 * 3600,
        waiting={"S": [T0 - 1.0] * 3, "T": [T0 - 1.0] * 4},
        desks={1: DeskNow(("S",), "open"), 2: DeskNow(("T",), "paused"), 3: DeskNow(("S", "U"), "closed")},
        rates={"S": 0.001, "T": 0.001},
        intake_end={},
        mean_s={"S": 300.0, "T": 300.0},
        targets={"S": 1800.0, "T": 1800.0},
    )
    assert unstaffed(start, Plan("as is", "", ())) == {"T", "U"}
    resumed = Plan("p", "", (Change(3600.0, "resume", 2),))
    assert unstaffed(start, resumed) == {"U"}
    # turned to another service "now": S's only open counter never serves S
    moved = Plan("p", "", (Change(0.0, "serve", 1, ("T",)),))
    assert unstaffed(start, moved) == {"S", "U"}
    # ... but a counter that serves S until 12:00 did serve it
    later = Plan("p", "", (Change(3600.0, "serve", 1, ("T",)), Change(7200.0, "close", 3)))
    assert unstaffed(start, later) == {"U"}
    assert unstaffed(start, Plan("p", "", (Change(600.0, "open", 3, ("S", "U")),))) == {"T"}
