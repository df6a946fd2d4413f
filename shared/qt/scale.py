"""Fit a fixed design (1920×1080, or 1080×1920 in portrait) to the screen an app really runs on.

Qt reads ``QT_SCALE_FACTOR`` once, when the QApplication is made, and then lays the window out in logical
pixels: a 1366×768 kiosk panel with factor 0.71 shows exactly the full-HD layout, only smaller, instead of
tiles squeezed on top of each other. ``auto`` asks a short-lived probe process for the primary screen's size,
because this process cannot make a second QApplication once it has one.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

DESIGN = (1920, 1080)
MIN_FACTOR, MAX_FACTOR = 0.5, 3.0
_PROBE = (
    "from PySide6.QtGui import QGuiApplication\n"
    "app = QGuiApplication(['madoguchi-probe'])\n"
    "s = app.primaryScreen()\n"
    "print(s.size().width(), s.size().height()) if s else print('')\n"
)


def scale_arg(text: str) -> str:
    """argparse type for ``--scale``: ``auto`` or a factor between 0.5 and 3."""
    if text == "auto":
        return text
    try:
        f = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected 'auto' or a number like 0.71, got {text!r}") from None
    if not MIN_FACTOR <= f <= MAX_FACTOR:
        raise argparse.ArgumentTypeError(f"the factor must be between {MIN_FACTOR} and {MAX_FACTOR}, got {f}")
    return text


def fit_factor(width: int, height: int, design: tuple[int, int] = DESIGN) -> float:
    """The factor that makes the design (turned to the screen's orientation) fill the screen."""
    dw, dh = design if width >= height else (design[1], design[0])
    return round(max(MIN_FACTOR, min(MAX_FACTOR, width / dw, height / dh)), 4)


def probe_screen(timeout: float = 20.0) -> tuple[int, int] | None:
    """The primary screen's size in logical pixels, from a probe process; None if it cannot tell."""
    env = {k: v for k, v in os.environ.items() if k != "QT_SCALE_FACTOR"}  # the screen as it is
    try:
        r = subprocess.run(
            [sys.executable, "-c", _PROBE],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env=env,
        )
        w, h = (int(x) for x in r.stdout.split())
    except (OSError, ValueError, subprocess.SubprocessError):
        return None
    return w, h


def apply_scale(spec: str | None) -> float | None:
    """Set ``QT_SCALE_FACTOR`` for ``spec`` (``auto`` or a factor) before the QApplication exists.
    Returns the factor set, or None when nothing changed (no spec, or ``auto`` on an unknown screen)."""
    if spec is None:
        return None
    if spec == "auto":
        size = probe_screen()
        if size is None:
            return None
        factor = fit_factor(*size)
    else:
        factor = float(spec)
    os.environ["QT_SCALE_FACTOR"] = f"{factor:g}"
    return factor
