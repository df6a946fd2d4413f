"""Many replications with the engine's mechanics: the fast model's runs corrected by paired engine runs
(common random numbers as a control variate).

Run ``i`` of the fast model and of the engine take the same random inputs (:func:`~shared.sim.whatif.inputs_for`:
the same arrivals, means and visitors' serves), so their outcomes move together (on the demo morning the
paired p90 waits correlate at 0.99) and their difference is the engine's mechanics (its call policy, the
walk, life-event routes, pickups) rather than noise. With ``n`` engine runs paired with the first ``n`` of
``N`` fast runs, per quantity:

- **regression** (``n >= MIN_PAIRS``): ``y_engine ≈ a + b·y_fast`` fitted on the ``n`` pairs and applied to
  all ``N`` fast outcomes, with a resampled residual added back to each, scaled for the fit's own uncertainty
  (``s·√(n/(n−2))·√(1 + 1/n + (x − x̄)²/Sxx)``, the prediction interval of a least-squares line), so the
  interval is not narrower than the engine's own spread;
- **shift** (fewer pairs, or no spread in the fast outcomes): the ``N`` fast outcomes moved by the mean paired
  difference;
- **engine** (the pairs disagree on whether the queue is ever back under its target today, or nothing finite
  to fit): the engine runs themselves.

The result is a :class:`~shared.sim.whatif.Forecast` like the others (``reps`` = N, ``engine_reps`` = n),
checked like them (``madoguchi bench supervisor --validate D --validate-engine n``).
"""

from __future__ import annotations

import math
import time as _time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from shared.config import OfficeConfig
from shared.sim.engine_whatif import Snapshot
from shared.sim.whatif import (
    DEFAULT_REPS,
    Forecast,
    Key,
    Plan,
    RepResult,
    Start,
    fast_runs,
    forecast_of,
    resolve,
    run_values,
)
from shared.sim.whatif_pool import BUDGET_S, MAX_REPS, EngineRun, Progress, engine_forecasts

MIN_PAIRS = 5  # fewer pairs than this: no slope, the mean difference only
FLOORS = {"p90_wait_s": 0.0, "at_close": 0.0}  # a corrected value never goes below (under_at: the start)


def paired_values(
    x_pairs: Sequence[float], y_pairs: Sequence[float], x_all: Sequence[float], rng: np.random.Generator
) -> tuple[list[float], str]:
    """The engine's outcomes estimated from all fast outcomes ``x_all`` and ``n`` pairs (fast ``x_pairs[i]``,
    engine ``y_pairs[i]``, same inputs): the values and the method (regression | shift | engine)."""
    x, y, xa = (np.asarray(v, dtype=float) for v in (x_pairs, y_pairs, x_all))
    if len(x) == 0:
        return list(x_all), "fast"
    fx, fy = np.isfinite(x), np.isfinite(y)
    if not np.array_equal(fx, fy) or not fx.any():
        return list(
            y_pairs
        ), "engine"  # the engine and the fast model disagree on "not today": trust the engine
    x, y = x[fx], y[fx]
    out = xa.copy()
    fin = np.isfinite(xa)
    xs = xa[fin]
    m = len(x)
    sxx = float(((x - x.mean()) ** 2).sum())
    if m >= MIN_PAIRS and sxx > 0:
        b = float(((x - x.mean()) * (y - y.mean())).sum() / sxx)
        a = float(y.mean() - b * x.mean())
        resid = y - a - b * x
        scale = math.sqrt(m / (m - 2)) * np.sqrt(1.0 + 1.0 / m + (xs - x.mean()) ** 2 / sxx)
        noise = resid[rng.integers(0, m, size=len(xs))] * scale
        out[fin] = a + b * xs + noise
        return out.tolist(), "regression"
    out[fin] = xs + float((y - x).mean())
    return out.tolist(), "shift"


@dataclass(frozen=True)
class Combined:
    forecast: Forecast
    methods: dict[Key, str]  # per quantity: regression | shift | engine


