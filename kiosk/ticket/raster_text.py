"""Measuring, wrapping and drawing lines of text on a Pillow canvas, with per-script font runs."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from PIL import ImageDraw, ImageFont

from kiosk.ticket.fonts import Face, cjk_face, load_font, mono_face, segment

# Japanese line-breaking rules (kinsoku): never start a line with these, never end one with those.
_NO_LINE_START = set(
    "、。，．,.・：；:;？！?!ー〜～）」』】〕》〉ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ%）)]｝}।"
)
_NO_LINE_END = set("（「『【〔《〈([｛{")


@dataclass(frozen=True)
class Style:
    """How a line is set: pixel size, weight, the language of the text (picks the CJK face), monospace."""

    size: int
    bold: bool = True
    lang: str = "ja"
    mono: bool = False

    def primary(self) -> Face:
        return mono_face() if self.mono else cjk_face(self.lang, self.bold)


@dataclass(frozen=True)
class Line:
    """A laid-out line: font runs, total advance width, ascent and descent in pixels."""

    runs: tuple[tuple[ImageFont.FreeTypeFont, str], ...]
    width: int
    ascent: int
    descent: int

    @property
    def height(self) -> int:
        return self.ascent + self.descent


@lru_cache(maxsize=2048)  # labels repeat on every ticket
def layout(text: str, style: Style) -> Line:
    """Lay out one line; raises fonts.MissingGlyphError if some character has no installed font.

    The line box is tighter than the fonts' own metrics (Noto CJK asks for 1.45 em): 0.92 em above the baseline
    and 0.22 em below, grown to the actual ink where marks reach further (Devanagari vowel signs).
    """
    runs = []
    width = 0.0
    ascent, descent = round(style.size * 0.92), round(style.size * 0.22)
    for face, chunk in segment(text, style.primary()):
        font = load_font(face, style.size)
        runs.append((font, chunk))
        width += font.getlength(chunk)
        _, top, _, bottom = font.getbbox(chunk, anchor="ls")
        ascent, descent = max(ascent, -top), max(descent, bottom)
    return Line(tuple(runs), round(width), ascent, descent)


@lru_cache(maxsize=8192)
def measure(text: str, style: Style) -> float:
    """Advance width of ``text`` in pixels (cheaper than layout(): no ink bounds)."""
    return sum(load_font(face, style.size).getlength(chunk) for face, chunk in segment(text, style.primary()))


def draw(canvas: ImageDraw.ImageDraw, line: Line, x: float, baseline: float) -> None:
    """Draw ``line`` with its left end at ``x`` and its baseline at ``baseline``."""
    for font, chunk in line.runs:
        canvas.text((x, baseline), chunk, font=font, fill=0, anchor="ls")
        x += font.getlength(chunk)


def _break_points(text: str, mono: bool) -> list[int]:
    """Indexes where a line may break (text[:i] | text[i:])."""
    points = []
    for i in range(1, len(text)):
        before, after = text[i - 1], text[i]
        if unicodedata.category(after)[0] == "M":
            continue
        if mono:
            points.append(i)  # URLs: anywhere (wrap() prefers '/' and '.' boundaries)
        elif after in _NO_LINE_START or before in _NO_LINE_END:
            continue
        elif before == " " or _is_cjk(before) or _is_cjk(after):
            points.append(i)
    return points


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x3040 <= code <= 0x30FF  # kana
        or 0x3400 <= code <= 0x9FFF  # CJK ideographs
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x3000 <= code <= 0x303F  # CJK punctuation
    )


def wrap(text: str, style: Style, max_width: int, max_lines: int = 0) -> list[str]:
    """Greedy line breaking at spaces (and between CJK characters) so each line fits ``max_width``.

    "\n" forces a break. A word longer than the width is broken between characters. With ``max_lines``, the
    rest is cut off with "…".
    """
    return list(_wrap(text, style, max_width, max_lines))


@lru_cache(maxsize=1024)  # the labels are the same on every ticket
def _wrap(text: str, style: Style, max_width: int, max_lines: int) -> tuple[str, ...]:
    if "\n" in text:
        lines = [line for part in text.split("\n") for line in wrap(part, style, max_width)]
    else:
        lines = _wrap_paragraph(" ".join(text.split()), style, max_width)
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and measure(last + "…", style) > max_width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return tuple(lines)


def _wrap_paragraph(text: str, style: Style, max_width: int) -> list[str]:
    lines: list[str] = []
    while text:
        if measure(text, style) <= max_width:
            lines.append(text)
            break
        points = _break_points(text, style.mono)
        fit = _last_fitting(points, text, style, max_width)
        if fit is not None:
            cut = _nicer_cut(text, points[: fit + 1], style.mono)
        else:  # no allowed break fits: break between characters (keeping combining marks attached)
            cut = _hard_cut(text, style, max_width)
        lines.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return lines


def _nicer_cut(text: str, fitting: list[int], mono: bool) -> int:
    """Among break points that fit, prefer word boundaries (URL: after '/', before '.') if that wastes little.

    やさしい日本語 is written with spaces between phrases; breaking there beats breaking inside a word.
    """
    cut = fitting[-1]
    if mono:
        nicer = [p for p in fitting if text[p - 1] in "/?&=" or text[p] in ".-_"]
        floor = 0.7
    else:
        nicer = [p for p in fitting if text[p - 1] == " " or text[p] in "（(「"]
        floor = 0.5
    if nicer and nicer[-1] >= cut * floor:
        return nicer[-1]
    return cut


def _last_fitting(points: list[int], text: str, style: Style, max_width: int) -> int | None:
    """Index into ``points`` of the longest prefix that fits (binary search: width grows with length)."""
    lo, hi, best = 0, len(points) - 1, None
    while lo <= hi:
        mid = (lo + hi) // 2
        if measure(text[: points[mid]].rstrip(), style) <= max_width:
            best, lo = mid, mid + 1
        else:
            hi = mid - 1
    return best


def _hard_cut(text: str, style: Style, max_width: int) -> int:
    points = [i for i in range(1, len(text)) if unicodedata.category(text[i])[0] != "M"]
    fit = _last_fitting(points, text, style, max_width)
    return points[fit] if fit is not None else 1


def fit_size(text: str, style: Style, max_width: int, min_size: int) -> Style:
    """``style`` with its size shrunk (not below ``min_size``) until ``text`` fits on one line."""
    size = style.size
    while size > min_size:
        width = measure(text, Style(size, style.bold, style.lang, style.mono))
        if width <= max_width:
            break
        size = max(min_size, int(size * max_width / width) if width else min_size)
    return Style(size, style.bold, style.lang, style.mono)
