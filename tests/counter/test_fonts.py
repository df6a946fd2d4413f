"""Issue 17.13: an app showing Nepali text started with `OpenType support missing for "Noto Sans CJK JP",
script 11` — Qt probed the explicitly named CJK face for Devanagari. The console asks for the fontconfig alias of
shared/qt/fonts.py instead: the line is gone, and the text is drawn exactly as before."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from shared.qt import fonts

ROOT = Path(__file__).resolve().parents[2]
WARNING = "OpenType support missing"


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FONTCONFIG_FILE", "MADOGUCHI_DB")}
    return {**env, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path)}


def test_a_console_showing_nepali_starts_without_the_opentype_warning(tmp_path: Path) -> None:
    out = tmp_path / "ne.png"
    r = subprocess.run(
        [sys.executable, "-m", "shared.cli", "counter", "--screenshot", str(out), "--screen", "called"]
        + ["--lang", "ne", "--size", "1366x768"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(tmp_path),
    )
    assert r.returncode == 0, r.stderr[-2000:]
    assert QImage(str(out)).width() == 1366  # the called visitor's language, नेपाली, was drawn
    assert WARNING not in r.stderr, [line for line in r.stderr.splitlines() if WARNING in line]


def test_prepare_adds_the_alias_to_the_configuration_in_use(tmp_path: Path, monkeypatch) -> None:
    if sys.platform in ("win32", "darwin"):
        assert fonts.prepare(tmp_path) is None
        return
    earlier = tmp_path / "site-fonts.conf"
    earlier.write_text("<fontconfig/>", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(earlier))  # a configuration already chosen is kept, included
    path = fonts.prepare(tmp_path / "cache")
    assert path is not None and os.environ["FONTCONFIG_FILE"] == str(path)
    text = path.read_text(encoding="utf-8")
    assert f'<include ignore_missing="yes">{earlier}</include>' in text
    assert '<alias binding="weak"><family>Madoguchi Sans</family>' in text
    assert text.index("Noto Sans CJK JP") < text.index("Noto Sans Devanagari")
    assert fonts.prepare(tmp_path / "elsewhere") == path  # a child process keeps its parent's file


def test_where_the_alias_is_unknown_the_plain_family_is_used(qapp, monkeypatch) -> None:
    # fontconfig without the alias (Windows, macOS, a read-only home): the JP family itself
    monkeypatch.setattr(fonts, "ALIAS", "Madoguchi No Such Alias")
    assert fonts.ui_family.__wrapped__() == fonts.FAMILY
    # and the font the apps set is the family ui_family() chose, at the size asked for
    font = fonts.ui_font(12)
    assert font.family() == fonts.ui_family() and font.pointSize() == 12
