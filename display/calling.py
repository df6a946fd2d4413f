"""呼出中: the numbers being called, big (number ▶ 窓口), newest on top; a new call or a recall flashes.

The number is sized from the screen height (``NUMBER_SHARE``: its ink is at least 12% of the screen, readable from
10 m). A flash swaps the tile to a light ground with a dark number, once a second for ``flash_ms`` (≤ 3 flashes per
second, so it is safe for photosensitive viewers), and it is a change of lightness, not of hue.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QRectF, QTimer
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from display import palette as pal
from display.board import CallView
from display.painting import CENTER, LEFT, digit_ink_ratio, draw_text, fill, outline, triangle, width
from display.texts import counter_parts, label

NUMBER_SHARE = 0.125  # ink height of the called number / screen height (the rule is ≥ 12%)
FLASH_MS = 6000
BLINK_MS = 500


class CallingPanel(QWidget):
    def __init__(
        self, *, flash_ms: int = FLASH_MS, blink_ms: int = BLINK_MS, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.tiles: tuple[CallView, ...] = ()
        self.lang = "ja"
        self.screen_h = 1080
        self.unit = 1080  # min(screen width, height): the scale of everything but the number
        self.portrait = False
        self.flash_ms, self.blink_ms = flash_ms, blink_ms
        self._flash: dict[int, tuple[float, float]] = {}  # leg id -> (start, end) in time.monotonic()
        self._blink = QTimer(self)
        self._blink.setInterval(blink_ms)
        self._blink.timeout.connect(self._on_blink)

    # -- state ----------------------------------------------------------------------------------------------
    def set_screen(self, screen_h: int, unit: int) -> None:
        self.screen_h, self.unit, self.portrait = screen_h, unit, unit < screen_h
        self.update()

    def set_lang(self, lang: str) -> None:
        if lang != self.lang:
            self.lang = lang
            self.update()

    def set_calls(self, tiles: tuple[CallView, ...]) -> None:
        shown = {t.leg_id for t in tiles}
        self._flash = {leg: span for leg, span in self._flash.items() if leg in shown}
        if tiles != self.tiles:
            self.tiles = tiles
            self.update()

    def flash(self, leg_id: int) -> None:
        """Flash the tile of ``leg_id`` from now (again, if it is flashing already). Ignored if not on screen."""
        if not any(t.leg_id == leg_id for t in self.tiles):
            return
        start = time.monotonic()
        self._flash[leg_id] = (start, start + self.flash_ms / 1000)
        if not self._blink.isActive():
            self._blink.start()
        self.update()

    def is_flashing(self, leg_id: int) -> bool:
        span = self._flash.get(leg_id)
        return span is not None and time.monotonic() < span[1]

    def lit(self, leg_id: int) -> bool:
        """True while the tile shows its light (flash) phase."""
        span = self._flash.get(leg_id)
        now = time.monotonic()
        if span is None or now >= span[1]:
            return False
        return int((now - span[0]) * 1000 // self.blink_ms) % 2 == 0

    def _on_blink(self) -> None:
        now = time.monotonic()
        self._flash = {leg: span for leg, span in self._flash.items() if now < span[1]}
        if not self._flash:
            self._blink.stop()
        self.update()

    # -- geometry -------------------------------------------------------------------------------------------
    def number_px(self) -> int:
        return math.ceil(NUMBER_SHARE * self.screen_h / digit_ink_ratio(True))

    def label_h(self) -> float:
        return self.unit * 0.05

    def gap(self) -> float:
        return self.unit * 0.012

    def tile_h(self) -> float:
        n = self.number_px()
        return n * 1.62 if self.portrait else n * 1.12

    def capacity(self, height: float | None = None) -> int:
        """How many tiles fit in ``height`` (default: the panel's height)."""
        h = (self.height() if height is None else height) - self.label_h()
        return max(1, int((h + self.gap() + 0.5) // (self.tile_h() + self.gap())))

    def tile_rect(self, i: int) -> QRectF:
        return QRectF(0, self.label_h() + i * (self.tile_h() + self.gap()), self.width(), self.tile_h())

    def number_rect(self, i: int) -> QRectF:
        """Where tile ``i`` draws its number (tests measure the ink there)."""
        r, n = self.tile_rect(i), self.number_px()
        num_w = width(self.tiles[i].number, n, True) + 4
        if self.portrait:
            return QRectF(r.center().x() - num_w / 2, r.top(), num_w, n * 1.1)
        return QRectF(r.left() + r.height() * 0.2, r.top(), num_w, r.height())

    # -- painting -------------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        w = self.width()
        fill(p, QRectF(0, 0, w, self.height()), pal.GROUND)
        lh = self.label_h()
        fill(p, QRectF(0, lh * 0.18, lh * 0.12, lh * 0.64), pal.NUMBER)
        draw_text(
            p,
            QRectF(lh * 0.3, 0, w - lh * 0.3, lh),
            label("calling", self.lang),
            int(lh * 0.62),
            pal.INK,
            bold=True,
            lang=self.lang,
        )
        shown = self.tiles[: self.capacity()]
        if not shown:
            draw_text(
                p,
                QRectF(0, lh, w, self.tile_h()),
                label("none_calling", self.lang),
                int(self.unit * 0.04),
                pal.INK_SOFT,
                lang=self.lang,
                align=CENTER,
            )
        for i, tile in enumerate(shown):
            self._paint_tile(p, i, tile)
        for i in range(max(1, len(shown)), self.capacity()):  # free slots keep their place, faintly outlined
            r = self.tile_rect(i)
            outline(p, r, pal.PANEL_ALT, max(2.0, self.unit * 0.003), r.height() * 0.06)
        p.end()

    def _paint_tile(self, p: QPainter, i: int, tile: CallView) -> None:
        r = self.tile_rect(i)
        on = self.lit(tile.leg_id)
        fill(p, r, pal.FLASH_BG if on else pal.PANEL, r.height() * 0.06)
        num_ink = pal.FLASH_INK if on else pal.NUMBER
        ink = pal.FLASH_INK if on else pal.INK
        n = self.number_px()
        nr = self.number_rect(i)
        draw_text(p, nr, tile.number, n, num_ink, bold=True, align=CENTER if self.portrait else LEFT)
        if self.portrait:
            row = QRectF(r.left(), nr.bottom(), r.width(), r.bottom() - nr.bottom())
            self._paint_counter(
                p, row.adjusted(0, 0, 0, -n * 0.06), tile, int(n * 0.46), num_ink, ink, centred=True
            )
        else:
            left = nr.right() + n * 0.15
            row = QRectF(left, r.top(), r.right() - left - r.height() * 0.15, r.height())
            self._paint_counter(p, row, tile, n, num_ink, ink, centred=False)

    def _paint_counter(
        self, p: QPainter, row: QRectF, tile: CallView, big: int, num_ink: str, ink: str, *, centred: bool
    ) -> None:
        """▶ then 「3番窓口」 / "Counter 3", the digits big. A pickup call adds 「交付」: above the words on a wide
        tile, or as a framed word at the end of the line on a tall (portrait) one."""
        before, digits, after = counter_parts(tile.counter, self.lang)
        words = before or after
        tag = label("pickup", self.lang) if tile.stage == "pickup" else ""
        scale = 1.0

        def sizes(k: float) -> tuple[int, int, float, float]:
            b = int(big * k)
            return b, int(b * (0.42 if centred else 0.3)), b * (0.5 if centred else 0.34), b * 0.12

        def block_w(k: float) -> tuple[float, float]:
            b, s, tri, gap = sizes(k)
            words_w = width(words, s, False, self.lang)
            if tag and not centred:
                words_w = max(words_w, width(tag, s, True, self.lang))
            tag_w = width(tag, s, True, self.lang) + s * 0.8 if tag and centred else 0.0
            return tri * 1.6 + width(digits, b, True) + gap + words_w + (
                gap + tag_w if tag_w else 0.0
            ), words_w

        while block_w(scale)[0] > row.width() and big * scale > 20:  # a long word must still fit
            scale *= 0.92
        b, s, tri, gap = sizes(scale)
        total, words_w = block_w(scale)
        x = row.left() + (row.width() - total) / 2 if centred else row.right() - total
        cy = row.center().y()
        triangle(p, x + tri * 0.6, cy, tri, ink)
        x += tri * 1.6
        words_x = x
        if before:
            draw_text(
                p, QRectF(x, row.top(), words_w, row.height()), before, s, ink, lang=self.lang, shrink=False
            )
            x += words_w + gap
        dw = width(digits, b, True) + 2
        draw_text(p, QRectF(x, row.top(), dw, row.height()), digits, b, num_ink, bold=True, shrink=False)
        x += dw + gap
        if after:
            words_x = x
            draw_text(
                p,
                QRectF(x, row.top(), words_w + 2, row.height()),
                after,
                s,
                ink,
                lang=self.lang,
                shrink=False,
            )
            x += words_w + gap
        if not tag:
            return
        if centred:
            pill = QRectF(x, cy - s * 0.75, width(tag, s, True, self.lang) + s * 0.8, s * 1.5)
            outline(p, pill, ink, max(2.0, s * 0.08), s * 0.3)
            draw_text(p, pill, tag, s, ink, bold=True, lang=self.lang, align=CENTER, shrink=False)
        else:
            tag_r = QRectF(words_x, cy - s * 2.0, words_w + 2, s * 1.3)
            draw_text(p, tag_r, tag, s, ink, bold=True, lang=self.lang, shrink=False)
