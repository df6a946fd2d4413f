"""Staff mode behind the PIN, and web-ticket check-in by typing or by a barcode reader."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.screens.staff import MAX_TRIES
from shared.engine import QueueEngine
from tests.kiosk.conftest import RecordingPrinter

LEFT = Qt.MouseButton.LeftButton


def _enter_pin(qtbot, w, pin: str) -> None:
    for digit in pin:
        qtbot.mouseClick(w.staff.pin_pad.buttons[digit], LEFT)
    qtbot.mouseClick(w.staff.pin_ok, LEFT)


def test_staff_mode_needs_the_pin(qtbot, make_kiosk) -> None:
    w = make_kiosk()
    qtbot.mouseClick(w.home.staff, LEFT)
    assert w.current() == "staff" and not w.staff.unlocked_now
    _enter_pin(qtbot, w, "1111")
    assert not w.staff.unlocked_now and "違います" in w.staff.pin_msg.text.text()
    _enter_pin(qtbot, w, w.config.kiosk.staff_pin)
    assert w.staff.unlocked_now
    assert "kiosk-1" in w.staff.info.text()


def test_five_wrong_pins_lock_the_pad(qtbot, make_kiosk) -> None:
    w = make_kiosk()
    w.home.staff_chosen.emit()
    for _ in range(MAX_TRIES):
        _enter_pin(qtbot, w, "9999")
    assert not w.staff.pin_ok.isEnabled()
    _enter_pin(qtbot, w, w.config.kiosk.staff_pin)  # even the right PIN waits for the lock
    assert not w.staff.unlocked_now


def _unlock(qtbot, w) -> None:
    w.home.staff_chosen.emit()
    _enter_pin(qtbot, w, w.config.kiosk.staff_pin)
    assert w.staff.unlocked_now


def test_cancel_a_ticket_by_number(qtbot, make_kiosk, engine: QueueEngine, now: datetime) -> None:
    engine.issue("RES", now=now)
    w = make_kiosk()
    _unlock(qtbot, w)
    for key in "A1":
        qtbot.mouseClick(w.staff.cancel_pad.buttons[key], LEFT)
    qtbot.mouseClick(w.staff.cancel_button, LEFT)
    qtbot.waitUntil(lambda: "取り消しました" in w.staff.result.text.text(), timeout=5000)
    t = engine.find("A001", now=now)
    assert (t.state, t.outcome) == ("closed", "cancelled")
    events = engine.store.events(ticket_id=t.id, types=["cancelled"])
    assert events[0]["actor"] == "kiosk-1-staff"
    w.staff.cancel_field.setText("A009")
    w.staff.cancel.emit("A009")
    qtbot.waitUntil(lambda: "取り消せませんでした" in w.staff.result.text.text(), timeout=5000)
    assert w.staff.result.property("level") == "alert"


def test_pause_and_resume_issuing(qtbot, make_kiosk, engine: QueueEngine, now: datetime) -> None:
    w = make_kiosk()
    _unlock(qtbot, w)
    qtbot.mouseClick(w.staff.all_button, LEFT)
    qtbot.waitUntil(lambda: engine.store.issuing_states().get("all", ("open",))[0] == "paused", timeout=5000)
    qtbot.waitUntil(lambda: not w.home.buttons["NHI"].isEnabled(), timeout=5000)
    assert "停止中" in w.staff.all_button.text()
    assert engine.issuing_reason("NHI", now) == "paused"
    qtbot.mouseClick(w.staff.service_buttons["MYNA"], LEFT)
    qtbot.waitUntil(lambda: engine.store.issuing_states().get("MYNA", ("open",))[0] == "paused", timeout=5000)
    qtbot.mouseClick(w.staff.all_button, LEFT)
    qtbot.waitUntil(lambda: w.home.buttons["NHI"].isEnabled(), timeout=5000)
    assert not w.home.buttons["MYNA"].isEnabled()  # still paused on its own
    qtbot.mouseClick(w.staff.exit_button, LEFT)
    assert w.current() == "home"


def test_reprint_last_ticket_and_test_page(qtbot, make_kiosk, printer: RecordingPrinter) -> None:
    w = make_kiosk()
    _unlock(qtbot, w)
    qtbot.mouseClick(w.staff.reprint_button, LEFT)
    assert "まだありません" in w.staff.result.text.text()
    w.go_home()
    w.controller.issue_service("CHILD")
    qtbot.waitUntil(lambda: len(printer.images) == 1, timeout=5000)
    _unlock(qtbot, w)
    qtbot.mouseClick(w.staff.reprint_button, LEFT)
    qtbot.waitUntil(lambda: len(printer.images) == 2, timeout=5000)
    assert printer.images[0].size == printer.images[1].size
    qtbot.mouseClick(w.staff.test_button, LEFT)
    qtbot.waitUntil(lambda: printer.tests == 1, timeout=5000)
    qtbot.waitUntil(lambda: "テスト印刷を送りました" in w.staff.result.text.text(), timeout=5000)


def test_idle_leaves_staff_mode(qtbot, make_kiosk) -> None:
    w = make_kiosk(idle_ms=200)
    _unlock(qtbot, w)
    qtbot.waitUntil(lambda: w.current() == "home", timeout=3000)
    assert not w.staff.unlocked_now


def _web_ticket(engine: QueueEngine, now: datetime):
    t = engine.issue("MYNA", now=now, channel="web").ticket
    assert t is not None and not t.checked_in and t.display.startswith("W")
    return t


def test_check_in_by_typing_the_number(
    qtbot, make_kiosk, engine: QueueEngine, now: datetime, printer: RecordingPrinter
) -> None:
    t = _web_ticket(engine, now)
    w = make_kiosk()
    qtbot.mouseClick(w.home.checkin, LEFT)
    assert w.current() == "checkin"
    for key in "W1":
        qtbot.mouseClick(w.checkin.keypad.buttons[key], LEFT)
    qtbot.mouseClick(w.checkin.ok, LEFT)
    qtbot.waitUntil(lambda: w.current() == "ticket", timeout=5000)
    assert engine.find(t.display, now=now).checked_in
    assert w.ticket.number.text() == t.display
    assert w.ticket.url.text() == engine.config.status_url(t.token)
    qtbot.waitUntil(lambda: len(printer.images) == 1, timeout=5000)  # the paper ticket, as at 港北区
    w.go_home()
    w.controller.check_in("W001")  # a second time: said, not printed again
    assert w.current() == "checkin" and "受付済み" in w.checkin.result.text.text()


def test_check_in_by_scanning_the_qr_anywhere(qtbot, make_kiosk, engine: QueueEngine, now: datetime) -> None:
    t = _web_ticket(engine, now)
    w = make_kiosk()
    w.activateWindow()
    target = QApplication.focusWidget() or w
    qtbot.keyClicks(target, engine.config.status_url(t.token))  # a keyboard-wedge reader types the URL
    qtbot.keyClick(target, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.current() == "ticket", timeout=5000)
    assert engine.find(t.display, now=now).checked_in


def test_check_in_messages(qtbot, make_kiosk, engine: QueueEngine, now: datetime) -> None:
    engine.issue("RES", now=now)
    w = make_kiosk()
    w.home.checkin_chosen.emit()
    w.controller.check_in("A001")
    assert "必要はありません" in w.checkin.result.text.text()
    w.controller.check_in("W050")
    assert "見つかりませんでした" in w.checkin.result.text.text()
    w.controller.check_in("hello")
    assert w.checkin.result.property("level") == "alert"
    w.controller.check_in("http://127.0.0.1:8080/t/AAAAAAAAAAAAAAAAAAAAAAAA")
    qtbot.waitUntil(lambda: "使えません" in w.checkin.result.text.text(), timeout=5000)
    assert w.current() == "checkin"
