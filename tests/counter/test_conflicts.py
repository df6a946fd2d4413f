"""Two consoles on one DB: real processes calling at once never share a ticket; a console that lost a race
shows a one-line conflict message and a fresh screen."""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.conftest import NOW
from tests.counter.conftest import press, settle

N_TICKETS = 40


def _console_process(db_path: str, counter: int, barrier: Any, results: Any) -> None:
    """A console app in its own process: press F1, then F7, until nobody waits. Reports the numbers it showed."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import time

    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from counter.window import CounterWindow
    from shared.config import load_config
    from shared.office import open_office

    app = QApplication([])
    engine = open_office(db_path, load_config())
    w = CounterWindow(engine, db_path=None, clock=lambda: NOW + timedelta(minutes=30))
    w.resize(1280, 800)
    w.show()
    w.activateWindow()
    deadline = time.monotonic() + 10
    while QApplication.activeWindow() is not w and time.monotonic() < deadline:
        app.processEvents()
    w.start(counter)
    seen: list[str] = []
    barrier.wait()

    def settle() -> None:  # the console's writer delivers on the GUI thread
        while w.writer.pending:
            app.processEvents()
            time.sleep(0.001)

    for _ in range(N_TICKETS + 5):
        QTest.keyClick(w, Qt.Key.Key_F1)
        settle()
        if w.view is None:
            if "お待ちの方はいません" in w.message.text():
                break
            continue  # e.g. the DB was busy: the console said so; press again
        seen.append(w.view.display)
        QTest.keyClick(w, Qt.Key.Key_F7)
        settle()
    results.put((counter, seen))
    w.close()
    engine.store.close()


def test_two_console_processes_never_share_a_ticket(db_path: Path, office, clock):
    e = office()
    for n in (1, 2):
        e.open_counter(n, now=clock(), services=("RES", "TAX"))
    issued = [
        e.issue("RES" if i % 2 else "TAX", now=clock() + timedelta(seconds=i)).ticket.display
        for i in range(N_TICKETS)
    ]
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    procs = [ctx.Process(target=_console_process, args=(str(db_path), n, barrier, results)) for n in (1, 2)]
    for p in procs:
        p.start()
    got = dict(results.get(timeout=60) for _ in procs)
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    one, two = set(got[1]), set(got[2])
    assert not one & two, f"shared tickets: {one & two}"
    assert sorted(got[1] + got[2]) == sorted(issued)  # every ticket served exactly once
    assert got[1] and got[2]  # both really took part
    calls = Counter(c.leg_id for c in e.store.calls_since(0) if c.kind == "call")
    assert len(calls) == N_TICKETS and set(calls.values()) == {1}


def test_number_taken_by_another_counter_shows_a_conflict_line(qtbot, console, kiosk, clock):
    t = kiosk.issue("RES", now=clock()).ticket
    kiosk.issue("RES", now=clock() + timedelta(minutes=1))
    w1 = console(1)
    w1.watcher.stop()  # the clerk acts before the next poll: w1's list still shows the ticket
    assert w1.queue_panel.select(t.display)
    w2 = console(2, services=("RES",))
    press(qtbot, w2, "call", "key")
    assert w2.view.display == t.display
    qtbot.mouseClick(w1.queue_panel.call_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w1)
    assert w1.message.property("kind") == "error"
    assert w1.message.text() == f"⚠ {t.display} は 2番窓口が先に呼び出しました（画面を更新しました）"
    assert w1.view is None  # nothing was taken
    assert w1.queue_panel.model.row_of(t.display) is None  # and the list is fresh
    assert w1.engine.store.open_leg(t.id).counter == 2


def test_ticket_cancelled_elsewhere_leaves_no_stale_screen(qtbot, console, kiosk, clock):
    t = kiosk.issue("RES", now=clock()).ticket
    w = console(1)
    w.watcher.stop()
    press(qtbot, w, "call", "key")
    kiosk.cancel(t.display, now=clock(), actor="floor")  # the visitor left; staff cancelled at the desk
    assert w.ticket_panel.number.text() == t.display  # stale until the next action or poll
    press(qtbot, w, "finish", "key")
    assert w.message.property("kind") == "error" and "呼出中の番号はありません" in w.message.text()
    assert w.view is None and w.ticket_panel.service.text() == "お呼び出し中の番号はありません"


def test_watcher_brings_other_processes_changes(qtbot, console, kiosk, clock):
    w = console(1)
    assert w.queue_panel.model.rowCount() == 0
    t = kiosk.issue("TAX", now=clock()).ticket
    qtbot.waitUntil(lambda: w.queue_panel.model.row_of(t.display) is not None, timeout=3000)
    kiosk.raise_alert("kiosk-1", "paper_out", "用紙切れです", now=clock())
    qtbot.waitUntil(lambda: "用紙切れです" in w.status.alerts.text(), timeout=3000)
    assert w.status.alerts.isVisible() and w.status.alerts.property("active") == "true"
    kiosk.resolve_alerts(now=clock(), source="kiosk-1")
    qtbot.waitUntil(lambda: not w.status.alerts.isVisible(), timeout=3000)