def combine(
    start: Start,
    plan: Plan,
    engine: Sequence[RepResult],
    fast: Sequence[RepResult],
    seconds: float = 0.0,
    seed: int = 0,
    pairs: Sequence[int] | None = None,
) -> Combined:
    """The paired forecast of ``plan`` (resolved): ``engine[i]`` ran on the inputs of ``fast[pairs[i]]``
    (default: ``fast[i]``)."""
    n = len(engine)
    idx = list(range(n)) if pairs is None else list(pairs)
    if len(idx) != n or any(not 0 <= i < len(fast) for i in idx):
        raise ValueError("every engine run needs its paired fast run")
    ev, fv = run_values(start, engine), run_values(start, fast)
    rng = np.random.default_rng([seed, 41])
    values: dict[Key, list[float]] = {}
    methods: dict[Key, str] = {}
    for key in sorted(set(ev) | set(fv)):
        q, quantity = key
        base = start.ts if quantity == "under_at" else 0.0
        x_all = [v - base for v in fv.get(key, [start.ts if quantity == "under_at" else 0.0] * len(fast))]
        y = [v - base for v in ev.get(key, [start.ts if quantity == "under_at" else 0.0] * n)]
        got, how = paired_values([x_all[i] for i in idx], y, x_all, rng)
        floor = FLOORS.get(quantity, 0.0)
        values[key] = [max(v, floor) + base if not math.isinf(v) else v for v in got]
        methods[key] = how
    f = forecast_of(plan, values, len(fast), seconds, engine_reps=n, fast_reps=len(fast))
    return Combined(f, methods)


@dataclass
class LiveRun:
    """The console's what-if: per plan the paired forecast (``combined``), the engine runs' own (``engine``)
    and the fast model's (``fast``), with the cost."""

    engine: EngineRun
    combined: list[Forecast]
    fast: list[Forecast]
    fast_reps: int
    fast_s: float
    wall_s: float
    methods: list[dict[Key, str]] = field(default_factory=list)


def live_forecasts(
    snap: Snapshot,
    config: OfficeConfig,
    start: Start,
    plans: Sequence[Plan],
    *,
    reps: int = MAX_REPS,
    fast_reps: int = DEFAULT_REPS,
    budget_s: float | None = BUDGET_S,
    workers: int | None = None,
    seed: int = 0,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> LiveRun:
    """The fast model's ``fast_reps`` runs per plan (here, first: well under a second), then the engine's on the
    same seeds in the rest of the budget (:func:`~shared.sim.whatif_pool.engine_forecasts`), then each plan's
    paired forecast."""
    t0 = _time.perf_counter()
    resolved = [resolve(p, start) for p in plans]
    fast = [fast_runs(start, p, fast_reps, seed) for p in resolved]
    fast_s = _time.perf_counter() - t0
    budget = None if budget_s is None else max(budget_s - fast_s, 0.0)
    run = engine_forecasts(
        snap,
        config,
        start,
        resolved,
        reps=min(reps, fast_reps),
        budget_s=budget,
        workers=workers,
        seed=seed,
        progress=progress,
        cancelled=cancelled,
    )
    wall = _time.perf_counter() - t0
    combined, quick, methods = [], [], []
    for k, plan in enumerate(resolved):
        c = combine(start, plan, run.runs[k], fast[k], wall, seed, run.indices)
        combined.append(c.forecast)
        methods.append(c.methods)
        quick.append(forecast_of(plan, run_values(start, fast[k]), fast_reps, fast_s))
    return LiveRun(run, combined, quick, fast_reps, fast_s, _time.perf_counter() - t0, methods)


def paired_mean(
    x_pairs: Sequence[float], y_pairs: Sequence[float], x_all: Sequence[float]
) -> tuple[float, float]:
    """The engine's mean estimated from ``n`` pairs and ``N`` fast values (the control-variate estimator
    ``ȳ + b·(x̄_N − x̄_n)``; the mean shift under ``MIN_PAIRS``), with its standard error."""
    x, y, xa = (np.asarray(v, dtype=float) for v in (x_pairs, y_pairs, x_all))
    n, big = len(x), len(xa)
    if n == 0 or big < 2:
        return math.nan, math.inf
    sxx = float(((x - x.mean()) ** 2).sum())
    if n >= MIN_PAIRS and sxx > 0:
        b = float(((x - x.mean()) * (y - y.mean())).sum() / sxx)
        resid = y - y.mean() - b * (x - x.mean())
        est = float(y.mean() + b * (xa.mean() - x.mean()))
        se = math.sqrt(float((resid**2).sum()) / (n - 2) / n + b * b * float(xa.var(ddof=1)) / big)
        return est, se
    d = y - x
    se = math.sqrt(float(d.var(ddof=1)) / n + float(xa.var(ddof=1)) / big) if n > 1 else math.inf
    return float(xa.mean() + d.mean()), se
