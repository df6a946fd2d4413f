"""Colour arithmetic for accessibility checks: WCAG 2 relative luminance and contrast ratio."""

from __future__ import annotations


def rgb(colour: str) -> tuple[float, float, float]:
    """'#rrggbb' -> sRGB channels in 0…1."""
    h = colour.lstrip("#")
    if len(h) != 6:
        raise ValueError(f"expected #RRGGBB, got {colour!r}")
    return int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255


def linear(c: float) -> float:
    """An sRGB channel (0…1) to linear light."""
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of '#rrggbb'."""
    r, g, b = (linear(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio of two '#rrggbb' colours (1.0 … 21.0); 7.0 is level AAA for body text."""
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)
