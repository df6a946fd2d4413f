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

Wherever a fast run has its engine run, the engine's own outcome stands for it (only the fast runs without one
are estimated), so as engine runs come in (the console keeps running them in the background,
:func:`progressive_forecasts`) the paired forecast moves to the engine's own, and with an engine run for every
fast run it is the engine's own.

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
    summarise,
)
from shared.sim.whatif_pool import BUDGET_S, MAX_REPS, EngineRun, Progress, engine_forecasts

MIN_PAIRS = 5  # fewer pairs than this: no slope, the mean difference only
FLOORS = {"p90_wait_s": 0.0, "at_close": 0.0}  # a corrected value never goes below (under_at: the start)


def paired_values(
    x_pairs: Sequence[float],
    y_pairs: Sequence[float],
    x_all: Sequence[float],
    rng: np.random.Generator,
    at: Sequence[int] | None = None,
) -> tuple[list[float], str]:
    """The engine's outcomes estimated from all fast outcomes ``x_all`` and ``n`` pairs (fast ``x_pairs[i]``,
    engine ``y_pairs[i]``, same inputs): the values and the method (regression | shift | engine). ``at``: where
    each pair's fast run is in ``x_all``; there the engine's own outcome is kept, not an estimate."""
    out, how = _estimated(x_pairs, y_pairs, x_all, rng)
    if at is not None and how in ("regression", "shift"):
        if len(at) != len(y_pairs):
            raise ValueError("one position per pair")
        for i, y in zip(at, y_pairs, strict=True):
            out[i] = float(y)
    return out, how


def _estimated(
    x_pairs: Sequence[float], y_pairs: Sequence[float], x_all: Sequence[float], rng: np.random.Generator
) -> tuple[list[float], str]:
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
    values: dict[Key, list[float]] = field(default_factory=dict)  # per quantity: the N estimated outcomes


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
        got, how = paired_values([x_all[i] for i in idx], y, x_all, rng, idx)
        floor = FLOORS.get(quantity, 0.0)
        values[key] = [max(v, floor) + base if not math.isinf(v) else v for v in got]
        methods[key] = how
    f = forecast_of(plan, values, len(fast), seconds, engine_reps=n, fast_reps=len(fast))
    return Combined(f, methods, values)


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
    paired forecast: :func:`progressive_forecasts`' first answer."""
    return progressive_forecasts(
        snap,
        config,
        start,
        plans,
        reps=reps,
        fast_reps=fast_reps,
        budget_s=budget_s,
        batch=0,
        workers=workers,
        seed=seed,
        progress=progress,
        cancelled=cancelled,
    )


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


BATCH_SEEDS = (
    10  # the console's background replications: seeds per batch (every plan on each), then a refresh
)

Update = Callable[[LiveRun], None]


def _offset(progress: Progress | None, base: int, target: int) -> Progress | None:
    """A batch's progress counted on from the seeds already done, out of the whole target."""
    if progress is None:
        return None
    return lambda done, _most: progress(base + done, target)


def progressive_forecasts(
    snap: Snapshot,
    config: OfficeConfig,
    start: Start,
    plans: Sequence[Plan],
    *,
    reps: int = MAX_REPS,
    fast_reps: int = DEFAULT_REPS,
    budget_s: float | None = BUDGET_S,
    batch: int = BATCH_SEEDS,
    workers: int | None = None,
    seed: int = 0,
    update: Update | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> LiveRun:
    """The first answer as :func:`live_forecasts` gives it (within ``budget_s``), handed to ``update``; then,
    batch after batch of ``batch`` seeds (every plan on each, on the same workers), the engine runs so far merged
    and every plan's paired forecast made again from all of them, each handed to ``update``, until each plan has
    ``reps`` engine runs (at most ``fast_reps``: every engine run has its paired fast run) or ``cancelled``.
    ``progress(done, reps)`` counts the seeds done on every plan. ``batch=0``: the first answer only. Returns
    the last :class:`LiveRun` (a batch cut short by a cancel adds nothing; cancelled before the first answer:
    no forecasts)."""
    t0 = _time.perf_counter()
    resolved = [resolve(p, start) for p in plans]
    fast_reps = max(fast_reps, 1)
    target = min(reps, fast_reps)
    fast = [fast_runs(start, p, fast_reps, seed) for p in resolved]
    fast_s = _time.perf_counter() - t0
    quick = [
        forecast_of(p, run_values(start, f), fast_reps, fast_s) for p, f in zip(resolved, fast, strict=True)
    ]
    have: dict[int, list[RepResult]] = {}  # replication number -> the runs of every plan
    cpu = [0.0] * len(resolved)
    worker_cpu = here_cpu = 0.0
    n_workers = 0
    stopped = False

    def stop() -> bool:
        return cancelled is not None and cancelled()

    def merged() -> LiveRun:
        idx = sorted(have)
        wall = _time.perf_counter() - t0
        runs = [[have[i][k] for i in idx] for k in range(len(resolved))]
        eng = EngineRun(
            [summarise(start, p, r, wall) for p, r in zip(resolved, runs, strict=True)],
            len(idx),
            wall,
            here_cpu + worker_cpu,
            n_workers,
            list(cpu),
            stopped,
            runs,
            worker_cpu,
            idx,
        )
        combined, methods = [], []
        for k, plan in enumerate(resolved):
            c = combine(start, plan, runs[k], fast[k], wall, seed, idx)
            combined.append(c.forecast)
            methods.append(c.methods)
        return LiveRun(eng, combined, quick, fast_reps, fast_s, _time.perf_counter() - t0, methods)

    last: LiveRun | None = None
    first = True
    while len(have) < target and not stop():
        todo = [i for i in range(target) if i not in have]
        if not first:
            todo = todo[: max(batch, 1)]
        run = engine_forecasts(
            snap,
            config,
            start,
            resolved,
            indices=todo,
            budget_s=(None if budget_s is None else max(budget_s - fast_s, 0.0)) if first else None,
            workers=workers,
            seed=seed,
            progress=_offset(progress, len(have), target),
            cancelled=cancelled,
        )
        if stop():
            break  # a batch cut short: what it finished is dropped with it (the plans or the state changed)
        for j, i in enumerate(run.indices):
            have[i] = [run.runs[k][j] for k in range(len(resolved))]
        for k, c in enumerate(run.per_plan_cpu_s):
            cpu[k] += c
        worker_cpu += run.worker_cpu_s
        here_cpu += run.cpu_s - run.worker_cpu_s
        n_workers, stopped = run.workers, run.stopped_by_budget
        first = False
        last = merged()
        if update is not None:
            update(last)
        if batch <= 0:
            break  # the first answer only
    if last is None:
        last = (
            merged()
            if have
            else LiveRun(
                EngineRun([], 0, 0.0, 0.0, n_workers), [], quick, fast_reps, fast_s, _time.perf_counter() - t0
            )
        )
    return last
