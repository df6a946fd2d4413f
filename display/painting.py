"""Small QPainter helpers shared by the display's widgets: cached fonts, text that shrinks to fit, a triangle."""

from __future__ import annotations

from collections import deque
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF

from display.palette import FAMILY, family

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter
MIN_PX = 12
#: the last texts drawn cut short (elided with …): a hall display must show every word whole, so the layout test
#: (tests/display/test_layout.py) clears this, renders, and expects it empty. Bounded: it never grows in service.
ELIDED: deque[str] = deque(maxlen=64)


@lru_cache(maxsize=512)
def font(px: int, bold: bool = False, lang: str = "ja") -> QFont:
    f = QFont(family(lang))
    f.setPixelSize(max(1, int(px)))
    f.setBold(bold)
    return f


@lru_cache(maxsize=2048)
def width(text: str, px: int, bold: bool = False, lang: str = "ja") -> float:
    return QFontMetricsF(font(px, bold, lang)).horizontalAdvance(text)


@lru_cache(maxsize=8)
def digit_ink_ratio(bold: bool = True) -> float:
    """Ink height of the digits (and capital letters) per pixel of font size, e.g. 0.75 for Noto Sans CJK JP."""
    f = QFont(FAMILY)
    f.setPixelSize(200)
    f.setBold(bold)
    return QFontMetricsF(f).tightBoundingRect("A0123456789").height() / 200.0


def fit_px(
    text: str, px: int, max_width: float, *, bold: bool = False, lang: str = "ja", min_px: int = MIN_PX
) -> int:
    """The largest size ≤ ``px`` at which ``text`` fits ``max_width`` (never below ``min_px``)."""
    w = width(text, px, bold, lang)
    if w <= max_width or px <= min_px:
        return px
    return max(min_px, int(px * max_width / w))


def draw_text(
    p: QPainter,
    rect: QRectF,
    text: str,
    px: int,
    colour: str,
    *,
    bold: bool = False,
    lang: str = "ja",
    align: Qt.AlignmentFlag = LEFT,
    shrink: bool = True,
    min_px: int = MIN_PX,
) -> float:
    """Draw ``text`` in ``rect``, shrinking it (down to ``min_px``), then eliding it, to fit. Returns the width."""
    size = fit_px(text, px, rect.width(), bold=bold, lang=lang, min_px=min_px) if shrink else px
    f = font(size, bold, lang)
    if width(text, size, bold, lang) > rect.width():
        ELIDED.append(text)
        text = QFontMetricsF(f).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
    p.setFont(f)
    p.setPen(QColor(colour))
    p.drawText(rect, int(align), text)
    return min(rect.width(), width(text, size, bold, lang))


_WRAP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap)


def fits_wrapped(rect: QRectF, text: str, px: int, *, lang: str = "ja", lines: int = 2) -> bool:
    """True if ``text`` word-wrapped at ``px`` fits ``rect`` in at most ``lines`` lines."""
    fm = QFontMetricsF(font(px, False, lang))
    box = fm.boundingRect(QRectF(0, 0, rect.width(), 10_000), _WRAP, text)
    return box.width() <= rect.width() + 0.5 and box.height() <= min(
        rect.height(), fm.lineSpacing() * lines + 1
    )


def draw_wrapped(
    p: QPainter, rect: QRectF, text: str, px: int, colour: str, *, lang: str = "ja", lines: int = 2
) -> bool:
    """Draw ``text`` word-wrapped in at most ``lines`` lines at ``px`` if it fits ``rect``; False if it does not."""
    if not fits_wrapped(rect, text, px, lang=lang, lines=lines):
        return False
    p.setFont(font(px, False, lang))
    p.setPen(QColor(colour))
    p.drawText(rect, _WRAP, text)
    return True


def triangle(p: QPainter, cx: float, cy: float, size: float, colour: str) -> None:
    """A right-pointing ▶ (drawn, so no font can turn it into an emoji or a box)."""
    h = size / 2
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(colour))
    p.drawPolygon(
        QPolygonF([QPointF(cx - h * 0.8, cy - h), QPointF(cx + h * 0.8, cy), QPointF(cx - h * 0.8, cy + h)])
    )
    p.setBrush(Qt.BrushStyle.NoBrush)


def check(p: QPainter, r: QRectF, colour: str) -> None:
    """A ✓ drawn in ``r`` (drawn, so no font can turn it into an emoji or a box)."""
    pen = QPen(QColor(colour))
    pen.setWidthF(max(2.0, r.height() * 0.16))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPolyline(
        QPolygonF(
            [
                QPointF(r.left(), r.top() + r.height() * 0.55),
                QPointF(r.left() + r.width() * 0.38, r.bottom()),
                QPointF(r.right(), r.top()),
            ]
        )
    )


def fill(p: QPainter, rect: QRectF, colour: str, radius: float = 0.0) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(colour))
    if radius:
        p.drawRoundedRect(rect, radius, radius)
    else:
        p.drawRect(rect)
    p.setBrush(Qt.BrushStyle.NoBrush)


def outline(p: QPainter, rect: QRectF, colour: str, pen_px: float, radius: float = 0.0) -> None:
    pen = QPen(QColor(colour))
    pen.setWidthF(pen_px)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    half = pen_px / 2
    p.drawRoundedRect(rect.adjusted(half, half, -half, -half), radius, radius)
