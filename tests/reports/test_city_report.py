"""The city report: anonymised visit exports from each office, one report over all of them.

Three synthetic offices' exports with figures worked out by hand (totals, p90, service level, no-show, the 30%
target arithmetic, the missing days and offices), and a real office's export read back by the city report giving
the office report's own KPIs."""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from shared.config import OfficeConfig
from shared.office import open_office
from shared.reports.build import build_report
from shared.reports.catalog import Catalog
from shared.reports.city import bootstrap_cut, build_city, read_exports
from shared.reports.city_output import render_city_html, write_city_xlsx
from shared.reports.visits import COLUMNS, file_name, write_day
from shared.storage.kpi_synth import fast_bulk_mode
from shared.timeutil import now_tokyo
from shared.tools.synth import Generator

ROOT = Path(__file__).resolve().parents[2]
PERIOD = [date(2026, 4, 1) + timedelta(days=i) for i in range(3)]
BASE = [date(2025, 4, 1) + timedelta(days=i) for i in range(3)]


def visit(n: int, queue: str, bundle: str, outcome: str, e2e_min: float | None) -> dict[str, str]:
    return {
        "record": "visit",
        "visit": str(n),
        "queue": queue,
        "bundle": bundle,
        "hour": "10",
        "outcome": outcome,
        "forced": "0",
        "legs": "1",
        "channel": "kiosk",
        "e2e_s": "" if e2e_min is None else str(60 * e2e_min),
    }


def leg(n: int, queue: str, outcome: str, wait_min: float) -> dict[str, str]:
    return {
        "record": "leg",
        "visit": str(n),
        "queue": queue,
        "hour": "10",
        "counter": "1",
        "outcome": outcome,
        "accurate": "1",
        "recalls": "0",
        "holds": "0",
        "wait_s": str(60 * wait_min),
        "service_s": "300" if outcome == "done" else "",
        "target_min": "20",
    }


