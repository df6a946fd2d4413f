"""The palette: every text colour pair meets WCAG AAA (7:1); the style sheet draws text only in those pairs."""

from __future__ import annotations

import re

import pytest

from kiosk.screens import style
from kiosk.screens.style import BODY_PX, MIN_TARGET_PX, SMALL_PX, STYLE_SHEET, TEXT_PAIRS, contrast, luminance


def test_wcag_formula_on_known_values() -> None:
    assert luminance("#FFFFFF") == pytest.approx(1.0)
    assert luminance("#000000") == pytest.approx(0.0)
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # the classic AA borderline grey
    with pytest.raises(ValueError):
        luminance("#FFF")


@pytest.mark.parametrize(("fg", "bg", "where"), TEXT_PAIRS, ids=[p[2] for p in TEXT_PAIRS])
def test_every_text_pair_is_at_least_7_to_1(fg: str, bg: str, where: str) -> None:
    assert contrast(fg, bg) >= 7.0, f"{where}: {fg} on {bg} is {contrast(fg, bg):.2f}:1"


def test_style_sheet_uses_only_palette_colours() -> None:
    palette = {
        v.upper() for k, v in vars(style).items() if k.isupper() and isinstance(v, str) and v.startswith("#")
    }
    used = {c.upper() for c in re.findall(r"#[0-9A-Fa-f]{6}\b", STYLE_SHEET)}
    assert used <= palette, used - palette


def test_text_colours_in_the_sheet_are_in_checked_pairs() -> None:
    """Each rule that sets a text colour and a background sets a pair the contrast test covers."""
    pairs = {(fg.upper(), bg.upper()) for fg, bg, _ in TEXT_PAIRS}
    for rule in re.findall(r"\{([^{}]*)\}", STYLE_SHEET):
        fg = re.search(r"(?<![-\w])color:\s*(#[0-9A-Fa-f]{6})", rule)
        bg = re.search(r"background:\s*(#[0-9A-Fa-f]{6})", rule)
        if fg and bg:
            assert (fg.group(1).upper(), bg.group(1).upper()) in pairs, rule.strip()


def test_sizes() -> None:
    assert SMALL_PX >= 24 and BODY_PX >= 24
    assert MIN_TARGET_PX >= 15 / 25.4 * 160  # 15 mm on a panel of up to 160 dpi
    sizes = [int(px) for px in re.findall(r"font-size:\s*(\d+)px", STYLE_SHEET)]
    assert min(sizes) >= 24
