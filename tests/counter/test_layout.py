"""Nothing on the console is cut, squeezed or hidden on the screens clerks really have: 1366×768 and 1024×768
office PCs as well as full HD (and portrait), for every visitor language the console shows (tests/layout.py).

The busy state is the one that broke (issue 17.2): a called visitor with the longest access banner (hearing,
wheelchair, interpreter), a request, a long queue with a priority wheelchair ticket waiting next. On top of the
generic checker, the queue table is checked cell by cell: every column inside the viewport (the care column was
behind a horizontal scroll bar), no cell text wider or taller than its cell (「住…」), and the ticket 呼出 takes
next visible without scrolling.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel

from counter.demo import DEMO_NOW
from counter.queue_model import COLUMNS
from counter.shots import SCREENS, demo_window, show
from counter.style import ui_scale
from counter.texts import ACCESS
from counter.window import CounterWindow
from shared.config import OfficeConfig
from shared.i18n import LANGS
from tests.layout import layout_problems

SIZES = [(1920, 1080), (1366, 768), (1024, 768)]
PORTRAIT = (1080, 1920)
# the queue's rows scroll vertically (a long queue is normal); everything else must fit
QUEUE_SCROLL = "queueTable/qt_scrollarea_vcontainer: a scroll bar is shown"
CELL_SLACK = 4  # px: the delegate's margins are 3 + 3, CELL_PAD in queue_panel.py reserves 12
NUMBER_MIN_PX = 64


def table_problems(w: CounterWindow) -> list[str]:
    """The queue table: columns inside the viewport, no cell text cut, the next ticket on screen."""
    t, m = w.queue_panel.table, w.queue_panel.model
    if not t.isVisible():
        return []
    problems = []
    view = t.viewport().rect()
    if t.horizontalScrollBar().isVisible():
        problems.append("queue: a horizontal scroll bar is shown (columns sit behind it)")
    header = t.horizontalHeader()
    for c, name in enumerate(COLUMNS):
        x, width = header.sectionViewportPosition(c), header.sectionSize(c)
        if x < 0 or x + width > view.width() + 1 or width <= 0:
            problems.append(f"queue column {name}: x {x}..{x + width} outside the viewport 0..{view.width()}")
    for r in range(len(m.rows)):
        row = QRect(0, t.rowViewportPosition(r), view.width(), t.rowHeight(r))
        if not view.intersects(row):
            continue
        for c, name in enumerate(COLUMNS):
            index = m.index(r, c)
            text = str(m.data(index) or "")
            font = m.data(index, Qt.ItemDataRole.FontRole) or t.font()
            fm = QFontMetrics(font)
            lines = text.split("\n")
            wide = max(fm.horizontalAdvance(line) for line in lines)
            if wide > t.columnWidth(c) - 6 + CELL_SLACK:
                problems.append(f"queue {m.rows[r].display} {name} {text!r}: {wide} px in {t.columnWidth(c)}")
            tall = len(lines) * fm.lineSpacing()
            if tall > t.rowHeight(r) + CELL_SLACK:
                problems.append(
                    f"queue {m.rows[r].display} {name} {text!r}: {tall} px high in {t.rowHeight(r)}"
                )
    nxt = next((r for r, row in enumerate(m.rows) if row.next_up), None)
    if nxt is not None:
        rect = QRect(0, t.rowViewportPosition(nxt), view.width(), t.rowHeight(nxt))
        if not view.contains(rect):
            problems.append(f"queue: the next ticket {m.rows[nxt].display} is off the list's screen")
    return problems


def number_problems(w: CounterWindow) -> list[str]:
    """The called number stays the largest text on the console, readable across the counter."""
    if w.view is None or not w.ticket_panel.isVisible():
        return []
    number = w.ticket_panel.number
    px = number.font().pixelSize()
    others = [
        lab.font().pixelSize()
        for lab in w.findChildren(QLabel)
        if lab is not number and lab.isVisibleTo(w) and lab.text()
    ]
    out = []
    if px < NUMBER_MIN_PX:
        out.append(f"the ticket number is {px} px (< {NUMBER_MIN_PX})")
    if others and px <= max(others):
        out.append(f"the ticket number ({px} px) is not the largest text ({max(others)} px)")
    return out


def size_problems(w: CounterWindow) -> list[str]:
    """A real window never goes below its minimum size: one larger than the screen runs off its edge (the
    demo's counter 8 ran past the bottom of a full-HD screen)."""
    need, has = w.minimumSizeHint(), w.size()
    if need.width() > has.width() or need.height() > has.height():
        return [f"the window needs at least {need.width()}x{need.height()}, has {has.width()}x{has.height()}"]
    return []


def problems_of(w: CounterWindow, lang: str) -> list[str]:
    found = [p for p in layout_problems(w, lang) if QUEUE_SCROLL not in p]
    return found + table_problems(w) + number_problems(w) + size_problems(w)


@pytest.fixture
def console(qtbot, office_config: OfficeConfig) -> Iterator[Callable[[str], CounterWindow]]:
    """A console over the demo morning whose called visitor speaks ``lang``."""
    with ExitStack() as stack:

        def make(lang: str) -> CounterWindow:
            w = stack.enter_context(demo_window(office_config, lang))
            qtbot.addWidget(w)
            return w

        yield make


@pytest.mark.parametrize("lang", LANGS)
def test_the_busy_console_fits_for_every_visitor_language(console, lang: str) -> None:
    found: dict[str, list[str]] = {}
    for size in SIZES:  # a console started at that size (the other test resizes one console)
        w = console(lang)
        show(w, "called", size)
        assert w.view is not None and len(w.view.access) >= 2  # the state worth checking is on screen
        if problems := problems_of(w, "ja"):  # the console's own words are Japanese
            found[f"called {size[0]}x{size[1]}"] = problems
    assert found == {}


def test_every_screen_fits_every_size(console) -> None:
    w = console("ja")
    found: dict[str, list[str]] = {}
    for screen in SCREENS:
        for size in [*SIZES, PORTRAIT]:
            show(w, screen, size)
            if problems := problems_of(w, "ja"):
                found[f"{screen} {size[0]}x{size[1]}"] = problems
    assert found == {}


def test_the_priority_ticket_waiting_next_heads_the_queue(console) -> None:
    w = console("ja")
    show(w, "called", (1024, 768))
    first = w.queue_panel.model.rows[0]
    assert first.next_up and first.priority and "車いす" in first.access


@pytest.mark.parametrize(
    ("size", "flags"),
    [((1366, 768), len(ACCESS)), ((1024, 768), 5)],
    ids=["1366x768-every-flag", "1024x768-five-flags"],
)
def test_an_extreme_ticket_scrolls_its_details_but_never_cuts_the_banner(console, size, flags) -> None:
    """Many access flags (all eight on 1366×768; five on 1024×768, where eight need more than the panel's
    height) and a long request: the banner keeps its whole height; only the details below it (request,
    route) scroll, and everything else still fits."""
    w = console("ne")
    request = {
        "certificates": [{"code": c.code, "copies": 2} for c in w.config.certificates],
        "note": "転入届と同時に国民健康保険・国民年金・児童手当の手続きを希望。書類は窓口で確認してください。"
        * 2,
    }
    access = tuple(ACCESS)[:flags]
    t = w.engine.issue("MOVE", now=DEMO_NOW, access=access, request=request, lang="ne").ticket
    assert t is not None
    w.engine.call_number(4, t.display, now=DEMO_NOW)
    show(w, "idle", size)  # counter 4, now with that ticket called
    assert w.view is not None and len(w.view.access) == flags
    banner = w.ticket_panel.access
    assert banner.height() >= banner.heightForWidth(banner.width()) - 2
    details = w.ticket_panel.details
    assert details.verticalScrollBar().maximum() > 0  # the request scrolls instead of being cut
    assert details.focusPolicy() == Qt.FocusPolicy.StrongFocus  # and the keyboard can scroll it
    allowed = ("detailsArea/", "qt_scrollarea_viewport/details", QUEUE_SCROLL)  # scrolled details
    assert [p for p in problems_of(w, "ja") if not any(a in p for a in allowed)] == []


def test_scale_follows_the_screen() -> None:
    assert ui_scale(1920, 1080) == 1.0 and ui_scale(2560, 1440) == 1.0  # never enlarged
    assert ui_scale(1080, 1920) == 1.0
    assert 0.7 < ui_scale(1366, 768) < 0.72
    assert ui_scale(800, 480) == 0.6  # the floor: smaller screens scroll rather than shrink further
