"""The ward-day simulator with a booked share: bookings are made the day before and checked in on the day through
the real verbs, booked legs are called by the real policy, and the bench's numbers come from the event tables."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from shared.calendar import opening_span
from shared.replay import verify
from shared.sim.arrivals import day_arrivals
from shared.sim.booking import booking_config, booking_waits, with_bookings
from shared.sim.driver import WardDay
from shared.sim.office import open_sim_office, scenario_config
from shared.sim.scenario import load_scenario
from shared.timeutil import at
from shared.tools.bench_booking import main as bench_main


def _day(tmp_path: Path, share: float):
    scn = load_scenario("tuesday")
    cfg = booking_config(scenario_config(scn), share)
    day = scn.date
    span = opening_span(day, cfg.hours)
    t0, t1 = at(day, span[0]).timestamp(), at(day, span[1]).timestamp()
    arrivals = day_arrivals(
        scn, cfg, day, t0, t1, span[0].hour + span[0].minute / 60, np.random.default_rng(3)
    )
    e = open_sim_office(tmp_path / f"{share}.db", cfg)
    plan = with_bookings(e, arrivals, day, share, np.random.default_rng(4))
    stats = WardDay(e, scn, day, seed=3, arrivals=plan.arrivals).run()
    return e, plan, stats, arrivals


def test_a_booked_share_books_checks_in_and_is_called(tmp_path: Path) -> None:
    e, plan, stats, arrivals = _day(tmp_path, 0.4)
    try:
        assert plan.booked > 10 and plan.wanted >= plan.booked
        states = dict(e.store.db.execute("SELECT state, count(*) FROM booking GROUP BY state").fetchall())
        assert states.get("checked_in", 0) + states.get("late", 0) == plan.booked - plan.no_shows
        w = booking_waits(e, load_scenario("tuesday").date.isoformat())
        assert len(w.booked_after_slot_s) == states.get("checked_in", 0)  # every on-time booking was called
        assert all(x >= 0 for x in w.booked_after_slot_s) and w.walk_in_all_s
        assert len(plan.arrivals) == len(arrivals) - plan.no_shows
        assert not [x for x in stats.errors if "booking" in x]
        assert verify(e.store) == []
    finally:
        e.store.close()


def test_no_share_is_the_plain_day(tmp_path: Path) -> None:
    e, plan, _stats, arrivals = _day(tmp_path, 0.0)
    try:
        assert plan.arrivals == list(arrivals) and plan.booked == 0
        assert e.store.db.scalar("SELECT count(*) FROM leg WHERE slot_ts IS NOT NULL") == 0
    finally:
        e.store.close()


def test_bench_prints_the_table(capsys) -> None:
    assert bench_main(["--scenarios", "tuesday", "--shares", "0,0.4", "--seeds", "1"]) == 0
    out = capsys.readouterr().out
    assert "tuesday" in out and "40%" in out and "walk-in p90" in out and "Δ vs 0%" in out


def test_bench_json_carries_the_intervals_and_the_load(capsys) -> None:
    import json

    args = ["--scenarios", "tuesday", "--shares", "0,0.4", "--seeds", "2", "--hold", "on", "--desks", "on"]
    assert bench_main([*args, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["load"]) == 2 and out["cores"] >= 1
    base, booked = out["rows"]
    assert base["walk_in_p90_change_ci_min"] is None  # the baseline has no change
    lo, hi = booked["booked_p90_after_slot_ci_min"]
    assert lo <= booked["booked_p90_after_slot_min"] <= hi
    lo, hi = booked["walk_in_p90_change_ci_min"]
    assert lo <= booked["walk_in_p90_min"] - booked["walk_in_p90_base_min"] <= hi
    assert 0 <= booked["booked_over_goal_share"] <= 1
