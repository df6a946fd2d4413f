"""The plan's indicators (issue #20) on a hand-built log with known answers, and the convenience-store import.

Baseline day Tue 2026-10-20, period day Tue 2026-11-24, both through the real engine:

- 引越し visits. Baseline: V1 MOVE 9:00 → finished 9:40 with 2 forms; V2 MOVE 9:05 → 9:55 with 1 form.
  Period: V3 move_in MOVE (0 forms) → NHI (0 forms), 9:00 → 9:20; V4 move_within 9:02 → 9:42 with 3 forms;
  V5 move_in 9:03 → 9:50 finished without a count (a script): counted in the time, not in the forms.
  Forms: baseline mean 1.5, 0% with none; period mean (0 + 3) / 2 = 1.5, 50% with none, n = 2.
  Time: baseline (40 + 50) / 2 = 45 min → target 31.5 min; period (20 + 40 + 47) / 3 = 35.67 min.
- Diversions (events as the kiosk writes them): period RES offered 4, diverted 3 → 75%; baseline 2, 0 → 0%.
- 住民票 at the counters. November: juminhyo × 2 (kiosk), juminhyo × 1 + inkan (kiosk), a plain RES ticket
  (1, asked at the counter), inkan only (0), kazei only at the merged window (0), juminhyo × 5 cancelled before
  the call (0): 3 + 1 = 4. October: juminhyo × 3 (kiosk) + a plain RES (1) = 4.
  Imported: 2026-10 = 30, 2026-11 = 90 → November 90 / 94 = 95.74%, October 30 / 34 = 88.24%.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from shared import cli as madoguchi
from shared.config import OfficeConfig
from shared.engine import QueueEngine
from shared.models import EventType
from shared.office import open_office
from shared.reports import indicators as ind
from shared.reports.build import build_report
from shared.reports.export import IND_COLUMNS, to_csv, write_xlsx
from shared.reports.html import render_html
from shared.reports.konbini import KonbiniFileError, import_file, parse
from shared.storage import indicator_store
from shared.timeutil import TOKYO, to_ts

BASE = date(2026, 10, 20)
PERIOD = date(2026, 11, 24)
TODAY = date(2026, 12, 1)


def at(d: date, minutes: float) -> datetime:
    return datetime(d.year, d.month, d.day, 9, 0, tzinfo=TOKYO) + timedelta(minutes=minutes)


def _serve(e: QueueEngine, counter: int, display: str, call: float, end: float, d: date, **kw: int) -> None:
    e.call_number(counter, display, now=at(d, call))
    e.finish(counter, now=at(d, end), **kw)


def _alternatives(e: QueueEngine, d: date, service: str, offered: int, diverted: int) -> None:
    """The 行かない events exactly as models.EventType documents them (no ticket, no person)."""
    with e.store.transaction():
        for i in range(offered):
            kind = EventType.OFFERED
            e.store.add_event(
                ts=to_ts(at(d, i)), day=d.isoformat(), type=kind, ticket_id=None, leg_id=None,
                service=service, counter=None, actor=None, data={"alternative": "konbini", "channel": "kiosk"},
            )  # fmt: skip
        for i in range(diverted):
            e.store.add_event(
                ts=to_ts(at(d, i + 0.5)), day=d.isoformat(), type=EventType.DIVERTED, ticket_id=None,
                leg_id=None, service=service, counter=None, actor=None,
                data={"alternative": "konbini", "channel": "kiosk"},
            )  # fmt: skip


def _certs(*picks: tuple[str, int]) -> dict[str, object]:
    return {"certificates": [{"code": c, "copies": n} for c, n in picks]}


def build_log(e: QueueEngine) -> None:
    for d in (BASE, PERIOD):
        for c in (1, 4, 5, 7):
            e.open_counter(c, now=at(d, -10))
    # baseline 引越し
    v1 = e.issue_bundle("move_in", {}, now=at(BASE, 0)).ticket.display
    v2 = e.issue_bundle("move_out", {}, now=at(BASE, 5)).ticket.display
    _serve(e, 4, v1, 10, 40, BASE, forms=2)
    _serve(e, 5, v2, 20, 55, BASE, forms=1)
    # baseline 住民票: juminhyo × 3 from the kiosk, and a plain RES ticket
    a = e.issue_route(["RES"], now=at(BASE, 60), request=_certs(("juminhyo", 3))).ticket.display
    b = e.issue("RES", now=at(BASE, 61)).ticket.display
    _serve(e, 1, a, 62, 65, BASE)
    _serve(e, 1, b, 66, 70, BASE)
    _alternatives(e, BASE, "RES", 2, 0)
    # period 引越し
    v3 = e.issue_bundle("move_in", {1: True}, now=at(PERIOD, 0)).ticket.display  # MOVE, NHI
    v4 = e.issue_bundle("move_within", {}, now=at(PERIOD, 2)).ticket.display
    v5 = e.issue_bundle("move_in", {}, now=at(PERIOD, 3)).ticket.display
    _serve(e, 4, v3, 1, 10, PERIOD, forms=0)
    _serve(e, 7, v3, 11, 20, PERIOD, forms=0)
    _serve(e, 5, v4, 12, 42, PERIOD, forms=3)
    _serve(e, 4, v5, 43, 50, PERIOD)  # no count: a script, or a finish from before this feature
    # period 住民票
    tickets = [
        e.issue_route(["RES"], now=at(PERIOD, 60), request=_certs(("juminhyo", 2))),
        e.issue_route(["RES"], now=at(PERIOD, 61), request=_certs(("juminhyo", 1), ("inkan", 1))),
        e.issue("RES", now=at(PERIOD, 62)),
        e.issue_route(["RES"], now=at(PERIOD, 63), request=_certs(("inkan", 1))),
        e.issue_route(["TAX"], now=at(PERIOD, 64), request=_certs(("kazei", 1))),
    ]
    gone = e.issue_route(["RES"], now=at(PERIOD, 65), request=_certs(("juminhyo", 5))).ticket.display
    e.cancel(gone, now=at(PERIOD, 66))
    for i, out in enumerate(tickets):
        _serve(e, 1, out.ticket.display, 70 + 3 * i, 72 + 3 * i, PERIOD)
    _alternatives(e, PERIOD, "RES", 4, 3)


@pytest.fixture
def log(db_path: Path | str, office_config: OfficeConfig) -> QueueEngine:
    e = open_office(db_path, office_config)
    build_log(e)
    indicator_store.replace_konbini(e.store.db, [("2026-10", 30), ("2026-11", 90)], "test.csv", 0.0)
    yield e
    e.store.close()


def _report(e: QueueEngine):  # type: ignore[no-untyped-def]
    return build_report(e.store.db, e.config, PERIOD, PERIOD, baseline=(BASE, BASE))


def test_known_answers(log: QueueEngine) -> None:
    plan = _report(log).indicators
    f = plan.find("forms_mean")
    assert (f.value, f.baseline, f.target, f.n) == (1.5, 1.5, 0.0, 2)
    assert "完了 3 件中" in f.detail  # V5 is served but has no count: left out, and said so
    z = plan.find("forms_zero")
    assert (z.value, z.baseline, z.target) == (50.0, 0.0, 100.0)
    t = plan.find("move_e2e")
    assert t.value == pytest.approx(107 / 3, abs=1e-3) and t.baseline == pytest.approx(45.0)
    assert t.target == pytest.approx(31.5) and t.n == 3
    assert "+20.7%" in t.detail
    d = plan.find("divert:RES")
    assert (d.value, d.baseline, d.n) == (75.0, 0.0, 4)
    k = plan.find("konbini")
    assert k.value == pytest.approx(100 * 90 / 94) and k.baseline == pytest.approx(100 * 30 / 34)
    assert (k.target, k.start, k.n) == (76.0, 58.0, 94)
    assert "発券機の申請 3・窓口で申請 1" in k.detail
    nov = plan.find("konbini:2026-11")
    assert nov is not None and nov.value == pytest.approx(100 * 90 / 94)
    assert plan.find("konbini:2026-10") is None  # not in the period (it is the baseline's)
    assert len(plan.definitions) == 4 and all(len(x) > 60 for x in plan.definitions)


def test_the_certificates_survive_the_request_purge(log: QueueEngine) -> None:
    """Retention blanks the requests; the counter's 住民票 come from the finished events, so nothing changes."""
    before = ind.counter_juminhyo(log.store.db, log.config, date(2026, 11, 1), date(2026, 11, 30))
    with log.store.transaction():
        assert log.store.purge_requests("2026-12-01") > 0
    after = ind.counter_juminhyo(log.store.db, log.config, date(2026, 11, 1), date(2026, 11, 30))
    assert before == after == (3, 1)


