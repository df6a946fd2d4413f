"""The ward-day simulator on the real engine: determinism, a consistent log, breaks, routes, transfers, what-if."""

from __future__ import annotations

import json
from datetime import time
from pathlib import Path

import pytest

from shared.errors import ConfigError
from shared.predict.log import visits_from_events
from shared.replay import verify
from shared.sim.cli import main as simulate_main
from shared.sim.driver import WardDay
from shared.sim.office import open_sim_office, parse_counters, scenario_config
from shared.sim.scenario import load_scenario, scenario_names
from shared.timeutil import from_ts


def _log(db: Path, name: str, seed: int) -> list[tuple]:
    scn = load_scenario(name)
    engine = open_sim_office(db, scenario_config(scn))
    WardDay(engine, scn, seed=seed).run()
    rows = [
        (e["ts"], e["type"], e["ticket_id"], e["leg_id"], e["service"], e["counter"], json.dumps(e["data"]))
        for e in engine.store.events()
    ]
    engine.store.close()
    return rows


def test_builtin_scenarios_load() -> None:
    names = scenario_names()
    assert {"tuesday", "monday", "march30", "branch"} <= set(names)
    for n in names:
        s = load_scenario(n)
        cfg = scenario_config(s)
        known = {c.code for c in cfg.services} | {f"{c.code}:pickup" for c in cfg.services if c.pickup}
        assert set(s.arrivals.rates) <= known, n
        assert {x.counter for x in s.staff} <= {c.number for c in cfg.counters}, n


def test_same_seed_same_log_other_seed_differs(tmp_path: Path) -> None:
    a = _log(tmp_path / "a.db", "branch", 11)
    b = _log(tmp_path / "b.db", "branch", 11)
    c = _log(tmp_path / "c.db", "branch", 12)
    assert len(a) > 300
    assert a == b
    assert a != c


def test_tuesday_day_is_consistent_and_follows_the_staffing_schedule(tmp_path: Path) -> None:
    scn = load_scenario("tuesday")
    engine = open_sim_office(tmp_path / "t.db", scenario_config(scn))
    stats = WardDay(engine, scn, seed=5).run()
    assert verify(engine.store) == []  # the log rebuilds every table
    events = engine.store.events()
    assert stats.issued > 300 and stats.no_shows > 0 and stats.transfers > 0
    assert not stats.errors
    # every ticket ends served, absent, cancelled or expired; nobody is left waiting
    assert all(state == "closed" for _, state, _ in engine.store.ticket_states())
    # routes (life events) and 交付 pickups really happen
    kinds = {e["data"].get("next") for e in events if e["type"] == "finished"}
    assert "MYNA:pickup" in kinds and any(k in ("NHI", "PENSION", "CHILD", "MYNA") for k in kinds)
    # no new call at a counter during its lunch break (it may finish the visitor it has)
    breaks = {sh.counter: sh.breaks for sh in scn.staff}
    for e in events:
        if e["type"] == "called":
            t = from_ts(e["ts"]).time()
            for b0, b1 in breaks.get(e["counter"], ()):
                assert not (b0 < t < b1), (e["counter"], t)
    # counter 6 opens at 9:30 and takes nobody before
    first6 = min(e["ts"] for e in events if e["type"] == "called" and e["counter"] == 6)
    assert from_ts(first6).time() >= time(9, 30)
    visits = visits_from_events(events)
    assert sum(v.outcome == "served" for v in visits) > 300
    engine.store.close()


def test_whatif_more_windows_cuts_afternoon_waits(capsys: pytest.CaptureFixture[str]) -> None:
    assert simulate_main(["--scenario", "tuesday", "--seed", "3", "--counters", "+2@10:00", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    base = {h["hour"]: h["mean_min"] for h in doc["hours"]}
    alt = {h["hour"]: h["mean_min"] for h in doc["what_if"]["hours"]}
    hours = [h for h in (12, 13, 14) if h in base and h in alt]
    assert hours and sum(alt[h] for h in hours) < 0.8 * sum(base[h] for h in hours)


def test_counters_spec_and_cli_errors(capsys: pytest.CaptureFixture[str]) -> None:
    cfg = scenario_config(load_scenario("tuesday"))
    x = parse_counters("+1:MOVE@13:00-16:00", cfg)
    assert (x.count, x.services, x.start, x.end) == (1, ("MOVE",), time(13), time(16))
    assert parse_counters("+2", cfg).services == ("RES", "KOSEKI_CERT", "TAX")
    for bad in ("2", "+1:NOPE", "+1@25:00", "+1@14:00-13:00"):
        with pytest.raises(ConfigError):
            parse_counters(bad, cfg)
    assert simulate_main(["--scenario", "no-such-scenario"]) == 2
    assert "scenario not found" in capsys.readouterr().err
    assert simulate_main(["--scenario", "tuesday", "--counters", "+x"]) == 2
    assert "--counters" in capsys.readouterr().err


def test_bad_scenario_names_the_key(tmp_path: Path) -> None:
    p = tmp_path / "bad.toml"
    p.write_text('[scenario]\ndate = "2026-12-01"\n[arrivals]\nrates = { RES = -3 }\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"arrivals\.rates\.RES"):
        load_scenario(str(p))
    p.write_text(
        '[scenario]\ndate = "2026-12-01"\n[[staff]]\ncounter = 1\nopen = ["09:00", "17:00"]\n'
        'breaks = [["18:00", "19:00"]]\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"staff\[0\]\.breaks\[0\]"):
        load_scenario(str(p))


def test_live_day_follows_the_wall_clock_at_speed(tmp_path: Path) -> None:
    from shared.sim.live import LiveDay

    scn = load_scenario("branch")
    engine = open_sim_office(tmp_path / "live.db", scenario_config(scn))
    live = LiveDay(engine, scn, wall_start=1000.0, speed=60.0, seed=3)
    assert live.sim_time(1000.0).time() == time(8, 45)
    assert live.sim_time(1060.0).time() == time(9, 45)  # one real minute is a simulated hour
    assert live.tick(1000.0 + 30.0) > 0  # 30 s real = 30 min simulated: tickets issued, counters open
    assert engine.store.events() and not live.finished()
    nxt = live.next_wall()
    assert nxt is not None and nxt >= 1030.0
    first = [e for e in engine.store.events() if e["type"] == "issued"]
    assert all(from_ts(e["ts"]).time() <= time(9, 15) for e in first)
    with pytest.raises(ValueError):
        LiveDay(engine, scn, wall_start=0.0, speed=0.0)
    engine.store.close()
