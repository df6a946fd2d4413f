"""Colours and the style sheet. Every text/background pair is listed in PAIRS and tested for ≥ 7:1 contrast.

Colour never carries meaning alone: states also have words, the oldest ticket a ★ mark, unavailable buttons a
dashed border.
"""

from __future__ import annotations

import re
from pathlib import Path

from shared.colour import contrast  # noqa: F401 - used by the palette tests
from shared.qt.fonts import FAMILY

FONT_FAMILY = FAMILY  # Noto Sans CJK JP; the window asks shared.qt.fonts.ui_family() (its alias, if known)
CHECK_SVG = (Path(__file__).resolve().parent / "check.svg").as_posix()  # a white tick for checked boxes

INK = "#111111"
INK_SOFT = "#444444"
WINDOW = "#f4f6f9"
PANEL = "#ffffff"
NAVY = "#0a2a5e"
BLUE = "#0d47a1"
GREEN = "#145a32"
BROWN = "#7c2d12"
GREY_DARK = "#2e2e2e"
OFF_BG = "#e6e6e6"
OFF_INK = "#3a3a3a"
YELLOW = "#ffd60a"
BLACK = "#000000"
WHITE = "#ffffff"
OLDEST_BG = "#fff3c4"
ERROR_INK = "#7a0000"
ERROR_BG = "#fde8e8"
INFO_INK = "#0a3d0a"
INFO_BG = "#e6f4ea"
HELD_BG = "#e9ecef"
HELD_INK = "#333333"

# (name, foreground, background): checked by tests/counter/test_style.py
PAIRS: tuple[tuple[str, str, str], ...] = (
    ("window text", INK, WINDOW),
    ("panel text", INK, PANEL),
    ("secondary text", INK_SOFT, PANEL),
    ("header", WHITE, NAVY),
    ("header accent", YELLOW, NAVY),
    ("button", WHITE, BLUE),
    ("button primary", WHITE, GREEN),
    ("button caution", WHITE, BROWN),
    ("button unavailable", OFF_INK, OFF_BG),
    ("state open", WHITE, GREEN),
    ("state paused", WHITE, BROWN),
    ("state closed", WHITE, GREY_DARK),
    ("access banner", BLACK, YELLOW),
    ("oldest row", INK, OLDEST_BG),
    ("held row", HELD_INK, HELD_BG),
    ("selected row", WHITE, BLUE),
    ("error line", ERROR_INK, ERROR_BG),
    ("info line", INFO_INK, INFO_BG),
)

STATE_COLOURS = {"open": GREEN, "paused": BROWN, "closed": GREY_DARK}


