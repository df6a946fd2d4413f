"""``madoguchi bench report``: one year of synthetic history (~500k visits), then the monthly and yearly report.

Steps, each timed: generate and bulk-write the history; build the per-day facts from the event log (the cold
start a real office pays once); the monthly and yearly reports end to end in each format (refresh check,
load, KPIs, render, write); and the incremental refresh after one more day of visits.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from shared.config import load_config
from shared.errors import MadoguchiError
from shared.office import open_office
from shared.percentile import percentile
from shared.reports import facts, output
from shared.reports.build import build_report
from shared.reports.compare import baseline_range
from shared.reports.progress import ProgressBar
from shared.storage.kpi_synth import fast_bulk_mode
from shared.timeutil import now_tokyo
from shared.tools.synth import Generator

GOAL_YEAR_S = 2.0


def _time(fn: object, repeat: int) -> tuple[float, float]:
    """(best, median) seconds over ``repeat`` runs."""
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        runs.append(time.perf_counter() - t)
    return min(runs), percentile(runs, 50)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="madoguchi bench report")
    p.add_argument("--visits", type=int, default=500_000, help="visits in the year (default 500000)")
    p.add_argument("--start", default="2025-04-01", help="first day of the fiscal year (default 2025-04-01)")
    p.add_argument("--days", type=int, default=365, help="days of history (default 365)")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--db", help="keep the benchmark database here (default: a temp dir, deleted)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    a = p.parse_args(argv)
    if a.days < 1 or a.visits < 1 or a.repeat < 1:
        raise MadoguchiError("--days, --visits and --repeat must be at least 1")
    try:
        start = date.fromisoformat(a.start)
    except ValueError:
        raise MadoguchiError(f"--start: expected YYYY-MM-DD, got {a.start!r}") from None
    end = start + timedelta(days=a.days - 1)
    with tempfile.TemporaryDirectory(prefix="madoguchi-bench-") as tmp:
        db = Path(a.db) if a.db else Path(tmp) / "bench.db"
        if db.exists():
            print(f"refusing to write synthetic history into an existing file: {db}", file=sys.stderr)
            return 2
        cfg = load_config()
        engine = open_office(db, cfg)
        conn = engine.store.db
        fast_bulk_mode(conn)
        figures: dict[str, object] = {
            "visits_target": a.visits,
            "from": start.isoformat(),
            "to": end.isoformat(),
        }
        t = time.perf_counter()
        res = Generator(cfg, seed=a.seed).run(conn, start, end, a.visits, progress=ProgressBar("generate"))
        figures.update(
            generate_s=round(time.perf_counter() - t, 2),
            days=res.days,
            visits=res.visits,
            legs=res.legs,
            events=res.events,
        )
        t = time.perf_counter()
        r = facts.refresh(conn, progress=ProgressBar("facts"))
        figures.update(facts_cold_s=round(time.perf_counter() - t, 2), fact_days=r.days)
        out = Path(tmp)
        month = (date(start.year, start.month, 1) + timedelta(days=40)).replace(day=1)  # the 2nd month
        if month > end:  # a run shorter than two months: its first month
            month = start
        month_end = min(end, (month + timedelta(days=32)).replace(day=1) - timedelta(days=1))
        for label, (s, e) in (("month", (month, month_end)), ("year", (start, end))):
            for fmt in output.FORMATS:

                def run(s: date = s, e: date = e, fmt: str = fmt) -> None:
                    built = build_report(conn, cfg, s, e)
                    output.write(built, fmt, out / f"r.{fmt}", now_tokyo())

                best, med = _time(run, a.repeat)
                figures[f"{label}_{fmt}_s"] = round(best, 3)
                figures[f"{label}_{fmt}_median_s"] = round(med, 3)
        half = (start + timedelta(days=a.days // 2), end)
        best, _ = _time(
            lambda: build_report(conn, cfg, *half, baseline=baseline_range(*half, "previous")), a.repeat
        )
        figures["half_year_with_comparison_s"] = round(best, 3)
        nxt = end + timedelta(days=1)
        while not Generator(cfg).open_days(nxt, nxt):
            nxt += timedelta(days=1)
        Generator(cfg, seed=a.seed + 1).run(conn, nxt, nxt, a.visits // 250)
        t = time.perf_counter()
        r = facts.refresh(conn)
        figures.update(refresh_one_day_s=round(time.perf_counter() - t, 3), refreshed_days=r.days)
        figures["db_mb"] = round(db.stat().st_size / 1e6, 1)
        engine.store.close()
    ok = figures["year_html_s"] <= GOAL_YEAR_S  # type: ignore[operator]
    figures["goal_year_s"] = GOAL_YEAR_S
    figures["goal_met"] = ok
    if a.json:
        print(json.dumps(figures, indent=1))
    else:
        print(
            f"synthetic history: {figures['visits']:,} visits, {figures['legs']:,} legs, {figures['events']:,} "
            f"events over {figures['days']} open days ({figures['from']} … {figures['to']}), "
            f"DB {figures['db_mb']} MB"
        )
        print(f"  generate + bulk write        {figures['generate_s']:>8.2f} s")
        print(
            f"  facts from the event log     {figures['facts_cold_s']:>8.2f} s  (cold, {figures['fact_days']} days)"
        )
        for label in ("month", "year"):
            cells = "  ".join(f"{fmt} {figures[f'{label}_{fmt}_s']:.3f}" for fmt in output.FORMATS)
            print(f"  {label:<5} report (best of {a.repeat}) {cells}  s")
        print(f"  half year + comparison       {figures['half_year_with_comparison_s']:>8.3f} s")
        print(f"  refresh after one more day   {figures['refresh_one_day_s']:>8.3f} s")
        print(f"  goal: yearly HTML report <= {GOAL_YEAR_S} s: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1
