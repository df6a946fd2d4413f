"""A locked or missing database and real printers that fail: friendly words, retries, nothing lost, no crash."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from shared.config import OfficeConfig
from shared.engine import QueueEngine
from tests.kiosk.conftest import with_printer
from tests.kiosk.fake_printer import FakeNetworkPrinter, closed_port
from tests.kiosk.helpers import decode_qr, parse_escpos_raster


def test_locked_database_shows_a_message_and_the_ticket_follows(
    qtbot, make_kiosk, engine: QueueEngine, now: datetime, db_path: Path
) -> None:
    w = make_kiosk()
    w.controller._busy1.setInterval(50)
    w.controller._busy2.setInterval(200)
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another process holds the write lock (a long report, a stuck job)
    QTimer.singleShot(600, lambda: blocker.execute("COMMIT"))
    w.controller.issue_service("NHI")
    qtbot.waitUntil(lambda: "混み合って" in w.busy.text.text() and w.busy.isVisible(), timeout=3000)
    assert w.current() == "home"
    w.controller.issue_service("NHI")  # impatient taps while waiting do not queue a second ticket
    qtbot.waitUntil(lambda: w.current() == "ticket", timeout=15000)
    assert not w.busy.isVisible()
    blocker.close()
    assert [t.display for t in engine.store.tickets_of_day(engine.day(now))] == ["F001"]


def test_unreachable_database_at_start_then_recovered(
    qtbot, make_kiosk, tmp_path: Path, now: datetime
) -> None:
    blocker = tmp_path / "share"
    blocker.write_text("the network share is not mounted")  # a file where the DB folder should be
    w = make_kiosk(path=blocker / "office.db", retry_ms=150)
    assert w.current() == "unavailable"
    assert w.unavailable.title.text() == "申し訳ありません。ただいま発券できません"
    assert "database unavailable" in w.unavailable.detail.text()
    w.controller.issue_service("NHI")  # a tap now must not crash
    blocker.unlink()
    qtbot.waitUntil(lambda: w.current() == "home", timeout=5000)
    assert w.home.buttons["NHI"].isEnabled()
    w.controller.issue_service("NHI")
    qtbot.waitUntil(lambda: w.current() == "ticket", timeout=5000)


def test_database_lost_while_issuing(
    qtbot, make_kiosk, db_path: Path, engine: QueueEngine, now: datetime
) -> None:
    w = make_kiosk()
    w.controller.retry_ms = 50
    for suffix in ("", "-wal", "-shm"):  # the screen keeps its open handle; a new connection finds no DB
        if Path(f"{db_path}{suffix}").exists():
            os.remove(f"{db_path}{suffix}")
    os.mkdir(db_path)
    w.controller.issue_service("NHI")
    qtbot.waitUntil(lambda: w.flash_banner.isVisible(), timeout=10000)
    assert "発券できませんでした" in w.flash_banner.text.text()
    assert w.current() == "home" and not w.controller.inflight
    assert engine.store.tickets_of_day(engine.day(now)) == []


@pytest.fixture
def file_printer_config(office_config: OfficeConfig, tmp_path: Path) -> tuple[OfficeConfig, Path]:
    out = tmp_path / "printer" / "lp0"
    return with_printer(office_config, {"kind": "file", "path": str(out), "profile": "TM-T20II"}), out


def test_file_printer_escpos_bytes_decode_to_the_status_url(
    qtbot, make_kiosk, engine: QueueEngine, now: datetime, file_printer_config, tmp_path: Path
) -> None:
    cfg, out = file_printer_config
    out.parent.mkdir()
    w = make_kiosk(config=cfg, printer_make=None)  # the real printing layer: ESC/POS into a device file
    w.set_language("en")
    w.controller.issue_service("PENSION")
    qtbot.waitUntil(lambda: w.ticket.print_state == "printed", timeout=10000)
    t = engine.store.tickets_of_day(engine.day(now))[0]
    page, headers = parse_escpos_raster(out.read_bytes())
    assert {x for x, _ in headers} == {72}  # 576 dots: the TM-T20II profile's width
    assert decode_qr(page, tmp_path) == [engine.config.status_url(t.token)]


def test_missing_printer_device_alerts_then_recovers(
    qtbot, make_kiosk, engine: QueueEngine, now: datetime, file_printer_config
) -> None:
    cfg, out = file_printer_config  # the device node does not exist yet (printer unplugged)
    w = make_kiosk(config=cfg, printer_make=None, guard_s=0)
    w.controller.issue_service("RES")
    qtbot.waitUntil(lambda: w.ticket.print_state == "failed", timeout=10000)
    assert w.ticket.number.text() == "A001" and engine.find("A001", now=now).state == "open"
    qtbot.waitUntil(lambda: len(engine.alerts()) == 1, timeout=5000)
    assert engine.alerts()[0].source == "kiosk-1"
    out.parent.mkdir()  # plugged in again
    w.go_home()
    w.controller.issue_service("RES")
    qtbot.waitUntil(lambda: w.ticket.print_state == "printed", timeout=10000)
    qtbot.waitUntil(lambda: engine.alerts() == [], timeout=5000)
    assert out.stat().st_size > 10_000


def test_network_printer_offline_and_online(
    qtbot, make_kiosk, engine: QueueEngine, office_config: OfficeConfig, now: datetime
) -> None:
    cfg = with_printer(
        office_config, {"kind": "network", "host": "127.0.0.1", "port": closed_port(), "timeout": 1}
    )
    w = make_kiosk(config=cfg, printer_make=None)
    w.controller.issue_service("MYNA")
    qtbot.waitUntil(lambda: w.ticket.print_state == "failed", timeout=10000)
    assert w.ticket.print_kind == "offline"
    assert "印刷できませんでした" in w.ticket.status.text.text()
    qtbot.waitUntil(lambda: [a.kind for a in engine.alerts()] == ["offline"], timeout=5000)
    assert "接続できません" in engine.alerts()[0].message


def test_network_printer_receives_the_job(
    qtbot, make_kiosk, engine: QueueEngine, office_config: OfficeConfig, now: datetime, tmp_path: Path
) -> None:
    server = FakeNetworkPrinter({1: 0x12, 2: 0x12, 4: 0x12})
    try:
        cfg = with_printer(office_config, {"kind": "network", "host": "127.0.0.1", "port": server.port})
        w = make_kiosk(config=cfg, printer_make=None)
        w.controller.issue_service("KOSEKI")
        qtbot.waitUntil(lambda: w.ticket.print_state == "printed", timeout=10000)
        assert server.done.wait(5)
        t = engine.store.tickets_of_day(engine.day(now))[0]
        page, _ = parse_escpos_raster(server.jobs[0])
        assert decode_qr(page, tmp_path) == [engine.config.status_url(t.token)]
    finally:
        server.close()


def test_bad_printer_settings_do_not_stop_the_kiosk(
    qtbot, make_kiosk, engine: QueueEngine, office_config: OfficeConfig
) -> None:
    cfg = with_printer(office_config, {"kind": "network", "port": 9100})  # no host
    w = make_kiosk(config=cfg, printer_make=None)
    w.controller.issue_service("NHI")
    qtbot.waitUntil(lambda: w.ticket.print_state == "failed", timeout=5000)
    qtbot.waitUntil(lambda: len(engine.alerts()) == 1, timeout=5000)
    assert "設定" in engine.alerts()[0].message and "kiosk.printer.host" in engine.alerts()[0].message
