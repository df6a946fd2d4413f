"""The ticker line: notices from the office profile and the DB, in the current label language.

A notice carries its languages; one missing the current language falls back the way the kiosk's does
(:mod:`shared.i18n.fallback`): やさしい日本語 to standard Japanese, every other language to English first, then
Japanese.

The line does not crawl. Each notice is shown whole if it fits, else split into pages at clause or word breaks,
and the pages take turns every ``PAGE_S`` seconds (with "2/3" at the right). Standing text is easier to read for
older visitors and for anyone reading in a second language, it needs no pause button (WCAG 2.2.2), and it costs no
CPU between page turns: a crawling line at 30 frames/s alone measured ~1-2% of a core, over the ≤ 1% idle budget.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QRectF, QTimer
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from display import palette as pal
from display.painting import LEFT, RIGHT, draw_text, fill, width
from shared.i18n.fallback import pick

PAGE_S = 8
# a clause: text up to and including its break (Japanese/Chinese punctuation, Latin punctuation, spaces)
_CLAUSE = re.compile(r"[^。、，．！？,.!?\s]+[。、，．！？,.!?\s]*|[。、，．！？,.!?\s]+")


def paginate(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Split ``text`` into pages that each ``fit``, breaking after clauses or words, mid-word only if it must."""
    pages: list[str] = []
    cur = ""
    for tok in _CLAUSE.findall(text.strip()):
        if fits(cur + tok):
            cur += tok
            continue
        if cur.strip():
            pages.append(cur.strip())
        cur = tok
        while not fits(cur.strip()) and len(cur) > 1:  # one clause wider than the screen: cut it
            cut = len(cur) - 1
            while cut > 1 and not fits(cur[:cut]):
                cut -= 1
            pages.append(cur[:cut].strip())
            cur = cur[cut:]
    if cur.strip():
        pages.append(cur.strip())
    return pages


class Ticker(QWidget):
    def __init__(self, parent: QWidget | None = None, *, page_s: float = PAGE_S) -> None:
        super().__init__(parent)
        self.notices: tuple[dict[str, str], ...] = ()
        self.lang = "ja"
        self.screen_h = 1080
        self.pages: list[str] = []
        self.page = 0
        self._timer = QTimer(self)
        self._timer.setInterval(int(page_s * 1000))
        self._timer.timeout.connect(self.next_page)

    def set_screen(self, screen_h: int) -> None:
        self.screen_h = screen_h
        self._paginate()

    def set_lang(self, lang: str) -> None:
        if lang != self.lang:
            self.lang = lang
            self._paginate()

    def set_notices(self, notices: tuple[dict[str, str], ...]) -> None:
        if notices != self.notices:
            self.notices = notices
            self.page = 0
            self._paginate()

    @property
    def text(self) -> str:
        """The page on screen now."""
        return self.pages[self.page] if self.pages else ""

    @property
    def turning(self) -> bool:
        return self._timer.isActive()

    def px(self) -> int:
        return int(self.height() * 0.5)

    def _paginate(self) -> None:
        px, pad = self.px(), self.height() * 0.4
        room = self.width() - 2 * pad - width("99/99", int(px * 0.6)) - pad
        pages: list[str] = []
        for notice in self.notices:
            text = pick(notice, self.lang).strip()  # English before standard Japanese for vi, tl, ne …
            if text:
                pages += paginate(text, lambda s: width(s.strip(), px, False, self.lang) <= room)
        self.pages = pages
        self.page = self.page % len(pages) if pages else 0
        if len(pages) > 1:
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()
        self.update()

    def next_page(self) -> None:
        if self.pages:
            self.page = (self.page + 1) % len(self.pages)
            self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        self._paginate()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        w, h = self.width(), self.height()
        fill(p, QRectF(0, 0, w, h), pal.TICKER_BG)
        pad = h * 0.4
        if self.pages:
            draw_text(
                p,
                QRectF(pad, 0, w - 2 * pad, h),
                self.text,
                self.px(),
                pal.TICKER_INK,
                lang=self.lang,
                align=LEFT,
            )
            if len(self.pages) > 1:
                draw_text(
                    p,
                    QRectF(pad, 0, w - 2 * pad, h),
                    f"{self.page + 1}/{len(self.pages)}",
                    int(self.px() * 0.6),
                    pal.TICKER_INK,
                    align=RIGHT,
                    shrink=False,
                )
        p.end()
