"""The kiosk on a PostgreSQL office database: a tap issues, shows and prints; a server that cut every
connection is reconnected to by itself; a COMMIT that never reached the server is neither shown nor printed,
and the kiosk's retry (same token) takes that number again (tests/pg/proxy.py cuts the real socket)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from shared.engine import QueueEngine
from tests.kiosk.conftest import RecordingPrinter
from tests.pg.proxy import CommitCutter

pytestmark = pytest.mark.backends("postgresql")
LEFT = Qt.MouseButton.LeftButton


def _tickets(engine: QueueEngine, now: Any) -> list[str]:
    return [t.display for t in engine.store.tickets_of_day(engine.day(now))]


def test_a_tap_issues_shows_and_prints_on_postgresql(
    qtbot, make_kiosk, engine, now, printer: RecordingPrinter, tmp_path: Path, backend: str, db_path: str
) -> None:
    w = make_kiosk()
    qtbot.mouseClick(w.home.buttons["NHI"], LEFT)
    qtbot.waitUntil(lambda: w.current() == "ticket", timeout=10000)
    assert _tickets(engine, now) == ["F001"] and w.ticket.number.text() == "F001"
    qtbot.waitUntil(lambda: len(printer.images) == 1, timeout=5000)
    shot = tmp_path / "kiosk-ticket-pg.png"
    assert w.grab().save(str(shot)) and shot.stat().st_size > 10_000


def test_the_kiosk_reconnects_after_the_server_cut_its_connections(
    qtbot, make_kiosk, engine, now, pg_cluster: Any, backend: str, db_path: str
) -> None:
    w = make_kiosk()
    assert pg_cluster.terminate(db_path.rsplit("/", 1)[1]) >= 1  # the server ends every session
    qtbot.mouseClick(w.home.buttons["NHI"], LEFT)
    qtbot.waitUntil(lambda: w.current() == "ticket", timeout=15000)
    assert w.ticket.number.text() == "F001" and _tickets(engine, now) == ["F001"]


def test_a_commit_that_never_arrived_is_not_shown_or_printed_and_the_retry_takes_the_number(
    qtbot, make_kiosk, engine, now, printer: RecordingPrinter, pg_cluster: Any, backend: str, db_path: str
) -> None:
    cutter = CommitCutter(pg_cluster.port)
    try:
        host, rest = db_path.rsplit("@", 1)
        w = make_kiosk(path=f"{host}@127.0.0.1:{cutter.port}/{rest.split('/', 1)[1]}")
        cutter.arm("before")
        qtbot.mouseClick(w.home.buttons["NHI"], LEFT)
        qtbot.waitUntil(lambda: cutter.cuts == 1, timeout=10000)
        # the first attempt failed before COMMIT: nothing on screen, nothing printed; the kiosk retries itself
        qtbot.waitUntil(lambda: w.current() == "ticket", timeout=15000)
        assert _tickets(engine, now) == ["F001"] and w.ticket.number.text() == "F001"
        qtbot.waitUntil(lambda: len(printer.images) == 1, timeout=5000)
        assert len(printer.images) == 1
    finally:
        cutter.close()
