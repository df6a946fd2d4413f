"""The top bar: the screen's title (rotating language), the Japanese clock, and the discreet "reconnecting" mark."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from display import palette as pal
from display.painting import LEFT, RIGHT, draw_text, fill, width
from display.texts import name

RECONNECTING = "再接続中… / Reconnecting"
RESTART = (
    "設定変更あり・要再起動 / Restart to apply settings"  # a new office-profile version it cannot take live
)


class HeaderBar(QWidget):
    def __init__(self, title: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.lang = "ja"
        self.clock = ""
        self.offline = False
        self.restart = False

    def set_lang(self, lang: str) -> None:
        if lang != self.lang:
            self.lang = lang
            self.update()

    def set_clock(self, text: str) -> None:
        if text != self.clock:
            self.clock = text
            self.update()

    def set_offline(self, offline: bool) -> None:
        if offline != self.offline:
            self.offline = offline
            self.update()

    def set_restart(self, restart: bool) -> None:
        if restart != self.restart:
            self.restart = restart
            self.update()

    def title_text(self) -> str:
        return name(self.title, self.lang)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        w, h = self.width(), self.height()
        fill(p, QRectF(0, 0, w, h), pal.HEADER)
        pad = h * 0.3
        clock_px = int(h * 0.42)
        clock_w = width(self.clock, clock_px) + 4
        draw_text(p, QRectF(w - pad - clock_w, 0, clock_w, h), self.clock, clock_px, pal.INK, align=RIGHT)
        right = w - pad - clock_w
        for shown, text in ((self.offline, RECONNECTING), (self.restart, RESTART)):
            if not shown:
                continue
            px = int(h * 0.26)
            mw = width(text, px) + px * 1.2
            mark = QRectF(right - pad - mw, h * 0.25, mw, h * 0.5)
            fill(p, mark, pal.MARK_BG, h * 0.12)
            draw_text(p, mark.adjusted(px * 0.6, 0, 0, 0), text, px, pal.MARK_INK, align=LEFT)
            right = mark.left()
        draw_text(
            p,
            QRectF(pad, 0, max(10.0, right - 2 * pad), h),
            self.title_text(),
            int(h * 0.5),
            pal.INK,
            bold=True,
            lang=self.lang,
            align=LEFT,
        )
        p.end()
