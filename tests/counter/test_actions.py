"""Every clerk action through its button and through its F-key, checked in the DB and in the event log."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter.dialogs import CallNumberDialog, ConfirmDialog, PauseDialog, TransferDialog
from counter.signin import SignInPage
from tests.counter.conftest import event_types, press, settle

VIA = ("button", "key")


@pytest.mark.parametrize("via", VIA)
def test_call_recall_start_finish(qtbot, console, kiosk, clock, via):
    t = kiosk.issue("RES", now=clock(), request={"certificates": [{"code": "juminhyo", "copies": 2}]}).ticket
    w = console(1)
    clock.advance(7)
    press(qtbot, w, "call", via)
    leg = w.engine.store.open_leg(t.id)
    assert (leg.state, leg.counter) == ("called", 1)
    assert w.ticket_panel.number.text() == t.display
    assert "住民票の写し × 2通" in w.ticket_panel.request.text()
    assert w.ticket_panel.fields["waited"].text() == "7分"
    press(qtbot, w, "recall", via)
    assert w.engine.store.open_leg(t.id).recalls == 1
    assert w.ticket_panel.recalls.text() == "再呼出 1回"
    assert [c.kind for c in w.engine.recent_calls(5)] == ["recall", "call"]
    clock.advance(1)
    press(qtbot, w, "start", via)
    assert w.engine.store.open_leg(t.id).state == "serving"
    assert w.ticket_panel.state.text() == "対応中"
    clock.advance(4)
    press(qtbot, w, "finish", via)
    done = w.engine.store.ticket(t.id)
    assert (done.state, done.outcome) == ("closed", "served")
    assert w.view is None and w.ticket_panel.service.text() == "お呼び出し中の番号はありません"
    assert event_types(w.engine, t.id) == ["issued", "called", "recalled", "started", "finished"]


@pytest.mark.parametrize("via", VIA)
def test_no_show_needs_a_recall_first(qtbot, console, kiosk, clock, via):
    t = kiosk.issue("RES", now=clock()).ticket
    w = console(1)
    press(qtbot, w, "call", via)
    press(qtbot, w, "no_show", via)
    assert w.engine.store.open_leg(t.id).state == "called"  # refused: recall first
    assert w.message.property("kind") == "error" and "再呼出" in w.message.text()
    assert "Traceback" not in w.message.text() and " / " not in w.message.text()
    press(qtbot, w, "recall", via)
    press(qtbot, w, "no_show", via)
    closed = w.engine.store.ticket(t.id)
    assert (closed.state, closed.outcome) == ("closed", "no_show")
    assert event_types(w.engine, t.id)[-1] == "no_show"
    assert w.view is None


@pytest.mark.parametrize("via", VIA)
def test_hold_then_return_to_queue(qtbot, console, kiosk, clock, via):
    t = kiosk.issue("RES", now=clock()).ticket
    kiosk.issue("RES", now=clock().replace(minute=5))
    w = console(1)
    press(qtbot, w, "call", via)
    press(qtbot, w, "hold", via)
    assert w.engine.store.open_leg(t.id).state == "held"
    assert w.view is None
    row = w.queue_panel.model.rows[w.queue_panel.model.row_of(t.display)]
    assert row.state == "held"
    assert w.queue_panel.select(t.display)
    assert w.queue_panel.return_button.isEnabled()
    qtbot.mouseClick(w.queue_panel.return_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    leg = w.engine.store.open_leg(t.id)
    assert leg.state == "waiting" and leg.sort_key == t.issued_at  # back at its old place
    assert event_types(w.engine, t.id) == ["issued", "called", "held", "returned"]
    press(qtbot, w, "call", via)  # the oldest again
    assert w.view.display == t.display


@pytest.mark.parametrize("via", VIA)
def test_transfer_keeps_number_and_issue_time(qtbot, console, kiosk, clock, via):
    t = kiosk.issue("RES", now=clock()).ticket
    w = console(1)
    clock.advance(12)
    press(qtbot, w, "call", via)
    press(qtbot, w, "start", via)
    press(qtbot, w, "transfer", via)
    dlg = w.dialog
    assert isinstance(dlg, TransferDialog)
    assert dlg.choose("NHI") and not dlg.choose("RES")  # the current service is not offered
    if via == "key":
        qtbot.keyClick(dlg.list, Qt.Key.Key_Return)
        settle(qtbot, w)
    else:
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
        settle(qtbot, w)
    assert w.dialog is None
    legs = w.engine.legs(t)
    assert [(leg.queue, leg.state) for leg in legs] == [("RES", "transferred"), ("NHI", "waiting")]
    assert legs[1].sort_key == t.issued_at and legs[1].parent_leg_id == legs[0].id
    assert w.engine.store.ticket(t.id).display == t.display
    assert "国民健康保険" in w.message.text() and w.view is None
    assert event_types(w.engine, t.id) == ["issued", "called", "started", "transferred"]


@pytest.mark.parametrize("via", VIA)
def test_add_a_step_mid_service_then_finish_sends_the_same_number_on(qtbot, console, kiosk, clock, via):
    t = kiosk.issue("RES", now=clock()).ticket
    w = console(1)
    clock.advance(5)
    press(qtbot, w, "call", via)
    press(qtbot, w, "start", via)
    press(qtbot, w, "transfer", via)
    dlg = w.dialog
    assert isinstance(dlg, TransferDialog) and dlg.choose("NHI")
    if via == "key":
        qtbot.keyClick(dlg.list, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        settle(qtbot, w)
    else:
        qtbot.mouseClick(dlg.add_button, Qt.MouseButton.LeftButton)
        settle(qtbot, w)
    assert w.dialog is None
    assert w.view is not None and w.view.display == t.display  # still being served here
    assert "完了後「国民健康保険」" in w.message.text()
    assert "国民健康保険" in w.ticket_panel.after.text()  # the panel says where 完了 sends the visitor
    press(qtbot, w, "finish", via)
    legs = w.engine.legs(t)
    assert [(leg.queue, leg.state) for leg in legs] == [("RES", "done"), ("NHI", "waiting")]
    assert legs[1].sort_key == t.issued_at  # keeps the place of the original ticket
    assert event_types(w.engine, t.id) == ["issued", "called", "started", "step_added", "finished"]


@pytest.mark.parametrize("via", VIA)
def test_call_number_out_of_order(qtbot, console, kiosk, clock, via):
    first = kiosk.issue("RES", now=clock()).ticket
    second = kiosk.issue("TAX", now=clock().replace(minute=3)).ticket
    w = console(1)
    press(qtbot, w, "call_number", via)
    dlg = w.dialog
    assert isinstance(dlg, CallNumberDialog)
    qtbot.keyClicks(dlg.edit, second.display.lower())  # typed in lower case: normalised
    assert [dlg.list.item(i).isHidden() for i in range(dlg.list.count())] == [True, False]
    qtbot.keyClick(dlg.edit, Qt.Key.Key_Return)
    settle(qtbot, w)
    assert w.view is not None and w.view.display == second.display
    assert w.engine.store.open_leg(first.id).state == "waiting"
    assert event_types(w.engine, second.id) == ["issued", "called"]


def test_call_number_brings_back_a_no_show(qtbot, console, kiosk, clock):
    t = kiosk.issue("RES", now=clock()).ticket
    w = console(1)
    press(qtbot, w, "call", "key")
    press(qtbot, w, "recall", "key")
    press(qtbot, w, "no_show", "key")
    press(qtbot, w, "call_number", "key")
    dlg = w.dialog
    qtbot.keyClicks(dlg.edit, t.display)
    qtbot.mouseClick(dlg.reactivate_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert w.engine.store.open_leg(t.id).state == "waiting"
    assert event_types(w.engine, t.id)[-1] == "reactivated"
    assert w.queue_panel.model.row_of(t.display) is not None


@pytest.mark.parametrize("via", VIA)
def test_pause_with_reason_and_resume(qtbot, console, kiosk, clock, via):
    kiosk.issue("RES", now=clock())
    w = console(1)
    press(qtbot, w, "pause", via)
    dlg = w.dialog
    assert isinstance(dlg, PauseDialog)
    assert dlg.reason() == "昼休み"
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    c = w.engine.counter(1)
    assert (c.state, c.reason) == ("paused", "昼休み")
    assert w.header.state.text() == "休止中（昼休み）"
    assert w.action_bar.buttons["pause"].text().endswith("再開")
    press(qtbot, w, "call", via)  # a paused counter does not call
    assert w.view is None and "休止中" in w.message.text()
    press(qtbot, w, "pause", via)  # F9 again resumes, no dialog
    assert w.engine.counter(1).state == "open" and w.dialog is None
    actions = [e["data"]["action"] for e in w.engine.store.events(types=["counter"]) if e["counter"] == 1]
    assert actions[-2:] == ["pause", "resume"]


@pytest.mark.parametrize("via", VIA)
def test_close_goes_back_to_sign_in(qtbot, console, kiosk, clock, via):
    t = kiosk.issue("RES", now=clock()).ticket
    w = console(1)
    press(qtbot, w, "call", via)
    press(qtbot, w, "close", via)  # refused while a ticket is current
    assert w.dialog is None and t.display in w.message.text()
    press(qtbot, w, "finish", via)
    kiosk.issue("RES", now=clock())
    press(qtbot, w, "close", via)
    dlg = w.dialog
    assert isinstance(dlg, ConfirmDialog)
    assert "ほかに受け付ける窓口がない業務" in dlg.text.text()
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert w.engine.counter(1).state == "closed"
    assert isinstance(w.stack.currentWidget(), SignInPage)
    assert [e["data"]["action"] for e in w.engine.store.events(types=["counter"])][-1] == "close"


def test_change_services_keeps_the_current_ticket(qtbot, console, kiosk, clock):
    t = kiosk.issue("RES", now=clock()).ticket
    w = console(1)
    press(qtbot, w, "call", "key")
    qtbot.mouseClick(w.header.change, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    dlg = w.dialog
    dlg.picker.set_selected(("NHI",))
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert w.engine.counter(1).services == ("NHI",)
    assert w.view is not None and w.view.display == t.display
    assert "国民健康保険" in w.header.services.text()


def test_shift_change_puts_the_new_clerk_on_the_following_events(qtbot, console, kiosk, clock):
    t = kiosk.issue("RES", now=clock()).ticket
    w = console(1)
    press(qtbot, w, "call", "key")
    qtbot.mouseClick(w.header.change, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    dlg = w.dialog
    dlg.clerk.setText("鈴木")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert w.engine.counter(1).clerk == "鈴木" and "鈴木" in w.header.counter.text()
    assert w.view is not None and w.view.display == t.display  # the visitor at the counter stays
    press(qtbot, w, "start", "key")
    change = [e for e in w.engine.store.events(types=["counter"]) if e["data"]["action"] == "clerk"]
    assert len(change) == 1 and change[0]["actor"] == "鈴木"
    started = [e for e in w.engine.store.events(types=["started"]) if e["ticket_id"] == t.id]
    assert started[0]["actor"] == "鈴木"


def test_keys_do_nothing_while_a_dialog_is_open(qtbot, console, kiosk, clock):
    kiosk.issue("RES", now=clock())
    w = console(1)
    press(qtbot, w, "pause", "key")
    assert w.dialog is not None
    w.on_action("call")  # what a stray F1 would do
    assert w.view is None
    w.dialog.reject()
    assert w.dialog is None and w.engine.counter(1).state == "open"
