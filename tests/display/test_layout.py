"""The hall display in all nine languages on 1920x1080, 1366x768 and 1080x1920 panels, on a busy morning: every
ticket still being called is a big number (never a small chip in the history row), nothing painted is cut short,
and no panel overlaps another or leaves the screen (tests/layout.py).

The numbers are measured in the rendered picture, not taken from the code's own sizes: the rows of the called
number's colour inside each tile. Readable from the back of the hall means: one call alone is at least 12% of the
screen height (test_window), and with every counter calling at once each number is still at least
``MIN_INK_SHARE`` of it, all the same size. The old history chips were about 2% (23 px on 1080).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from display import palette as pal
from display.announcer import Announcer
from display.painting import ELIDED
from display.sinks import NullSink
from display.window import DisplayWindow
from shared.i18n import LANGS
from shared.models import LegState
from shared.office import open_office
from tests.display.busy import NOW, big_office, make_busy
from tests.layout import layout_problems

PANELS = [(1920, 1080), (1366, 768), (1080, 1920)]
MIN_INK_SHARE = 0.05  # each called number's ink, with 12 counters calling at once, / screen height


@pytest.fixture(scope="module", params=[3, 12], ids=["3-calling", "12-calling"])
def busy_window(request, tmp_path_factory, qapp) -> Iterator[DisplayWindow]:
    db = Path(tmp_path_factory.mktemp("busy")) / "office.db"
    cfg = big_office()
    engine = open_office(db, cfg)
    make_busy(engine, request.param)
    w = DisplayWindow(
        engine,
        cfg.display("main"),
        db_path=db,
        clock=lambda: NOW + timedelta(minutes=1),
        announcer=Announcer(NullSink("test"), muted=True),
        rotate=False,
    )
    w.show()
    yield w
    w.stop()
    w.close()
    w.engine.store.close()


def _called(w: DisplayWindow) -> dict[int, str]:
    """leg id -> number of the tickets the counters have called and whose visitor has not arrived, from the engine
    (a leg: one ticket can be served at one counter and be called to the 交付 counter later)."""
    return {leg.id: t.display for t, leg in w.engine.current_all().values() if leg.state == LegState.CALLED}


def _ink_rows(img: QImage, r: QRect, colour: str) -> int:
    want = int(colour[1:], 16)
    rows = [
        y
        for y in range(max(0, r.top()), min(img.height(), r.bottom()))
        if any(
            img.pixel(x, y) & 0xFFFFFF == want
            for x in range(max(0, r.left()), min(img.width(), r.right()), 2)
        )
    ]
    return rows[-1] - rows[0] + 1 if rows else 0


def display_problems(w: DisplayWindow, lang: str) -> list[str]:
    """What a visitor at the back of the hall would miss or find cut on the rendered window."""
    ELIDED.clear()
    img = w.grab().toImage()  # paints every panel now
    problems = [f"painted text cut short: {t!r}" for t in ELIDED]
    called = _called(w)
    big = [t.number for t in w.calling.tiles]
    on_tiles = {t.leg_id for t in w.calling.tiles}
    problems += [
        f"{n} is being called but has no big tile" for leg, n in called.items() if leg not in on_tiles
    ]
    problems += [
        f"{c.number} is being called but shows as a chip in the history row"
        for c in w.history.calls
        if c.leg_id in called
    ]
    panel = w.calling.rect()
    inks = []
    for i, number in enumerate(big):
        tile = w.calling.tile_rect(i).toRect()
        if not panel.contains(tile):
            problems.append(f"the tile of {number} leaves the calling panel: {tile.getRect()}")
        for j in range(i):
            if tile.intersects(w.calling.tile_rect(j).toRect()):
                problems.append(f"the tiles of {number} and {big[j]} overlap")
        r = w.calling.number_rect(i).toRect().translated(w.calling.pos())
        colour = pal.FLASH_INK if w.calling.lit(w.calling.tiles[i].leg_id) else pal.NUMBER
        inks.append(_ink_rows(img, r, colour))
    short = w.height() * MIN_INK_SHARE
    for number, ink in zip(big, inks, strict=True):
        if ink < short:
            problems.append(f"{number} is {ink} px tall, under {MIN_INK_SHARE:.0%} of {w.height()} px")
    if inks and max(inks) - min(inks) > 3:
        problems.append(f"the called numbers differ in size: {dict(zip(big, inks, strict=True))}")
    return problems


@pytest.mark.parametrize("panel", PANELS, ids=["1920x1080", "1366x768", "1080x1920"])
def test_every_called_ticket_is_big_and_nothing_is_cut_in_every_language(
    busy_window: DisplayWindow, panel: tuple[int, int]
) -> None:
    w = busy_window
    w.setFixedSize(*panel)
    QApplication.processEvents()
    assert len(_called(w)) in (3, 12)
    found: dict[str, list[str]] = {}
    for lang in LANGS:
        w.set_lang(lang)
        problems = display_problems(w, lang) + layout_problems(w, lang)
        if problems:
            found[lang] = problems
    assert found == {}
