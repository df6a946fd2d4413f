"""The what-if tab on the busy demo morning fits the screen: the forecast table never scrolls sideways and shows
every row (all services, each plan's three columns) without scrolling, above the message, at 1366×768 (the
compact console) and at 1920×1080; at 1024×768 it still does not scroll sideways."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from shared.office import open_office
from supervisor.demo import build_demo
from supervisor.window import SupervisorWindow
from tests.layout import layout_problems

pytestmark = pytest.mark.qt


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, datetime]]:
    """The demo morning built once for the module (each test works on its own copy)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    e = open_office(path, None)
    fixed = build_demo(e)
    e.store.close()
    yield path, fixed


@pytest.mark.parametrize(("size", "whole"), [((1366, 768), True), ((1920, 1080), True), ((1024, 768), False)])
def test_the_forecast_table_fits_without_scrolling(qtbot: Any, demo_db, tmp_path: Path, size, whole) -> None:
    """``whole``: every text whole and nothing cut anywhere on the tab; smaller (1024 px), the table still never
    scrolls sideways: the service column gives way, then every column (the whole text in each cell's tooltip)."""
    src, fixed = demo_db
    path = tmp_path / "demo.db"
    shutil.copyfile(src, path)
    e = open_office(path, None)
    try:
        w = SupervisorWindow(e, db_path=None, clock=lambda: fixed, watch=False, compact=size[0] < 1600)
        qtbot.addWidget(w)
        w.enter("demo")
        p = w.whatif
        p.workers, p.fast_reps = 0, 20  # one engine seed in this thread: the table's texts, quickly
        p.reps.setValue(1)
        p.common.setText("pause 1 @11:30-12:15; pause 2 @12:15-13:00")
        p.plans[1].setText("+2 MOVE @now")
        p.plans[2].setText("serve 3 MOVE @11:30; close 5 @12:00")
        w.tabs.setCurrentIndex(3)
        w.setFixedSize(*size)
        w.show()
        qtbot.waitExposed(w)
        p.run()
        qtbot.waitUntil(lambda: not p.busy, timeout=30_000)
        for _ in range(3):
            QApplication.processEvents()
        t = p.table
        assert t.rowCount() >= 12 and t.columnCount() == 10, (t.rowCount(), t.columnCount())
        widths = sum(t.columnWidth(c) for c in range(t.columnCount()))
        assert widths <= t.viewport().width(), (widths, t.viewport().width())
        assert not t.horizontalScrollBar().isVisible() and t.horizontalScrollBar().maximum() == 0
        if not whole:
            assert t.columnWidth(0) < t.sizeHintForColumn(0)  # the service column gave way
            assert t.item(3, 0).toolTip() == t.item(3, 0).text()
            w.close()
            return
        # every row in view, none cut short: no vertical scrolling either, and the message is below the table
        assert not t.verticalScrollBar().isVisible() and t.verticalScrollBar().maximum() == 0
        rows = sum(t.rowHeight(r) for r in range(t.rowCount()))
        assert rows <= t.viewport().height(), (rows, t.viewport().height())
        bottom = t.mapTo(p, t.rect().bottomLeft()).y()
        assert bottom < p.message.mapTo(p, p.message.rect().topLeft()).y()
        assert p.message.mapTo(w, p.message.rect().bottomLeft()).y() <= size[1]
        # every cell's whole text fits its column (nothing elided on the demo morning)
        fm = t.fontMetrics()
        for c in range(t.columnCount()):
            longest = max(fm.horizontalAdvance(t.item(r, c).text()) for r in range(t.rowCount()))
            assert longest <= t.columnWidth(c), (c, t.columnWidth(c), longest)
        assert (
            layout_problems(p, "ja") == []
        )  # nothing cut, overlapping or broken mid-phrase (tests/layout.py)
        w.close()
    finally:
        e.store.close()