def test_without_an_import_there_is_no_konbini_card(db_path: Path | str, office_config: OfficeConfig) -> None:
    e = open_office(db_path, office_config)
    build_log(e)
    plan = _report(e).indicators
    assert plan.find("konbini") is None and plan.find("forms_mean") is not None
    e.store.close()


def _html_values(html: str) -> dict[str, dict[str, str]]:
    out = {}
    for m in re.finditer(
        r'data-key="([^"]+)" data-value="([^"]*)"(?: data-baseline="([^"]*)"\s+data-target="([^"]*)")? data-n="(\d+)"',
        html,
    ):
        out[m.group(1)] = {
            "ind_value": m.group(2),
            "ind_baseline": m.group(3),
            "ind_target": m.group(4),
            "ind_n": m.group(5),
        }
    return out


def _num(text: str | None) -> float | None:
    return None if text in (None, "") else float(text)


def test_html_xlsx_and_csv_carry_the_same_figures(log: QueueEngine, tmp_path: Path) -> None:
    built = _report(log)
    gen = datetime(2026, 12, 1, 9, 0, tzinfo=TOKYO)
    html = render_html(built.report, built.comparison, office="x", generated=gen, plan=built.indicators)
    rows = list(
        csv.reader(io.StringIO(to_csv(built.report, built.comparison, built.indicators).lstrip("\ufeff")))
    )
    cols = rows[0]
    start = len(cols) - len(IND_COLUMNS)
    from_csv = {
        r[1]: dict(zip(IND_COLUMNS, (_num(x) for x in r[start:]), strict=True))
        for r in rows
        if r[0] == "indicator"
    }
    write_xlsx(built.report, built.comparison, tmp_path / "r.xlsx", gen, built.indicators)
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["計画の指標"]
    from_xlsx = {}
    for row in ws.iter_rows(min_row=2, values_only=True):
        if not row[0] or row[2] is None and row[5] is None:
            continue
        from_xlsx[row[0]] = dict(
            zip(IND_COLUMNS, (None if v is None else float(v) for v in row[2:6]), strict=True)
        )
    from_html = {k: {c: _num(v) for c, v in vals.items()} for k, vals in _html_values(html).items()}
    keys = {r.key for r in built.indicators.rows}
    assert {"forms_mean", "forms_zero", "move_e2e", "divert:RES", "konbini", "konbini:2026-11"} <= keys
    assert set(from_csv) == set(from_xlsx) == set(from_html) == keys
    for k in keys:
        assert from_csv[k]["ind_value"] == from_xlsx[k]["ind_value"] == from_html[k]["ind_value"], k
        assert from_csv[k]["ind_n"] == from_xlsx[k]["ind_n"] == from_html[k]["ind_n"], k
        if not k.startswith("konbini:"):  # the month rows of the HTML show the value and n only
            for c in ("ind_baseline", "ind_target"):
                assert from_csv[k][c] == from_xlsx[k][c] == from_html[k][c], (k, c)
    assert from_csv["forms_mean"]["ind_value"] == 1.5 and from_csv["konbini"]["ind_value"] == 95.74
    for d in built.indicators.definitions:  # each definition is printed in the HTML and the xlsx
        assert str(markup_escape(d)) in html
    assert built.indicators.definitions[0] in [c.value for c in ws["A"]]


