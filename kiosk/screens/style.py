"""The kiosk's look: a high-contrast palette (every text pair >= 7:1, WCAG AAA), sizes and one style sheet.

Nothing is signalled by colour alone: a greyed service also carries a written reason and a dashed border, the
chosen language a check mark, a chosen option a check mark and the word "selected" for screen readers.
Sizes are in pixels at the kiosk's resolution; ``MIN_TARGET_PX`` (96 px) is >= 15 mm up to 162 dpi.
"""

from __future__ import annotations

import math

from shared.colour import contrast, luminance  # noqa: F401 - re-exported for the palette tests

# -- palette -----------------------------------------------------------------------------------------------
PAPER = "#FAFAF7"  # page background
INK = "#111111"  # body text
MUTED = "#333333"  # secondary text on PAPER
WHITE = "#FFFFFF"
NAVY = "#0B3B75"  # service tiles (white text)
NAVY_SOFT = "#E3ECF8"  # secondary text on NAVY
GUIDED = "#4A1D6B"  # guided-flow tiles: certificates, life events (white text)
GREEN = "#0B5D33"  # the "get ticket" / "yes" actions (white text)
SLATE = "#1F2937"  # header and language bar (white text)
GREY_BG = "#E3E3E3"  # a service that takes no ticket now
GREY_INK = "#262626"  # its text
ALERT_BG = "#8A1C1C"  # problems (white text)
NOTE_BG = "#FFF1C2"  # gentle notes (INK text)
FOCUS = "#FFD400"  # keyboard focus ring (on SLATE and NAVY)

#: (foreground, background, where) for every text colour pair the kiosk draws.
TEXT_PAIRS: tuple[tuple[str, str, str], ...] = (
    (INK, PAPER, "body text"),
    (MUTED, PAPER, "secondary text"),
    (WHITE, NAVY, "service tile"),
    (NAVY_SOFT, NAVY, "service tile, second line"),
    (WHITE, GUIDED, "guided tile"),
    (NAVY_SOFT, GUIDED, "guided tile, second line"),
    (WHITE, GREEN, "main action"),
    (WHITE, SLATE, "header, language bar"),
    (INK, WHITE, "language button, option, keypad"),
    (WHITE, INK, "chosen language or option"),
    (GREY_INK, GREY_BG, "greyed service and its reason"),
    (WHITE, ALERT_BG, "problem banner"),
    (INK, NOTE_BG, "note banner"),
    (INK, FOCUS, "focus ring text"),
)

# -- sizes (px) --------------------------------------------------------------------------------------------
MIN_TARGET_PX = 96
BODY_PX = 28
SMALL_PX = 24  # the smallest text anywhere
TILE_NAME_PX = 36
TITLE_PX = 44
NUMBER_PX = 150
RADIUS_PX = 14


def mm_to_px(mm: float, dpi: float) -> float:
    return mm / 25.4 * dpi


def round_down(x: float, digits: int = 2) -> float:
    f = 10**digits
    return math.floor(x * f) / f


