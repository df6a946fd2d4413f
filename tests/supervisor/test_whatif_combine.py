"""The paired forecast (shared/sim/whatif_combine.py): N fast runs corrected by n engine runs on the same
inputs. What it computes, with tiny counts; its coverage on held-out days is ``madoguchi bench supervisor
--validate D --validate-engine n``."""

from __future__ import annotations

import math
import threading
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from shared.engine import QueueEngine
from shared.sim.engine_whatif import snapshot
from shared.sim.whatif import capture, fast_runs, parse_plan, resolve, spread
from shared.sim.whatif_combine import LiveRun, combine, live_forecasts, paired_values, progressive_forecasts


def test_the_regression_carries_the_engines_slope_and_its_residual_spread() -> None:
    """y = 10 + 1.5·x + noise: from 12 pairs and 400 fast values the corrected distribution has the engine's
    centre and spread (the slope scales the fast spread, the residual is added back), not the fast model's."""
    rng = np.random.default_rng(3)
    x_all = rng.normal(100.0, 20.0, 400)
    y_true = 10 + 1.5 * x_all + rng.normal(0, 2.0, 400)
    got, how = paired_values(x_all[:12], y_true[:12], x_all, np.random.default_rng(1))
    assert how == "regression"
    g, t = np.array(got), y_true
    assert abs(g.mean() - t.mean()) < 3 and abs(g.std() - t.std()) < 0.1 * t.std()
    s, st = spread(got), spread(t.tolist())
    assert abs(s.low - st.low) < 6 and abs(s.high - st.high) < 6


def test_a_weak_pairing_keeps_the_engines_own_spread() -> None:
    """The engine's outcome barely follows the fast one (y = x + noise of sd 30 while x varies by 1): the
    interval is as wide as the engine's runs say (about ±1.28·30), not the fast model's narrow one."""
    rng = np.random.default_rng(5)
    x_all = rng.normal(50.0, 1.0, 300)
    y = x_all[:12] + rng.normal(0, 30.0, 12)
    got, how = paired_values(x_all[:12], y, x_all, np.random.default_rng(2))
    s = spread(got)
    assert how == "regression" and s.high - s.low > 2 * 1.28 * 30 * 0.6, s


def test_few_pairs_shift_and_disagreeing_pairs_fall_back_to_the_engine() -> None:
    x_all = [10.0, 20.0, 30.0, 40.0]
    got, how = paired_values([10.0, 20.0], [15.0, 27.0], x_all, np.random.default_rng(0))
    assert how == "shift" and got == [16.0, 26.0, 36.0, 46.0]
    got, how = paired_values([10.0, math.inf], [15.0, 30.0], x_all, np.random.default_rng(0))
    assert how == "engine" and got == [15.0, 30.0]
    got, how = paired_values([10.0, math.inf], [15.0, math.inf], [*x_all, math.inf], np.random.default_rng(0))
    assert how == "shift" and got[-1] == math.inf and got[0] == 15.0


def _busy(engine: QueueEngine, now: datetime) -> datetime:
    noon = now.replace(hour=12, minute=0)
    engine.open_counter(4, now=noon - timedelta(hours=2))
    for i in range(8):
        engine.issue("MOVE", now=noon - timedelta(minutes=80 - 10 * i))
    return noon


def test_live_forecasts_pair_the_engine_runs_with_the_fast_runs_of_their_seeds(
    engine: QueueEngine, now: datetime
) -> None:
    now = _busy(engine, now)
    start = capture(engine, now)
    start.close_ts = start.ts + 3600.0
    start.intake_end = {k: min(v, start.close_ts) for k, v in start.intake_end.items()}
    plans = [parse_plan(t, engine.config, start.ts, t or "as is") for t in ("", "+1 MOVE @now")]
    with snapshot(engine) as snap:
        live = live_forecasts(
            snap, engine.config, start, plans, reps=3, fast_reps=20, budget_s=None, workers=0
        )
    assert live.engine.indices == [0, 1, 2] and live.fast_reps == 20
    for k, f in enumerate(live.combined):
        assert f.reps == 20 and f.engine_reps == 3 and f.fast_reps == 20
        assert [q.queue for q in f.queues] == [q.queue for q in live.engine.forecasts[k].queues]
        assert live.methods[k][("", "p90_wait_s")] == "shift"  # 3 pairs: no slope
    # the correction is the mean paired difference, applied to the fast runs of the same seeds
    plan = resolve(plans[0], start)
    fast = fast_runs(start, plan, 20, 0)
    again = combine(start, plan, live.engine.runs[0], fast).forecast
    assert again.p90_wait_s == live.combined[0].p90_wait_s
    shuffled = combine(start, plan, live.engine.runs[0], fast, pairs=[5, 6, 7]).forecast
    assert shuffled.p90_wait_s != again.p90_wait_s  # other pairs, another correction


