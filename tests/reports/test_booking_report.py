"""来庁予約 in the reports (both backends): counts by outcome, the no-show rate, punctuality (wait after the slot
time) and bookings per hour; ``madoguchi report --bookings`` prints them."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import pytest

from shared.booking import BookingDesk
from shared.booking_settings import BookingSettings
from shared.config import load_config
from shared.office import open_office
from shared.reports.booking import booking_summary, format_summary
from shared.reports.cli import main as report_main
from tests.conftest import NOW

CFG = dataclasses.replace(
    load_config(), booking=BookingSettings(enabled=True, services=("NHI",), shares={"NHI": 1.0}, grace_min=10)
)
BEFORE = NOW - timedelta(days=1)


def slot(h: int, m: int = 0):
    return NOW.replace(hour=h, minute=m)


@pytest.fixture
def day(db_path):
    """NHI bookings on NOW's day: 10:30 on time (called 10:36), 10:30 late, 11:00 no-show, 11:00 cancelled,
    14:00 still to come."""
    e = open_office(db_path, CFG)
    desk = BookingDesk(e)
    on_time = desk.book(service="NHI", start=slot(10, 30), now=BEFORE)
    late = desk.book(service="NHI", start=slot(10, 30), now=BEFORE)
    absent = desk.book(service="NHI", start=slot(11), now=BEFORE)
    gone = desk.book(service="NHI", start=slot(11), now=BEFORE)
    desk.book(service="NHI", start=slot(14), now=BEFORE)
    desk.cancel(gone.token, now=BEFORE)
    e.open_counter(7, now=NOW, services=["NHI"])
    desk.check_in(on_time.number, now=slot(10, 26))  # 4 min early
    e.call_next(7, now=slot(10, 36))  # called 6 min after the slot
    desk.check_in(late.number, now=slot(10, 50))
    desk.expire(slot(11, 20))
    assert desk.find(absent.number).state == "no_show"
    yield e
    e.store.close()


def test_counts_no_show_rate_punctuality_and_per_hour(day):
    s = booking_summary(day.store.db, NOW.date(), NOW.date())
    assert s.counts == {"booked": 1, "checked_in": 1, "late": 1, "no_show": 1, "cancelled": 1}
    assert s.no_show_rate == pytest.approx(1 / 3)
    assert s.wait_after_slot_p90_min == pytest.approx(6.0) and s.called == 1
    assert s.arrival_vs_slot_p50_min == pytest.approx(-4.0)
    assert [(h.hour, h.booked, h.arrived) for h in s.hours] == [(10, 2, 2), (11, 1, 0), (14, 1, 0)]
    text = format_summary(s)
    assert "不在率 / no-show rate: 33%" in text and "10時    2 /   2" in text
    empty = booking_summary(day.store.db, NOW.date() + timedelta(days=1), NOW.date() + timedelta(days=1))
    assert empty.total == 0 and empty.no_show_rate is None and empty.hours == ()


def test_report_bookings_command(day, db_path, capsys):
    assert report_main(["--bookings", "--db", str(db_path), "--from", NOW.date().isoformat(), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["counts"]["no_show"] == 1 and out["per_hour"][0] == {"hour": 10, "booked": 2, "arrived": 2}


def test_a_report_says_todays_bookings_per_hour_when_the_office_takes_bookings(
    day, db_path, tmp_path, capsys
):
    from shared.config import read_config_text
    from shared.profile import store_profile
    from shared.timeutil import now_tokyo

    text, _ = read_config_text(None)
    text += '\n[booking]\nenabled = true\nservices = ["NHI"]\n'
    store_profile(day.store.db, text, "office.toml", now=NOW)
    out = tmp_path / "r.json"
    args = ["--db", str(db_path), "--from", "2026-11-24", "--format", "json", "--out", str(out)]
    assert report_main(args) == 0
    err = capsys.readouterr().err
    today = now_tokyo().date().isoformat()  # the report's day, not today: the booking lines are about today
    assert f"来庁予約 / bookings  {today}" in err and out.exists()


def _html_booking_tables(html: str) -> tuple[list[str], list[list[str]]]:
    """The summary cells and the per-hour rows of the HTML report's 来庁予約 tables."""
    import re

    part = html.split('id="t-booking"', 1)[1].split('id="notes"', 1)[0]
    summary, hours = part.split('id="t-booking-hour"', 1)
    cells = re.findall(r'<td class="n">([^<]*)</td>', summary)
    rows = [
        re.findall(r"<td[^>]*>([^<]*)</td>", tr) for tr in re.findall(r"<tr><td.*?</tr>", hours, flags=re.S)
    ]
    return cells, rows


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_booking_figures_agree_in_html_csv_and_xlsx(day, tmp_path, lang):
    import csv
    import io
    from datetime import datetime

    import openpyxl

    from shared.reports import booking as B
    from shared.reports.build import build_report
    from shared.reports.output import render, write
    from shared.reports.table import fmt

    built = build_report(day.store.db, CFG, NOW.date(), NOW.date(), lang=lang)
    assert built.bookings is not None
    gen = datetime(2026, 11, 25, 9, 0)
    # CSV: the booking row and one row per hour, in the booking columns
    text = render(built, "csv", gen).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    head = rows[0]
    by = {(r[0], r[1]): dict(zip(head, r, strict=True)) for r in rows[1:]}
    total = by[("booking", "total")]
    csv_summary = [total[B.column(k, lang)] for k in B.SUMMARY_COLUMNS]
    csv_hours = [
        [by[("booking:hour", f"{h:02d}")][B.column(k, lang)] for k in B.HOUR_COLUMNS] for h in (10, 11, 14)
    ]
    # xlsx: the 来庁予約 sheet
    path = tmp_path / "r.xlsx"
    write(built, "xlsx", path, gen)
    ws = openpyxl.load_workbook(path)[B.words(B.TITLE, lang)]
    cells = list(ws.iter_rows(values_only=True))
    xlsx_summary = {r[0]: r[1] for r in cells[1 : 1 + len(B.SUMMARY_COLUMNS)]}
    start = 1 + len(B.SUMMARY_COLUMNS) + 2
    xlsx_hours = [list(r[1:3]) for r in cells[start : start + 3]]
    # HTML: the two tables
    html_summary, html_hours = _html_booking_tables(render(built, "html", gen).decode("utf-8"))

    expected = {
        "bookings": 5,
        "booking_to_come": 1,
        "booking_checked_in": 1,
        "booking_late": 1,
        "booking_no_show": 1,
        "booking_cancelled": 1,
        "booking_no_show_rate": 100 / 3,
        "booking_wait_p50": 6.0,
        "booking_wait_p90": 6.0,
        "booking_arrival_p50": -4.0,
    }
    for i, k in enumerate(B.SUMMARY_COLUMNS):
        want = expected[k]
        assert float(csv_summary[i]) == pytest.approx(want, abs=0.01), k
        assert xlsx_summary[B.column(k, lang)] == pytest.approx(want, abs=0.01), k
        assert html_summary[i] == fmt(want, B.unit(k)), k
    assert [[int(v) for v in r] for r in csv_hours] == [[2, 2], [1, 0], [1, 0]]
    assert xlsx_hours == [[2, 2], [1, 0], [1, 0]]
    assert [r[1:] for r in html_hours] == [["2", "2"], ["1", "0"], ["1", "0"]]
    # the definitions are stated with the figures
    note = B.words(B.NOTES, lang)[1]
    assert note in render(built, "html", gen).decode("utf-8")
    notes = [r[0] for r in openpyxl.load_workbook(path).worksheets[-1].iter_rows(values_only=True)]
    assert note in notes


def test_no_booking_figures_when_the_office_takes_no_bookings(db_path):
    from datetime import datetime

    from shared.reports.build import build_report
    from shared.reports.output import render

    e = open_office(db_path, load_config())
    e.issue("NHI", now=NOW)
    built = build_report(e.store.db, load_config(), NOW.date(), NOW.date())
    assert built.bookings is None
    assert 'id="t-booking"' not in render(built, "html", datetime(2026, 11, 25)).decode("utf-8")
    e.store.close()
