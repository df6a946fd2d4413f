"""来庁予約 at the kiosk: check-in by the booking number typed on the keypad or its QR scanned anywhere; on time
a ticket that ranks at the slot, late a normal ticket said kindly, too early a clear note."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from shared.booking import BookingDesk
from shared.booking_settings import BookingSettings
from shared.config import OfficeConfig
from shared.office import open_office
from tests.kiosk.conftest import RecordingPrinter, with_printer

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def cfg(office_config: OfficeConfig) -> OfficeConfig:
    base = with_printer(office_config, {"kind": "qt", "pdf_path": "unused.pdf"})
    return dataclasses.replace(
        base, booking=BookingSettings(enabled=True, services=("NHI",), shares={"NHI": 1.0})
    )


@pytest.fixture
def desk(db_path, cfg):
    e = open_office(db_path, cfg)
    yield BookingDesk(e)
    e.store.close()


def _book(desk, now, hour=10, minute=30):
    return desk.book(service="NHI", start=now.replace(hour=hour, minute=minute), now=now - timedelta(days=1))


def test_on_time_by_typing_the_number(qtbot, make_kiosk, cfg, desk, now, printer: RecordingPrinter) -> None:
    b = _book(desk, now)
    w = make_kiosk(config=cfg)
    qtbot.mouseClick(w.home.checkin, LEFT)
    assert "予約" in w.checkin.title.text()
    for key in b.number:
        qtbot.mouseClick(w.checkin.keypad.buttons[key], LEFT)
    qtbot.mouseClick(w.checkin.ok, LEFT)
    qtbot.waitUntil(lambda: w.current() == "ticket", timeout=5000)
    found = desk.find(b.number)
    assert found.state == "checked_in" and desk.store.leg_slot(desk.engine.store.open_leg(found.ticket_id).id)
    assert w.ticket.number.text().startswith("F")  # an ordinary NHI number: nothing on the display says 予約
    assert "10:30 からお呼びします" in w.ticket.status.text.text()
    qtbot.waitUntil(lambda: len(printer.images) == 1, timeout=5000)


def test_late_arrival_gets_a_normal_ticket_and_is_told_kindly(
    qtbot, make_kiosk, cfg, desk, now, clock
) -> None:
    b = _book(desk, now, hour=10, minute=30)
    clock.now = now.replace(hour=10, minute=41)
    w = make_kiosk(config=cfg)
    w.set_language("en")
    w.home.checkin_chosen.emit()
    w.controller.check_in(f"{b.number[:4]}-{b.number[4:]}")
    qtbot.waitUntil(lambda: w.current() == "ticket", timeout=5000)
    text = w.ticket.status.text.text()
    assert "after your booked time (10:30)" in text and "Thank you for waiting" in text
    assert w.ticket.status.property("level") != "alert"
    assert desk.find(b.number).state == "late"


def test_scanned_booking_qr_on_the_home_screen(qtbot, make_kiosk, cfg, desk, now) -> None:
    b = _book(desk, now)
    w = make_kiosk(config=cfg)
    w.activateWindow()
    target = QApplication.focusWidget() or w
    qtbot.keyClicks(target, f"{cfg.base_url}/b/{b.token}")  # a keyboard-wedge reader types the page's URL
    qtbot.keyClick(target, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.current() == "ticket", timeout=5000)
    assert desk.find(b.number).state == "checked_in"


def test_too_early_cancelled_and_unknown_are_said(qtbot, make_kiosk, cfg, desk, now) -> None:
    early = _book(desk, now, hour=15, minute=0)
    gone = _book(desk, now, hour=11, minute=0)
    desk.cancel(gone.token, now=now)
    w = make_kiosk(config=cfg)
    w.home.checkin_chosen.emit()
    w.controller.check_in(early.number)
    qtbot.waitUntil(lambda: "14:30" in w.checkin.result.text.text(), timeout=5000)
    assert "からです" in w.checkin.result.text.text() and w.checkin.result.property("level") == "note"
    w.controller.check_in(gone.number)
    qtbot.waitUntil(lambda: "取り消されて" in w.checkin.result.text.text(), timeout=5000)
    w.controller.check_in("1234-0000")
    qtbot.waitUntil(lambda: "見つかりません" in w.checkin.result.text.text(), timeout=5000)
    assert w.current() == "checkin" and desk.find(early.number).state == "booked"
