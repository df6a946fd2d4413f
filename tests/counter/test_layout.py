"""Nothing on the console is clipped on the screens clerks really have: 1366×768 and 1024×768 office PCs as
well as full HD, in landscape and portrait. A clipped ticket number or access banner is a wrong answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from counter.demo import DEMO_NOW, build_demo
from counter.style import ui_scale
from counter.window import CounterWindow
from shared.config import OfficeConfig
from shared.office import open_office

SIZES = [(1920, 1080), (1366, 768), (1280, 1024), (1024, 768), (1080, 1920)]


def _clipped(w: QWidget) -> str | None:
    if isinstance(w, QLabel) and w.wordWrap():
        need = w.heightForWidth(w.width())  # every wrapped line, with its leading
    elif isinstance(w, QLabel) and "\n" not in w.text():
        need = QFontMetrics(w.font()).tightBoundingRect(w.text()).height()  # the ink of one line
    else:
        need = w.minimumSizeHint().height()
    if need > 0 and w.height() < need - 2:
        return f"{w.objectName() or type(w).__name__} {w.text()[:30]!r}: {w.height()} px < {need} px"
    return None


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_busy_demo_state_fits(qtbot, tmp_path: Path, office_config: OfficeConfig, size) -> None:
    engine = open_office(tmp_path / "demo.db", office_config)
    build_demo(engine)  # a called ticket with a two-line access banner, a request, a long queue
    w = CounterWindow(engine, db_path=None, clock=lambda: DEMO_NOW)
    qtbot.addWidget(w)
    w.start(1, "佐藤")
    w.setFixedSize(*size)
    w.show()
    for _ in range(5):
        QApplication.processEvents()
    assert w.view is not None and w.view.access  # the state worth checking is on screen
    shown = [
        x
        for x in (*w.ticket_panel.findChildren(QLabel), *w.action_bar.findChildren(QPushButton))
        if x.isVisible() and x.text()
    ]
    assert len(shown) > 15
    problems = [p for p in map(_clipped, shown) if p]
    assert not problems, problems
    # the called number stays the largest thing on the console, readable across the counter
    number = w.ticket_panel.findChild(QLabel, "number")
    assert number is not None and number.font().pixelSize() >= 100
    engine.store.close()


def test_scale_follows_the_screen() -> None:
    assert ui_scale(1920, 1080) == 1.0 and ui_scale(2560, 1440) == 1.0  # never enlarged
    assert ui_scale(1080, 1920) == 1.0
    assert 0.7 < ui_scale(1366, 768) < 0.72
    assert ui_scale(800, 480) == 0.6  # the floor: smaller screens scroll rather than shrink further
