"""Issue 17.13: the kiosk's language bar says नेपाली, so every start logged `OpenType support missing for
"Noto Sans CJK JP", script 11`. The kiosk asks for the shared fontconfig alias (shared/qt/fonts.py) instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
WARNING = "OpenType support missing"


def test_the_kiosk_starts_without_the_opentype_warning(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("FONTCONFIG_FILE", "MADOGUCHI_DB")}
    env |= {"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path)}
    out = tmp_path / "home.png"
    r = subprocess.run(
        [sys.executable, "-m", "shared.cli", "kiosk", "--screenshot", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    assert QImage(str(out)).width() == 1920
    assert WARNING not in r.stderr, [line for line in r.stderr.splitlines() if WARNING in line]