def markup_escape(text: str) -> str:
    import markupsafe

    return str(markupsafe.escape(text))


# -- the import ------------------------------------------------------------------------------------------------
GOOD = 'month,count\n2026-09,10\n2026-10,"1,200"\n\n2026-11,0\n'


def test_import_arithmetic_and_a_correction(
    db_path: Path | str, office_config: OfficeConfig, tmp_path: Path
) -> None:
    e = open_office(db_path, office_config)
    f = tmp_path / "k.csv"
    f.write_text(GOOD, encoding="utf-8-sig")
    done = import_file(e.store.db, f, TODAY, 1.0)
    assert done.months == (("2026-09", 10), ("2026-10", 1200), ("2026-11", 0))
    f.write_text("年月,件数\n2026-11,75\n", encoding="cp932")  # Excel's Shift_JIS, Japanese header
    import_file(e.store.db, f, TODAY, 2.0)
    assert indicator_store.konbini_months(e.store.db, "2026-01", "2026-12") == {
        "2026-09": 10,
        "2026-10": 1200,
        "2026-11": 75,
    }
    e.store.close()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("month;count\n2026-10,1\n", "見出し"),
        ("month,count\n2026-09,5\n2026-13,1\n", "年月「2026-13」"),
        ("month,count\n2026-09,5\n2026/10,1\n", "bad month '2026/10'"),
        ("month,count\n2026-09,5\n2026-10,-4\n", "negative count -4"),
        ("month,count\n2026-09,5\n2026-10,12.5\n", "whole number"),
        ("month,count\n2026-10,1\n2026-11,2\n2026-10,3\n", "2026-10 が 2行目と重複"),
        ("month,count\n2027-01,1\n", "未来の月"),
        ("month,count\n2026-10\n", "2 (month, count)"),
        ("", "空のファイル"),
        ("month,count\n", "no months"),
    ],
)
def test_a_bad_file_is_refused_with_words_and_nothing_is_stored(
    db_path: Path | str, office_config: OfficeConfig, tmp_path: Path, text: str, words: str
) -> None:
    e = open_office(db_path, office_config)
    indicator_store.replace_konbini(e.store.db, [("2026-10", 7)], "before.csv", 0.0)
    f = tmp_path / "bad.csv"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(KonbiniFileError) as err:
        import_file(e.store.db, f, TODAY, 1.0)
    assert words in str(err.value)
    assert indicator_store.konbini_months(e.store.db, "2000-01", "2099-12") == {"2026-10": 7}
    e.store.close()


