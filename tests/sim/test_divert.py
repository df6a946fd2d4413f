"""The ward-day simulator with 行かない (issue #20): a share of certificate visitors take the convenience store,
and ``bench divert``'s arithmetic and interval."""

from __future__ import annotations

import json
import math
from datetime import time
from pathlib import Path

import pytest

from shared.errors import ConfigError, DomainError
from shared.replay import verify
from shared.sim.cli import divert_shares
from shared.sim.cli import main as simulate_main
from shared.sim.driver import WardDay
from shared.sim.office import open_sim_office, scenario_config
from shared.sim.scenario import load_scenario
from shared.tools.bench_divert import Day, counter_shift, figure, interval

WINDOW = (time(9, 0), time(10, 0))  # a morning is enough, and fast


def _day(db: Path, divert: dict[str, float] | None, seed: int = 3):
    scn = load_scenario("tuesday")
    engine = open_sim_office(db, scenario_config(scn))
    stats = WardDay(engine, scn, seed=seed, window=WINDOW, divert=divert).run()
    events = engine.store.events()
    problems = verify(engine.store)
    engine.store.close()
    return stats, events, problems


def _tickets(events, service: str) -> list[float]:
    return [e["ts"] for e in events if e["type"] == "issued" and e["service"] == service]


def test_a_share_of_res_visitors_divert_and_take_no_ticket(tmp_path: Path) -> None:
    base, base_events, _ = _day(tmp_path / "a.db", None)
    stats, events, problems = _day(tmp_path / "b.db", {"RES": 0.5})
    assert problems == []
    offered = [e for e in events if e["type"] == "offered"]
    diverted = [e for e in events if e["type"] == "diverted"]
    res_arrivals = len(_tickets(base_events, "RES"))
    assert stats.offered == len(offered) == res_arrivals > 10
    assert stats.diverted == len(diverted) and 0.3 * res_arrivals < stats.diverted < 0.7 * res_arrivals
    assert {e["service"] for e in offered + diverted} == {"RES"}
    assert all(
        e["data"] == {"alternative": "konbini", "channel": "kiosk"} and e["ticket_id"] is None
        for e in diverted
    )
    assert len(_tickets(events, "RES")) == res_arrivals - stats.diverted
    # the other services' visitors arrive exactly as without diversion (the decisions have their own stream)
    assert _tickets(events, "MOVE") == _tickets(base_events, "MOVE")
    assert stats.arrivals == base.arrivals


def test_share_zero_changes_nothing_but_the_offers_and_one_diverts_everyone(tmp_path: Path) -> None:
    _, base_events, _ = _day(tmp_path / "a.db", None)
    stats0, events0, _ = _day(tmp_path / "b.db", {"RES": 0.0})
    strip = [(e["ts"], e["type"], e["service"], e["counter"]) for e in events0 if e["type"] != "offered"]
    assert strip == [(e["ts"], e["type"], e["service"], e["counter"]) for e in base_events]
    assert stats0.diverted == 0 and stats0.offered > 0
    stats1, events1, _ = _day(tmp_path / "c.db", {"RES": 1.0})
    assert _tickets(events1, "RES") == [] and stats1.diverted == stats1.offered > 0


def test_diversion_needs_a_service_with_an_alternative(tmp_path: Path) -> None:
    with pytest.raises(DomainError):
        _day(tmp_path / "a.db", {"NHI": 0.5})
    with pytest.raises(ValueError):
        _day(tmp_path / "b.db", {"RES": 1.5})
    cfg = scenario_config(load_scenario("monday"))
    assert divert_shares("0.43", cfg) == {"RES": 0.43, "KOSEKI_CERT": 0.43, "TAX": 0.43}
    assert divert_shares("RES=0.43", cfg) == {"RES": 0.43}
    for bad in ("NHI=0.2", "RES=2", "lots"):
        with pytest.raises(ConfigError):
            divert_shares(bad, cfg)


def test_simulate_cli_reports_the_diversion(capsys: pytest.CaptureFixture[str]) -> None:
    assert simulate_main(["--scenario", "branch", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["stats"]["diverted"] == 0
    assert simulate_main(["--scenario", "branch", "--divert", "RES=0.5"]) == 2  # the branch profile has none
    assert "--divert" in capsys.readouterr().err


def test_bench_arithmetic_and_interval() -> None:
    assert counter_shift(0.58, 0.76) == pytest.approx(1 - 24 / 42)
    assert counter_shift(0.5, 0.5) == 0
    iv = interval([10.0, 12.0, 14.0])  # mean 12, sd 2, t(2) = 4.303
    assert iv.mean == 12 and iv.low == pytest.approx(12 - 4.303 * 2 / math.sqrt(3))
    assert iv.high == pytest.approx(12 + 4.303 * 2 / math.sqrt(3)) and iv.n == 3
    days = [
        Day(1, 60.0, 30.0, 200, 0, {9: 50.0, 10: 70.0, 17: 0.0}, {9: 20, 10: 25, 17: 1}),
        Day(2, 80.0, 40.0, 210, 0, {9: 60.0}, {9: 30}),
    ]
    shift = [
        Day(1, 30.0, 15.0, 150, 50, {9: 20.0, 10: 35.0}, {9: 15, 10: 20}),
        Day(2, 40.0, 20.0, 160, 50, {9: 25.0}, {9: 20}),
    ]
    chart = figure(days, shift, ("今日 58%", "目標 76%"), "p90")
    assert chart.startswith("<svg") and chart.count("<rect") >= 3 and "10時" in chart and ">70<" in chart
    assert "17時" not in chart  # one leg after closing is not an hour of the chart