def export(folder: Path, office: str, day: date, rows: list[dict[str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / file_name(office, day)).open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, restval="")
        w.writeheader()
        w.writerows({**r, "office": office, "day": day.isoformat()} for r in rows)


@pytest.fixture
def three(tmp_path: Path) -> Path:
    """a (Aoba): every day a RES visit (wait 10 min, served) and a 転入 (move_in) visit (MOVE wait 30 min,
    end-to-end 40 min); baseline 転入 60 min.  b (Boso): on 04-01 and 04-03 only (04-02 missing), a RES no-show
    (called after 10 min) and a 転出 (move_out; wait 5 min, end-to-end 20 min); baseline 転出 30 min.
    c (Chuo): listed in the city, never exported."""
    root = tmp_path / "exports"
    for d in PERIOD:
        export(
            root / "a",
            "a",
            d,
            [
                visit(1, "RES", "", "served", 12),
                leg(1, "RES", "done", 10),
                visit(2, "MOVE", "move_in", "served", 40),
                leg(2, "MOVE", "done", 30),
            ],
        )
        if d != date(2026, 4, 2):
            export(
                root / "b",
                "b",
                d,
                [
                    visit(1, "RES", "", "no_show", None),
                    leg(1, "RES", "no_show", 10),
                    visit(2, "MOVE", "move_out", "served", 20),
                    leg(2, "MOVE", "done", 5),
                ],
            )
    for d in BASE:
        export(root / "a", "a", d, [visit(1, "MOVE", "move_in", "served", 60), leg(1, "MOVE", "done", 45)])
        export(root / "b", "b", d, [visit(1, "MOVE", "move_out", "served", 30), leg(1, "MOVE", "done", 20)])
    return root


def test_three_offices_hand_computed(three: Path, tmp_path: Path) -> None:
    rep = build_city(
        read_exports(three),
        PERIOD[0],
        PERIOD[-1],
        baseline=(BASE[0], BASE[-1]),
        offices=[("a", "青葉区"), ("b", "房総区"), ("c", "中央区")],
    )
    assert rep.total is not None
    # city totals: a 2 visits × 3 days + b 2 × 2 days
    assert rep.total.visits.visits == 10 and rep.total.visits.served == 8 and rep.total.visits.no_show == 2
    assert rep.total.total.arrivals == 10 and rep.total.total.no_show_rate == pytest.approx(2 / 10)
    # service level (target 20 min): a RES 10 ✓ ×3, MOVE 30 ✗ ×3; b RES 10 ✓ ×2, MOVE 5 ✓ ×2 → 7 of 10
    assert rep.total.total.sl_pct == pytest.approx(70.0)
    # p90 of the waits [5,5,10×5,30×3] min: position 8.1 of 0…9 → 30 min
    assert rep.total.total.wait.p90 == pytest.approx(30 * 60)
    a, b, c = rep.wards
    assert (a.days, b.days, c.days) == (3, 2, 0)
    assert a.total is not None and b.total is not None and c.total is None
    assert a.total.sl_pct == pytest.approx(50.0) and b.total.sl_pct == pytest.approx(100.0)
    assert a.total.no_show_rate == 0 and b.total.no_show_rate == pytest.approx(0.5)
    assert a.total.wait.p90 == pytest.approx(30 * 60) and b.total.wait.p90 == pytest.approx(10 * 60)
    assert a.move.mean == pytest.approx(40 * 60) and b.move.mean == pytest.approx(20 * 60)
    # the 30% target: baseline mean (3×60 + 3×30)/6 = 45 min; now (3×40 + 2×20)/5 = 32 min
    t = rep.target
    assert t.base_mean_s == pytest.approx(45 * 60) and t.now_mean_s == pytest.approx(32 * 60)
    assert t.cut_pct == pytest.approx((1 - 32 / 45) * 100)  # 28.9%
    assert t.target_mean_s == pytest.approx(0.7 * 45 * 60)  # 31.5 min
    # each office's values are constant, and the bootstrap resamples within offices: the interval is the point
    assert t.ci_low == pytest.approx(t.cut_pct) and t.ci_high == pytest.approx(t.cut_pct)
    assert t.verdict == "not_met" and (t.n_base, t.n_now) == (6, 5)
    # missing: c entirely, b on 04-02
    assert rep.missing_offices == ("c",)
    assert b.missing == (date(2026, 4, 2),) and a.missing == () and a.missing_base == b.missing_base == ()
    assert rep.days == 3

    html = render_city_html(rep, now_tokyo())
    assert "28.9%" in html and "31.5 分" in html and "45.0 分" in html and "32.0 分" in html
    assert "未達成" in html
    assert "中央区: 期間中のエクスポートが一つもありません" in html
    assert "房総区: エクスポートのない日 2026-04-02" in html
    assert "中央区: 基準期間でエクスポートのない日 2025-04-01…2025-04-03" in html
    assert html.count("<svg") == 4 and "<script" not in html
    path = tmp_path / "city.xlsx"
    write_city_xlsx(rep, path, now_tokyo())
    from openpyxl import load_workbook

    wb = load_workbook(path)
    assert wb.sheetnames == ["概要", "区別", "欠測"]
    wards = list(wb["区別"].iter_rows(values_only=True))
    assert wards[1][0] == "青葉区" and wards[1][2] == 6 and wards[2][2] == 4
    assert [r[0] for r in wb["欠測"].iter_rows(values_only=True)][1:] == ["中央区", "房総区", "中央区"]


def test_bootstrap_interval_holds_the_point_and_narrows_with_more_visits() -> None:
    import numpy as np

    rng = np.random.default_rng(3)
    base = [rng.normal(60, 15, 200).clip(5)]
    now = [rng.normal(40, 10, 200).clip(5)]
    point = (1 - now[0].mean() / base[0].mean()) * 100
    lo, hi = bootstrap_cut(base, now)
    assert lo < point < hi and lo > 20 and hi < 45
    lo4, hi4 = bootstrap_cut([np.tile(base[0], 4)], [np.tile(now[0], 4)])
    assert hi4 - lo4 < 0.7 * (hi - lo)
    assert bootstrap_cut([np.zeros(0)], now) is None


def test_met_when_the_whole_interval_is_past_30_percent(three: Path) -> None:
    # make b's period a full 3 days and its 転出 10 min: now (3×40 + 3×10)/6 = 25 min, cut 44.4%
    for d in PERIOD:
        export(three / "b", "b", d, [visit(1, "MOVE", "move_out", "served", 10), leg(1, "MOVE", "done", 5)])
    rep = build_city(read_exports(three), PERIOD[0], PERIOD[-1], baseline=(BASE[0], BASE[-1]))
    assert rep.target.cut_pct == pytest.approx((1 - 25 / 45) * 100)
    assert rep.target.verdict == "met" and rep.missing_offices == ()


def test_a_real_office_export_gives_the_office_reports_figures(
    tmp_path: Path, office_config: OfficeConfig
) -> None:
    db = tmp_path / "office.db"
    e = open_office(db, office_config)
    fast_bulk_mode(e.store.db)
    start, end = date(2026, 3, 23), date(2026, 3, 29)
    Generator(office_config, seed=7).run(e.store.db, start, end, 1500)
    out = tmp_path / "exports"
    catalog = Catalog(office_config, e.store.db)
    d = start
    while d <= end:
        write_day(e.store.db, catalog, "tsurumi", d, out)
        d += timedelta(days=1)
    office = build_report(e.store.db, office_config, start, end).report
    tokens = [r[0] for r in e.store.db.execute("SELECT token FROM ticket").fetchall()]
    e.store.close()

    text = "".join(p.read_text(encoding="utf-8") for p in sorted(out.iterdir()))
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert not any(tok in text for tok in tokens[:200])  # no QR token; no request columns at all
    city = build_city(read_exports(out), start, end, catalog=Catalog(office_config)).total
    assert city is not None
    for f in ("arrivals", "served", "no_show", "cancelled", "expired", "sl_pct", "no_show_rate"):
        assert getattr(city.total, f) == pytest.approx(getattr(office.total, f)), f
    for f in ("mean", "median", "p90", "max"):
        assert getattr(city.total.wait, f) == pytest.approx(getattr(office.total.wait, f), abs=0.1), f
    assert city.visits.visits == office.visits.visits and city.visits.served == office.visits.served
    assert city.visits.e2e.mean == pytest.approx(office.visits.e2e.mean, abs=0.1)
    by = {r.key: r.e2e.mean for r in city.by_bundle}
    for r in office.by_bundle:
        assert by[r.key] == pytest.approx(r.e2e.mean, abs=0.1, nan_ok=True), r.key


def test_cli_city_report_and_errors(three: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "city.html"
    args = ["--exports", str(three), "--from", "2026-04-01", "--to", "2026-04-03"]
    base = ["--baseline-from", "2025-04-01", "--baseline-to", "2025-04-03"]
    r = subprocess.run(  # the real command line: madoguchi report --city goes to the city report
        [sys.executable, "-m", "shared", "report", "--city", *args, *base, "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "moving cut 28.9%" in r.stderr and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")

    from shared.city.report_cli import main

    assert main(["--city", *args, "--format", "xlsx", "--out", str(tmp_path / "c.xlsx")]) == 0
    capsys.readouterr()
    for bad, msg in (
        (["--exports", str(tmp_path / "nope"), "--from", "2026-04-01"], "no export folder"),
        (["--exports", str(three), "--from", "2027-01-01"], "no visits in any office"),
        (["--exports", str(three), "--from", "2026-04-31"], "cannot read the --from date"),
        (["--exports", str(three), "--from", "2026-04-01", "--baseline-from", "2025-04-01"], "give both"),
        (
            ["--exports", str(three), "--from", "2026-04-01", "--out", str(tmp_path / "no" / "x.html")],
            "does not exist",
        ),
    ):
        assert main(["--city", *bad]) == 2
        err = capsys.readouterr().err
        assert err.startswith("エラー / error: ") and msg in err and err.count("\n") == 1, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.xlsx", "city.html", "exports"]  # no partial file


def test_the_nightly_job_writes_the_days_export(known, tmp_path: Path) -> None:  # noqa: ANN001 - fixture
    from shared import jobs
    from tests.reports.test_jobs import at

    out = tmp_path / "reports"
    msg = jobs.nightly_reports(known, at(date(2026, 11, 25), 0, 15), out, ("html",))
    path = out / "city" / "madoguchi-visits_office_2026-11-24.csv"
    assert path.name in msg and path.exists()
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert {r["record"] for r in rows} == {"visit", "leg"} and len(
        [r for r in rows if r["record"] == "visit"]
    ) == 7
    jobs.nightly_reports(
        known, at(date(2026, 11, 26), 0, 15), out, ("html",)
    )  # a day without visits: header only
    empty = (out / "city" / "madoguchi-visits_office_2026-11-25.csv").read_text(encoding="utf-8")
    assert empty == ",".join(COLUMNS) + "\n"


def test_cli_visits_export_of_an_office(known_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "shared",
            "--db",
            str(known_db),
            "report",
            "--visits",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-24",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "madoguchi-visits_office_2026-11-23.csv",
        "madoguchi-visits_office_2026-11-24.csv",
    ]
    rep = build_city(read_exports(out), date(2026, 11, 24), date(2026, 11, 24))
    assert rep.total is not None and rep.total.visits.visits == 7
