"""呼出中: every number being called, big (number ▶ 窓口), newest first; a new call or a recall flashes.

A single call's number is sized from the screen height (``NUMBER_SHARE``: its ink is at least 12% of the screen,
readable from 10 m). Every ticket still being called gets a tile of the same size: when they do not all fit at
full size, the panel picks the grid (columns × rows, number ▶ counter on one line or number over counter) that
gives the largest number, and all numbers step down together (``STEP``), never into small chips. A called tile
has a thick yellow frame; the history row's finished calls are outlined thin with a ✓ (the legend says which is
which). A flash swaps the tile to a light ground with a dark number, once a second for ``flash_ms`` (≤ 3 flashes per
second, so it is safe for photosensitive viewers), and it is a change of lightness, not of hue.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QWidget

from display import palette as pal
from display.board import CallView
from display.painting import CENTER, LEFT, digit_ink_ratio, draw_text, fill, outline, triangle, width
from display.texts import calls_spoken, counter_parts, label

NUMBER_SHARE = 0.125  # ink height of the called number / screen height (the rule is ≥ 12%)
FLASH_MS = 6000
BLINK_MS = 500
MIN_NUMBER_PX = 24
STEP = 0.9  # with more calls than fit at full size, every number steps down by this factor
ROW_H, COL_H = 1.12, 1.62  # tile height per px of number: one line; number over counter
ROW_PAD_L, ROW_PAD_R = 0.2, 0.15  # one-line tile padding, per px of tile height
COL_PAD = 0.1  # number-over-counter tile padding, per px of number


@dataclass(frozen=True)
class Grid:
    cols: int
    rows: int
    px: float  # the number size of every tile
    stacked: bool  # number over counter (a tall tile), else number ▶ counter on one line


def _step(px: float, top: int) -> int:
    """``px`` rounded down to one of the sizes top, top·0.9, top·0.81 …: a few steps, not any size."""
    size = float(top)
    while size > px + 0.5 and size * STEP >= MIN_NUMBER_PX:
        size *= STEP
    # below the smallest step (a panel far too small for its calls): just what fits, never an overflow
    return max(1, int(min(size, px + 0.5)))


def frame_px(number_px: float) -> float:
    """The thick frame of a called tile (the 呼出中 mark the legend shows)."""
    return max(3.0, number_px * 0.045)


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
        self.langs: tuple[str, ...] = ("ja",)
        self._grid: Grid | None = None
        self._pictures: dict[tuple[object, ...], QPixmap] = {}  # a painted tile by what it shows
        self.flash_ms, self.blink_ms = flash_ms, blink_ms
        self._flash: dict[int, tuple[float, float]] = {}  # leg id -> (start, end) in time.monotonic()
        self._blink = QTimer(self)
        self._blink.setInterval(blink_ms)
        self._blink.timeout.connect(self._on_blink)
        self.setAccessibleName(label("calling", "ja"))
        self._speak()

    # -- state ----------------------------------------------------------------------------------------------
    def set_screen(self, screen_h: int, unit: int) -> None:
        self.screen_h, self.unit, self.portrait = screen_h, unit, unit < screen_h
        self._grid = None
        self.update()

    def set_lang(self, lang: str) -> None:
        if lang != self.lang:
            self.lang = lang
            self.update()

    def set_calls(self, tiles: tuple[CallView, ...]) -> None:
        shown = {t.leg_id for t in tiles}
        self._flash = {leg: span for leg, span in self._flash.items() if leg in shown}
        if tiles != self.tiles:
            if len(tiles) != len(self.tiles) or {(t.number, t.counter, t.stage) for t in tiles} != {
                (t.number, t.counter, t.stage) for t in self.tiles
            }:
                self._grid = None
            self.tiles = tiles
            self._speak()
            self.update()

    def _speak(self) -> None:
        """The painted tiles as text for a screen reader (Qt sends DescriptionChanged on each change)."""
        self.setAccessibleDescription(
            calls_spoken("calling", [(t.number, t.counter) for t in self.tiles], "none_calling")
        )

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

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        self._grid = None

    def _on_blink(self) -> None:
        now = time.monotonic()
        self._flash = {leg: span for leg, span in self._flash.items() if now < span[1]}
        if not self._flash:
            self._blink.stop()
        self.update()

    # -- geometry -------------------------------------------------------------------------------------------
    def set_langs(self, langs: tuple[str, ...]) -> None:
        """The languages the labels rotate through: the tiles are sized for the longest counter words of all of
        them, so the numbers do not change size when the language turns."""
        if langs and langs != self.langs:
            self.langs = langs
            self._grid = None
            self.update()

    def number_px(self) -> int:
        """The largest number size (a single call): its ink is ``NUMBER_SHARE`` of the screen height."""
        return math.ceil(NUMBER_SHARE * self.screen_h / digit_ink_ratio(True))

    def label_h(self) -> float:
        return self.unit * 0.05

    def gap(self) -> float:
        return self.unit * 0.012

    def grid(self) -> Grid:
        """How the called tickets are laid out now (computed once per change of calls, size or languages)."""
        if self._grid is None:
            self._grid = self._fit()
        return self._grid

    def px(self) -> int:
        """The number size every tile uses now."""
        return self.grid().px

    def _ratios(self) -> tuple[float, float, float]:
        """Widths per pixel of number size: (number, counter block on one line, counter block centred under
        the number), the widest over the tiles and the label languages."""
        ref = 100
        num = row = col = 0.0
        for t in self.tiles or (CallView(0, 0, "A000", 10, "", "service", "call", 0.0, True),):
            num = max(num, width(t.number, ref, True) / ref)
            digits = width(str(t.counter), ref, True) / ref
            for lang in self.langs:
                before, _, after = counter_parts(t.counter, lang)
                words = width(before or after, ref, False, lang) / ref
                tag = width(label("pickup", lang), ref, True, lang) / ref if t.stage == "pickup" else 0.0
                # one line: ▶ digits words (a pickup's 交付 above the words); see _paint_counter
                row = max(row, 0.34 * 1.6 + digits + 0.12 + 0.3 * max(words, tag))
                # centred, at 0.46 of the number: ▶ digits words [交付]
                block = (
                    0.5 * 1.6 + digits + 0.12 + 0.42 * words + (0.12 + 0.42 * tag + 0.42 * 0.8 if tag else 0)
                )
                col = max(col, 0.46 * block)
        return num, row, col

    def _fit(self) -> Grid:
        """The grid (columns × rows, one line or number-over-counter tiles) that gives every called ticket the
        largest number, from ``number_px`` down in steps; never smaller tiles for some of them."""
        n = max(1, len(self.tiles))
        w, h = float(self.width()), self.height() - self.label_h()
        gap, top = self.gap(), self.number_px()
        num, row, col = self._ratios()
        row_w = ROW_PAD_L * ROW_H + num + 0.15 + row + ROW_PAD_R * ROW_H  # per px, one-line tile
        col_w = max(num, col) + 2 * COL_PAD  # per px, number over counter
        best = Grid(1, n, MIN_NUMBER_PX, False)
        for cols in range(1, n + 1):
            rows = math.ceil(n / cols)
            if cols > 1 and math.ceil(n / (cols - 1)) == rows:
                continue  # the same rows with fewer, wider columns is never worse
            cell_w = (w - gap * (cols - 1)) / cols
            cell_h = (h - gap * (rows - 1)) / rows
            for stacked, need_w, need_h in ((False, row_w, ROW_H), (True, col_w, COL_H)):
                px = min(top, cell_w / need_w, cell_h / need_h)
                if px > best.px + 0.5 or (abs(px - best.px) <= 0.5 and not stacked and best.stacked):
                    best = Grid(cols, rows, px, stacked)
        return Grid(best.cols, best.rows, _step(best.px, top), best.stacked)

    def tile_h(self) -> float:
        g = self.grid()
        return g.px * (COL_H if g.stacked else ROW_H)

    def tile_rect(self, i: int) -> QRectF:
        """Tile ``i``'s place, on whole pixels and the same size for every tile (so a tile's cached picture
        serves wherever a new call moves it)."""
        g = self.grid()
        gap = self.gap()
        cw = math.floor((self.width() - gap * (g.cols - 1)) / g.cols)
        c, r = i % g.cols, i // g.cols
        y = self.label_h() + r * (self.tile_h() + gap)
        return QRectF(round(c * (cw + gap)), round(y), cw, math.floor(self.tile_h()))

    def number_rect(self, i: int) -> QRectF:
        """Where tile ``i`` draws its number (tests measure the ink there)."""
        r, n = self.tile_rect(i), self.px()
        num_w = width(self.tiles[i].number, n, True) + 4
        if self.grid().stacked:
            return QRectF(r.center().x() - num_w / 2, r.top(), num_w, n * 1.1)
        return QRectF(r.left() + r.height() * ROW_PAD_L, r.top(), num_w, r.height())

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
        if not self.tiles:
            draw_text(
                p,
                QRectF(0, lh, w, self.number_px() * ROW_H),
                label("none_calling", self.lang),
                int(self.unit * 0.04),
                pal.INK_SOFT,
                lang=self.lang,
                align=CENTER,
            )
        for i, tile in enumerate(self.tiles):
            self._paint_tile(p, i, tile)
        p.end()

    def _paint_tile(self, p: QPainter, i: int, tile: CallView) -> None:
        """Tile ``i`` from its cached picture, drawn first when the tile is new (or its language, flash phase or
        size changed). Numbers this big are drawn by Qt as outlines, not from its glyph cache, so painting every
        called tile afresh on each call would cost several times the old three tiles: the cache keeps a new call
        to one tile's drawing."""
        r = self.tile_rect(i)
        on = self.lit(tile.leg_id)
        g = self.grid()
        key = (tile.number, tile.counter, tile.stage, self.lang, on, int(r.width()), int(r.height()), g)
        pic = self._pictures.get(key)
        if pic is None:
            if len(self._pictures) > 4 * max(4, len(self.tiles)):  # tiles long gone, old sizes and languages
                self._pictures.clear()
            dpr = self.devicePixelRatioF()
            pic = QPixmap(int(r.width() * dpr) + 1, int(r.height() * dpr) + 1)
            pic.setDevicePixelRatio(dpr)
            pic.fill(Qt.GlobalColor.transparent)
            q = QPainter(pic)
            q.translate(-r.left(), -r.top())
            self._draw_tile(q, i, tile, on)
            q.end()
            self._pictures[key] = pic
        p.drawPixmap(r.topLeft(), pic)

    def _draw_tile(self, p: QPainter, i: int, tile: CallView, on: bool) -> None:
        """A called ticket: a tile with a thick yellow frame (the legend's 呼出中 mark; a finished call in the
        history row has a thin grey outline and a ✓), the number, ▶ and the counter."""
        r = self.tile_rect(i)
        n = self.px()
        radius = r.height() * 0.06
        fill(p, r, pal.FLASH_BG if on else pal.PANEL, radius)
        outline(p, r, pal.FLASH_INK if on else pal.NUMBER, frame_px(n), radius)
        num_ink = pal.FLASH_INK if on else pal.NUMBER
        ink = pal.FLASH_INK if on else pal.INK
        nr = self.number_rect(i)
        stacked = self.grid().stacked
        draw_text(p, nr, tile.number, n, num_ink, bold=True, align=CENTER if stacked else LEFT)
        if stacked:
            row = QRectF(r.left(), nr.bottom(), r.width(), r.bottom() - nr.bottom())
            self._paint_counter(
                p, row.adjusted(0, 0, 0, -n * 0.06), tile, int(n * 0.46), num_ink, ink, centred=True
            )
        else:
            left = nr.right() + n * 0.15
            row = QRectF(left, r.top(), r.right() - left - r.height() * ROW_PAD_R, r.height())
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
