"""Restart recovery: the console comes back from the DB with its counter state and current ticket."""

from __future__ import annotations

from counter.signin import SignInPage
from tests.counter.conftest import event_types, press, settle


def test_restart_mid_service_comes_back_with_the_ticket(qtbot, console, kiosk, clock):
    t = kiosk.issue("RES", now=clock(), access=("hearing",)).ticket
    w = console(1, clerk="佐藤")
    press(qtbot, w, "call", "key")
    press(qtbot, w, "recall", "key")
    press(qtbot, w, "start", "key")
    w.close()  # the PC restarts: the window and its connection are gone
    w.engine.store.close()
    clock.advance(3)
    again = console(1, open_counter=False)  # `madoguchi counter --counter 1`
    assert again.stack.currentWidget() is again.console  # no sign-in needed
    assert again.ticket_panel.number.text() == t.display
    assert again.ticket_panel.state.text() == "対応中"
    assert again.ticket_panel.recalls.text() == "再呼出 1回"
    assert "聴覚: お席までお迎えに行ってください" in again.ticket_panel.access.text()
    assert "担当: 佐藤" in again.header.counter.text()
    assert "引き継ぎました" in again.message.text()
    press(qtbot, again, "finish", "key")
    assert event_types(again.engine, t.id) == ["issued", "called", "recalled", "started", "finished"]


def test_restart_of_a_paused_counter_stays_paused(qtbot, console, kiosk, clock):
    w = console(3)
    w.engine.pause_counter(3, "休憩", now=clock())
    w.close()
    again = console(3, open_counter=False)
    assert again.stack.currentWidget() is again.console
    assert again.header.state.text() == "休止中（休憩）"


def test_a_closed_counter_starts_at_sign_in(qtbot, console):
    w = console(5, open_counter=False)
    assert isinstance(w.stack.currentWidget(), SignInPage)
    assert w.signin.counter.currentData() == 5


def test_sign_in_offers_to_take_over_an_open_counter(qtbot, console, kiosk, clock, office):
    t = kiosk.issue("RES", now=clock()).ticket
    other = office()
    other.open_counter(1, now=clock(), clerk="鈴木")
    other.call_next(1, now=clock())
    w = console(2, open_counter=False)
    i = w.signin.counter.findData(1)
    assert f"{t.display} 対応中" in w.signin.counter.itemText(i)
    w.signin.counter.setCurrentIndex(i)
    assert "引き継ぎます" in w.signin.counter_note.text() and "鈴木" in w.signin.counter_note.text()
    w.signin.submit()
    settle(qtbot, w)
    assert w.number == 1 and w.view is not None and w.view.display == t.display


def test_live_updates_on_sign_in_keep_the_clerks_choices(qtbot, console, office, clock):
    w = console(2, open_counter=False)
    w.signin.picker.set_selected(("NHI", "CHILD"))
    w.signin.clerk.insert("田中")
    office().open_counter(1, now=clock(), clerk="鈴木")  # another PC opens counter 1
    i = w.signin.counter.findData(1)
    qtbot.waitUntil(lambda: "受付中" in w.signin.counter.itemText(i), timeout=3000)
    assert w.signin.picker.selected() == ("NHI", "CHILD")
    assert w.signin.clerk.text() == "田中" and w.signin.counter.currentData() == 2


def test_counter_closed_from_another_terminal_returns_to_sign_in(qtbot, console, office, clock):
    w = console(6)
    office().close_counter(6, now=clock())  # `madoguchi counter close 6`
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.signin, timeout=3000)
    assert w.signin.error.isVisible() and "閉局しています" in w.signin.error.text()
    assert w.signin.counter.currentData() == 6
    w.on_action("call")  # F-keys do nothing on the sign-in page
    assert w.number is None
