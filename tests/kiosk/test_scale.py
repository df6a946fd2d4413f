"""--scale: the full-HD kiosk design fitted to the panel a ward office really bought (1366×768, 1280×1024, 4K)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from shared.qt.scale import fit_factor, probe_screen, scale_arg

ROOT = Path(__file__).resolve().parents[2]


def test_the_design_is_fitted_to_the_screen_and_its_orientation() -> None:
    assert fit_factor(1920, 1080) == 1.0 and fit_factor(1080, 1920) == 1.0
    assert fit_factor(1366, 768) == pytest.approx(0.711, abs=0.001)
    assert fit_factor(768, 1366) == pytest.approx(0.711, abs=0.001)  # a portrait panel of the same size
    assert fit_factor(1280, 1024) == pytest.approx(0.667, abs=0.001)  # the width decides
    assert fit_factor(2560, 1440) == pytest.approx(1.333, abs=0.001)  # a big panel gets bigger targets
    assert fit_factor(320, 240) == 0.5  # never so small that nothing can be read


@pytest.mark.parametrize("bad", ["huge", "0.1", "9", ""])
def test_a_bad_factor_is_refused(bad: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        scale_arg(bad)
    assert scale_arg("auto") == "auto" and scale_arg("0.71") == "0.71"


def test_the_probe_reads_the_primary_screen() -> None:
    size = probe_screen()
    assert size is not None and size[0] > 0 and size[1] > 0


def test_a_scaled_kiosk_renders_the_full_layout_into_the_smaller_panel(tmp_path: Path) -> None:
    out = tmp_path / "home-1366.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("QT_SCALE_FACTOR", None)
    r = subprocess.run(
        [sys.executable, "-m", "kiosk", "--screenshot", str(out), "--size", "1920x1080", "--scale", "0.7115"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1366, 768)
    # the home screen is drawn, not a blank frame: the dark header and the tiles give many colours
    colours = {img.pixel(x, y) for x in range(0, img.width(), 29) for y in range(0, img.height(), 31)}
    assert len(colours) > 20
