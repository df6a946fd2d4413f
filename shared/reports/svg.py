"""A tiny SVG toolkit for the self-contained HTML report: escaped text, axes with nice ticks, a legend."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from shared.colour import contrast  # noqa: F401 - re-exported for the palette tests

FONT = "'Noto Sans CJK JP','Hiragino Sans','Yu Gothic','Meiryo',sans-serif"
INK = "#1a1a1a"  # body text: 17:1 on white
MUTED = "#4a4a4a"  # axis labels: 8.9:1 on white
GRID = "#d9d9d9"
# Okabe–Ito colours, darkened where they carry text or thin lines
BLUE = "#0b5394"
GREEN = "#00664f"
VERMILION = "#a63c00"
SKY = "#9ecae9"
ORANGE = "#c77c00"
GREY = "#8c8c8c"


def text(
    x: float,
    y: float,
    s: str,
    *,
    size: int = 13,
    anchor: str = "start",
    fill: str = INK,
    weight: str = "normal",
    extra: str = "",
    halo: bool = False,
) -> str:
    """Text; ``halo`` draws a white outline under it so it stays legible over grid lines and bars."""
    h = ' stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke"' if halo else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
        f'font-weight="{weight}"{h} {extra}>{escape(s)}</text>'
    )


def rect(x: float, y: float, w: float, h: float, fill: str, *, title: str = "", extra: str = "") -> str:
    tip = f"<title>{escape(title)}</title>" if title else ""
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" fill="{fill}" '
        f"{extra}>{tip}</rect>"
    )


def line(x1: float, y1: float, x2: float, y2: float, stroke: str, *, width: float = 1, dash: str = "") -> str:
    d = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}" '
        f'stroke-width="{width}"{d}/>'
    )


def polyline(
    points: Sequence[tuple[float, float] | None],
    stroke: str,
    *,
    width: float = 2.5,
    marker: str = "circle",
    title: str = "",
) -> str:
    """Connected runs of points (None breaks the line), with a marker at every point."""
    out: list[str] = []
    run: list[tuple[float, float]] = []
    for p in list(points) + [None]:
        if p is None:
            if len(run) > 1:
                pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                out.append(f'<polyline points="{pts}" fill="none" stroke="{stroke}" stroke-width="{width}"/>')
            run = []
        else:
            run.append(p)
    for p in points:
        if p is None:
            continue
        x, y = p
        if marker == "square":
            out.append(rect(x - 4, y - 4, 8, 8, stroke, title=title))
        elif marker == "diamond":
            out.append(
                f'<path d="M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y:.1f} L{x:.1f},{y + 5:.1f} '
                f'L{x - 5:.1f},{y:.1f} Z" fill="{stroke}"/>'
            )
        else:
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{stroke}"/>')
    return "".join(out)


def nice_max(v: float) -> float:
    """A round axis maximum at or above ``v`` (1, 2, 2.5, 5 × 10^k)."""
    if v <= 0 or math.isnan(v):
        return 1.0
    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if v <= m * exp:
            return m * exp
    return 10 * exp


def ticks(vmax: float, n: int = 5) -> list[tuple[float, str]]:
    """``n + 1`` evenly spaced axis ticks from 0 to ``vmax``, each with its label. Every label has as many
    decimals as the step needs, so no two read the same (0.00, 0.05, 0.10 … rather than 0.0, 0.1, 0.1 …)."""
    step = vmax / n
    values = [round(i * step, 6) for i in range(n + 1)]
    decimals = next(d for d in range(7) if all(abs(round(v, d) - v) < 1e-9 for v in values))
    return [(v, f"{v:,.{decimals}f}") for v in values]


def svg(width: int, height: int, body: str, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px" role="img" aria-label="{escape(label)}" font-family="{FONT}">'
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>{body}</svg>'
    )


def legend(x: float, y: float, items: Sequence[tuple[str, str, str]]) -> str:
    """Items (label, colour, kind: bar | line | dash) in a row starting at (x, y)."""
    out = []
    for label, colour, kind in items:
        if kind == "bar":
            out.append(rect(x, y - 11, 16, 12, colour))
        else:
            out.append(line(x, y - 5, x + 18, y - 5, colour, width=3, dash="6 4" if kind == "dash" else ""))
        out.append(text(x + 24, y, label, size=13))
        x += 34 + 13 * _width(label)
    return "".join(out)


def _width(s: str) -> float:
    """Approximate text width in em: CJK counts 1, ASCII about 0.55."""
    return sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in s)


def text_width(s: str, size: int) -> float:
    return _width(s) * size


def blues(t: float) -> tuple[str, str]:
    """A sequential fill for t in [0, 1] and a text colour with >= 7:1 contrast on it.

    Mid blues reach 7:1 with neither black nor white text, so the scale runs light → medium (black text)
    up to 0.7 and then jumps to dark blues (white text) for the longest waits.
    """
    t = min(max(t, 0.0), 1.0)
    if t <= 0.7:
        stops, f, ink = [(247, 251, 255), (198, 219, 239), (107, 174, 214)], t / 0.7, "#000000"
    else:
        stops, f, ink = [(8, 81, 156), (8, 48, 107)], (t - 0.7) / 0.3, "#ffffff"
    pos = f * (len(stops) - 1)
    i = min(int(pos), len(stops) - 2)
    f = pos - i
    r, g, b = (round(stops[i][k] + f * (stops[i + 1][k] - stops[i][k])) for k in range(3))
    return f"#{r:02x}{g:02x}{b:02x}", ink
