"""``madoguchi bench supervisor``: time the what-if for 3 plans from the busy demo morning (goal < 5 s).

The live what-if runs on the real engine (in-memory copies, worker processes, a time budget) as the console runs
it: the first answer within the budget, then engine replications in background batches until each plan has
``--engine-reps``. Prints per plan the replications, their CPU time and the forecast (the first answer's beside
the last); the time to the first answer against the goal and the time until every plan has its engine
replications, the CPU time of this process and the workers, CPU s per engine replication, and the load average (the machine is shared: wall time also holds other
processes' turns). Then the fast model from the same state for comparison, and the engine path against
M/M/s theory. One run, no asserts: the figures are for the reader (and the issue's closing note).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import datetime
from pathlib import Path

from shared.engine import QueueEngine
from shared.office import open_office
from shared.sim.whatif import DEFAULT_REPS, Forecast, capture, forecast, parse_plan, resolve
from shared.sim.whatif_check import DayCheck
from shared.sim.whatif_pool import BUDGET_S, MAX_REPS
from supervisor.demo import build_demo

GOAL_S = 5.0
PLANS = ("", "+2 MOVE @now", "close 5 @12:00")


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="madoguchi bench supervisor", description=__doc__.splitlines()[0])
    p.add_argument(
        "--reps", type=int, default=DEFAULT_REPS, help=f"replications per plan (default {DEFAULT_REPS})"
    )
    p.add_argument(
        "--budget",
        type=float,
        default=BUDGET_S,
        help=f"engine what-if: seconds the replications may take, as the console gives them (default {BUDGET_S}); "
        "0: no budget, run --engine-reps per plan",
    )
    p.add_argument(
        "--engine-reps",
        type=int,
        default=MAX_REPS,
        help=f"engine what-if: replications per plan, the first answer's within the budget and the rest in "
        f"background batches (default {MAX_REPS})",
    )
    p.add_argument(
        "--workers", type=int, default=None, help="engine what-if: worker processes (default: cores)"
    )
    p.add_argument(
        "--theory", type=int, default=40, metavar="REPS", help="M/M/3 theory check replications (0: skip)"
    )
    p.add_argument(
        "--validate-engine",
        type=int,
        default=0,
        metavar="REPS",
        help="validation: forecast with REPS engine replications per day instead of the fast model",
    )
    p.add_argument(
        "--validate",
        type=int,
        default=0,
        metavar="DAYS",
        help="also validate the forecast on DAYS simulated days where the plan is taken, on the full engine "
        "(slow: ~15 s a day)",
    )
    p.add_argument(
        "--calibrate",
        type=int,
        default=0,
        metavar="DAYS",
        help="derive the interval widening (WIDEN in shared/sim/whatif.py) on DAYS calibration days from --seed, "
        "the forecast as the console's first answer (REPS engine runs as for the validation, default 12, and "
        "the fast runs); check it on other seeds with --validate (slow: ~5–15 s a day)",
    )
    p.add_argument(
        "--engine",
        type=int,
        default=0,
        metavar="REPS",
        help="also run REPS replications per plan on the real engine in memory from the same state, time them "
        "and compare their distribution with the fast model's (slow: seconds per replication)",
    )
    p.add_argument(
        "--no-breaks",
        action="store_true",
        help="validation: do not give the forecast the day's lunch rotation (the common schedule)",
    )
    p.add_argument(
        "--seed", type=int, default=100, help="validation: the first simulated day's seed (default 100)"
    )
    p.add_argument(
        "--flat",
        action="store_true",
        help="validation: today's arrival rate holds for the rest of the day (no usual-day shape)",
    )
    a = p.parse_args(argv)
    if not 1 <= a.reps <= 100_000:
        p.error("--reps must be 1–100000")
    if not 0 <= a.validate <= 200 or not 0 <= a.calibrate <= 200:
        p.error("--validate and --calibrate must be 0–200")
    if not 0 <= a.engine <= 1000:
        p.error("--engine must be 0–1000")
    if not 1 <= a.engine_reps <= 10_000 or a.budget < 0:
        p.error("--engine-reps must be 1–10000 and --budget 0 or more")
    if a.workers is not None and not 0 <= a.workers <= 16:
        p.error("--workers must be 0–16")
    with tempfile.TemporaryDirectory(prefix="madoguchi-bench-supervisor-") as tmp:
        engine = open_office(Path(tmp) / "bench.db", None)
        now = build_demo(engine)
        live_engine(engine, now, a.engine_reps, a.budget or None, a.workers, a.reps)
        print("fast model alone, same state (its seeds per plan):")
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        start = capture(engine, now)
        t_capture = time.perf_counter() - t0
        total = t_capture
        print(
            f"state at {now:%H:%M}: {sum(len(v) for v in start.waiting.values())} waiting, "
            f"{sum(1 for d in start.desks.values() if d.state == 'open')} open counters; capture {t_capture:.3f} s"
        )
        for i, text in enumerate(PLANS):
            t = time.perf_counter()
            plan = resolve(parse_plan(text, engine.config, start.ts, text or "as is"), start)
            f = forecast(start, plan, a.reps, seed=i)
            dt = time.perf_counter() - t
            total += dt
            print(
                f"plan {i + 1} {plan.name!r}: {a.reps} reps in {dt:.2f} s ({1000 * dt / a.reps:.1f} ms/rep); "
                f"p90 wait {f.p90_wait_s.mid / 60:.0f} min [{f.p90_wait_s.low / 60:.0f}–{f.p90_wait_s.high / 60:.0f}], "
                f"waiting at closing {f.at_close.mid:.0f} [{f.at_close.low:.0f}–{f.at_close.high:.0f}]"
            )
        cpu = time.process_time() - cpu0
        engine.store.close()
    print(
        f"fast model total {total:.2f} s for {len(PLANS)} plans; CPU time {cpu:.2f} s; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    if a.theory:
        theory(a.theory, a.workers, a.reps)
    if a.engine:
        calibrate(a.engine, a.reps)
    if a.calibrate:
        derive_widen(a.calibrate, a.reps, not a.no_breaks, not a.flat, a.seed, a.validate_engine or 12)
    if a.validate:
        validate(a.validate, a.reps, not a.no_breaks, not a.flat, a.seed, a.validate_engine)
    return 0


def live_engine(
    engine: QueueEngine,
    now: datetime,
    reps: int,
    budget: float | None,
    workers: int | None,
    fast_reps: int = DEFAULT_REPS,
) -> None:
    """The console's what-if as it runs there: capture, snapshot, the fast runs, every plan on the engine within
    the rest of the budget, the paired forecast per plan (the first answer), then the engine replications in
    background batches on the same workers until every plan has ``reps`` (the console's refinement); the time to
    the first answer and to the last batch, measured in this one run."""
    from shared.sim.engine_whatif import snapshot
    from shared.sim.whatif_combine import LiveRun, progressive_forecasts
    from shared.sim.whatif_pool import default_workers, warm_up

    n = default_workers() if workers is None else workers
    if n:
        print(f"worker processes: {n}, started in {warm_up(n):.2f} s (once per console, when the tab opens)")
    load0 = os.getloadavg()[0]
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    start = capture(engine, now)
    plans = [parse_plan(text, engine.config, start.ts, text or "as is") for text in PLANS]
    got: list[tuple[float, LiveRun]] = []
    with snapshot(engine) as snap:
        t_snap = time.perf_counter() - t0
        live = progressive_forecasts(
            snap,
            engine.config,
            start,
            plans,
            reps=reps,
            fast_reps=max(fast_reps, reps),
            budget_s=budget,
            workers=workers,
            update=lambda r: got.append((time.perf_counter() - t0, r)),
        )
    run = live.engine
    wall = time.perf_counter() - t0
    here = time.process_time() - cpu0  # capture, snapshot, the fast runs, handing out, merging, summarising
    first_s, first = got[0]
    print(
        f"state at {now:%H:%M}: {sum(len(v) for v in start.waiting.values())} waiting, "
        f"{sum(1 for d in start.desks.values() if d.state == 'open')} open counters; capture + snapshot "
        f"{t_snap:.2f} s ({len(snap.image) // 1024} KiB)"
    )

    def figs(f: Forecast) -> str:
        p, c = f.p90_wait_s, f.at_close
        return (
            f"p90 wait {p.mid / 60:.0f} min [{p.low / 60:.0f}–{p.high / 60:.0f}], "
            f"waiting at closing {c.mid:.0f} [{c.low:.0f}–{c.high:.0f}]"
        )

    for i, (f, c) in enumerate(zip(run.forecasts, run.per_plan_cpu_s, strict=True)):
        comb, quick, how = live.combined[i], live.fast[i], live.methods[i]
        print(
            f"engine plan {i + 1} {f.plan.name!r}: {f.reps} reps, CPU {c:.2f} s ({c / max(f.reps, 1):.3f} s/rep); "
            f"{figs(f)}"
        )
        print(
            f"  paired plan {i + 1}: engine {comb.engine_reps} + fast {comb.fast_reps} reps "
            f"({how[('', 'p90_wait_s')]}): {figs(comb)}; first answer (engine {first.combined[i].engine_reps}): "
            f"{figs(first.combined[i])}; fast alone: {figs(quick)}"
        )
    engine_cpu = sum(run.per_plan_cpu_s)
    per_rep = engine_cpu / max(run.reps * len(PLANS), 1)
    print(
        f"first answer {first_s:.2f} s wall for {len(PLANS)} plans x ({first.engine.reps} engine + "
        f"{live.fast_reps} fast) reps (goal < {GOAL_S:.0f} s: {first_s / GOAL_S:.2f} of it; budget "
        f"{'none' if budget is None else f'{budget:.1f} s'}"
        f"{', stopped by it' if first.engine.stopped_by_budget else ''}; fast runs {live.fast_s:.2f} s)"
    )
    print(
        f"engine total {wall:.2f} s wall until {run.reps} engine reps per plan ({len(got)} updates, "
        f"{len(PLANS)} plans x ({run.reps} engine + {live.fast_reps} fast) reps; goal < {GOAL_S:.0f} s for the "
        f"first answer); CPU {run.worker_cpu_s + here:.2f} s ({run.worker_cpu_s:.2f} s in {n} worker(s), "
        f"{here:.2f} s here); {per_rep:.3f} CPU s/engine rep; load average {load0:.1f} -> "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )


def theory(reps: int, workers: int | None, fast_reps: int = DEFAULT_REPS) -> None:
    """The engine what-if's path on an M/M/3 office against Erlang C (shared/sim/whatif_check.engine_theory)."""
    from shared.sim.whatif_check import engine_theory

    t = engine_theory(reps, workers=workers, fast_reps=fast_reps)
    ok, pk = t.inside(), t.paired_inside()
    print(
        f"theory M/M/{t.servers} rho {t.rho} backlog {t.backlog}, {t.reps} engine reps in {t.seconds:.1f} s: "
        f"queue first empty after {t.drain_s / 60:.1f} ± {t.drain_se / 60:.1f} min (N/(sμ−λ) = "
        f"{t.drain_theory_s / 60:.1f}) {'ok' if ok[0] else 'OFF'}; later waits {t.wait_s:.0f} ± {t.wait_se:.0f} s "
        f"(Erlang C {t.wait_theory_s:.0f} s) {'ok' if ok[1] else 'OFF'} (± 1 SE; ok = within 3 SE)"
    )
    print(
        f"theory paired (engine {t.reps} + fast {t.fast_reps}): queue first empty after "
        f"{t.paired_drain_s / 60:.1f} ± {t.paired_drain_se / 60:.1f} min {'ok' if pk[0] else 'OFF'}; later waits "
        f"{t.paired_wait_s:.0f} ± {t.paired_wait_se:.0f} s {'ok' if pk[1] else 'OFF'}"
    )


def validate(
    days: int,
    reps: int,
    known_breaks: bool = True,
    usual_day: bool = True,
    seed0: int = 100,
    engine_reps: int = 0,
) -> None:
    """Forecast validation (shared/sim/whatif_check.validate): on ``days`` simulated March-30 days, forecast at
    11:10 with a plan, then take that plan on the day and run it out on the real engine; coverage of the
    10–90 % interval per quantity (stated 80 %), with a 95 % Wilson interval."""
    from shared.sim.whatif import WIDEN
    from shared.sim.whatif_check import QUANTITIES, STATED, validate

    v = validate(
        days,
        engine_reps or reps,
        PLANS,
        known_breaks=known_breaks,
        usual_day=usual_day,
        seed0=seed0,
        progress=show_day,
        engine=bool(engine_reps),
        fast_reps=reps,
    )
    print(
        f"{days} days in {v.seconds:.0f} s; forecast by {'the engine' if engine_reps else 'the fast model'}, "
        f"{engine_reps or reps} reps; stated coverage {STATED:.0%}; the forecast knew the lunch "
        f"rotation: {'yes' if known_breaks else 'no'}, the usual day's hourly shape: {'yes' if usual_day else 'no'}"
    )
    kinds: list[str | None] = ["fast", "engine", "combined"] if engine_reps else [None]
    for kind in kinds:
        label = {
            None: "",
            "fast": f"fast model ({reps} reps) ",
            "engine": f"engine alone ({engine_reps} reps) ",
            "combined": f"combined (engine {engine_reps} + fast {reps}) ",
        }[kind]
        for q in QUANTITIES:
            for raw in (False, True):
                hits, n, (lo, hi) = v.coverage(q, kind=kind, raw=raw)
                miss = v.misses(q, kind, raw)
                per_plan = "; ".join(
                    f"{p or 'as is'} {v.coverage(q, p, kind, raw)[0]}/{v.coverage(q, p, kind, raw)[1]}"
                    for p in PLANS
                )
                print(
                    f"coverage {label}{q}{' unwidened' if raw else f' (widened x{WIDEN[q]:.2f})'}: {hits}/{n} = "
                    f"{hits / max(n, 1):.0%} (95 % CI {lo:.0%}–{hi:.0%}); outside below {miss['low']}, above "
                    f"{miss['high']}; per plan: {per_plan}"
                )


def show_day(d: DayCheck) -> None:
    """One validation day: the outcome, and per forecast its shown interval and where the outcome fell."""
    parts = []
    for kind in d.kinds or {"": d.forecast}:
        f = d.of(kind or None)
        parts.append(
            f"{kind + ' ' if kind else ''}closing [{f.at_close.low:.0f}–{f.at_close.high:.0f}] "
            f"{d.side('at_close', kind or None)}, p90 [{f.p90_wait_s.low / 60:.0f}–{f.p90_wait_s.high / 60:.0f}] "
            f"{d.side('p90_wait_s', kind or None)}"
        )
    print(
        f"day seed {d.seed} plan {d.plan or 'as is'!r}: waiting at closing {d.at_close}, p90 wait "
        f"{d.p90_wait_s / 60:.0f} min; " + "; ".join(parts),
        flush=True,
    )


def derive_widen(
    days: int,
    reps: int,
    known_breaks: bool = True,
    usual_day: bool = True,
    seed0: int = 100,
    engine_reps: int = 12,
) -> None:
    """Split-conformal calibration of the shown interval (shared/sim/whatif.py ``WIDEN``): on ``days``
    calibration days (seeds from ``seed0``; keep them apart from the days you then validate on), the factor each
    day's unwidened interval of the console's first answer (engine + fast, paired) needs to hold the outcome, and
    the ⌈0.8·(n+1)⌉-th smallest of them per quantity."""
    from shared.sim.whatif import WIDEN
    from shared.sim.whatif_check import QUANTITIES, STATED, validate

    v = validate(
        days,
        engine_reps,
        PLANS,
        known_breaks=known_breaks,
        usual_day=usual_day,
        seed0=seed0,
        progress=show_day,
        engine=True,
        fast_reps=reps,
    )
    print(
        f"calibration: {days} days (seeds {seed0}–{seed0 + days - 1}) in {v.seconds:.0f} s; forecast: engine "
        f"{engine_reps} + fast {reps} reps (combined); stated coverage {STATED:.0%}; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    for q in QUANTITIES:
        hits, n, (lo, hi) = v.coverage(q, kind="combined", raw=True)
        miss = v.misses(q, "combined", raw=True)
        print(
            f"calibrate {q}: unwidened coverage {hits}/{n} = {hits / max(n, 1):.0%} (95 % CI {lo:.0%}–{hi:.0%}; "
            f"outside below {miss['low']}, above {miss['high']}); WIDEN {v.scale(q, 'combined'):.3f} "
            f"(now in the code: {WIDEN[q]:.2f})"
        )


def calibrate(engine_reps: int, fast_reps: int) -> None:
    """The fast model against the real engine in memory, from the demo state, per plan."""
    from shared.sim.whatif_check import QUANTITIES, calibrate

    with tempfile.TemporaryDirectory(prefix="madoguchi-bench-calibrate-") as tmp:
        engine = open_office(Path(tmp) / "bench.db", None)
        now = build_demo(engine)
        cals = calibrate(engine, now.timestamp(), PLANS, fast_reps, engine_reps)
        engine.store.close()
    total = 0.0
    for c in cals:
        per = c.engine_s / max(len(c.engine), 1)
        total += per
        print(
            f"plan {c.plan!r}: engine {len(c.engine)} reps in {c.engine_s:.1f} s ({per:.2f} s/rep); "
            f"fast {len(c.fast)} reps in {c.fast_s:.2f} s"
        )
        for q in QUANTITIES:
            sf, se, share = c.compare(q)
            scale = 60.0 if q == "p90_wait_s" else 1.0
            print(
                f"  {q}: fast {sf.mid / scale:.0f} [{sf.low / scale:.0f}–{sf.high / scale:.0f}], "
                f"engine {se.mid / scale:.0f} [{se.low / scale:.0f}–{se.high / scale:.0f}]; "
                f"engine runs inside the fast interval {share:.0%} (80 % if calibrated)"
            )
    print(
        f"engine in one process: {DEFAULT_REPS} reps x {len(PLANS)} plans would take ~{DEFAULT_REPS * total:.0f} s "
        f"on this machine (goal < {GOAL_S:.0f} s)"
    )
