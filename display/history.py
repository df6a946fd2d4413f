"""これまでの呼出: the previous calls as chips「A011 ▶ 2」, newest first, two rows.

A number that is still being called (the visitor has not reached the counter, but newer calls pushed it off the
big tiles) has a filled light chip; finished ones are outlined. Lightness, not hue, tells them apart.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from display import palette as pal
from display.board import CallView
from display.painting import LEFT, RIGHT, draw_text, fill, outline, triangle, width
from display.texts import label


class HistoryStrip(QWidget):
    def __init__(self, size: int = 8, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.size = max(1, size)
        self.calls: tuple[CallView, ...] = ()
        self.lang = "ja"
        self.screen_h = 1080

    def set_screen(self, screen_h: int) -> None:
        self.screen_h = screen_h
        self.update()

    def set_lang(self, lang: str) -> None:
        if lang != self.lang:
            self.lang = lang
            self.update()

    def set_calls(self, calls: tuple[CallView, ...]) -> None:
        calls = calls[: self.size]
        if calls != self.calls:
            self.calls = calls
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        w, h = self.width(), self.height()
        fill(p, QRectF(0, 0, w, h), pal.GROUND)
        lh = self.screen_h * 0.042
        draw_text(
            p,
            QRectF(0, 0, w, lh),
            label("history", self.lang),
            int(lh * 0.66),
            pal.INK_SOFT,
            bold=True,
            lang=self.lang,
        )
        rows = 2 if self.size > 3 else 1
        cols = math.ceil(self.size / rows)
        gap = self.screen_h * 0.008
        cw = (w - gap * (cols - 1)) / cols
        ch = (h - lh - gap * rows) / rows
        for i, call in enumerate(self.calls):
            r = QRectF((i % cols) * (cw + gap), lh + gap + (i // cols) * (ch + gap), cw, ch)
            self._chip(p, r, call)
        p.end()

    def _chip(self, p: QPainter, r: QRectF, call: CallView) -> None:
        radius = r.height() * 0.12
        if call.calling:
            fill(p, r, pal.FLASH_BG, radius)
            ink = pal.FLASH_INK
        else:
            fill(p, r, pal.PANEL, radius)
            outline(p, r, pal.RULE, max(1.0, r.height() * 0.03), radius)
            ink = pal.INK
        px = int(r.height() * 0.56)
        pad = r.height() * 0.22
        counter = str(call.counter)
        tri = px * 0.42
        cw = width(counter, px, True) + 2
        nw = r.width() - 2 * pad - cw - tri * 2
        draw_text(
            p, QRectF(r.left() + pad, r.top(), nw, r.height()), call.number, px, ink, bold=True, align=LEFT
        )
        triangle(p, r.right() - pad - cw - tri, r.center().y(), tri, ink)
        draw_text(
            p,
            QRectF(r.right() - pad - cw, r.top(), cw, r.height()),
            counter,
            px,
            ink,
            bold=True,
            align=RIGHT,
            shrink=False,
        )