_STYLE = f"""
QWidget {{ color: {INK}; background: {WINDOW}; font-family: "{{family}}"; font-size: 18px; }}
QFrame#panel {{ background: {PANEL}; border: 1px solid #9aa3ad; border-radius: 8px; }}
QFrame#panel QLabel, QScrollArea#detailsArea, QWidget#details {{ background: {PANEL}; }}
QLabel[role="caption"] {{ color: {INK_SOFT}; font-size: 16px; }}
QLabel[role="title"] {{ font-size: 22px; font-weight: bold; }}
QLabel[role="heading"] {{ font-size: 32px; font-weight: bold; }}
QFrame#header, QFrame#header QLabel {{ background: {NAVY}; color: {WHITE}; }}
QFrame#header QLabel[role="counter"] {{ font-size: 28px; font-weight: bold; }}
QFrame#header QLabel[role="services"] {{ color: {YELLOW}; font-size: 18px; }}
QLabel#state {{ color: {WHITE}; font-weight: bold; font-size: 22px; padding: 4px 14px; border-radius: 6px; }}
QLabel#number {{ font-size: 150px; font-weight: bold; letter-spacing: 4px; }}
QLabel#ticketState {{ color: {WHITE}; font-size: 30px; font-weight: bold; padding: 4px 16px; border-radius: 6px; }}
QLabel#service {{ font-size: 30px; font-weight: bold; }}
QLabel#access, QFrame#panel QLabel#access {{ background: {YELLOW}; color: {BLACK}; font-size: 26px; font-weight: bold;
                 border: 4px solid {BLACK}; border-radius: 6px; padding: 8px 12px; }}
QLabel#request {{ font-size: 22px; }}
QLabel#route {{ font-size: 20px; }}
QLabel#message[kind="error"] {{ background: {ERROR_BG}; color: {ERROR_INK}; border: 2px solid {ERROR_INK}; }}
QLabel#message[kind="info"] {{ background: {INFO_BG}; color: {INFO_INK}; border: 2px solid {INFO_INK}; }}
QLabel#message {{ font-size: 22px; font-weight: bold; padding: 6px 12px; border-radius: 6px; }}
QPushButton {{ background: {BLUE}; color: {WHITE}; border: 2px solid {BLUE}; border-radius: 8px;
               font-size: 20px; font-weight: bold; padding: 6px 10px; }}
QPushButton:focus {{ border: 4px solid {YELLOW}; }}
QPushButton:disabled {{ background: {OFF_BG}; color: {OFF_INK}; border: 2px dashed {OFF_INK}; }}
QPushButton[tone="primary"] {{ background: {GREEN}; border-color: {GREEN}; }}
QPushButton[tone="caution"] {{ background: {BROWN}; border-color: {BROWN}; }}
QPushButton[tone="plain"] {{ background: {PANEL}; color: {INK}; border: 2px solid {INK}; }}
QPushButton[available="false"] {{ background: {OFF_BG}; color: {OFF_INK}; border: 2px dashed {OFF_INK}; }}
QPushButton#action {{ font-size: 24px; min-height: 84px; }}
QPushButton#open {{ min-height: 64px; }}
QTableView {{ background: {PANEL}; gridline-color: #c4c9cf; font-size: 20px;
              selection-background-color: {BLUE}; selection-color: {WHITE}; }}
QHeaderView::section {{ background: {NAVY}; color: {WHITE}; font-weight: bold; font-size: 18px; padding: 4px;
                        border: 0; border-right: 1px solid {WHITE}; }}
QLineEdit, QComboBox, QListWidget {{ background: {PANEL}; color: {INK}; border: 2px solid #5b6470;
                                     border-radius: 6px; padding: 4px; font-size: 22px; }}
QListWidget::item:selected {{ background: {BLUE}; color: {WHITE}; }}
QCheckBox {{ font-size: 22px; spacing: 10px; background: transparent; }}
QCheckBox::indicator {{ width: 26px; height: 26px; border: 3px solid {INK}; border-radius: 4px; background: {PANEL}; }}
QCheckBox::indicator:checked {{ background: {BLUE}; border-color: {BLUE}; image: url("{CHECK_SVG}"); }}
QCheckBox:focus {{ border: 3px solid {BLUE}; border-radius: 4px; }}
QComboBox {{ min-height: 40px; }}
QComboBox::drop-down {{ width: 40px; }}
QStatusBar, QStatusBar QLabel {{ background: {PANEL}; font-size: 18px; }}
QLabel#alerts[active="true"] {{ background: {ERROR_BG}; color: {ERROR_INK}; font-weight: bold;
                                border: 2px solid {ERROR_INK}; padding: 2px 8px; }}
QDialog {{ background: {WINDOW}; }}
"""

_SIZES = re.compile(r"(font-size|min-height): (\d+)px")
MIN_SCALE = 0.6
MIN_FONT_PX = 13


def ui_scale(width: int, height: int) -> float:
    """How much to shrink the console below its 1920×1080 (portrait 1080×1920) design so that nothing is
    clipped: a 1366×768 clerk PC gets 0.71 (the number stays over 100 px), 1280×1024 gets 0.95. Never enlarged."""
    if height > width:
        return max(MIN_SCALE, min(1.0, width / 1080, height / 1920))
    return max(MIN_SCALE, min(1.0, height / 1080, width / 1280))


def stylesheet(scale: float = 1.0, family: str = FONT_FAMILY) -> str:
    """The style sheet with every font size and minimum height scaled (borders and colours stay), in
    ``family`` (shared.qt.fonts.ui_family(): one family, so Nepali text needs no probe of the CJK face)."""

    def size(m: re.Match[str]) -> str:
        px = round(int(m[2]) * scale)
        return f"{m[1]}: {max(MIN_FONT_PX, px) if m[1] == 'font-size' else px}px"

    return _SIZES.sub(size, _STYLE).replace("{family}", family)
