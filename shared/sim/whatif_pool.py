"""The live what-if on the real engine: every plan from one snapshot of the office, replications spread over
worker processes, within a time budget.

One replication of the rest of a busy day is a few thousand engine transactions (about 0.2 s of CPU on an
in-memory copy, :func:`~shared.sim.engine_whatif.engine_replication`), so the count that fits in the budget is
what the machine gives: the forecast runs seed after seed, each seed on every plan (common random numbers: the
same arrivals and service draws meet each plan, so the plans' difference is not noise), until the budget or
``reps`` is reached, and reports how many replications it ran. Only seeds finished on every plan count.

The workers are separate processes (a ``forkserver`` pool, started once and kept: the console forks nothing of
its own, and a worker starts with the engine already imported). ``workers=0`` runs in this process (tests).
"""

from __future__ import annotations

import atexit
import math
import multiprocessing
import os
import threading
import time as _time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from shared.config import OfficeConfig
from shared.sim.engine_whatif import Snapshot, engine_replication
from shared.sim.whatif import SEED_STRIDE, Forecast, Plan, RepResult, Start, resolve, seed_of, summarise

BUDGET_S = 4.5  # the live console's goal is an answer within 5 s for three plans
MAX_REPS = 300

Progress = Callable[[int, int], None]  # (seeds finished on every plan, the most that will run)


@dataclass
class EngineRun:
    """What one forecast took: per plan its forecast, and the cost."""

    forecasts: list[Forecast]
    reps: int  # replications per plan (seeds finished on every plan)
    wall_s: float
    cpu_s: float  # this process and the workers together
    workers: int
    per_plan_cpu_s: list[float] = field(default_factory=list)
    stopped_by_budget: bool = False
    runs: list[list[RepResult]] = field(default_factory=list)  # per plan, the replications in seed order
    worker_cpu_s: float = 0.0  # the workers' share of cpu_s
    indices: list[int] = field(default_factory=list)  # each run's replication number i (seed_of(seed, i)): a
    # budget may leave a gap, and the fast model's run i is the paired one

    @property
    def per_rep_cpu_s(self) -> float:
        return self.cpu_s / max(self.reps * max(len(self.forecasts), 1), 1)


_seed = seed_of  # replication i of a forecast seeded base: the fast model's run i has the same inputs


def _one_seed(
    snap: Snapshot, config: OfficeConfig, start: Start, plans: Sequence[Plan], seed: int
) -> tuple[int, list[RepResult], list[float]]:
    """Every plan on one seed (in a worker): the results and each plan's CPU seconds."""
    out, cpu = [], []
    for plan in plans:
        c = _time.process_time()
        out.append(engine_replication(snap, config, start, plan, seed))
        cpu.append(_time.process_time() - c)
    return seed, out, cpu


_pool: ProcessPoolExecutor | None = None
_pool_workers = 0
_pool_lock = threading.Lock()


def _warm(_: int) -> int:
    return os.getpid()


def pool(workers: int) -> ProcessPoolExecutor:
    """The shared worker processes (started on first use, kept until exit)."""
    global _pool, _pool_workers
    with _pool_lock:
        if _pool is None or _pool_workers != workers:
            if _pool is not None:
                _pool.shutdown(wait=False, cancel_futures=True)
            ctx: multiprocessing.context.BaseContext
            if "forkserver" in multiprocessing.get_all_start_methods():
                fs = multiprocessing.get_context("forkserver")
                fs.set_forkserver_preload(["shared.sim.whatif_pool"])
                ctx = fs
            else:  # Windows: a fresh interpreter per worker
                ctx = multiprocessing.get_context("spawn")
            _pool, _pool_workers = ProcessPoolExecutor(max_workers=workers, mp_context=ctx), workers
        return _pool


def warm_up(workers: int = 0) -> float:
    """Start the worker processes now (the console does it when the what-if tab opens), so the first forecast
    does not pay for it. Returns the seconds it took."""
    t = _time.perf_counter()
    n = workers or default_workers()
    p = pool(n)
    list(p.map(_warm, range(n)))
    return _time.perf_counter() - t


def _reset_pool() -> None:
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


