"""`madoguchi counter --screenshot`: renders offscreen and exits; bad input gives one line, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from counter.app import main
from shared.office import open_office
from shared.timeutil import now_tokyo

ROOT = Path(__file__).resolve().parents[2]


def test_demo_screenshot_both_orientations(qtbot, tmp_path, monkeypatch):
    monkeypatch.delenv("MADOGUCHI_DB", raising=False)
    for size in ("1920x1080", "1080x1920"):
        out = tmp_path / f"counter-{size}.png"
        assert main(["--screenshot", str(out), "--size", size]) == 0
        img = QImage(str(out))
        assert f"{img.width()}x{img.height()}" == size
        # not a blank frame: the huge ticket number and the dark header are drawn
        assert (
            len({img.pixel(x, y) for x in range(0, img.width(), 37) for y in range(0, img.height(), 41)}) > 20
        )


def test_screenshot_of_a_real_db_shows_its_current_ticket(qtbot, tmp_path, office_config):
    db = tmp_path / "office.db"
    e = open_office(db, office_config)
    now = now_tokyo()
    e.set_issuing("all", "open", now=now)
    e.open_counter(4, now=now)
    e.store.close()
    out = tmp_path / "real.png"
    assert main(["--db", str(db), "--counter", "4", "--screenshot", str(out)]) == 0
    assert QImage(str(out)).width() == 1920


def test_bad_config_is_one_line_without_traceback(tmp_path):
    bad = tmp_path / "office.toml"
    bad.write_text("[office]\nname = 3\n", encoding="utf-8")
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "shared.cli",
            "counter",
            "--config",
            str(bad),
            "--screenshot",
            str(tmp_path / "x.png"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    errors = [line for line in r.stderr.splitlines() if line.startswith("エラー")]
    assert len(errors) == 1 and "office.name" in errors[0]
    assert not (tmp_path / "x.png").exists()


def test_this_pc_remembers_its_counter(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from counter.app import remember_counter, remembered_counter

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    assert remembered_counter() is None
    remember_counter(7)
    assert remembered_counter() == 7
    QSettings("madoguchi", "counter").setValue("last_counter", "garbage")
    assert remembered_counter() is None


def test_bench_runs_and_checks_correctness(qtbot, capsys):
    from counter.bench import main as bench

    args = ["--consoles", "3", "--procs", "1", "--presses", "5", "--queue", "30", "--seconds", "0.5"]
    assert bench([*args, "--bursts", "2", "--think-ms", "50"]) == 0
    out = capsys.readouterr().out
    assert "1. keypress F1 → next ticket shown" in out and "goal ≤ 50 ms" in out
    assert "3 other consoles in 1 processes" in out
    assert ", 0 called twice, 0 worker errors" in out


def test_contact_sheet_has_every_screen_in_a_grid(qtbot, tmp_path, office_config):
    from PIL import Image

    from counter.shots import contact_sheet
    from shared.qt.contact_sheet import CAPTION, GAP, THUMB

    out = tmp_path / "sheet.png"
    assert contact_sheet(office_config, out, ("ne",), ((1024, 768),)) == 4  # called/ne, serving, idle, signin
    with Image.open(out) as sheet:
        w, h = round(1024 * THUMB), round(768 * THUMB)
        assert sheet.size == (GAP + w + GAP, GAP + 4 * (h + CAPTION + GAP))
        for row in range(4):  # each tile is a drawn console, not an empty cell
            y = GAP + row * (h + CAPTION + GAP) + CAPTION
            tile = sheet.crop((GAP, y, GAP + w, y + h))
            assert len(tile.getcolors(maxcolors=1 << 16) or ()) > 50, row
