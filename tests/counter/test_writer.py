"""The counter writes through the background writer: a write lock held by another process never freezes it."""

from __future__ import annotations

import multiprocessing as mp
import sqlite3
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer

from tests.counter.conftest import event_types


def _hold_write_lock(db_path: str, ready: Any, release: Any) -> None:
    """Another process (e.g. a busy kiosk or a backup) holding SQLite's write lock until told to let go."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    ready.set()
    release.wait(60)
    conn.execute("COMMIT")
    conn.close()


def test_gui_stays_responsive_while_another_process_holds_the_write_lock(
    qtbot: Any, console: Any, kiosk: Any, clock: Any, db_path: Path
) -> None:
    t = kiosk.issue("RES", now=clock()).ticket
    w = console(1)
    ctx = mp.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_write_lock, args=(str(db_path), ready, release))
    holder.start()
    try:
        assert ready.wait(30), "the lock holder did not start"
        qtbot.keyClick(w, Qt.Key.Key_F1)  # returns at once: the call waits for the lock on the writer thread
        ticks: list[int] = []
        timer = QTimer(w)
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start(10)
        qtbot.keyClick(w, Qt.Key.Key_F1)  # a double tap while the first is being saved: ignored
        qtbot.waitUntil(lambda: len(ticks) >= 20, timeout=5000)  # the event loop runs while the lock is held
        w.repaint()  # and the window paints
        assert holder.is_alive() and not release.is_set()  # the lock is still held right now
        assert w.message.property("kind") != "error", w.message.text()  # nothing failed: it is waiting
        assert w.view is None and w.writer.pending == 1
    finally:
        release.set()
        holder.join(30)
    qtbot.waitUntil(lambda: w.writer.pending == 0, timeout=15000)  # the action completes after the release
    assert w.view is not None and w.view.display == t.display
    assert event_types(kiosk, t.id).count("called") == 1  # the double tap did not call twice
