"""The one core entry point (shared.estimate) over a real SQLite office: wiring, history, persistence, speed."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from shared import estimate as est
from shared.engine import QueueEngine
from shared.office import open_office
from shared.predict.calibrate import Calibration
from shared.sim.driver import WardDay
from shared.sim.office import open_sim_office, scenario_config
from shared.sim.scenario import load_scenario
from shared.status import office_status
from shared.storage.predict_state import load_model
from shared.timeutil import TOKYO


def test_day_one_estimates_from_the_office_profile(open_engine: QueueEngine, now: datetime) -> None:
    tickets = [open_engine.issue("RES", now=now).ticket for _ in range(8)]
    waits = est.estimate_waits(open_engine, now)
    assert set(waits) == set(open_engine.services)
    for e in waits.values():
        assert 0 <= e.low <= e.minutes <= e.high
    # RES: 8 ahead at one merged certificate window of 5 min turns → roughly 45 min, and the range is long-sided
    res = waits["RES"]
    assert 35 <= res.minutes <= 60 and res.high - res.minutes >= res.minutes - res.low
    # the 8th ticket waits longer than the 2nd; a called ticket has no estimate
    e2 = est.estimate_ticket(open_engine, tickets[1], now)
    e8 = est.estimate_ticket(open_engine, tickets[7], now)
    assert e2 is not None and e8 is not None and e8.minutes > e2.minutes + 20
    open_engine.call_next(1, now=now)
    assert est.estimate_ticket(open_engine, tickets[0], now) is None
    doc = office_status(open_engine, now)
    row = next(s for s in doc["services"] if s["code"] == "RES")
    assert row["estimate_min"]["kind"] == "minutes" and row["estimate_min"]["minutes"] >= 35
    # day one has no history: every figure says it is rough (from the profile's service minutes)
    assert res.cold and row["estimate_min"]["rough"] and "（参考）" in row["estimate_min"]["text_ja"]
    # a service no open counter serves says so instead of a number
    assert not waits["PENSION"].open
    pension = next(s for s in doc["services"] if s["code"] == "PENSION")
    assert pension["estimate_min"]["kind"] == "not_open" and pension["estimate_min"]["minutes"] is None


def test_learns_from_history_and_shares_the_model(tmp_path: Path) -> None:
    scn = load_scenario("branch")
    cfg = scenario_config(scn)
    db = tmp_path / "branch.db"
    sim = open_sim_office(db, cfg)
    for i, d in enumerate((date(2026, 11, 4), date(2026, 11, 11), date(2026, 11, 18))):
        WardDay(sim, scn, d, seed=40 + i).run()
    sim.store.close()
    now = datetime(2026, 11, 25, 11, 0, tzinfo=TOKYO)
    a = open_office(db, cfg)
    a.open_counter(1, now=now)
    for _ in range(5):
        a.issue("RES", now=now)
    est._CACHE.clear()
    cal = est.calibration(a, now)
    assert cal.days == 3 and cal.services["RES"].n > 100
    assert cal.desk_profile[2][(12 * 60 + 50) // 5] < 0.5  # counter 2 is at lunch at 12:50 on those days
    assert cal.desk_profile[2][(10 * 60) // 5] > 0.5
    stored = load_model(a.store, "2026-11-25")
    assert stored is not None
    # another process (a new connection) reuses the stored model instead of re-learning it
    est._CACHE.clear()
    b = open_office(db, cfg)
    cal_b = est.calibration(b, now + timedelta(minutes=1))
    assert isinstance(cal_b, Calibration) and cal_b.to_json() == cal.to_json()
    w = est.estimate_waits(b, now)
    assert 5 <= w["RES"].minutes <= 60
    # the scheduler's job rebuilds it explicitly (same history, same model)
    again = est.refresh_calibration(b, now)
    assert again.to_json() == cal.to_json()
    a.store.close()
    b.store.close()


def test_history_prefers_the_same_weekday() -> None:
    days = [f"2026-11-{d:02d}" for d in range(2, 28) if date(2026, 11, d).weekday() < 5 and d != 23]
    mondays = est.history_days(days, "2026-11-30")
    assert mondays == ["2026-11-02", "2026-11-09", "2026-11-16"]  # 11-23 was a holiday: no log
    assert est.history_days(days[:4], "2026-11-30") == days[:4]  # too few Mondays: the latest days
