"""KPIs on a hand-built event log (tests/reports/conftest.py) with answers worked out by hand."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from shared.config import OfficeConfig
from shared.engine import QueueEngine
from shared.reports import dataset, facts, kpi
from shared.reports.build import build_report
from shared.reports.catalog import Catalog
from shared.storage.kpi_synth import fast_bulk_mode
from shared.tools.synth import Generator
from tests.reports.conftest import DAY

D = date(2026, 11, 24)


@pytest.fixture
def rep(known: QueueEngine) -> kpi.Report:
    return build_report(known.store.db, known.config, D, D).report


def by_key(rows: list[kpi.KpiRow]) -> dict[str, kpi.KpiRow]:
    return {r.key: r for r in rows}


def test_legs_per_service_match_the_hand_computation(rep: kpi.Report) -> None:
    q = by_key(rep.by_queue)
    assert list(q) == ["RES", "TAX", "MOVE", "NHI", "MYNA", "MYNA:pickup"]  # profile order, pickup after
    res = q["RES"]  # T1 served, T2 no-show, T5 walked out, T6 transferred to TAX
    assert (res.arrivals, res.served, res.transferred, res.no_show, res.cancelled, res.expired) == (
        4,
        2,
        1,
        1,
        1,
        0,
    )
    assert res.no_show_rate == pytest.approx(0.25) and res.cancel_rate == pytest.approx(0.25)
    assert res.recalls == 1
    assert (res.wait.n, res.wait.mean, res.wait.median, res.wait.max) == (3, 400.0, 300.0, 660.0)
    assert res.wait.p90 == pytest.approx(300 + 0.8 * 360)  # linear between order statistics
    assert (res.walk.n, res.walk.mean) == (1, 60.0)  # T6 was transferred without 受付開始: no walk-up
    assert (res.service.n, res.service.mean) == (2, 180.0)  # 240 s, and 120 s from the call (implicit start)
    # 3 called within 15 min; T5 cancelled after 37 min counts as a miss
    assert (res.sl_pct, res.sl_n, res.target_min) == (75.0, 4, 15)
    assert res.peak == 3

    move = q["MOVE"]  # called 20, started 21, held 25, returned 30, called 35, started 36, finished 50
    assert (move.wait.mean, move.walk.mean, move.service.mean, move.hold.mean, move.holds) == (
        1080.0,
        60.0,
        1080.0,
        600.0,
        1,
    )
    assert (q["NHI"].wait.mean, q["NHI"].walk.n, q["NHI"].service.mean) == (300.0, 0, 600.0)
    assert (q["MYNA"].wait.mean, q["MYNA"].walk.mean, q["MYNA"].service.mean) == (120.0, 60.0, 600.0)
    assert (q["MYNA:pickup"].wait.mean, q["MYNA:pickup"].service.mean) == (1620.0, 120.0)
    assert q["MYNA:pickup"].label.endswith("（交付）")


def test_force_closed_ticket_is_counted_but_left_out_of_time_kpis(rep: kpi.Report) -> None:
    tax = by_key(rep.by_queue)["TAX"]  # T6 after the transfer, and T4 still waiting at 17:30
    assert (tax.arrivals, tax.served, tax.expired) == (2, 1, 1)
    assert (tax.wait.n, tax.wait.mean, tax.sl_n, tax.sl_pct) == (1, 180.0, 1, 100.0)
    assert rep.total.expired == 1 and rep.visits.expired == 1
    assert rep.total.wait.n == 8  # of 10 legs: T5 was never called, T4 is force-closed
    assert rep.total.wait.max == 1620.0  # T4 waited 7 h 20 min, but is flagged and excluded


def test_totals_visits_and_life_events(rep: kpi.Report) -> None:
    t = rep.total
    assert (t.arrivals, t.served, t.no_show, t.cancelled, t.expired, t.open) == (10, 7, 1, 1, 1, 0)
    v = rep.visits
    assert (v.visits, v.served, v.no_show, v.cancelled, v.expired, v.open) == (7, 4, 1, 1, 1, 0)
    bundles = {b.key: b for b in rep.by_bundle}
    assert bundles["move_in"].e2e.mean == 63 * 60  # first ticket 09:02 → NHI finished 10:05
    assert bundles["move_in"].legs_mean == 2.0
    single = bundles[""]
    assert single.visits == 6 and single.e2e.n == 3
    assert single.e2e.mean == pytest.approx(
        (600 + 900 + 2520) / 3
    )  # T1, T6 (with its transfer), T7 (+pickup)
    assert v.e2e.max == 3780.0


def test_counter_hour_weekday_and_peaks(rep: kpi.Report) -> None:
    c = by_key(rep.by_counter)
    assert {k: r.arrivals for k, r in c.items()} == {"1": 4, "4": 1, "7": 1, "10": 1, "11": 1}
    h = by_key(rep.by_hour)
    assert (h["9"].arrivals, h["10"].arrivals) == (7, 3)
    assert (h["9"].peak, h["10"].peak, h["17"].peak if "17" in h else None) == (4, 2, None)
    assert rep.total.peak == 4  # 09:03: T1, T2, T3 and T5 waiting together
    assert [r.key for r in rep.by_weekday] == ["1"] and rep.by_weekday[0].label == "火"
    assert rep.heatmap.weekdays == (1,) and rep.heatmap.hours == (9, 10)
    assert rep.heatmap.arrivals == ((7, 3),)
    assert sum(rep.histogram.counts) == rep.total.wait.n == rep.histogram.n
    assert rep.histogram.counts[:6] == (3, 2, 1, 1, 1, 0)  # 4 3 2 | 5 5 | 11 | 18 | 27 min


def test_service_filter_keeps_both_stages_and_the_visits_touching_it(known: QueueEngine) -> None:
    rep = build_report(known.store.db, known.config, D, D, service="MYNA").report
    assert [r.key for r in rep.by_queue] == ["MYNA", "MYNA:pickup"]
    assert rep.visits.visits == 1 and rep.total.arrivals == 2
    assert rep.total.peak == 1
    rep = build_report(known.store.db, known.config, D, D, service="NHI").report
    assert rep.visits.visits == 1 and [b.key for b in rep.by_bundle] == ["move_in"]


def test_fast_path_equals_the_full_event_replay(known: QueueEngine) -> None:
    fast, slow = facts.read_day(known.store.db, DAY), facts.read_day(known.store.db, DAY, replay_all=True)
    for f in fast.legs.dtype.names:
        assert np.array_equal(fast.legs[f], slow.legs[f], equal_nan=fast.legs[f].dtype.kind == "f"), f
    assert np.array_equal(fast.peaks, slow.peaks)


def test_fast_path_equals_replay_on_synthetic_history(db_path, office_config: OfficeConfig) -> None:
    from shared.office import open_office

    e = open_office(db_path, office_config)
    fast_bulk_mode(e.store.db)
    Generator(office_config, seed=5).run(e.store.db, date(2026, 3, 23), date(2026, 4, 3), 3000)
    days = [d for d, _, _ in _days(e)]
    for a, b in zip(
        facts.read_days(e.store.db, days), facts.read_days(e.store.db, days, replay_all=True), strict=True
    ):
        assert int(a.legs["holds"].sum()) > 0  # the replay path was exercised
        for f in a.legs.dtype.names:
            assert np.array_equal(a.legs[f], b.legs[f], equal_nan=a.legs[f].dtype.kind == "f"), (a.day, f)
        assert np.array_equal(a.peaks, b.peaks), a.day
    e.store.close()


def _days(e: QueueEngine) -> list[tuple[str, int, int]]:
    facts.refresh(e.store.db)
    from shared.storage.kpi_store import fact_days

    return fact_days(e.store.db)


def test_refresh_is_incremental_and_sees_new_events(known: QueueEngine) -> None:
    conn = known.store.db
    first = facts.refresh(conn)
    assert first.days == 1
    assert facts.refresh(conn).days == 0  # nothing new
    from tests.reports.conftest import m

    known.issue("RES", now=m(120))  # a new visit on the same day
    again = facts.refresh(conn)
    assert again.days == 1
    rep = kpi.compute(dataset.load(conn, D, D), Catalog(known.config, conn))
    assert rep.visits.visits == 8 and rep.total.open == 1
    assert rep.total.no_show_rate == pytest.approx(1 / 10)  # the open leg is not in the denominator
