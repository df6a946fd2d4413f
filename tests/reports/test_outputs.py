"""Report files: produced, parseable, self-contained; the CLI's errors are clear and leave nothing behind."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from PIL import Image

from shared import cli as madoguchi
from shared.engine import QueueEngine
from shared.reports import labels as L
from shared.reports.build import build_report
from shared.reports.cli import main as report_main
from shared.reports.export import CSV_COLUMNS
from shared.reports.table import kpi_values, visit_values

D = date(2026, 11, 24)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.ids: set[str] = set()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for k, v in attrs:
            if k == "id" and v:
                self.ids.add(v)
            if k in ("src", "href") and v:
                self.refs.append(v)


def _run(db: Path, *args: str) -> int:
    return report_main(["--db", str(db), "--from", "2026-11-24", "--to", "2026-11-24", *args])


def test_html_is_one_self_contained_file_with_the_charts(known_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert _run(known_db, "--out", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    p = _Tags()
    p.feed(text)
    assert {"summary", "hourly", "heatmap", "distribution", "service-level", "t-service", "t-bundle"} <= p.ids
    assert p.tags.count("svg") >= 4 and "script" not in p.tags
    assert not [r for r in p.refs if not r.startswith("#")]  # no CDN, no external CSS or images
    assert not re.search(r"url\(\s*['\"]?https?:", text)
    assert '<html lang="ja">' in text and "窓口 待ち時間・KPI レポート" in text and "住民票・印鑑証明" in text
    en = tmp_path / "en.html"
    assert _run(known_db, "--out", str(en), "--lang", "en") == 0
    assert "Counter waiting times" in en.read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_html_opens_in_headless_chromium(known_db: Path, tmp_path: Path) -> None:
    out, png = tmp_path / "r.html", tmp_path / "r.png"
    assert _run(known_db, "--out", str(out)) == 0
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1280,1600",
            f"--screenshot={png}",
            out.as_uri(),
        ],
        capture_output=True,
        timeout=60,
        check=False,
    )
    img = Image.open(png).convert("L")
    assert img.size == (1280, 1600)
    lo, hi = img.getextrema()
    assert lo < 60 and hi > 240  # dark text on a white page, not a blank or error page
    dark = int((np.asarray(img.resize((320, 400))) < 128).sum())
    assert dark > 2000  # headings, cards and charts actually drew


def test_csv_round_trips(known: QueueEngine, known_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    assert _run(known_db, "--format", "csv", "--out", str(out)) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens UTF-8 Japanese correctly
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    assert header[3:] == [L.column(c, "ja") for c in CSV_COLUMNS]
    rep = build_report(known.store.db, known.config, D, D).report
    parsed = {(r[0], r[1]): dict(zip(CSV_COLUMNS, r[3:], strict=True)) for r in rows[1:]}
    expect = {("service", r.key): kpi_values(r) for r in rep.by_queue}
    expect[("total", "total")] = kpi_values(rep.total)
    expect.update({("bundle", b.key): visit_values(b) for b in rep.by_bundle})
    for key, values in expect.items():
        for col, v in values.items():
            got = parsed[key][col]
            if v is None:
                assert got == "", (key, col)
            else:
                assert float(got) == pytest.approx(v, abs=0.006), (key, col)
    assert {k[0] for k in parsed} >= {
        "total",
        "service",
        "counter",
        "hour",
        "weekday",
        "day",
        "visits",
        "bundle",
    }


def test_xlsx_reopens_with_the_same_numbers(known: QueueEngine, known_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    assert _run(known_db, "--format", "xlsx", "--out", str(out)) == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:4] == ["概要", "計画の指標", "業務別", "窓口別"]
    ws = wb["業務別"]
    header = [c.value for c in ws[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["住民票・印鑑証明"]["受付件数"] == 4
    assert rows["住民票・印鑑証明"]["平均待ち(分)"] == pytest.approx(400 / 60, abs=0.006)
    assert rows["住民票・印鑑証明"]["サービスレベル(%)"] == 75.0
    assert "曜日×時間帯 平均待ち時間（分）" in wb.sheetnames


def test_json_parses(known_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(known_db, "--format", "json", "--out", "-") == 0
    doc = json.loads(capsys.readouterr().out)
    res = next(r for r in doc["by_service"] if r["key"] == "RES")
    assert res["wait"]["mean"] == 400.0 and doc["report"]["units"] == "seconds"
    assert doc["visits"]["visits"] == 7


def test_madoguchi_report_is_wired_into_the_main_command(known_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "via-main.csv"
    rc = madoguchi.main(
        ["--db", str(known_db), "report", "--from", "2026-11-24", "--format", "csv", "--out", str(out)]
    )
    assert rc == 0 and out.stat().st_size > 500


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-11-30", "--to", "2026-11-01"], "より後です"),
        (["--from", "2026-10-01", "--to", "2026-10-31"], "来庁記録がありません"),
        (["--from", "2026-11-24", "--service", "NOPE"], "unknown service"),
        (["--from", "24/11/2026"], "日付が読めません"),
        (["--from", "2026-11-24", "--compare-from", "2026-11-17"], "--compare-to"),
        (["--from", "2026-11-24", "--vs", "last-year"], "比較期間"),
        (["--from", "2026-11-24", "--format", "pdf"], "invalid choice"),
    ],
)
def test_clear_errors_and_no_file_left(
    known_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    rc = report_main(["--db", str(known_db), *args, "--out", str(out_dir / "x.html")])
    err = capsys.readouterr().err
    assert rc == 2 and message in err and "Traceback" not in err
    assert list(out_dir.iterdir()) == []


def test_unwritable_output_fails_before_any_work(
    known_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    blocker = out_dir / "file"
    blocker.write_text("x")
    for out, message in (
        (out_dir / "missing" / "r.html", "フォルダがありません"),
        (blocker / "r.html", "フォルダがありません"),
        (out_dir, "フォルダです"),
    ):
        assert _run(known_db, "--out", str(out)) == 2
        assert message in capsys.readouterr().err
    assert sorted(p.name for p in out_dir.iterdir()) == ["file"]


def test_progress_bar_on_a_long_rebuild(
    known_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(known_db, "--rebuild", "--progress", "--out", str(tmp_path / "r.html")) == 0
    err = capsys.readouterr().err
    assert "[##############################] 100% 1/1" in err


def test_a_missing_database_is_an_error_not_a_new_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo.db"
    assert report_main(["--db", str(missing), "--from", "2026-11-24", "--out", str(tmp_path / "r.html")]) == 2
    assert "データベースがありません" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
