"""お受け取りできます: on the 交付 (pickup) screen, the numbers whose documents are ready, oldest first."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from display import palette as pal
from display.painting import CENTER, draw_text, fill, outline
from display.texts import calls_spoken, label


class ReadyGrid(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.numbers: tuple[str, ...] = ()
        self.lang = "ja"
        self.screen_h = 1080
        self.setAccessibleName(label("ready", "ja"))
        self.setAccessibleDescription(calls_spoken("ready", []))

    def set_screen(self, screen_h: int) -> None:
        self.screen_h = screen_h
        self.update()

    def set_lang(self, lang: str) -> None:
        if lang != self.lang:
            self.lang = lang
            self.update()

    def set_numbers(self, numbers: tuple[str, ...]) -> None:
        if numbers != self.numbers:
            self.numbers = numbers
            self.setAccessibleDescription(calls_spoken("ready", [(n, None) for n in numbers]))
            self.update()

    def grid(self) -> tuple[int, int]:
        """(columns, rows) of number cells that fit the widget."""
        cell_h = self.screen_h * 0.11
        cell_w = cell_h * 2.6
        lh = self.screen_h * 0.05
        cols = max(1, int(self.width() // cell_w))
        rows = max(1, int((self.height() - lh) // cell_h))
        return cols, rows

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        w, h = self.width(), self.height()
        fill(p, QRectF(0, 0, w, h), pal.GROUND)
        lh = self.screen_h * 0.05
        fill(p, QRectF(0, lh * 0.18, lh * 0.12, lh * 0.64), pal.NUMBER)
        draw_text(
            p,
            QRectF(lh * 0.3, 0, w - lh * 0.3, lh),
            label("ready", self.lang),
            int(lh * 0.62),
            pal.INK,
            bold=True,
            lang=self.lang,
        )
        if not self.numbers:
            draw_text(
                p,
                QRectF(0, lh, w, lh * 2),
                label("none_ready", self.lang),
                int(lh * 0.55),
                pal.INK_SOFT,
                lang=self.lang,
                align=CENTER,
            )
            p.end()
            return
        cols, rows = self.grid()
        slots = cols * rows
        shown = list(self.numbers)
        more = 0
        if len(shown) > slots:
            more = len(shown) - (slots - 1)
            shown = shown[: slots - 1]
        gap = self.screen_h * 0.01
        cw = (w - gap * (cols - 1)) / cols
        ch = (
            min(self.screen_h * 0.085, (h - lh) / max(1, math.ceil((len(shown) + (1 if more else 0)) / cols)))
            - gap
        )
        for i, number in enumerate(shown):
            r = QRectF((i % cols) * (cw + gap), lh + gap + (i // cols) * (ch + gap), cw, ch)
            fill(p, r, pal.PANEL, ch * 0.1)
            outline(p, r, pal.RULE, max(1.0, ch * 0.03), ch * 0.1)
            draw_text(p, r, number, int(ch * 0.62), pal.NUMBER, bold=True, align=CENTER)
        if more:
            i = len(shown)
            r = QRectF((i % cols) * (cw + gap), lh + gap + (i // cols) * (ch + gap), cw, ch)
            text = label("more", self.lang).format(n=more)
            draw_text(p, r, text, int(ch * 0.4), pal.INK_SOFT, lang=self.lang, align=CENTER)
        p.end()
