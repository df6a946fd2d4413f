"""The start-at-boot files in assets/deploy/ start real madoguchi commands with options the apps accept:
systemd user units (checked by `systemd-analyze verify` where it is installed) and the Windows start script
whose uses the README documents."""

from __future__ import annotations

import argparse
import configparser
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = sorted((ROOT / "assets/deploy/systemd").glob("*.service"))
START_CMD = ROOT / "assets/deploy/windows/madoguchi-start.cmd"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _parsers() -> dict[str, Callable[[], argparse.ArgumentParser]]:
    from counter.app import parser as counter
    from display.app import parser as display
    from kiosk.app import parser as kiosk
    from shared.scheduler import parser as scheduler
    from shared.web.app import _parser as web

    return {"kiosk": kiosk, "display": display, "counter": counter, "web": web, "scheduler": scheduler}


def _accepted(args: list[str]) -> None:
    """``args`` after ``madoguchi``: a command that starts an app, with options its own parser accepts."""
    command, *rest = args
    parsers = _parsers()
    assert command in parsers, f"{command!r} is not an app madoguchi starts"
    try:
        parsers[command]().parse_args(rest)
    except SystemExit as exc:
        raise AssertionError(f"madoguchi {' '.join(args)}: the {command} app refuses these options") from exc


def _exec_start(unit: Path) -> list[str]:
    ini = configparser.ConfigParser(strict=True, interpolation=None)
    ini.optionxform = str  # type: ignore[assignment,method-assign]  # systemd keys are case-sensitive
    ini.read(unit, encoding="utf-8")
    assert {"Unit", "Service", "Install"} <= set(ini.sections()), unit.name
    return shlex.split(ini["Service"]["ExecStart"])


def test_there_is_a_unit_for_each_app() -> None:
    assert [u.name for u in UNITS] == [
        f"madoguchi-{a}.service" for a in ("counter", "display", "kiosk", "scheduler", "web")
    ]


@pytest.mark.parametrize("unit", UNITS, ids=[u.stem for u in UNITS])
def test_each_unit_starts_a_real_command(unit: Path) -> None:
    exe, *args = _exec_start(unit)
    assert exe == "%h/.local/bin/madoguchi"  # where pipx and uv tool put it
    assert unit.stem == f"madoguchi-{args[0]}"
    _accepted(args)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    """systemd's own check, with %h/.local/bin/madoguchi being this checkout's real command."""
    bin_dir = tmp_path / ".local" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "madoguchi").symlink_to(Path(sys.executable).with_name("madoguchi"))
    env = dict(os.environ, HOME=str(tmp_path), XDG_RUNTIME_DIR=str(tmp_path))
    done = subprocess.run(
        ["systemd-analyze", "verify", "--user", *map(str, UNITS)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr


def test_the_windows_start_script_runs_the_installed_command() -> None:
    text = START_CMD.read_bytes().decode("ascii")
    assert "\r\n" in text  # a batch file with Windows line ends
    assert r"%USERPROFILE%\.local\bin\madoguchi.exe" in text  # where pipx and uv tool put it on Windows
    uses = re.findall(r"^rem\s+madoguchi-start\.cmd (.+?)\r?$", text, re.M)
    assert len(uses) == 5
    for use in uses:
        _accepted(use.split())


def test_the_readme_documents_every_start_line_it_shows() -> None:
    """Each `madoguchi-start.cmd …` and `ExecStart` in the README starts an app with options it accepts."""
    shown = re.findall(r"madoguchi-start\.cmd ((?:kiosk|display|counter|web|scheduler)[^`\"\n]*)", README)
    assert shown, "the README shows how to start the apps on Windows"
    for use in shown:
        _accepted(use.split())
