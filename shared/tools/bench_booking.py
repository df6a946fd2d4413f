"""``madoguchi bench booking``: 来庁予約 against walk-ins on simulated ward days.

For the Monday and March-30 scenarios and 0/20/40 % of the visitors to bookable services booking a slot
(:mod:`shared.sim.booking`), the real engine runs the day (same arrivals per seed for every share) and the table
says the booked visitors' wait after their slot time (goal: p90 ≤ 5 min) and the walk-ins' p90 wait, with its
change against no booking. Each cell pools ``--seeds`` simulated days (seeds 1…N, each its own arrivals); the p90s
carry a 95 % bootstrap interval over those days (whole days resampled, the walk-ins' change paired day by day with
the 0 % run), and a cell meets the goal (✓) only when the interval's upper end is within it (~: the p90 is, the
interval is not).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from shared.calendar import opening_span
from shared.errors import ConfigError, run_main
from shared.percentile import bootstrap_percentile, percentile
from shared.sim.arrivals import day_arrivals
from shared.sim.booking import booking_config, booking_waits, with_bookings
from shared.sim.driver import WardDay
from shared.sim.office import open_sim_office, scenario_config
from shared.sim.scenario import Scenario, load_scenario
from shared.timeutil import at

GOAL_P90_MIN = 5.0


@dataclass
class Cell:
    scenario: str
    share: float
    hold: bool = False
    desks: bool = False  # one 予約 counter per bookable service family ([[counters]] booking = true)
    wanted: int = 0
    booked: int = 0
    no_shows: int = 0
    late: int = 0
    days: int = 0
    kept_s: float = 0.0
    booked_waits: list[float] = field(default_factory=list)
    from_slot: list[float] = field(default_factory=list)
    walk_waits: list[float] = field(default_factory=list)
    walk_all: list[float] = field(default_factory=list)
    booked_days: list[list[float]] = field(default_factory=list)  # booked_waits, one list per simulated day
    walk_days: list[list[float]] = field(default_factory=list)  # walk_waits, one list per simulated day

    def p90(self, values: list[float]) -> float | None:
        return percentile(values, 90) / 60.0 if values else None


def run_day(
    scn: Scenario,
    day: date,
    share: float,
    seed: int,
    tmp: Path,
    hold: bool = False,
    desks: bool = False,
    **settings_kw: Any,
) -> Cell:
    cfg = booking_config(scenario_config(scn), share, scn.staff, desks, hold=hold, **settings_kw)
    span = opening_span(day, cfg.hours)
    if span is None:
        raise ConfigError(scn.path, "scenario.date", f"the office is closed on {day}")
    t_open, t_close = at(day, span[0]).timestamp(), at(day, span[1]).timestamp()
    hour0 = span[0].hour + span[0].minute / 60
    arrivals = day_arrivals(scn, cfg, day, t_open, t_close, hour0, np.random.default_rng(seed))
    engine = open_sim_office(tmp / f"{scn.name}-{share}-{seed}-{hold}-{desks}.db", cfg)
    try:
        plan = with_bookings(engine, arrivals, day, share, np.random.default_rng(seed + 10_000))
        sim = WardDay(engine, scn, day, seed=seed, staff=scn.staff or None, arrivals=plan.arrivals)
        stats = sim.run()
        w = booking_waits(engine, day.isoformat())
    finally:
        engine.store.close()
    return Cell(
        scn.name,
        share,
        hold,
        desks,
        plan.wanted,
        plan.booked,
        plan.no_shows,
        w.late,
        1,
        stats.kept_s,
        w.booked_after_slot_s,
        w.booked_from_slot_s,
        w.walk_in_s,
        w.walk_in_all_s,
        [list(w.booked_after_slot_s)],
        [list(w.walk_in_s)],
    )


def pool(cells: list[Cell]) -> Cell:
    out = Cell(cells[0].scenario, cells[0].share, cells[0].hold, cells[0].desks)
    for c in cells:
        out.wanted += c.wanted
        out.booked += c.booked
        out.no_shows += c.no_shows
        out.late += c.late
        out.days += c.days
        out.kept_s += c.kept_s
        out.booked_waits += c.booked_waits
        out.from_slot += c.from_slot
        out.walk_waits += c.walk_waits
        out.walk_all += c.walk_all
        out.booked_days += c.booked_days
        out.walk_days += c.walk_days
    return out


def _m(v: float | None) -> str:
    return "—" if v is None else f"{v:5.1f}"


def _d(v: float | None, base: float | None) -> str:
    return "—" if v is None or base is None else f"{v - base:+5.1f}"


def _ci_min(lo_hi: tuple[float, float]) -> list[float] | None:
    lo, hi = lo_hi
    return None if lo != lo or hi != hi else [lo / 60, hi / 60]  # NaN: nothing to resample


def row_dict(c: Cell, b: Cell | None) -> dict[str, Any]:
    paired = b is not None and c is not b and len(b.walk_days) == len(c.walk_days)
    return {
        "scenario": c.scenario,
        "share": c.share,
        "hold": c.hold,
        "desks": c.desks,
        "days": c.days,
        "wanted": c.wanted,
        "booked": c.booked,
        "no_shows": c.no_shows,
        "no_show_share": c.no_shows / c.booked if c.booked else None,
        "late": c.late,
        "booked_p50_after_slot_min": percentile(c.booked_waits, 50) / 60 if c.booked_waits else None,
        "booked_p90_after_slot_min": c.p90(c.booked_waits),
        "booked_p90_after_slot_ci_min": _ci_min(bootstrap_percentile(c.booked_days, 90)),
        "booked_over_goal_share": (
            sum(w > GOAL_P90_MIN * 60 for w in c.booked_waits) / len(c.booked_waits)
            if c.booked_waits
            else None
        ),
        "booked_p90_call_minus_slot_min": c.p90(c.from_slot),
        "walk_in_p90_min": c.p90(c.walk_waits),
        "walk_in_p90_base_min": b.p90(b.walk_waits) if b else None,
        "walk_in_p90_change_ci_min": (
            _ci_min(bootstrap_percentile(c.walk_days, 90, paired=b.walk_days)) if paired and b else None
        ),
        "walk_in_all_p90_min": c.p90(c.walk_all),
        "walk_in_all_p90_base_min": b.p90(b.walk_all) if b else None,
        "kept_min_per_day": c.kept_s / 60 / c.days if c.days else 0.0,
    }


def _load() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:  # not on this platform
        return float("nan")


def main(argv: list[str]) -> int:
    return run_main(_run, argv)


def _run(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="madoguchi bench booking", description=__doc__.splitlines()[0])
    p.add_argument("--scenarios", default="monday,march30", help="comma-separated scenario names")
    p.add_argument("--shares", default="0,0.2,0.4", help="booked shares of the bookable services' visitors")
    p.add_argument("--seeds", type=int, default=40, help="simulated days per cell (default 40)")
    p.add_argument(
        "--hold",
        choices=("off", "on", "both"),
        default="both",
        help="[booking] hold: keep a counter free for an appointment not checked in yet (default: both rows)",
    )
    p.add_argument(
        "--desks",
        choices=("off", "on", "both"),
        default="both",
        help="one 予約 counter ([[counters]] booking = true) per bookable service family "
        "(default: both: rows without and with them, each with every --hold)",
    )
    p.add_argument(
        "--call-ahead", type=int, default=None, help="[booking] call_ahead_min (default: the profile's)"
    )
    p.add_argument(
        "--max-in-row", type=int, default=None, help="[booking] max_in_row (default: the profile's)"
    )
    p.add_argument("--json", action="store_true")
    a = p.parse_args(argv)
    shares = [float(x) for x in a.shares.split(",")]
    holds = {"off": [False], "on": [True], "both": [False, True]}[a.hold]
    desks_on = {"off": [False], "on": [True], "both": [False, True]}[a.desks]
    variants = [(h, d) for d in desks_on for h in holds]
    kw = {k: v for k, v in (("call_ahead_min", a.call_ahead), ("max_in_row", a.max_in_row)) if v is not None}
    rows: list[tuple[Cell, Cell | None]] = []
    load0 = _load()
    seeds = range(1, a.seeds + 1)
    with tempfile.TemporaryDirectory(prefix="madoguchi-bench-booking-") as d:
        for name in a.scenarios.split(","):
            scn = load_scenario(name.strip())
            base: Cell | None = None
            for share in shares:
                for hold, desks in variants if share > 0 else [(False, False)]:
                    cell = pool([run_day(scn, scn.date, share, s, Path(d), hold, desks, **kw) for s in seeds])
                    if share == 0:
                        base = cell
                    rows.append((cell, base))
    if a.json:
        out = {"load": [load0, _load()], "cores": os.cpu_count(), "rows": [row_dict(c, b) for c, b in rows]}
        print(json.dumps(out, indent=2))
        return 0
    print(
        f"来庁予約 vs walk-ins, {a.seeds} simulated day(s) per row; goal: booked p90 wait after slot ≤ "
        f"{GOAL_P90_MIN:g} min\n"
        "  after slot: first call − max(slot, check-in); −slot: first call − slot; walk-in: arrival → first call\n"
        "  hold: [booking] hold (a counter kept free for an appointment not checked in yet); kept: its idle "
        "counter-minutes per day\n"
        "  予約: one 予約 counter per bookable service family (counters 5 MOVE+KOSEKI, 8 NHI+PENSION, 9 CHILD, "
        "10 MYNA in the sample office)\n"
        "  [95% CI]: bootstrap over the simulated days; ✓ its upper end ≤ the goal, ~ only the p90 is; >5 min: share "
        "of booked visitors over the goal; Δ vs 0%: same days without booking\n"
        f"  machine load (1-min average) before / after: {load0:.1f} / {_load():.1f} on {os.cpu_count()} cores"
    )
    print(
        f"{'scenario':9} {'booked':>6} {'hold':>4} {'予約':>2} {'tried':>6} {'got':>5} {'noshow':>6} {'late':>4} "
        f"{'booked p50/p90 after slot [95% CI]':>38} {'>5 min':>6} {'p90 −slot':>9} {'walk-in p90 bookable':>20} "
        f"{'Δ vs 0% [95% CI]':>22} "
        f"{'walk-in p90 all':>15} {'Δ vs 0%':>7} {'kept':>9}"
    )
    for c, b in rows:
        r = row_dict(c, b)
        bp90 = r["booked_p90_after_slot_min"]
        ci = r["booked_p90_after_slot_ci_min"]
        ok = (
            ""
            if bp90 is None or ci is None
            else (" ✓" if ci[1] <= GOAL_P90_MIN else " ~" if bp90 <= GOAL_P90_MIN else " ✗")
        )
        ci_s = "" if ci is None else f"[{ci[0]:4.1f}–{ci[1]:4.1f}]"
        over = "—" if r["booked_over_goal_share"] is None else f"{r['booked_over_goal_share']:6.1%}"
        dci = r["walk_in_p90_change_ci_min"]
        dci_s = "" if dci is None else f"[{dci[0]:+.0f}…{dci[1]:+.0f}]"
        ns = "—" if r["no_show_share"] is None else f"{r['no_show_share']:5.0%}"
        hold_s = "—" if c.share == 0 else ("on" if c.hold else "off")
        desk_s = "—" if c.share == 0 else ("on" if c.desks else "off")
        print(
            f"{c.scenario:9} {c.share:6.0%} {hold_s:>4} {desk_s:>4} {c.wanted:6d} {c.booked:5d} {ns:>6} {c.late:4d} "
            f"{_m(r['booked_p50_after_slot_min']):>12} / {_m(bp90)} {ci_s:11} min{ok:2} {over:>6} "
            f"{_m(r['booked_p90_call_minus_slot_min']):>5} min "
            f"{_m(r['walk_in_p90_min']):>16} min {_d(r['walk_in_p90_min'], r['walk_in_p90_base_min']):>7} {dci_s:>14} "
            f"{_m(r['walk_in_all_p90_min']):>11} min {_d(r['walk_in_all_p90_min'], r['walk_in_all_p90_base_min']):>7} "
            f"{r['kept_min_per_day']:5.0f} min"
        )
    return 0
