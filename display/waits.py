"""待ち状況: per service, the waiting count and the estimated wait range (or why no ticket is issued now).

All service names in the table share one type size: the largest at which every name fits its cell, on one line
(one name may shrink a little on its own), as a name over its （note）, or word-wrapped on two lines. Counts are big digits with a small unit (人, people);
if the unit does not fit in one row it is left out in all of them (the column heading says what they count).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from display import palette as pal
from display.board import ServiceView
from display.painting import LEFT, RIGHT, draw_text, draw_wrapped, fill, fits_wrapped, width
from display.texts import closed_reason, label, minutes, name, people

MAX_ROW_SHARE = 0.085  # a row is at most this share of the screen height
_NOTE = re.compile(r"^(.+?)\s*[（(](.+)[）)]\s*$")  # 「住民異動（転入・転出・転居）」 -> name + note
_WRAP_STEPS = (1.0, 0.8, 0.68)
SHRINK = 0.74  # a one-line name may shrink this far on its own before the whole table goes smaller


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

    # -- sizing -----------------------------------------------------------------------------------------------
    def _fits(self, text: str, r: QRectF, size: int) -> bool:
        """Whether ``text`` can be drawn at ``size`` by one of the ways :meth:`_name` tries, in its order."""
        if width(text, size, False, self.lang) <= r.width():
            return True
        m = _NOTE.match(text)
        if m and width(m.group(1), size, False, self.lang) <= r.width():
            return True
        return (
            fits_wrapped(r, text, size, lang=self.lang)
            or width(text, size, False, self.lang) * SHRINK <= r.width()
        )

    def name_px(self, names: list[str], r: QRectF, px: int) -> int:
        """The one size for every name in the table."""
        for step in _WRAP_STEPS:
            size = int(px * step)
            if all(self._fits(t, r, size) for t in names):
                return size
        return int(px * _WRAP_STEPS[-1])

    @staticmethod
    def _split_count(n: int, text: str) -> tuple[str, str]:
        digits = str(n)
        before, _, after = text.partition(digits)
        return digits, (before + after).strip()

    # -- painting ---------------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        w, h = self.width(), self.height()
        fill(p, QRectF(0, 0, w, h), pal.GROUND)
        lh = self.screen_h * 0.05
        fill(p, QRectF(0, lh * 0.18, lh * 0.12, lh * 0.64), pal.INK_SOFT)
        title = label("waits", self.lang)
        draw_text(
            p,
            QRectF(lh * 0.3, 0, w - lh * 0.3, lh),
            title,
            int(lh * 0.62),
            pal.INK,
            bold=True,
            lang=self.lang,
        )
        n = max(1, len(self.rows))
        rh = min(self.screen_h * MAX_ROW_SHARE, (h - lh) / (n + 0.7))
        head_h, pad = rh * 0.7, rh * 0.25
        c_name, c_count = w * 0.5, w * 0.17  # the estimate takes the rest
        px = int(rh * 0.46)
        cap = int(head_h * 0.5)
        y = lh
        head = [
            (label("service", self.lang), LEFT, pad, c_name - pad),
            (label("waiting", self.lang), RIGHT, c_name, c_count - pad),
            (label("estimated_wait", self.lang), RIGHT, c_name + c_count, w - c_name - c_count - pad),
        ]
        for text, align, x, cw in head:
            draw_text(p, QRectF(x, y, cw, head_h), text, cap, pal.INK_SOFT, lang=self.lang, align=align)
        y += head_h
        texts = [self.cell_texts(row) for row in self.rows]
        name_cell = QRectF(pad, 0, c_name - 2 * pad, rh)
        npx = self.name_px([t[0] for t in texts], name_cell, px)
        big, small = int(px * 1.1), int(px * 0.72)
        counts = [self._split_count(row.waiting, t[1]) for row, t in zip(self.rows, texts, strict=True)]
        show_unit = all(
            width(d, big, True, self.lang) + width(" " + u, small, False, self.lang) <= c_count - pad
            for d, u in counts
        )
        for i, (row, (svc, _, wait), (digits, unit)) in enumerate(zip(self.rows, texts, counts, strict=True)):
            fill(p, QRectF(0, y, w, rh), pal.PANEL if i % 2 == 0 else pal.PANEL_ALT)
            self._name(p, name_cell.translated(0, y), svc, npx)
            count = QRectF(c_name, y, c_count - pad, rh)
            if show_unit and unit:
                uw = width(" " + unit, small, False, self.lang)
                unit_r = QRectF(count.right() - uw, y + rh * 0.04, uw, rh)
                draw_text(p, unit_r, " " + unit, small, pal.INK, lang=self.lang, align=RIGHT, shrink=False)
                count.setWidth(count.width() - uw)
            draw_text(p, count, digits, big, pal.INK, bold=True, align=RIGHT)
            ink = pal.INK_SOFT if row.closed else pal.INK
            wait_r = QRectF(c_name + c_count, y, w - c_name - c_count - pad, rh)
            self._wait(p, wait_r, wait, px, ink, bold=not row.closed)
            y += rh
        p.end()

    def _wait(self, p: QPainter, r: QRectF, text: str, size: int, ink: str, *, bold: bool) -> None:
        """The estimate on one line; if it would shrink a lot, 「約5分」 over its （参考） note, both whole."""
        m = _NOTE.match(text)
        if m and width(text, size, bold, self.lang) * SHRINK > r.width():
            top = QRectF(r.left(), r.top() + r.height() * 0.06, r.width(), r.height() * 0.54)
            draw_text(p, top, m.group(1), size, ink, bold=bold, lang=self.lang, align=RIGHT)
            bottom = QRectF(r.left(), top.bottom(), r.width(), r.height() * 0.36)
            note = f"({m.group(2)})" if m.group(0).rstrip().endswith(")") else f"（{m.group(2)}）"
            draw_text(p, bottom, note, int(size * 0.62), pal.INK_SOFT, lang=self.lang, align=RIGHT)
            return
        draw_text(p, r, text, size, ink, bold=bold, lang=self.lang, align=RIGHT)

    def _name(self, p: QPainter, r: QRectF, text: str, size: int) -> None:
        """One line; else the name over its （note）; else two wrapped lines; else one line a little smaller."""
        if width(text, size, False, self.lang) <= r.width():
            draw_text(p, r, text, size, pal.INK, lang=self.lang)
            return
        m = _NOTE.match(text)
        if m and width(m.group(1), size, False, self.lang) <= r.width():
            top = QRectF(r.left(), r.top() + r.height() * 0.06, r.width(), r.height() * 0.54)
            draw_text(p, top, m.group(1), size, pal.INK, lang=self.lang)
            bottom = QRectF(r.left(), top.bottom(), r.width(), r.height() * 0.36)
            note_px, min_px = int(size * 0.62), int(size * 0.5)
            draw_text(p, bottom, m.group(2), note_px, pal.INK_SOFT, lang=self.lang, min_px=min_px)
            return
        if not draw_wrapped(p, r, text, size, pal.INK, lang=self.lang):
            draw_text(p, r, text, size, pal.INK, lang=self.lang, min_px=int(size * SHRINK))
