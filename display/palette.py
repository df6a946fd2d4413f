"""Colours and faces of the hall display. Qt-free, so the contrast test runs without a screen.

Light text on a dark navy ground, yellow for the called numbers. Every text/background pair is listed in PAIRS and
tested for a WCAG contrast of at least 7:1, also after simulating protanopia, deuteranopia and tritanopia.
Meaning never rides on hue alone: a new call flashes by swapping light and dark (a luminance change), a number that
is still being called is a big tile in a thick yellow frame where a served one is a small grey-outlined chip with a
✓, and states always have words (a legend names both marks).
"""

from __future__ import annotations

from shared.colour import contrast, linear, luminance, rgb  # noqa: F401 - re-exported

FAMILY = "Noto Sans CJK JP"
# kanji/hanzi in the right regional forms, Devanagari shaped by its own face; the rest falls back via fontconfig
FAMILY_BY_LANG = {"zh_hans": "Noto Sans CJK SC", "ko": "Noto Sans CJK KR", "ne": "Noto Sans Devanagari"}

GROUND = "#07111f"  # window background
PANEL = "#0f2240"  # panels, tiles
PANEL_ALT = "#15294a"  # every other row of the waits table
RULE = "#5b6f8f"  # thin separators (decoration only, never text)
INK = "#ffffff"
INK_SOFT = "#c8d3e3"  # captions, secondary text
NUMBER = "#ffd84a"  # the called number and its counter
FLASH_BG = "#ffd84a"  # a new call: light tile ...
FLASH_INK = "#07111f"  # ... dark number
HEADER = "#002f6c"
TICKER_BG = "#e8eef6"
TICKER_INK = "#07111f"
MARK_BG = "#ffb000"  # the discreet "reconnecting" pill
MARK_INK = "#000000"

# (name, foreground, background): checked by tests/display/test_palette.py
PAIRS: tuple[tuple[str, str, str], ...] = (
    ("text on ground", INK, GROUND),
    ("text on panel", INK, PANEL),
    ("text on alternate row", INK, PANEL_ALT),
    ("caption on panel", INK_SOFT, PANEL),
    ("caption on alternate row", INK_SOFT, PANEL_ALT),
    ("caption on ground", INK_SOFT, GROUND),
    ("called number on panel", NUMBER, PANEL),
    ("called number on ground", NUMBER, GROUND),
    ("flashing number", FLASH_INK, FLASH_BG),
    ("served chip and legend", INK_SOFT, GROUND),
    ("header title", INK, HEADER),
    ("header clock", INK, HEADER),
    ("ticker", TICKER_INK, TICKER_BG),
    ("reconnecting mark", MARK_INK, MARK_BG),
)

# Backgrounds that must differ by lightness, not by hue alone: (name, a, b, minimum contrast).
STATES: tuple[tuple[str, str, str, float], ...] = (
    ("flash on vs off", FLASH_BG, PANEL, 7.0),
    ("called tile frame vs ground", NUMBER, GROUND, 7.0),
    ("reconnecting mark vs header", MARK_BG, HEADER, 4.5),
)


def family(lang: str) -> str:
    return FAMILY_BY_LANG.get(lang, FAMILY)


def _gamma(c: float) -> float:
    c = min(1.0, max(0.0, c))
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


# Machado, Oliveira & Fernandes 2009, severity 1.0, applied to linear RGB.
CVD: dict[str, tuple[tuple[float, float, float], ...]] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def simulate(colour: str, kind: str) -> str:
    """How ``colour`` looks to a viewer with the colour-vision deficiency ``kind`` (a key of CVD)."""
    lin = [linear(c) for c in rgb(colour)]
    out = [sum(m * c for m, c in zip(row, lin, strict=True)) for row in CVD[kind]]
    return "#" + "".join(f"{round(_gamma(c) * 255):02x}" for c in out)
