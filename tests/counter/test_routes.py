"""Sign-in with the merged certificate window, calling across services in policy order, life-event routes,
and the 交付 (pickup) hand-off."""

from __future__ import annotations

from PySide6.QtCore import Qt

from counter.signin import SignInPage
from tests.counter.conftest import press, settle


def test_sign_in_with_the_merged_certificate_window(qtbot, console, clock):
    w = console(2, open_counter=False)
    assert isinstance(w.stack.currentWidget(), SignInPage)
    page = w.signin
    assert page.counter.currentData() == 2
    page.picker.set_selected(("MOVE",))
    qtbot.mouseClick(page.picker.preset_buttons["certificates"], Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert page.picker.selected() == ("RES", "KOSEKI_CERT", "TAX")
    assert "MYNA:pickup" in page.picker.boxes  # 交付 queues can be chosen too
    page.clerk.insert("山田")  # typed through the IME in real use
    qtbot.keyClick(page, Qt.Key.Key_Return)
    settle(qtbot, w)
    c = w.engine.counter(2)
    assert (c.state, c.services, c.clerk) == ("open", ("RES", "KOSEKI_CERT", "TAX"), "山田")
    assert w.stack.currentWidget() is w.console
    assert "担当: 山田" in w.header.counter.text()


def test_sign_in_refuses_no_services(qtbot, console):
    w = console(2, open_counter=False)
    w.signin.picker.set_selected(())
    qtbot.mouseClick(w.signin.open_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert w.signin.error.isVisible() and "1つ以上" in w.signin.error.text()
    assert w.engine.counter(2).state == "closed"


def test_merged_window_calls_across_services_oldest_first(qtbot, console, kiosk, clock):
    t0 = clock()
    tax = kiosk.issue("TAX", now=t0).ticket
    kosekicert = kiosk.issue("KOSEKI_CERT", now=t0.replace(minute=2)).ticket
    kiosk.issue("MOVE", now=t0.replace(minute=1))  # not served here
    res = kiosk.issue("RES", now=t0.replace(minute=4)).ticket
    prio = kiosk.issue("RES", now=t0.replace(minute=6), priority=1).ticket
    w = console(1, services=("RES", "KOSEKI_CERT", "TAX"))
    assert {r.queue for r in w.queue_panel.model.rows} == {"RES", "KOSEKI_CERT", "TAX"}
    clock.advance(10)
    called = []
    for _ in range(4):
        predicted = next(r.display for r in w.queue_panel.model.rows if r.next_up)
        press(qtbot, w, "call", "key")
        assert w.view.display == predicted  # the queue panel's ▶次 is what F1 takes
        called.append(w.view.display)
        press(qtbot, w, "finish", "key")
    assert called == [prio.display, tax.display, kosekicert.display, res.display]
    press(qtbot, w, "call", "key")
    assert w.view is None and "お待ちの方はいません" in w.message.text()


def test_finish_advances_a_life_event_route(qtbot, console, kiosk, clock):
    # 引越し（転入）: MOVE, then NHI (yes), PENSION (no), CHILD (yes), MYNA (no)
    t = kiosk.issue_bundle("move_in", {1: True, 2: False, 3: True, 4: False}, now=clock()).ticket
    assert t.route == ("MOVE", "NHI", "CHILD")
    move = console(4)
    press(qtbot, move, "call", "key")
    assert [s.status for s in move.view.route] == ["current", "next", "next"]
    assert "国民健康保険" in move.view.after_finish
    assert "中学生以下のお子さんはいますか？ → はい" in move.ticket_panel.request.text()
    press(qtbot, move, "start", "key")
    clock.advance(20)
    press(qtbot, move, "finish", "key")
    assert "次は「国民健康保険」" in move.message.text()
    legs = move.engine.legs(t)
    assert [(leg.queue, leg.state, leg.step) for leg in legs] == [("MOVE", "done", 0), ("NHI", "waiting", 1)]
    assert legs[1].sort_key == t.issued_at  # keeps the place earned at the kiosk
    nhi = console(7)
    press(qtbot, nhi, "call", "key")
    assert nhi.view.display == t.display
    assert "✔住民異動" in nhi.ticket_panel.route.text() and "▶国民健康保険" in nhi.ticket_panel.route.text()
    assert "児童手当" in nhi.ticket_panel.after.text()
    press(qtbot, nhi, "finish", "key")
    assert nhi.engine.store.open_leg(t.id).queue == "CHILD"
    assert nhi.engine.store.ticket(t.id).state == "open"


def test_pickup_hand_off(qtbot, console, kiosk, clock):
    t = kiosk.issue("MYNA", now=clock()).ticket
    apply_ = console(10)
    press(qtbot, apply_, "call", "button")
    assert "交付" in apply_.view.after_finish
    clock.advance(15)
    press(qtbot, apply_, "finish", "button")
    leg = apply_.engine.store.open_leg(t.id)
    assert (leg.queue, leg.stage, leg.state) == ("MYNA:pickup", "pickup", "waiting")
    assert "マイナンバーカード（交付）" in apply_.message.text()
    assert apply_.queue_panel.model.row_of(t.display) is None  # not a queue of counter 10
    pickup = console(11)
    assert pickup.queue_panel.model.row_of(t.display) is not None
    press(qtbot, pickup, "call", "button")
    assert pickup.view.display == t.display
    assert pickup.ticket_panel.service.text().startswith("マイナンバーカード（交付）")
    press(qtbot, pickup, "finish", "button")
    closed = pickup.engine.store.ticket(t.id)
    assert (closed.state, closed.outcome) == ("closed", "served")