def test_every_problem_is_listed_by_line() -> None:
    with pytest.raises(KonbiniFileError) as err:
        parse("month,count\n2026-1,3\n2026-02,-1\n2026-03,4\n2026-03,5\n", "f.csv", TODAY)
    listed = [ln.strip() for ln in str(err.value).splitlines()[1:]]
    assert [ln.split("行目")[0] for ln in listed] == ["2", "3", "5"]


def test_the_cli_imports_and_refuses(
    db_path: Path | str, office_config: OfficeConfig, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    open_office(db_path, office_config).store.close()
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text("month,count\n2026-04,1234\n2026-05,1180\n", encoding="utf-8")
    bad.write_text("month,count\n2026-04,1\n2026-04,2\n", encoding="utf-8")
    assert madoguchi.main(["--db", str(db_path), "import", "konbini", str(good)]) == 0
    assert "2 か月分" in capsys.readouterr().out
    assert madoguchi.main(["--db", str(db_path), "import", "konbini", str(bad)]) != 0
    err = capsys.readouterr().err
    assert "重複" in err and "Traceback" not in err
    e = open_office(db_path, office_config)
    assert indicator_store.konbini_months(e.store.db, "2026-01", "2026-12") == {
        "2026-04": 1234,
        "2026-05": 1180,
    }
    e.store.close()


@pytest.mark.backends("sqlite")
def test_synthetic_history_carries_the_plans_data(db_path: Path, office_config: OfficeConfig) -> None:
    """The synthetic year (shared/tools/synth.py) logs forms, kiosk 住民票 and 行かない events, and 書かない from
    ``change_from`` on shows in the indicators."""
    from shared.tools.synth import Generator

    e = open_office(db_path, office_config)
    change = date(2026, 6, 15)
    Generator(office_config, seed=3, change_from=change, change=-0.3).run(
        e.store.db, date(2026, 6, 1), date(2026, 6, 30), 4000
    )
    before = build_report(e.store.db, e.config, date(2026, 6, 1), change - timedelta(days=1)).indicators
    after = build_report(e.store.db, e.config, change, date(2026, 6, 30)).indicators
    fb, fa = before.find("forms_mean"), after.find("forms_mean")
    assert fb.n > 50 and fa.n > 50
    assert fb.value == pytest.approx(1.1 * 1.8, rel=0.35) and fa.value < fb.value / 2
    db, da = before.find("divert:RES"), after.find("divert:RES")
    assert db.value == pytest.approx(20, abs=3) and da.value == pytest.approx(35, abs=3)
    captured, uncaptured = ind.counter_juminhyo(e.store.db, e.config, date(2026, 6, 1), date(2026, 6, 30))
    assert captured > 2 * uncaptured > 0  # 3 in 4 住民票 tickets come with a kiosk request of 1–3 copies
    e.store.close()


def test_a_step_finished_after_the_rollover_still_counts(
    db_path: Path | str, office_config: OfficeConfig
) -> None:
    """The finish of a ticket served across midnight is logged on the next business day; its forms belong to
    the ticket's own day (facts read finishes up to three days later)."""
    e = open_office(db_path, office_config)
    e.open_counter(4, now=at(PERIOD, 0))
    t = e.issue_bundle("move_within", {}, now=at(PERIOD, 6 * 60)).ticket  # 15:00
    e.call_number(4, t.display, now=at(PERIOD, 6 * 60 + 5))
    e.finish(4, now=at(PERIOD, 15 * 60 + 10), forms=4)  # 00:10 the next day
    assert e.store.events(ticket_id=t.id, types=["finished"])[0]["day"] == "2026-11-25"
    f = build_report(e.store.db, e.config, PERIOD, PERIOD).indicators.find("forms_mean")
    assert (f.value, f.n) == (4.0, 1)
    e.store.close()
