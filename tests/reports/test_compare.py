"""Before/after comparison of two periods: the baseline rules and relative changes with known answers."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest

from shared.engine import QueueEngine
from shared.reports.build import build_report
from shared.reports.cli import main as report_main
from shared.reports.compare import baseline_range
from shared.timeutil import TOKYO

D, BEFORE = date(2026, 11, 24), date(2026, 11, 17)


def at(h: int, mi: int) -> datetime:
    return datetime(2026, 11, 17, h, mi, tzinfo=TOKYO)


@pytest.fixture
def two_weeks(known: QueueEngine) -> QueueEngine:
    """The known day plus the Tuesday before: a RES visit waiting 10 min, a 転入 taking 90 min end to end."""
    e = known
    for c in (1, 4, 7):
        e.open_counter(c, now=at(8, 45))
    e.issue("RES", now=at(9, 0))
    e.issue_bundle("move_in", {1: True}, now=at(9, 0))
    e.call_next(1, now=at(9, 10))
    e.start(1, now=at(9, 11))
    e.finish(1, now=at(9, 15))
    e.call_next(4, now=at(9, 30))
    e.start(4, now=at(9, 31))
    e.finish(4, now=at(10, 0))
    e.call_next(7, now=at(10, 10))
    e.finish(7, now=at(10, 30))
    return e


@pytest.mark.parametrize(
    ("start", "end", "vs", "expect"),
    [
        (
            date(2026, 11, 24),
            date(2026, 11, 30),
            "last-year",
            (date(2025, 11, 25), date(2025, 12, 1)),
        ),  # same weekdays
        (
            date(2026, 11, 1),
            date(2026, 11, 30),
            "last-year",
            (date(2025, 11, 1), date(2025, 11, 30)),
        ),  # a month
        (
            date(2026, 4, 1),
            date(2027, 3, 31),
            "last-year",
            (date(2025, 4, 1), date(2026, 3, 31)),
        ),  # a fiscal year
        (
            date(2024, 2, 1),
            date(2024, 2, 29),
            "last-year",
            (date(2023, 2, 1), date(2023, 2, 28)),
        ),  # leap February
        (date(2026, 11, 24), date(2026, 11, 30), "previous", (date(2026, 11, 17), date(2026, 11, 23))),
    ],
)
def test_baseline_ranges(start: date, end: date, vs: str, expect: tuple[date, date]) -> None:
    assert baseline_range(start, end, vs) == expect
    if vs == "last-year" and start.day != 1:
        assert expect[0].weekday() == start.weekday()


def test_relative_changes_show_the_30_percent_reduction(two_weeks: QueueEngine) -> None:
    built = build_report(two_weeks.store.db, two_weeks.config, D, D, baseline=(BEFORE, BEFORE))
    comp = built.comparison
    assert comp is not None
    e2e = comp.find("bundle", "move_in", "e2e_mean")
    assert e2e is not None and (e2e.before, e2e.after) == (90.0, 63.0)
    assert e2e.rel_pct == pytest.approx(-30.0) and e2e.better is True
    wait = comp.find("service", "RES", "wait_mean")
    assert wait is not None and wait.before == 10.0 and wait.after == pytest.approx(400 / 60)
    assert wait.rel_pct == pytest.approx(-100 / 3) and wait.better is True
    arrivals = comp.find("service", "RES", "arrivals")
    assert arrivals is not None and (arrivals.before, arrivals.after, arrivals.better) == (1, 4, None)
    sl = comp.find("service", "RES", "sl_pct")
    assert sl is not None and (sl.before, sl.after, sl.better) == (100.0, 75.0, False)  # higher is better
    tax = comp.find("service", "TAX", "wait_mean")
    assert tax is not None and tax.before is None and tax.rel_pct is None  # no baseline: no change claimed


def test_comparison_in_the_files(two_weeks: QueueEngine, db_path: Path, tmp_path: Path) -> None:
    args = [
        "--db",
        str(db_path),
        "--from",
        "2026-11-24",
        "--compare-from",
        "2026-11-17",
        "--compare-to",
        "2026-11-17",
    ]
    html, csv_path = tmp_path / "c.html", tmp_path / "c.csv"
    assert report_main([*args, "--out", str(html)]) == 0
    text = html.read_text(encoding="utf-8")
    assert "期間比較" in text and "-30.0%" in text and "ライフイベント別 平均所要時間（分）" in text
    assert report_main([*args, "--format", "csv", "--out", str(csv_path)]) == 0
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    col = rows[0].index("平均所要(分)")
    change = next(r for r in rows if r[0] == "change:bundle" and r[1] == "move_in")
    base = next(r for r in rows if r[0] == "baseline:bundle" and r[1] == "move_in")
    assert float(change[col]) == pytest.approx(-30.0) and float(base[col]) == 90.0