STYLE_SHEET = f"""
QWidget#kiosk {{ background: {PAPER}; color: {INK}; font-size: {BODY_PX}px; }}
QLabel {{ color: {INK}; font-size: {BODY_PX}px; }}
QLabel[role="title"] {{ font-size: {TITLE_PX}px; font-weight: bold; }}
QLabel[role="lead"] {{ font-size: {BODY_PX}px; color: {MUTED}; }}
QLabel[role="small"] {{ font-size: {SMALL_PX}px; color: {MUTED}; }}
QLabel[role="number"] {{ font-size: {NUMBER_PX}px; font-weight: bold; }}
QLabel[role="big"] {{ font-size: 40px; font-weight: bold; }}

QFrame#header {{ background: {SLATE}; }}
QFrame#header QLabel {{ color: {WHITE}; font-size: 30px; }}
QFrame#header QLabel#office {{ font-size: 34px; font-weight: bold; }}
QFrame#langbar {{ background: {SLATE}; }}

QPushButton {{
    font-size: {BODY_PX}px; font-weight: bold;
    color: {INK}; background: {WHITE}; border: 3px solid {INK}; border-radius: {RADIUS_PX}px; padding: 0;
}}
QPushButton:focus {{ outline: none; border: 4px solid {FOCUS}; }}
QPushButton:disabled {{ color: {GREY_INK}; background: {GREY_BG}; border: 3px dashed {GREY_INK}; }}
QPushButton[role="lang"] {{ font-size: 26px; border: 3px solid {WHITE}; }}
QPushButton[role="lang"][current="true"] {{ color: {WHITE}; background: {INK}; border: 4px solid {FOCUS}; }}
QPushButton[role="action"] {{ color: {WHITE}; background: {GREEN}; border: 3px solid {GREEN}; font-size: 34px; }}
QPushButton[role="action"]:disabled {{ color: {GREY_INK}; background: {GREY_BG}; border: 3px dashed {GREY_INK}; }}
QPushButton[chosen="true"] {{ color: {WHITE}; background: {INK}; }}
QPushButton[role="key"] {{ font-size: 36px; }}
QPushButton[role="stepper"] {{ font-size: 44px; }}

QLabel[inbutton="true"] {{ color: {INK}; font-size: {BODY_PX}px; font-weight: bold; background: transparent; }}
QPushButton[chosen="true"] QLabel[inbutton="true"] {{ color: {WHITE}; }}
QPushButton[role="action"] QLabel[inbutton="true"] {{ color: {WHITE}; font-size: 34px; }}
QPushButton[off="true"] QLabel[inbutton="true"] {{ color: {GREY_INK}; }}
QPushButton[role="lang"] QLabel[inbutton="true"] {{ color: {INK}; font-size: 26px; }}
QPushButton[role="lang"][current="true"] QLabel[inbutton="true"] {{ color: {WHITE}; }}
QPushButton[role="key"] QLabel[inbutton="true"] {{ font-size: 36px; }}
QPushButton[role="svc"] QLabel[inbutton="true"] {{ font-size: {SMALL_PX}px; }}
QPushButton[role="choice"] QLabel[inbutton="true"] {{ font-size: 32px; }}
QPushButton[role="answer"] QLabel[inbutton="true"] {{ font-size: 44px; }}
QPushButton[role="stepper"] QLabel[inbutton="true"] {{ font-size: 44px; }}

QPushButton[role="tile"] {{ background: {NAVY}; border: 3px solid {NAVY}; text-align: left; }}
QPushButton[role="tile"][guided="true"] {{ background: {GUIDED}; border: 3px solid {GUIDED}; }}
QPushButton[role="tile"]:disabled {{ background: {GREY_BG}; border: 4px dashed {GREY_INK}; }}
QPushButton[role="tile"]:focus {{ border: 5px solid {FOCUS}; }}
QLabel[tile="name"] {{ color: {WHITE}; font-size: {TILE_NAME_PX}px; font-weight: bold; background: transparent; }}
QLabel[tile="sub"] {{ color: {NAVY_SOFT}; font-size: {SMALL_PX}px; background: transparent; }}
QLabel[tile="wait"] {{ color: {WHITE}; font-size: {BODY_PX}px; font-weight: bold; background: transparent; }}
QLabel[tile="name"][off="true"], QLabel[tile="sub"][off="true"], QLabel[tile="wait"][off="true"] {{
    color: {GREY_INK};
}}

QFrame#banner {{ background: {NOTE_BG}; border: 3px solid {INK}; border-radius: {RADIUS_PX}px; }}
QFrame#banner QLabel {{ color: {INK}; }}
QFrame#banner[level="alert"] {{ background: {ALERT_BG}; border-color: {ALERT_BG}; }}
QFrame#banner[level="alert"] QLabel {{ color: {WHITE}; }}
QFrame#card {{ background: {WHITE}; border: 3px solid {INK}; border-radius: {RADIUS_PX}px; }}
QFrame#row {{ background: {WHITE}; border: 2px solid {MUTED}; border-radius: {RADIUS_PX}px; }}
QFrame#row[off="true"] {{ background: {GREY_BG}; border: 3px dashed {GREY_INK}; }}
QFrame#row[off="true"] QLabel {{ color: {GREY_INK}; }}
QLineEdit {{
    font-size: 40px; min-height: {MIN_TARGET_PX}px; border: 3px solid {INK}; border-radius: {RADIUS_PX}px;
    padding: 0 16px; background: {WHITE}; color: {INK};
}}
QScrollArea {{ border: none; background: transparent; }}
QScrollBar:vertical {{ width: 40px; background: {GREY_BG}; }}
QScrollBar::handle:vertical {{ background: {MUTED}; min-height: 80px; border-radius: 8px; }}
"""