def test_more_engine_runs_move_the_paired_forecast_to_the_engines_own(
    engine: QueueEngine, now: datetime
) -> None:
    """The console's background batches (progressive_forecasts): a first answer within the budget (here: one
    seed), then batches of engine runs merged in, each update with more; with an engine run for every fast run
    the paired forecast is the engine's own, and a few short of that it is already close to it."""
    now = _busy(engine, now)
    engine.open_counter(5, now=now - timedelta(hours=1))
    for i in range(6):
        engine.issue("MOVE", now=now - timedelta(minutes=30 - 5 * i))
    start = capture(engine, now)
    start.close_ts = start.ts + 3600.0
    start.intake_end = {k: min(v, start.close_ts) for k, v in start.intake_end.items()}
    plans = [parse_plan(t, engine.config, start.ts, t or "as is") for t in ("", "close 5 @now")]
    seen: list[LiveRun] = []
    with snapshot(engine) as snap:
        last = progressive_forecasts(
            snap, engine.config, start, plans, reps=30, fast_reps=30, budget_s=0.0, batch=10, workers=0,
            update=seen.append,
        )  # fmt: skip
    assert [u.engine.reps for u in seen] == [1, 11, 21, 30] and last is seen[-1]
    assert seen[-1].engine.indices == list(range(30))
    for k in range(2):
        own, paired = last.engine.forecasts[k], last.combined[k]
        assert paired.engine_reps == 30 and paired.reps == 30
        assert (paired.p90_wait_s, paired.at_close, paired.queues) == (
            own.p90_wait_s,
            own.at_close,
            own.queues,
        )
        near = seen[-2].combined[k]  # 21 engine runs of 30
        for got, want in ((near.p90_wait_s, own.p90_wait_s), (near.at_close, own.at_close)):
            width = max(want.high - want.low, 1.0)
            assert abs(got.low - want.low) <= 0.25 * width and abs(got.high - want.high) <= 0.25 * width, (
                got,
                want,
            )
    # the plans differ (one counter fewer leaves more waiting): the merge kept each plan's own runs
    assert last.engine.forecasts[1].at_close.mid > last.engine.forecasts[0].at_close.mid


def test_background_batches_in_worker_processes_match_this_process_and_stop_on_cancel(
    engine: QueueEngine, now: datetime
) -> None:
    """The batches run on the worker pool give the forecasts this process gives for the same seeds; a cancel
    after an update ends the run there (nothing merged after it), and the pool serves the next run."""
    now = _busy(engine, now)
    start = capture(engine, now)
    start.close_ts = start.ts + 1800.0
    start.intake_end = {k: min(v, start.close_ts) for k, v in start.intake_end.items()}
    plans = [parse_plan(t, engine.config, start.ts, t or "as is") for t in ("", "+1 MOVE @now")]
    kw: dict[str, Any] = {"reps": 5, "fast_reps": 8, "budget_s": 0.0, "batch": 2}
    with snapshot(engine) as snap:
        here = progressive_forecasts(snap, engine.config, start, plans, workers=0, **kw)
        there = progressive_forecasts(snap, engine.config, start, plans, workers=2, **kw)
        seen: list[int] = []
        stop = threading.Event()

        def update(run: LiveRun) -> None:
            seen.append(run.engine.reps)
            if len(seen) == 2:
                stop.set()

        cut = progressive_forecasts(
            snap, engine.config, start, plans, workers=2, update=update, cancelled=stop.is_set, **kw
        )
    assert here.engine.reps == there.engine.reps == 5 and there.engine.workers == 2
    assert [f.p90_wait_s for f in here.combined] == [f.p90_wait_s for f in there.combined]
    assert [f.at_close for f in here.engine.forecasts] == [f.at_close for f in there.engine.forecasts]
    assert seen == [1, 3] and cut.engine.reps == 3
