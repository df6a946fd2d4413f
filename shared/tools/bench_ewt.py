"""``madoguchi bench ewt``: accuracy of the wait estimate against every baseline, per band of people ahead.

Simulated ward scenarios (train on the earlier days, score the later ones), M/M/s sanity cells, or an external
per-customer log (``--log FILE.csv``). ``--predictions OUT.csv`` writes ``customer_id,estimate_s,low_s,high_s``.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time as _time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from shared.errors import ConfigError, MadoguchiError, run_main
from shared.predict.ensemble import MODEL
from shared.predict.evaluate import ORACLE, OURS, Case, score_days, train
from shared.predict.log import read_csv
from shared.predict.metrics import HEADER, bootstrap_mse_gain, rase, score
from shared.predict.state import days_of, visit_events
from shared.sim.driver import WardDay
from shared.sim.forward import Oracle
from shared.sim.mms import mms_config, mms_scenario
from shared.sim.office import open_sim_office, scenario_config
from shared.sim.scenario import Scenario, load_scenario, scenario_names

WARD = ("tuesday", "monday", "march30", "branch")
STRATA = ("0", "1-5", "6-15", "16+")


def _stratum(n: int) -> str:
    return "0" if n <= 0 else "1-5" if n <= 5 else "6-15" if n <= 15 else "16+"


def refresh_cost(tmp: Path, waiting: int = 40, runs: int = 15) -> str:
    """What one display/kiosk refresh pays for the estimates: ``estimate_waits`` over every service of the
    default office with ``waiting`` tickets queued at three open counters (goal ≤ 2 ms per service)."""
    from datetime import datetime

    from shared import estimate
    from shared.config import load_config
    from shared.office import open_office
    from shared.timeutil import TOKYO

    now = datetime(2026, 11, 24, 10, 0, tzinfo=TOKYO)
    engine = open_office(tmp / "refresh.db", load_config())
    for n in (1, 4, 7):
        engine.open_counter(n, now=now)
    for i in range(waiting):
        engine.issue(("RES", "MOVE", "NHI", "TAX")[i % 4], now=now)
    estimate.estimate_waits(engine, now)  # the first call loads the model
    took = []
    for _ in range(runs):
        t0 = _time.perf_counter()
        estimate.estimate_waits(engine, now)
        took.append(_time.perf_counter() - t0)
    engine.store.close()
    per_service = float(np.median(took)) * 1000 / len(engine.services)
    verdict = "ok" if per_service <= 2.0 else "OVER"
    return (
        f"estimate refresh: {len(engine.services)} services, {waiting} waiting: median "
        f"{float(np.median(took)) * 1000:.2f} ms, {per_service:.3f} ms per service   [goal ≤ 2 ms: {verdict}]"
    )


def simulate_days(
    scn: Scenario, days: Sequence[date], seed: int, tmp: Path, config: Any = None
) -> list[list[dict[str, Any]]]:
    cfg = config or scenario_config(scn)
    engine = open_sim_office(tmp / f"{abs(hash((scn.name, seed))) % 10**8}.db", cfg)
    out = []
    try:
        for i, d in enumerate(days):
            WardDay(engine, scn, d, seed=seed * 1000 + i).run()
            out.append(engine.store.events(day=d.isoformat()))
    finally:
        engine.store.close()
    return out


def _all_given(values: list[float | None]) -> list[float] | None:
    """The values when every one is given (a predictor with an 80% range), else None."""
    given = [v for v in values if v is not None]
    return given if len(given) == len(values) else None


def table(cases: Sequence[Case], title: str, names: Sequence[str] | None = None) -> list[str]:
    if not cases:
        return [f"{title}: no scored tickets"]
    names = names or [n for n in cases[0].preds if n != ORACLE]
    lines = [
        f"{title}  (minutes; mean wait {np.mean([c.wait for c in cases]) / 60:.1f})",
        f"{'predictor':<24}{HEADER}",
    ]
    w = _waits(cases)
    for n in names:
        p = [c.preds[n] for c in cases]
        lo, hi = _all_given([x[1] for x in p]), _all_given([x[2] for x in p])
        lines.append(f"{n:<24}{score([x[0] for x in p], w, lo, hi).row()}")
    return lines


def _waits(cases: Sequence[Case]) -> list[float]:
    """The waits of scored cases (every case here was called)."""
    out = [c.wait for c in cases if c.wait is not None]
    assert len(out) == len(cases), "a case without a wait was passed for scoring"
    return out


def _mse(cases: Sequence[Case], name: str) -> float:
    return float(np.mean((np.array([c.preds[name][0] for c in cases]) - np.array(_waits(cases))) ** 2))


def _mae(cases: Sequence[Case], name: str) -> float:
    return float(np.mean(np.abs(np.array([c.preds[name][0] for c in cases]) - np.array(_waits(cases)))))


def classic(cases: Sequence[Case]) -> list[str]:
    """The baselines ours is judged against: every classic rule (not ours, the oracle or the pooled model)."""
    return [n for n in cases[0].preds if n not in (OURS, ORACLE, MODEL)]


def best_baseline(cases: Sequence[Case], by: str = "mse") -> str:
    f = _mse if by == "mse" else _mae
    return min(classic(cases), key=lambda n: f(cases, n))


def compare_words(ours: float, base: float, what: str, name: str) -> str:
    """ "MSE 38% lower than R10 rolling mean", "MSE 12% higher than …", "MSE 5.0× that of …" (plain words)."""
    if base <= 0:
        return f"{what} {ours:.2f} (the best baseline, {name}, is exact)"
    r = ours / base
    if r < 1:
        return f"{what} {100 * (1 - r):.0f}% lower than {name}"
    if r < 2:
        return f"{what} {100 * (r - 1):.0f}% higher than {name}"
    return f"{what} {r:.1f}× that of {name}"


def _change(g: float) -> str:
    return f"{100 * g:.0f}% lower" if g >= 0 else f"{-100 * g:.0f}% higher"


def gain_line(cases: Sequence[Case], label: str) -> str:
    if not cases:
        return f"{label}: no cases"
    best = best_baseline(cases)
    w = np.array([c.wait for c in cases])
    ours = np.array([c.preds[OURS][0] for c in cases]) - w
    base = np.array([c.preds[best][0] for c in cases]) - w
    lo, hi = bootstrap_mse_gain(ours, base, np.array([c.day for c in cases]))
    ci = f"{_change(lo)} … {_change(hi)}"
    return (
        f"{label}: {compare_words(float(np.mean(ours**2)), float(np.mean(base**2)), 'MSE', best)}, the best "
        f"classic baseline (95% day-block bootstrap CI: {ci})"
    )


def goals(cases: Sequence[Case]) -> tuple[dict[str, float], dict[str, bool]]:
    """Per log (issue 16): MAE ≤ 1.05 × the best baseline's, 80% range covers 75–85%, |bias| ≤ 10% of the
    mean wait."""
    best = best_baseline(cases, "mae")
    w = np.array([c.wait for c in cases], dtype=float)
    p = np.array([c.preds[OURS] for c in cases], dtype=float)
    fig = {
        "mae": _mae(cases, OURS) / 60,
        "best_mae": _mae(cases, best) / 60,
        "cover": float(np.mean((w >= p[:, 1]) & (w <= p[:, 2]))),
        "bias": float(np.mean(p[:, 0] - w)) / 60,
        "mean": float(np.mean(w)) / 60,
        "mse_ratio": _mse(cases, OURS) / max(_mse(cases, best_baseline(cases)), 1e-9),
    }
    ok = {
        "mae": fig["mae"] <= 1.05 * fig["best_mae"] + 1e-9,
        "cover": 0.75 <= fig["cover"] <= 0.85,
        "bias": abs(fig["bias"]) <= 0.1 * fig["mean"] + 1e-9,
    }
    return fig, ok


def report(cases: Sequence[Case], title: str) -> list[str]:
    lines = table(cases, title)
    best = best_baseline(cases, "mae") if cases else None
    for s in STRATA:
        sub = [c for c in cases if _stratum(c.n_same) == s]
        if sub and best:
            lines += table(sub, f"  {title} · people ahead {s}", [OURS, best])
    return lines


def oracle_lines(cases: Sequence[Case], reps: int) -> list[str]:
    sub = [c for c in cases if ORACLE in c.preds]
    if not sub:
        return []
    best = best_baseline(cases)
    w = np.array([c.wait for c in sub])
    mse = {
        n: float(np.mean((np.array([c.preds[n][0] for c in sub]) - w) ** 2)) / 3600
        for n in (OURS, best, ORACLE)
    }
    gap = (mse[best] - mse[OURS]) / (mse[best] - mse[ORACLE]) if mse[best] > mse[ORACLE] else float("nan")
    return [
        f"  oracle subset: N={len(sub)}, {reps} forward replications each; MSE (min²) ours {mse[OURS]:.1f}, "
        f"{best} {mse[best]:.1f}, oracle {mse[ORACLE]:.1f}; gap closed by ours {100 * gap:.0f}%"
    ]


def run_scenario(
    name: str, seed: int, tmp: Path, quick: bool, oracle_n: int = 0, oracle_reps: int = 100
) -> tuple[list[Case], list[str]]:
    scn = load_scenario(name)
    days = list(scn.bench_days) or [scn.date]
    test = scn.bench_test
    if quick and len(days) > 3:
        days = days[-3:]
        test = 1
    if len(days) <= test:
        raise ConfigError(
            scn.path, "bench.days", "need more days than bench.test (train on the earlier ones)"
        )
    cfg = scenario_config(scn)
    pickup = frozenset(s.code for s in cfg.services if s.pickup)
    logs = simulate_days(scn, days, seed, tmp, cfg)
    cal = train(logs[:-test], cfg, pickup=pickup, keep_place=cfg.queue.transfer_keeps_place)
    orc = None
    every = 0
    if oracle_n > 0:
        o = Oracle(scn, cfg)
        orc = lambda snap, t: float(np.mean(o.waits(snap, t, oracle_reps, seed=len(snap.calls))))  # noqa: E731
        n_issued = sum(1 for d in logs[-test:] for e in d if e["type"] == "issued")
        every = max(1, n_issued // oracle_n)
    cases = score_days(
        logs[-test:],
        cal,
        pickup=pickup,
        keep_place=cfg.queue.transfer_keeps_place,
        ids=lambda e: f"{name}/{e['day']}/{e['data'].get('display', e['ticket_id'])}",
        oracle=orc,
        oracle_every=every,
    )
    cases = [c for c in cases if c.wait is not None]
    info = (
        f"{name}: train {', '.join(str(d) for d in days[:-test])}; test {', '.join(str(d) for d in days[-test:])};"
        f" seeds {seed * 1000}…{seed * 1000 + len(days) - 1}; N={len(cases)} tickets; day-to-day spread τ={cal.prior_tau:.2f}"
    )
    return cases, [info] + oracle_lines(cases, oracle_reps)


def run_mms(servers: int, rho: float, seed: int, tmp: Path, n_days: int) -> tuple[list[Case], list[str]]:
    scn = mms_scenario(servers, rho)
    cfg = mms_config(servers, 5.0)
    days = [date(2026, 11, 2 + i) for i in range(n_days)]
    logs = simulate_days(scn, days, seed + servers * 7 + int(rho * 100), tmp, cfg)
    cal = train(logs[:-2], cfg, pickup=frozenset())
    cases = [c for c in score_days(logs[-2:], cal, pickup=frozenset()) if c.wait is not None]
    w = _waits(cases)
    lines = [
        f"M/M/{servers} ρ={rho}: N={len(cases)}, delayed {sum(x > 0 for x in w)}; RASE over delayed "
        f"customers (theory for QL: 1−ρ = {1 - rho:.2f})"
    ]
    for n in (OURS, "P2 QL", "P2' throughput-QL", "P4 HOL", "P5 LES"):
        th = [c.preds[n][0] for c in cases]
        s = score(th, w)
        lines.append(f"  {n:<24} RASE {rase(th, w):.3f}   MSE {s.mse:.2f} min²   MAE {s.mae:.2f}")
    return cases, lines


def write_predictions(cases: Sequence[Case], path: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["customer_id", "estimate_s", "low_s", "high_s"])
        for c in cases:
            p, lo, hi = c.preds[OURS]
            w.writerow([c.cid, f"{p:.1f}", f"{lo:.1f}", f"{hi:.1f}"])


def run_log(
    path: str, split: date | None, train_frac: float = 0.6
) -> tuple[list[Case], list[Case], list[str]]:
    """Train on the days before ``split`` (default: the first ``train_frac`` of the days), then predict every
    customer who queued on or after it at the moment they joined. Returns (all predicted, scored, info)."""
    visits = read_csv(path)
    events = visit_events(visits)
    ids = {i: v.customer_id for i, v in enumerate(visits, start=1)}
    days = [d for _, d in days_of(events)]
    names = [str(d[0]["day"]) for d in days]
    if split is None:
        if len(days) < 2:
            raise MadoguchiError(
                f"{path}: the log covers {len(days)} day(s); need at least 2 (train on earlier days)"
            )
        k = min(len(days) - 1, max(1, int(round(len(days) * train_frac))))
    else:
        k = sum(1 for n in names if n < split.isoformat())
        if k == len(days):
            raise MadoguchiError(f"{path}: no day on or after --split {split} (the log ends {names[-1]})")
    cal = train(days[:k], None, pickup=frozenset(), inferred=True)
    cases = score_days(days[k:], cal, pickup=frozenset(), inferred=True, ids=lambda e: ids[e["ticket_id"]])
    queued = sum(1 for v in visits if v.day.isoformat() >= names[k])
    predicted = len({c.cid for c in cases})
    scored = [c for c in cases if c.wait is not None]
    cold = " (no day before the split: a cold start on the profile defaults)" if k == 0 else ""
    info = [
        f"{path}: {len(visits)} rows, {len(days)} days; train {k} day(s) before {names[k]}{cold}, "
        f"predict {len(days) - k} (τ={cal.prior_tau:.2f}); predicted {predicted} of {queued} customers who queued from {names[k]} "
        f"({100 * predicted / max(1, queued):.1f}%); scored N={len(scored)} (called)"
    ]
    return cases, scored, info


def ciw_table(names: Sequence[str] | None, seed: int, keep: str | None) -> tuple[list[str], bool]:
    """Generate the ciw logs, score each through the same path as ``--log`` and print one row per log."""
    from shared.tools import ciw_logs

    out = [
        "ciw logs (independent simulator; train on the days before the split, predict the rest at join time)",
        f"{'log':<14}{'N':>6}{'mean':>7}{'ours':>7}{'best baseline (MAE)':>28}{'ratio':>7}{'PI80':>7}"
        f"{'bias%':>7}  MSE in plain words",
    ]
    all_ok = True
    with tempfile.TemporaryDirectory(prefix="madoguchi-ciw-") as tmp:
        folder = Path(keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for c in ciw_logs.CASES:
            if names and c.name not in names:
                continue
            path = folder / f"{c.name}.csv"
            ciw_logs.write_log(c, path, seed)
            _, scored, _ = run_log(str(path), ciw_logs.split_date(c))
            fig, ok = goals(scored)
            all_ok &= all(ok.values())
            best = best_baseline(scored, "mae")
            mse_best = best_baseline(scored)
            words = compare_words(_mse(scored, OURS), _mse(scored, mse_best), "MSE", mse_best)
            mark = "".join("✓" if ok[k] else "✗" for k in ("mae", "cover", "bias"))
            out.append(
                f"{c.name:<14}{len(scored):>6}{fig['mean']:>7.2f}{fig['mae']:>7.2f}"
                f"{best[:19]:>21}{fig['best_mae']:>7.2f}{fig['mae'] / max(fig['best_mae'], 1e-9):>7.2f}"
                f"{100 * fig['cover']:>7.1f}{100 * fig['bias'] / max(fig['mean'], 1e-9):>7.1f}  {words}  {mark}"
            )
    out.append(
        "goals per log (✓/✗: MAE ≤ 1.05 × best baseline's, 80% range covers 75–85%, |bias| ≤ 10% of mean "
        "wait): " + ("all met" if all_ok else "NOT all met")
    )
    return out, all_ok


def main(argv: list[str]) -> int:
    return run_main(_run, argv)


def _run(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="madoguchi bench ewt", description=__doc__)
    p.add_argument("--scenario", action="append", help=f"ward scenario(s) (default: {', '.join(WARD)})")
    p.add_argument("--log", help="score an external per-customer CSV log instead of simulated days")
    p.add_argument(
        "--split",
        type=date.fromisoformat,
        help="first day to predict (YYYY-MM-DD); train only on the days before it (default: the first 60%%)",
    )
    p.add_argument("--train-frac", type=float, default=0.6, help="share of the log's days to train on")
    p.add_argument(
        "--predictions",
        help="write customer_id,estimate_s,low_s,high_s for every customer predicted (called or not)",
    )
    p.add_argument(
        "--ciw",
        nargs="*",
        metavar="CASE",
        help="score the ciw test logs (all, or the named cases) through the --log path",
    )
    p.add_argument("--ciw-dir", help="keep the generated ciw logs in this folder")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--no-mms", action="store_true", help="skip the M/M/s sanity cells")
    p.add_argument("--mms-days", type=int, default=6, help="days per M/M/s cell (the last 2 are scored)")
    p.add_argument("--quick", action="store_true", help="fewer days (a smoke run)")
    p.add_argument(
        "--oracle",
        type=int,
        default=0,
        metavar="N",
        help="also run the state-cloning oracle on about N tickets per scenario (slow)",
    )
    p.add_argument("--oracle-reps", type=int, default=100, help="forward replications per oracle ticket")
    a = p.parse_args(argv)
    t0 = _time.perf_counter()
    out: list[str] = []
    all_cases: list[Case] = []
    if a.ciw is not None:
        lines, _ = ciw_table(a.ciw, a.seed, a.ciw_dir)
        out += lines
        print("\n".join(out + [f"bench ewt took {_time.perf_counter() - t0:.1f} s"]))
        return 0
    predicted: list[Case] = []
    if a.log:
        predicted, cases, info = run_log(a.log, a.split, a.train_frac)
        out += info + report(cases, "external log") + [gain_line(cases, "external log")]
        fig, ok = goals(cases)
        out.append(
            f"external log goals: MAE {fig['mae']:.2f} vs {fig['best_mae']:.2f} of the best baseline "
            f"({'ok' if ok['mae'] else 'MISS'}); 80% range covers {100 * fig['cover']:.1f}% "
            f"({'ok' if ok['cover'] else 'MISS'}); bias {fig['bias']:+.2f} min = "
            f"{100 * fig['bias'] / max(fig['mean'], 1e-9):+.1f}% of the mean wait ({'ok' if ok['bias'] else 'MISS'})"
        )
        all_cases = cases
    else:
        names = a.scenario or [n for n in WARD if n in scenario_names()]
        ward: list[Case] = []
        with tempfile.TemporaryDirectory(prefix="madoguchi-ewt-") as tmp:
            out += [refresh_cost(Path(tmp)), ""]
            for name in names:
                cases, info = run_scenario(name, a.seed, Path(tmp), a.quick, a.oracle, a.oracle_reps)
                ward += cases
                out += info + report(cases, f"scenario {name}") + [gain_line(cases, name), ""]
            if len(names) > 1:
                out += table(ward, "all ward scenarios") + [gain_line(ward, "all ward scenarios")]
            if ward:
                r = _mse(ward, OURS) / max(_mse(ward, best_baseline(ward)), 1e-9)
                verdict = "ok" if r <= 0.75 else "MISS"
                out += [
                    f"ward goal: MSE ≥ 25% lower than the best classic baseline: {100 * (1 - r):.0f}% [{verdict}]",
                    "",
                ]
            if not a.no_mms:
                for s in (1, 4) if a.quick else (1, 4, 10):
                    for rho in (0.9,) if a.quick else (0.85, 0.9, 0.95):
                        _, lines = run_mms(s, rho, a.seed, Path(tmp), 4 if a.quick else a.mms_days)
                        out += lines
        all_cases = ward
    if a.predictions:
        rows = predicted or all_cases
        write_predictions(rows, a.predictions)
        out.append(f"predictions: {a.predictions} ({len(rows)} rows)")
    out.append(f"bench ewt took {_time.perf_counter() - t0:.1f} s")
    print("\n".join(out))
    return 0
