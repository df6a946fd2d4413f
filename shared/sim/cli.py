"""``madoguchi simulate``: run a scenario day on the real engine and print waits per hour (and a what-if)."""

from __future__ import annotations

import argparse
import json
import tempfile
from dataclasses import asdict
from datetime import date
from pathlib import Path

from shared.calendar import opening_span
from shared.config import OfficeConfig
from shared.errors import ConfigError, run_main
from shared.predict.log import visits_from_events, write_csv
from shared.sim.driver import SimStats, WardDay
from shared.sim.office import open_sim_office, parse_counters, scenario_config, with_extra_counters
from shared.sim.scenario import Scenario, load_scenario, scenario_names
from shared.sim.summary import HourRow, format_compare, format_hours, waits_per_hour
from shared.storage.backend import fresh_database
from shared.storage.target import parse_target


def divert_shares(spec: str, cfg: OfficeConfig) -> dict[str, float]:
    """``--divert``: "0.43" (every certificate service with an alternative) or "RES=0.43,TAX=0.2"."""
    spec = spec.strip()
    try:
        if "=" not in spec:
            share = float(spec)
            certs = {c.service for c in cfg.certificates}
            codes = [
                s.code for s in cfg.services if s.code in certs and any(a.enabled for a in s.alternatives)
            ]
            out = dict.fromkeys(codes, share)
        else:
            out = {}
            for part in spec.split(","):
                code, _, v = part.partition("=")
                out[code.strip()] = float(v)
    except ValueError:
        raise ConfigError("--divert", spec, 'expected a share like 0.43 or "RES=0.43,TAX=0.2"') from None
    for code, share in out.items():
        svc = cfg.service_map().get(code)
        if svc is None or not any(a.enabled for a in svc.alternatives):
            raise ConfigError("--divert", code, "not a service with an alternative in the office profile")
        if not 0.0 <= share <= 1.0:
            raise ConfigError("--divert", code, f"the share must be between 0 and 1, not {share}")
    return out


def simulate(
    scn: Scenario,
    db: Path | str,
    *,
    seed: int,
    day: date,
    extras: list[str],
    divert: dict[str, float] | None = None,
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
        stats = WardDay(engine, scn, day, seed=seed, staff=staff or None, divert=divert).run()
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
    engine = open_office(create=False)  # $MADOGUCHI_DB / $MADOGUCHI_CONFIG, as every app on the PC
    try:
        t = run_live(engine, speed=a.speed, skip=skip, seed=a.seed, duration=a.duration)
    finally:
        engine.store.close()
    print(f"simulated visitors: {t.issued} tickets issued, {t.errors} refused or raced")
    return 0


def main(argv: list[str]) -> int:
    return run_main(_run, argv)


def _run(argv: list[str]) -> int:
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
    p.add_argument(
        "--db",
        help="keep the simulated event log in this new SQLite file or empty postgresql:// database (default: a temp file)",
    )
    p.add_argument(
        "--divert",
        metavar="SHARE",
        help='行かない: this share of certificate visitors take the alternative (e.g. 0.43), or "RES=0.43,TAX=0.2"',
    )
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
        target = parse_target(a.db) if a.db else parse_target(Path(tmp) / "sim.db")
        if not fresh_database(target):
            raise ConfigError(str(target), "--db", "not empty; the simulator writes a fresh database")
        db = target.unmasked()
        divert = divert_shares(a.divert, scenario_config(scn)) if a.divert else None
        stats, rows, visits = simulate(scn, db, seed=a.seed, day=day, extras=[], divert=divert)
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
                "db": str(target) if a.db else None,
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
        if divert:
            print(
                f"行かない: offered {stats.offered}, diverted {stats.diverted} "
                f"({', '.join(f'{k} {v:.0%}' for k, v in divert.items())})"
            )
        print(format_hours(rows, "waits per hour of joining the queue (every leg)"))
        if alt is not None:
            print(format_compare(rows, alt, " ".join(a.counters)))
        if a.db:
            print(f"event log: {target} (table event)")
        if a.csv:
            print(f"per-customer log: {a.csv} ({len(visits)} rows)")
    return 0
