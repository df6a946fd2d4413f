"""Fit a fixed design (1920×1080, or 1080×1920 in portrait) to the screen an app really runs on.

Qt reads ``QT_SCALE_FACTOR`` once, when the QApplication is made, and then lays the window out in logical
pixels: a 1366×768 kiosk panel with factor 0.71 shows exactly the full-HD layout, only smaller, instead of
tiles squeezed on top of each other. ``auto`` asks a short-lived probe process for the primary screen's size,
because this process cannot make a second QApplication once it has one.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Callable
from typing import Any, NamedTuple

DESIGN = (1920, 1080)
MIN_FACTOR, MAX_FACTOR = 0.5, 3.0
_PROBE = (
    "from PySide6.QtGui import QGuiApplication\n"
    "app = QGuiApplication(['madoguchi-probe'])\n"
    "s = app.primaryScreen()\n"
    "a = s.availableGeometry() if s else None\n"
    "print(s.size().width(), s.size().height(), a.x(), a.y(), a.width(), a.height()) if s else print('')\n"
)
_GEOMETRY = re.compile(r"^(\d+)x(\d+)\+(-?\d+)\+(-?\d+)$")


class Screen(NamedTuple):
    """The primary screen in logical pixels: its size, and the part windows may use (no task bar)."""

    width: int
    height: int
    available: tuple[int, int, int, int]  # x, y, width, height


def geometry_arg(text: str) -> tuple[int, int, int, int]:
    """argparse type for ``--geometry WxH+X+Y`` (screen pixels, as X11 writes it) → (x, y, w, h)."""
    m = _GEOMETRY.match(text.strip())
    if not m or int(m[1]) < 200 or int(m[2]) < 150:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT+X+Y like 960x540+0+0, got {text!r}")
    return int(m[3]), int(m[4]), int(m[1]), int(m[2])


def logical_rect(geometry: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """Screen pixels → the logical pixels Qt lays out in under ``QT_SCALE_FACTOR`` (x, y, w, h)."""
    try:
        f = float(os.environ.get("QT_SCALE_FACTOR") or 1.0)
    except ValueError:
        f = 1.0
    x, y, w, h = geometry
    return round(x / f), round(y / f), round(w / f), round(h / f)


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


def place(
    window: Any, geometry: tuple[int, int, int, int], fit: Callable[[int, int], None] | None = None
) -> None:
    """Size and move a top-level window to ``--geometry`` (screen pixels). ``fit`` sizes it instead of
    ``resize`` for windows that lay themselves out first (the kiosk's ``fit_to``)."""
    x, y, w, h = logical_rect(geometry)
    (fit or window.resize)(w, h)
    window.move(x, y)


def logical_size(width: int, height: int) -> tuple[int, int]:
    """A size in screen pixels → the logical size Qt lays out in under ``QT_SCALE_FACTOR``."""
    return logical_rect((0, 0, width, height))[2:]


def fit_factor(width: int, height: int, design: tuple[int, int] = DESIGN) -> float:
    """The factor that makes the design (turned to the screen's orientation) fill the screen."""
    dw, dh = design if width >= height else (design[1], design[0])
    return round(max(MIN_FACTOR, min(MAX_FACTOR, width / dw, height / dh)), 4)


def probe_screen(timeout: float = 20.0) -> Screen | None:
    """The primary screen in logical pixels, from a probe process; None if it cannot tell."""
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
        w, h, ax, ay, aw, ah = (int(x) for x in r.stdout.split())
    except (OSError, ValueError, subprocess.SubprocessError):
        return None
    return Screen(w, h, (ax, ay, aw, ah))


def apply_scale(spec: str | None, area: tuple[int, int] | None = None) -> float | None:
    """Set ``QT_SCALE_FACTOR`` for ``spec`` (``auto`` or a factor) before the QApplication exists.
    ``auto`` fits the design to ``area`` (the window's size in screen pixels) or, without it, to the primary
    screen. Returns the factor set, or None when nothing changed (no spec, or ``auto`` on an unknown screen)."""
    if spec is None:
        return None
    if spec == "auto":
        if area is None:
            screen = probe_screen()
            if screen is None:
                return None
            area = (screen.width, screen.height)
        factor = fit_factor(*area)
    else:
        factor = float(spec)
    os.environ["QT_SCALE_FACTOR"] = f"{factor:g}"
    return factor
