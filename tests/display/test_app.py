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
    assert not db_path.exists()  # nothing was opened or created


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