atexit.register(_reset_pool)


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def engine_forecasts(
    snap: Snapshot,
    config: OfficeConfig,
    start: Start,
    plans: Sequence[Plan],
    *,
    reps: int = MAX_REPS,
    budget_s: float | None = BUDGET_S,
    workers: int | None = None,
    seed: int = 0,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    indices: Sequence[int] | None = None,
) -> EngineRun:
    """Up to ``reps`` replications of each plan on the real engine, from ``snap`` (taken by the caller in the
    thread that owns the engine: :func:`~shared.sim.engine_whatif.snapshot`), stopping when the next seed would
    end after ``budget_s`` (None: run all ``reps``). Same ``seed`` and same number of replications: the same
    forecasts, however many workers ran them. ``indices``: the replication numbers to run, in this order
    (default ``range(reps)``; the console's later batches run the next ones)."""
    t0, c0 = _time.perf_counter(), _time.process_time()
    resolved = [resolve(p, start) for p in plans]
    order = list(range(reps)) if indices is None else list(indices)
    reps = len(order)
    n_workers = default_workers() if workers is None else workers
    deadline = math.inf if budget_s is None else t0 + budget_s
    done: dict[int, tuple[list[RepResult], list[float]]] = {}
    worker_cpu = 0.0
    stopped = False

    def record(s: int, runs: list[RepResult], cpu: list[float]) -> None:
        done[s] = (runs, cpu)  # keyed by the seed itself
        if progress is not None:
            progress(len(done), reps)

    def stop() -> bool:
        return cancelled is not None and cancelled()

    if n_workers == 0:
        seed_wall = 0.0
        for i in range(reps):
            if stop() or (i and _time.perf_counter() + seed_wall > deadline):
                stopped = i < reps
                break
            t = _time.perf_counter()
            record(*_one_seed(snap, config, start, resolved, _seed(seed, order[i])))
            took = _time.perf_counter() - t
            seed_wall = took if i == 0 else 0.7 * seed_wall + 0.3 * took
    else:
        try:
            stopped, worker_cpu = _run_pool(
                snap, config, start, resolved, order, seed, n_workers, deadline, record, stop
            )
        except BrokenProcessPool:  # a worker died (killed, out of memory): start afresh next time
            _reset_pool()
            raise
    seeds = sorted(done)
    forecasts, per_plan_cpu, all_runs = [], [], []
    for k, plan in enumerate(resolved):
        runs = [done[s][0][k] for s in seeds]
        forecasts.append(summarise(start, plan, runs, _time.perf_counter() - t0))
        per_plan_cpu.append(sum(done[s][1][k] for s in seeds))
        all_runs.append(runs)
    return EngineRun(
        forecasts,
        len(seeds),
        _time.perf_counter() - t0,
        _time.process_time() - c0 + worker_cpu,
        n_workers,
        per_plan_cpu,
        stopped,
        all_runs,
        worker_cpu,
        [s - seed * SEED_STRIDE for s in seeds],
    )


def _one_rep(
    snap: Snapshot, config: OfficeConfig, start: Start, plan: Plan, seed: int
) -> tuple[RepResult, float]:
    """One plan on one seed (in a worker): the result and its CPU seconds."""
    c = _time.process_time()
    res = engine_replication(snap, config, start, plan, seed)
    return res, _time.process_time() - c


def _run_pool(
    snap: Snapshot,
    config: OfficeConfig,
    start: Start,
    plans: list[Plan],
    order: list[int],
    seed: int,
    n_workers: int,
    deadline: float,
    record: Callable[[int, list[RepResult], list[float]], None],
    stop: Callable[[], bool],
) -> tuple[bool, float]:
    """Hand out one replication (a seed on one plan) at a time, seed after seed, keeping ``n_workers`` in
    flight; the next only if it should finish before the deadline (by the running mean of a replication's wall
    time). A seed counts once all its plans are back. Returns whether the budget (or a cancel) stopped it, and
    the workers' CPU seconds (a seed left incomplete included)."""
    ex = pool(n_workers)
    n_plans, reps = len(plans), len(order)
    running: dict[Future[tuple[RepResult, float]], tuple[int, float]] = {}
    partial: dict[int, dict[int, tuple[RepResult, float]]] = {}
    unit = 0
    rep_wall = cpu = 0.0
    finished = 0

    def submit() -> None:
        nonlocal unit
        j, k = divmod(unit, n_plans)
        f = ex.submit(_one_rep, snap, config, start, plans[k], _seed(seed, order[j]))
        running[f] = (unit, _time.perf_counter())
        unit += 1

    total = reps * n_plans
    while unit < min(n_workers, total):
        submit()
    stopped = False
    while running:
        ready, _ = wait(list(running), timeout=0.25, return_when=FIRST_COMPLETED)
        if stop():
            for f in running:
                f.cancel()
            return True, cpu
        for f in ready:
            u, began = running.pop(f)
            i, k = divmod(u, n_plans)
            got = partial.setdefault(i, {})
            got[k] = f.result()
            cpu += got[k][1]
            if len(got) == n_plans:
                del partial[i]
                record(
                    _seed(seed, order[i]),
                    [got[j][0] for j in range(n_plans)],
                    [got[j][1] for j in range(n_plans)],
                )
            finished += 1
            took = _time.perf_counter() - began
            rep_wall = took if finished == 1 else 0.7 * rep_wall + 0.3 * took
            if unit < total:  # the first seed always completes: a forecast has at least one replication
                if unit < n_plans or _time.perf_counter() + rep_wall <= deadline:
                    submit()
                else:
                    stopped = True
    return stopped, cpu
