"""``madoguchi simulate``: run a scenario day on the real engine and print waits per hour (and a what-if)."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import asdict
from datetime import date
from pathlib import Path

from shared.calendar import opening_span
from shared.errors import ConfigError, MadoguchiError
from shared.predict.log import visits_from_events, write_csv
from shared.sim.driver import SimStats, WardDay
from shared.sim.office import open_sim_office, parse_counters, scenario_config, with_extra_counters
from shared.sim.scenario import Scenario, load_scenario, scenario_names
from shared.sim.summary import HourRow, format_compare, format_hours, waits_per_hour


def simulate(
    scn: Scenario, db: Path, *, seed: int, day: date, extras: list[str]
) -> tuple[SimStats, list[HourRow], list]:
    cfg = scenario_config(scn)
    span = opening_span(day, cfg.hours)
    if span is None:
        raise ConfigError(scn.path, "scenario.date", f"the office is closed on {day}")
    staff = scn.staff
    if extras:
        cfg, staff = with_extra_counters(cfg, staff, [parse_counters(x, cfg) for x in extras], span)
    engine = open_sim_office(db, cfg)
    try:
        stats = WardDay(engine, scn, day, seed=seed, staff=staff or None).run()
        visits = visits_from_events(engine.store.events(day=day.isoformat()))
    finally:
        engine.store.close()
    return stats, waits_per_hour(visits), visits


def _live(a: argparse.Namespace) -> int:
    from shared.office import open_office
    from shared.sim.traffic import run_live

    try:
        skip = {int(x) for x in a.skip_counters.split(",") if x.strip()}
    except ValueError:
        raise ConfigError("--skip-counters", a.skip_counters, "expected counter numbers like 1,4,8") from None
    engine = open_office()  # $MADOGUCHI_DB / $MADOGUCHI_CONFIG, as every app on the PC
    try:
        t = run_live(engine, speed=a.speed, skip=skip, seed=a.seed, duration=a.duration)
    finally:
        engine.store.close()
    print(f"simulated visitors: {t.issued} tickets issued, {t.errors} refused or raced")
    return 0


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="madoguchi simulate",
        description="Simulate a ward-office day on the real queue engine (temp DB).",
    )
    p.add_argument("--scenario", default="tuesday", help="scenario name or TOML path (see --list)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--day", help="simulate this date instead of the scenario's (YYYY-MM-DD)")
    p.add_argument(
        "--counters",
        action="append",
        default=[],
        metavar="SPEC",
        help='staffing what-if, e.g. "+2@10:00" or "+1:MOVE@13:00-16:00" (repeatable)',
    )
    p.add_argument("--db", help="keep the simulated event log in this SQLite file (default: a temp file)")
    p.add_argument("--csv", help="write the per-customer log (bench ewt --log format) to this file")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--list", action="store_true", help="list the built-in scenarios")
    p.add_argument(
        "--live",
        action="store_true",
        help="demo: visitors and clerks on the real clock in the office database, until stopped",
    )
    p.add_argument("--speed", type=float, default=10.0, help="with --live: pace, × a real office")
    p.add_argument(
        "--skip-counters", default="", help="with --live: counters run by people/autopilots, e.g. 1,4,8"
    )
    p.add_argument("--duration", type=float, default=None, help="with --live: stop after this many seconds")
    try:
        a = p.parse_args(argv)
        if a.live:
            return _live(a)
        if a.list:
            for name in scenario_names():
                s = load_scenario(name)
                print(f"{name:<12} {s.date}  {s.title}")
            return 0
        scn = load_scenario(a.scenario)
        try:
            day = date.fromisoformat(a.day) if a.day else scn.date
        except ValueError:
            raise ConfigError("--day", a.day, "expected YYYY-MM-DD") from None
        with tempfile.TemporaryDirectory(prefix="madoguchi-sim-") as tmp:
            db = Path(a.db) if a.db else Path(tmp) / "sim.db"
            if db.exists():
                raise ConfigError(str(db), "--db", "file exists; the simulator writes a fresh database")
            stats, rows, visits = simulate(scn, db, seed=a.seed, day=day, extras=[])
            alt = None
            if a.counters:
                alt_db = Path(tmp) / "whatif.db"
                _, alt, _ = simulate(scn, alt_db, seed=a.seed, day=day, extras=a.counters)
            if a.csv:
                write_csv(visits, a.csv)
            if a.json:
                doc = {
                    "scenario": scn.name,
                    "day": day.isoformat(),
                    "seed": a.seed,
                    "stats": asdict(stats),
                    "hours": [asdict(r) for r in rows],
                    "db": str(db) if a.db else None,
                }
                if alt is not None:
                    doc["what_if"] = {"counters": a.counters, "hours": [asdict(r) for r in alt]}
                print(json.dumps(doc, ensure_ascii=False, indent=2))
                return 0
            print(f"{scn.title}  {day} ({'月火水木金土日'[day.weekday()]})  seed {a.seed}")
            balked = ", ".join(f"{k} {v}" for k, v in stats.balked.items()) or "0"
            print(
                f"arrivals {stats.arrivals}  issued {stats.issued}  not issued: {balked}  calls {stats.calls}  "
                f"no-shows {stats.no_shows} (returned {stats.returns})  abandoned {stats.abandoned}  "
                f"transfers {stats.transfers}  expired at close {stats.expired}"
            )
            print(format_hours(rows, "waits per hour of joining the queue (every leg)"))
            if alt is not None:
                print(format_compare(rows, alt, " ".join(a.counters)))
            if a.db:
                print(f"event log: {db} (table event)")
            if a.csv:
                print(f"per-customer log: {a.csv} ({len(visits)} rows)")
        return 0
    except MadoguchiError as exc:
        print(f"エラー / error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into head: not an error
        return 0
