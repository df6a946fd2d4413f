"""``madoguchi display``: an unknown profile is a one-line error (exit 2); --screenshot renders a real PNG."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from display.app import main, pick_profile
from shared.errors import ConfigError
from shared.screen import parse_size

ROOT = Path(__file__).resolve().parents[2]


def test_unknown_profile_is_one_clear_line_and_exit_code_2(capsys, db_path: Path) -> None:
    assert main(["--profile", "3F", "--db", str(db_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "displays.3F" in err[0] and "unknown display profile" in err[0]
    assert "main, 1F, 2F, pickup" in err[0]
    # the display profiles come from the office profile in the database, so the database was opened (and, new
    # here, given its first profile version); no window was built and nothing else was written


def test_unknown_profile_through_the_madoguchi_command(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "shared.cli", "display", "--profile", "nope", "--db", str(tmp_path / "x.db")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "unknown display profile" in done.stderr and done.stdout == ""


def test_bad_config_file_is_one_line_too(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "office.toml"
    bad.write_text("[office\nname = 1", encoding="utf-8")
    assert main(["--config", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not valid TOML" in err[0]


def test_default_profile_is_main(office_config) -> None:
    assert pick_profile(office_config, None).name == "main"
    assert pick_profile(office_config, "pickup").pickup
    with pytest.raises(ConfigError):
        pick_profile(office_config, "lobby")


def test_size_option() -> None:
    assert parse_size("1080x1920") == (1080, 1920)
    for bad in ("big", "10x10", "1920*1080"):
        with pytest.raises(Exception, match="WIDTHxHEIGHT|範囲外"):
            parse_size(bad)


def test_screenshot_renders_the_demo_day(qtbot, tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.delenv("MADOGUCHI_DB", raising=False)
    out = tmp_path / "pickup.png"
    assert main(["--screenshot", str(out), "--size", "1080x1920", "--profile", "pickup", "--lang", "en"]) == 0
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1080, 1920)
    assert "pickup" in capsys.readouterr().out
    colours = {img.pixel(x, y) for x in range(0, 1080, 24) for y in range(0, 1920, 24)}
    assert len(colours) > 20  # a drawn screen, not an empty one


def test_contact_sheet_puts_each_language_and_panel_in_its_cell(qtbot, tmp_path: Path) -> None:
    from PIL import Image

    from display.announcer import Announcer
    from display.contact_sheet import contact_sheet
    from display.sinks import NullSink
    from display.window import DisplayWindow
    from shared.office import open_office
    from shared.qt.contact_sheet import CAPTION, GAP, THUMB
    from tests.display.busy import NOW, make_busy

    db = tmp_path / "office.db"
    engine = open_office(db)
    make_busy(engine, 3, served=2)
    w = DisplayWindow(
        engine,
        engine.config.display("main"),
        db_path=db,
        clock=lambda: NOW,
        announcer=Announcer(NullSink("test"), muted=True),
        rotate=False,
    )
    qtbot.addWidget(w)
    out = tmp_path / "sheet.png"
    panels = ((800, 450), (450, 800))
    assert contact_sheet(w, out, ("ja", "en"), panels) == 4
    w.stop()
    engine.store.close()
    tw, th = round(800 * THUMB), round(450 * THUMB)
    with Image.open(out) as sheet:
        row_h = round(800 * THUMB) + CAPTION + GAP
        assert sheet.size == (GAP + tw + GAP + round(450 * THUMB) + GAP, GAP + 2 * row_h)
        ja = sheet.crop((GAP, GAP + CAPTION, GAP + tw, GAP + CAPTION + th))
        en = sheet.crop((GAP, GAP + row_h + CAPTION, GAP + tw, GAP + row_h + CAPTION + th))
        assert len(ja.getcolors(maxcolors=100_000) or ()) > 50  # a drawn display, not an empty cell
        assert ja.tobytes() != en.tobytes()  # the labels changed language between the rows


def test_contact_sheet_to_an_unwritable_place_is_one_line(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("MADOGUCHI_DB", raising=False)
    assert main(["--contact-sheet", str(tmp_path / "missing" / "dir" / "sheet.png")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Traceback" not in err[0]
