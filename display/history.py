"""これまでの呼出: the calls whose visitor reached the counter, as chips「✓ A011 ▶ 2」, newest first, two rows.

A number still being called is never here: it is a big tile in the 呼出中 panel. The two differ by more than
colour: a called tile is big, has a thick yellow frame and sits under 呼出中; a chip here is small, outlined thin
in grey, soft-inked and marked ✓. The legend at the right of the title shows both marks with their words.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from display import palette as pal
from display.board import CallView
from display.painting import LEFT, MIN_PX, RIGHT, check, draw_text, fill, outline, triangle, width
from display.texts import calls_spoken, label


class HistoryStrip(QWidget):
    def __init__(self, size: int = 8, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limit = max(1, size)  # how many chips (not `size`: that would hide QWidget.size())
        self.calls: tuple[CallView, ...] = ()
        self.lang = "ja"
        self.screen_h = 1080
        self.setAccessibleName(label("history", "ja"))
        self.setAccessibleDescription(calls_spoken("history", []))

    def set_screen(self, screen_h: int) -> None:
        self.screen_h = screen_h
        self.update()

    def set_lang(self, lang: str) -> None:
        if lang != self.lang:
            self.lang = lang
            self.update()

    def set_calls(self, calls: tuple[CallView, ...]) -> None:
        calls = calls[: self.limit]
        if calls != self.calls:
            self.calls = calls
            self.setAccessibleDescription(calls_spoken("history", [(c.number, c.counter) for c in calls]))
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        w, h = self.width(), self.height()
        fill(p, QRectF(0, 0, w, h), pal.GROUND)
        lh = self.screen_h * 0.042
        px = int(lh * 0.66)
        legend_w = self._legend(p, QRectF(0, 0, w, lh), px)
        draw_text(
            p,
            QRectF(0, 0, max(0.0, w - legend_w - lh * 0.5), lh),
            label("history", self.lang),
            px,
            pal.INK_SOFT,
            bold=True,
            lang=self.lang,
        )
        for i in range(len(self.calls)):
            self._chip(p, self.chip_rect(i), self.calls[i])
        p.end()

    def chip_rect(self, i: int) -> QRectF:
        w, h = self.width(), self.height()
        lh = self.screen_h * 0.042
        rows = 2 if self.limit > 3 else 1
        cols = math.ceil(self.limit / rows)
        gap = self.screen_h * 0.008
        cw = (w - gap * (cols - 1)) / cols
        ch = (h - lh - gap * rows) / rows
        return QRectF((i % cols) * (cw + gap), lh + gap + (i // cols) * (ch + gap), cw, ch)

    def legend_items(self, px: int) -> list[tuple[str, str, float]]:
        """(mark, words, width) of each legend entry: the called tile's frame, the finished call's ✓."""
        out = []
        for mark, key in (("calling", "calling"), ("done", "legend_done")):
            words = label(key, self.lang)
            out.append((mark, words, px * 1.9 + width(words, px, True, self.lang)))
        return out

    def _legend(self, p: QPainter, r: QRectF, px: int) -> float:
        """At the right of the title: [▶ in a thick yellow frame] 呼出中   [✓ in a thin outline] 受付済み.
        Returns the width it took (it shrinks, down to the smallest text, if the row is narrow)."""
        items = self.legend_items(px)
        total = sum(it[2] for it in items) + px * (len(items) - 1)
        if total > r.width() * 0.62:  # the title keeps at least a third of the row
            px = max(MIN_PX, int(px * r.width() * 0.62 / total))
            items = self.legend_items(px)
            total = sum(it[2] for it in items) + px * (len(items) - 1)
        x = r.right() - total
        cy = r.center().y()
        box = px * 1.3
        for mark, words, item_w in items:
            b = QRectF(x, cy - box / 2, box, box)
            if mark == "calling":
                fill(p, b, pal.PANEL, box * 0.12)
                outline(p, b, pal.NUMBER, max(2.0, box * 0.14), box * 0.12)
                triangle(p, b.center().x() + box * 0.04, cy, box * 0.42, pal.NUMBER)
            else:
                outline(p, b, pal.RULE, max(1.0, box * 0.05), box * 0.12)
                check(p, b.adjusted(box * 0.22, box * 0.22, -box * 0.22, -box * 0.22), pal.INK_SOFT)
            draw_text(
                p,
                QRectF(x + px * 1.9, r.top(), item_w - px * 1.9 + 2, r.height()),
                words,
                px,
                pal.INK_SOFT,
                bold=True,
                lang=self.lang,
                shrink=False,
            )
            x += item_w + px
        return total

    def _chip(self, p: QPainter, r: QRectF, call: CallView) -> None:
        """A call whose visitor reached the counter: thin grey outline, no fill, a ✓, soft text (a called
        ticket is a big tile with a thick yellow frame in the 呼出中 panel)."""
        radius = r.height() * 0.12
        outline(p, r, pal.RULE, max(1.0, r.height() * 0.03), radius)
        ink = pal.INK_SOFT
        px = int(r.height() * 0.56)
        pad = r.height() * 0.22
        mark = px * 0.7
        check(p, QRectF(r.left() + pad, r.center().y() - mark / 2, mark, mark), ink)
        counter = str(call.counter)
        tri = px * 0.42
        cw = width(counter, px, True) + 2
        left = r.left() + pad + mark + px * 0.3
        nw = r.right() - pad - cw - tri * 2 - left
        draw_text(p, QRectF(left, r.top(), nw, r.height()), call.number, px, ink, bold=True, align=LEFT)
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
