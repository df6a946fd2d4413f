"""待ち状況: per service, the waiting count and the estimated wait range (or why no ticket is issued now)."""

from __future__ import annotations

import re

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from display import palette as pal
from display.board import ServiceView
from display.painting import LEFT, RIGHT, draw_text, fill, width
from display.texts import closed_reason, label, minutes, name, people

MAX_ROW_SHARE = 0.085  # a row is at most this share of the screen height
_NOTE = re.compile(r"^(.+?)\s*[（(](.+)[）)]\s*$")  # 「住民異動（転入・転出・転居）」 -> name + note


class WaitsTable(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: tuple[ServiceView, ...] = ()
        self.lang = "ja"
        self.screen_h = 1080

    def set_screen(self, screen_h: int) -> None:
        self.screen_h = screen_h
        self.update()

    def set_lang(self, lang: str) -> None:
        if lang != self.lang:
            self.lang = lang
            self.update()

    def set_rows(self, rows: tuple[ServiceView, ...]) -> None:
        if rows != self.rows:
            self.rows = rows
            self.update()

    def min_height(self, n: int) -> float:
        return self.screen_h * (0.05 + 0.042 * (n + 1))

    def cell_texts(self, row: ServiceView) -> tuple[str, str, str]:
        """(service name, waiting count, estimate or closed reason) in the current language."""
        wait = closed_reason(row.closed, self.lang) if row.closed else minutes(row.estimate, self.lang)
        return name(row.names, self.lang), people(row.waiting, self.lang), wait

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        w, h = self.width(), self.height()
        fill(p, QRectF(0, 0, w, h), pal.GROUND)
        lh = self.screen_h * 0.05
        fill(p, QRectF(0, lh * 0.18, lh * 0.12, lh * 0.64), pal.INK_SOFT)
        draw_text(
            p,
            QRectF(lh * 0.3, 0, w - lh * 0.3, lh),
            label("waits", self.lang),
            int(lh * 0.62),
            pal.INK,
            bold=True,
            lang=self.lang,
        )
        n = max(1, len(self.rows))
        rh = min(self.screen_h * MAX_ROW_SHARE, (h - lh) / (n + 0.7))
        head_h = rh * 0.7
        pad = rh * 0.25
        c_name, c_count = w * 0.5, w * 0.17  # the estimate takes the rest
        px = int(rh * 0.46)
        cap = int(head_h * 0.5)
        y = lh
        head = [
            (label("service", self.lang), LEFT, pad, c_name - pad),
            (label("waiting", self.lang), RIGHT, c_name, c_count - pad),
            (label("estimate", self.lang), RIGHT, c_name + c_count, w - c_name - c_count - pad),
        ]
        for text, align, x, cw in head:
            draw_text(p, QRectF(x, y, cw, head_h), text, cap, pal.INK_SOFT, lang=self.lang, align=align)
        y += head_h
        for i, row in enumerate(self.rows):
            fill(p, QRectF(0, y, w, rh), pal.PANEL if i % 2 == 0 else pal.PANEL_ALT)
            svc, count, wait = self.cell_texts(row)
            self._name(p, QRectF(pad, y, c_name - 2 * pad, rh), svc, px)
            draw_text(
                p,
                QRectF(c_name, y, c_count - pad, rh),
                count,
                int(px * 1.1),
                pal.INK,
                bold=True,
                lang=self.lang,
                align=RIGHT,
            )
            draw_text(
                p,
                QRectF(c_name + c_count, y, w - c_name - c_count - pad, rh),
                wait,
                px,
                pal.INK_SOFT if row.closed else pal.INK,
                bold=not row.closed,
                lang=self.lang,
                align=RIGHT,
            )
            y += rh
        p.end()

    def _name(self, p: QPainter, r: QRectF, text: str, px: int) -> None:
        """One line if it fits; else the name over its （note）in smaller type; else shrink a little and elide."""
        if width(text, px, False, self.lang) <= r.width():
            draw_text(p, r, text, px, pal.INK, lang=self.lang)
            return
        m = _NOTE.match(text)
        if m and width(m.group(1), px, False, self.lang) <= r.width():
            top = QRectF(r.left(), r.top() + r.height() * 0.06, r.width(), r.height() * 0.54)
            draw_text(p, top, m.group(1), px, pal.INK, lang=self.lang)
            bottom = QRectF(r.left(), top.bottom(), r.width(), r.height() * 0.36)
            draw_text(
                p, bottom, m.group(2), int(px * 0.62), pal.INK_SOFT, lang=self.lang, min_px=int(px * 0.5)
            )
            return
        draw_text(p, r, text, px, pal.INK, lang=self.lang, min_px=int(px * 0.75))
