"""``madoguchi bench divert``: the 待たない payoff of 行かない, on the ward-day simulator.

The Yokohama plan's indicator 「コンビニ等での住民票発行利用率」 is 58% now, with a target of 76%. That is the
share of ALL 住民票 issued at convenience stores, so the counter's share falls from 42% to 24%: the counter's
住民票 demand falls by 1 − 24/42 ≈ 43%. The scenario's rates are today's counter demand, so the shift is
simulated as that share of the 住民票 (RES) visitors taking the convenience store instead of a ticket.

For each replication (seed 1…N) the Monday scenario runs twice on the real engine (fresh SQLite files): as today,
and with the shift. The figure is the certificate window's p90 wait (its queues RES, KOSEKI_CERT and TAX, the
merged window of counters 1–3): the mean over replications of each day's p90, with a 95% Student-t interval,
and the paired difference (same seed, same arrivals) with its own interval. It writes an SVG chart.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from shared.errors import MadoguchiError
from shared.outpath import check_output_dir
from shared.percentile import percentile
from shared.reports import svg
from shared.sim.cli import simulate
from shared.sim.scenario import load_scenario
from shared.timeutil import from_ts

CERT_QUEUES = ("RES", "KOSEKI_CERT", "TAX")
# two-sided 95% Student-t quantiles by degrees of freedom (1–30); beyond 30 the normal 1.96 is close enough
_T975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


def t975(df: int) -> float:
    return _T975[df - 1] if 1 <= df <= len(_T975) else 1.96


@dataclass(frozen=True)
class Interval:
    mean: float
    low: float
    high: float
    n: int

    def __str__(self) -> str:
        return f"{self.mean:6.1f} min  (95% CI {self.low:.1f} – {self.high:.1f})"


def interval(values: Sequence[float]) -> Interval:
    """Mean and 95% Student-t interval over independent replications."""
    vals = [v for v in values if not math.isnan(v)]
    if not vals:
        return Interval(math.nan, math.nan, math.nan, 0)
    m = statistics.fmean(vals)
    if len(vals) < 2:
        return Interval(m, math.nan, math.nan, len(vals))
    half = t975(len(vals) - 1) * statistics.stdev(vals) / math.sqrt(len(vals))
    return Interval(m, m - half, m + half, len(vals))


def counter_shift(now: float, target: float) -> float:
    """The share of would-be counter visitors who divert when the konbini share of ALL issuance goes from ``now``
    to ``target``: the counter share falls from 1 − now to 1 − target, so 1 − (1 − target) / (1 − now)."""
    if not 0 <= now < 1 or not 0 <= target <= 1 or target < now:
        raise MadoguchiError(f"--now/--target: need 0 <= now < 1 and now <= target <= 1, got {now}, {target}")
    return 1 - (1 - target) / (1 - now)


@dataclass(frozen=True)
class Day:
    seed: int
    p90: float  # minutes, the certificate window's legs called that day
    mean: float
    tickets: int
    diverted: int
    p90_by_hour: dict[int, float]
    legs_by_hour: dict[int, int]


def certificate_day(scn_name: str, seed: int, divert: dict[str, float] | None, db: Path) -> Day:
    scn = load_scenario(scn_name)
    stats, _rows, visits = simulate(scn, db, seed=seed, day=scn.date, extras=[], divert=divert)
    waits: list[float] = []
    by_hour: dict[int, list[float]] = {}
    for v in visits:
        if v.service not in CERT_QUEUES or v.called is None:
            continue
        w = (v.called - v.arrived) / 60.0
        waits.append(w)
        by_hour.setdefault(from_ts(v.arrived).hour, []).append(w)
    return Day(
        seed=seed,
        p90=percentile(waits, 90),
        mean=statistics.fmean(waits) if waits else math.nan,
        tickets=len(waits),
        diverted=stats.diverted,
        p90_by_hour={h: percentile(ws, 90) for h, ws in sorted(by_hour.items())},
        legs_by_hour={h: len(ws) for h, ws in sorted(by_hour.items())},
    )


def figure(base: Sequence[Day], shift: Sequence[Day], labels: tuple[str, str], title: str) -> str:
    """Left: the day's p90 per condition (mean and 95% CI); right: p90 by hour of arrival (mean of days)."""
    w, h = 960, 420
    top, bottom = 70, 360
    a, b = interval([d.p90 for d in base]), interval([d.p90 for d in shift])
    # hours with a few legs a day (not the odd transfer after closing, whose p90 would read as 0)
    hours = sorted(
        {
            hr
            for d in base
            for hr in d.p90_by_hour
            if sum(x.legs_by_hour.get(hr, 0) for x in base) >= 3 * len(base)
        }
    )

    def hourly(days: Sequence[Day]) -> list[float]:
        return [
            statistics.fmean([d.p90_by_hour[hr] for d in days if hr in d.p90_by_hour] or [math.nan])
            for hr in hours
        ]

    hb, hs = hourly(base), hourly(shift)
    vmax = svg.nice_max(max([x for x in (a.high, b.high, *hb, *hs) if not math.isnan(x)], default=1.0))

    def y(v: float) -> float:
        return bottom - (bottom - top) * v / vmax

    out = [svg.text(20, 28, title, size=16, weight="bold")]
    colours = (svg.VERMILION, svg.BLUE)
    for x0, x1 in ((70, 330), (420, 930)):
        for v, lab in svg.ticks(vmax):
            out.append(svg.line(x0, y(v), x1, y(v), svg.GRID))
            out.append(svg.text(x0 - 8, y(v) + 4, lab, size=12, anchor="end", fill=svg.MUTED))
    out.append(svg.text(70, top - 14, "p90 待ち時間（分） / p90 wait (min), 証明発行窓口", size=13))
    for i, (iv, lab, col) in enumerate(zip((a, b), labels, colours, strict=True)):
        cx = 140 + i * 120
        out.append(svg.rect(cx - 35, y(iv.mean), 70, bottom - y(iv.mean), col, title=f"{lab}: {iv}"))
        if not math.isnan(iv.low):
            out.append(svg.line(cx, y(iv.low), cx, y(iv.high), svg.INK, width=2))
            for yy in (y(iv.low), y(iv.high)):
                out.append(svg.line(cx - 10, yy, cx + 10, yy, svg.INK, width=2))
        out.append(
            svg.text(
                cx,
                y(iv.high if not math.isnan(iv.high) else iv.mean) - 8,
                f"{iv.mean:.0f}",
                size=14,
                anchor="middle",
                weight="bold",
                halo=True,
            )
        )
        out.append(svg.text(cx, bottom + 20, lab, size=12, anchor="middle"))
    out.append(svg.text(420, top - 14, "時台別 p90（到着時刻） / p90 by hour of arrival", size=13))
    if hours:
        step = (930 - 440) / max(1, len(hours) - 1)
        xs = [440 + i * step for i in range(len(hours))]
        for vals, col in ((hb, colours[0]), (hs, colours[1])):
            pts = [None if math.isnan(v) else (x, y(v)) for x, v in zip(xs, vals, strict=True)]
            out.append(svg.polyline(pts, col))
        for x, hr in zip(xs, hours, strict=True):
            out.append(svg.text(x, bottom + 20, f"{hr}時", size=12, anchor="middle", fill=svg.MUTED))
    out.append(svg.legend(440, h - 20, [(labels[0], colours[0], "line"), (labels[1], colours[1], "line")]))
    out.append(svg.text(20, h - 20, f"n = {a.n} days each, 95% Student-t", size=12, fill=svg.MUTED))
    return svg.svg(w, h, "".join(out), title)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="madoguchi bench divert", description=__doc__.splitlines()[0])
    p.add_argument("--scenario", default="monday")
    p.add_argument("--reps", type=int, default=20, help="replications (seeds 1…N) per condition (default 20)")
    p.add_argument("--now", type=float, default=0.58, help="konbini share of all 住民票 today (default 0.58)")
    p.add_argument("--target", type=float, default=0.76, help="konbini share aimed for (default 0.76)")
    p.add_argument(
        "--services", default="RES", help="services whose visitors shift (default RES: 住民票・印鑑)"
    )
    p.add_argument("--out", default=".", help="folder for divert.svg (default: here)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    a = p.parse_args(argv)
    if a.reps < 2:
        raise MadoguchiError("--reps must be at least 2 (an interval needs two days)")
    out_dir = Path(a.out)
    check_output_dir(out_dir)
    share = counter_shift(a.now, a.target)
    services = [s.strip() for s in a.services.split(",") if s.strip()]
    divert = dict.fromkeys(services, share)
    lines = [
        f"行かない → 待たない: {a.scenario}, {a.reps} replications per condition",
        f"  konbini share of all 住民票: {a.now:.0%} → {a.target:.0%}; counter share {1 - a.now:.0%} → {1 - a.target:.0%}",
        f"  counter 住民票 demand falls by 1 − {1 - a.target:.2f}/{1 - a.now:.2f} = {share:.1%}: that share of "
        f"{', '.join(services)} visitors takes the convenience store (no ticket)",
    ]
    started = time.perf_counter()
    base: list[Day] = []
    shift: list[Day] = []
    with tempfile.TemporaryDirectory(prefix="madoguchi-bench-divert-") as tmp:
        for seed in range(1, a.reps + 1):
            base.append(certificate_day(a.scenario, seed, None, Path(tmp) / f"base{seed}.db"))
            shift.append(certificate_day(a.scenario, seed, divert, Path(tmp) / f"shift{seed}.db"))
    elapsed = time.perf_counter() - started
    ib, is_ = interval([d.p90 for d in base]), interval([d.p90 for d in shift])
    diff = interval([x.p90 - y.p90 for x, y in zip(base, shift, strict=True)])
    mb, ms = interval([d.mean for d in base]), interval([d.mean for d in shift])
    labels = (f"今日 {a.now:.0%}", f"目標 {a.target:.0%}")
    chart = figure(
        base,
        shift,
        labels,
        f"証明発行窓口の p90 待ち時間: コンビニ交付 {a.now:.0%} → {a.target:.0%}（{a.scenario}）",
    )
    out_dir.mkdir(exist_ok=True)
    path = out_dir / "divert.svg"
    path.write_text(chart, encoding="utf-8")
    if a.json:
        doc = {
            "scenario": a.scenario,
            "reps": a.reps,
            "now": a.now,
            "target": a.target,
            "counter_demand_cut": share,
            "services": services,
            "p90_today": asdict(ib),
            "p90_target": asdict(is_),
            "p90_cut": asdict(diff),
            "mean_today": asdict(mb),
            "mean_target": asdict(ms),
            "tickets_today": statistics.fmean(d.tickets for d in base),
            "tickets_target": statistics.fmean(d.tickets for d in shift),
            "diverted": statistics.fmean(d.diverted for d in shift),
            "figure": str(path),
            "seconds": elapsed,
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2, default=str))
        return 0
    lines += [
        "",
        "certificate window (RES, KOSEKI_CERT, TAX; counters 1–3), the day's p90 wait, mean over days:",
        f"  today  ({a.now:.0%}):  {ib}",
        f"  target ({a.target:.0%}):  {is_}",
        f"  cut (paired by seed): {diff}",
        f"  mean wait: {mb.mean:.1f} → {ms.mean:.1f} min; certificate tickets per day "
        f"{statistics.fmean(d.tickets for d in base):.0f} → {statistics.fmean(d.tickets for d in shift):.0f} "
        f"({statistics.fmean(d.diverted for d in shift):.0f} diverted)",
        f"figure: {path}   ({elapsed:.0f} s)",
    ]
    print("\n".join(lines))
    return 0
