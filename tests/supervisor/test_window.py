"""The console on a real engine: sign-in, then every action through its button and through its shortcut."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from shared.config import OfficeConfig
from shared.engine import QueueEngine
from shared.i18n.phrases import plain
from shared.office import open_office
from supervisor import whatif_panel
from supervisor.window import SupervisorWindow
from tests.supervisor.conftest import PINS

pytestmark = pytest.mark.qt


@pytest.fixture
def console(qtbot: Any, db_path: Path, sup_config: OfficeConfig, now) -> Callable[..., SupervisorWindow]:
    opened: list[QueueEngine] = []

    def make(watch: bool = False, sign_in: bool = True, clock: Any = None) -> SupervisorWindow:
        e = open_office(db_path, sup_config)
        opened.append(e)
        w = SupervisorWindow(e, db_path=db_path, clock=clock or (lambda: now), watch=watch)
        qtbot.addWidget(w)
        w.resize(1600, 1000)
        w.show()
        qtbot.waitExposed(w)
        with qtbot.waitActive(w):
            w.activateWindow()
        if sign_in:
            w.signin.name.setCurrentText("山田")
            w.signin.pin.setText(PINS["山田"])
            qtbot.mouseClick(w.signin.button, Qt.MouseButton.LeftButton)
            assert w.user == "山田"
        return w

    yield make
    for e in opened:
        e.store.close()


def act(qtbot: Any, w: SupervisorWindow, button: QPushButton, key: str, via: str) -> None:
    if via == "button":
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        return
    if QApplication.activeWindow() is not w:
        with qtbot.waitActive(w):
            w.activateWindow()
    seq = {"F2": Qt.Key.Key_F2, "F3": Qt.Key.Key_F3, "F4": Qt.Key.Key_F4, "F5": Qt.Key.Key_F5,
           "F6": Qt.Key.Key_F6, "F7": Qt.Key.Key_F7, "F8": Qt.Key.Key_F8, "F9": Qt.Key.Key_F9,
           "F10": Qt.Key.Key_F10, "F11": Qt.Key.Key_F11, "F12": Qt.Key.Key_F12}  # fmt: skip
    if key in seq:
        qtbot.keyClick(w, seq[key])
    elif key == "Ctrl+R":
        qtbot.keyClick(w, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    else:
        mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        qtbot.keyClick(w, Qt.Key.Key_X if key == "Ctrl+Shift+X" else Qt.Key.Key_A, mods)


VIA = pytest.mark.parametrize("via", ["button", "key"])


def test_sign_in_refuses_a_wrong_pin_and_actions_need_sign_in(console, qtbot, now):
    w = console(sign_in=False)
    e = w.engine
    e.open_counter(4, now=now)
    w.signin.name.setCurrentText("山田")
    w.signin.pin.setText(e.config.kiosk.staff_pin)  # the kiosk's staff PIN is not a supervisor PIN
    qtbot.keyClick(w.signin.pin, Qt.Key.Key_Return)
    assert w.user is None and "PINが違います" in w.signin.message.text()
    qtbot.keyClick(w, Qt.Key.Key_F3)  # shortcuts do nothing before sign-in
    assert e.counter(4).state == "open"
    w.signin.pin.setText(PINS["山田"])
    qtbot.keyClick(w.signin.pin, Qt.Key.Key_Return)
    assert w.user == "山田" and w.stack.currentIndex() == 1


@VIA
def test_counter_actions(console, qtbot, now, via):
    w = console()
    e = w.engine
    e.open_counter(5, now=now, clerk="鈴木")
    w.refresh()
    w.counters.selectRow(4)  # counter 5
    for q, cb in w.service_checks.items():
        cb.setChecked(q == "MOVE")
    act(qtbot, w, w.b_services, "F2", via)
    assert e.counter(5).services == ("MOVE",), w.message.text()
    w.reason.setText("システム障害")
    act(qtbot, w, w.b_pause, "F3", via)
    assert (e.counter(5).state, e.counter(5).reason) == ("paused", "システム障害")
    assert "休止中（システム障害）" in w.counters.item(4, 3).text()
    act(qtbot, w, w.b_resume, "F4", via)
    assert e.counter(5).state == "open"
    w.reason.setText("応援")
    act(qtbot, w, w.b_close, "F5", via)
    assert e.counter(5).state == "closed"
    acts = [(x["actor"], x["data"]["action"]) for x in e.store.events(types=["counter"])][-4:]
    assert acts == [("山田", "services"), ("山田", "pause"), ("山田", "resume"), ("山田", "close")]


@VIA
def test_issuing_actions(console, qtbot, now, via):
    w = console()
    e = w.engine
    w.services.selectRow([s.code for s in e.config.services].index("MOVE"))
    w.stop_message.setCurrentText("本日の受付は終了しました")
    act(qtbot, w, w.b_end, "F7", via)
    assert e.issuing_reason("MOVE", now) == "cutoff"
    assert "本日受付終了" in w.services.item(w.services.currentRow(), 6).text()
    act(qtbot, w, w.b_restart, "F8", via)
    assert e.issuing_reason("MOVE", now) is None
    act(qtbot, w, w.b_stop, "F6", via)
    assert e.issuing_reason("MOVE", now) == "paused"
    ev = e.store.events(types=["issuing"])
    assert [(x["actor"], x["data"]["state"]) for x in ev] == [
        ("山田", "closed"),
        ("山田", "open"),
        ("山田", "paused"),
    ]


@VIA
def test_alert_acknowledge(console, qtbot, now, via):
    w = console()
    e = w.engine
    e.raise_alert("kiosk-1", "paper", "用紙切れ", now=now)
    w.refresh()
    assert w.alerts.count() == 1 and "用紙切れ" in w.alerts.item(0).text()
    act(qtbot, w, w.b_ack, "F9", via)
    assert e.alerts() == [] and w.alerts.count() == 0


@VIA
def test_move_and_cancel_tickets(console, qtbot, now, via):
    w = console()
    e = w.engine
    a = e.issue("MOVE", now=now - timedelta(minutes=9)).ticket.display
    b = e.issue("KOSEKI", now=now - timedelta(minutes=5)).ticket.display
    w.refresh()
    w.tabs.setCurrentIndex(1)
    w.waiting.selectRow(0)
    w.move_to.setCurrentIndex(w.move_to.findData("KOSEKI"))
    act(qtbot, w, w.b_move, "F10", via)
    assert [q.ticket.display for q in e.queue(["KOSEKI"])] == [a, b]  # kept its place
    w.waiting.selectRow([x.ticket.display for x in w.floor.waiting].index(b))
    act(qtbot, w, w.b_cancel, "F11", via)
    assert e.store.ticket_by_display(e.day(now), b).state == "open"  # the first press only asks
    assert "もう一度" in w.message.text()
    act(qtbot, w, w.b_cancel, "F11", via)
    assert e.store.ticket_by_display(e.day(now), b).outcome == "cancelled"
    assert e.store.events(types=["cancelled"])[-1]["actor"] == "山田"


@VIA
def test_notice(console, qtbot, now, via):
    w = console()
    e = w.engine
    w.tabs.setCurrentIndex(2)
    w.notice_edits["ja"].setText("午後は混雑が予想されます")
    w.notice_edits["en"].setText("Busy this afternoon")
    act(qtbot, w, w.b_notice, "F12", via)
    assert e.day_notice(now) == {"ja": "午後は混雑が予想されます", "en": "Busy this afternoon"}


@VIA
def test_whatif_run_and_apply(console, qtbot, now, via):
    w = console()
    e = w.engine
    e.open_counter(4, now=now - timedelta(hours=1))
    for i in range(10):
        e.issue("MOVE", now=now - timedelta(minutes=40 - 4 * i))
    e.issue("RES", now=now - timedelta(minutes=5))  # no counter serving RES is open
    w.tabs.setCurrentIndex(3)
    w.whatif.plans[0].setText("")
    w.whatif.plans[1].setText("+1 MOVE @now")
    w.whatif.plans[2].setText("serve 6 MOVE")
    w.whatif.reps.setValue(2)
    w.whatif.budget.setValue(300.0)
    w.whatif.workers = 0  # the replications in a thread of this process (the worker pool: test_engine_whatif)
    w.whatif.fast_reps = 20
    act(qtbot, w, w.whatif.b_run, "Ctrl+R", via)
    qtbot.waitUntil(lambda: not w.whatif.busy, timeout=60_000)
    assert len(w.whatif.results) == 3, plain(w.whatif.message.text())
    # each plan: the fast model's 20 runs corrected by the engine's 2 on the same visitors, said as such
    assert "エンジン2回＋高速20回で補正" in plain(w.whatif.message.text()), plain(w.whatif.message.text())
    assert "おおよその目安" in plain(w.whatif.message.text())
    assert [(f.engine_reps, f.reps) for f in w.whatif.results] == [(2, 20)] * 3
    assert [f.reps for f in w.whatif.engine_results] == [2] * 3  # the engine's own, kept beside
    head = w.whatif.table.horizontalHeaderItem(4).text()
    assert head == "計画2\n目標内に戻る", head  # short: all nine plan columns fit at 1920 px
    # only counter 4 (MOVE) is open: the RES row says why it has no forecast, in every plan
    t = w.whatif.table
    rows = {
        t.item(r, 0).text(): [t.item(r, c).text() for c in range(1, t.columnCount())]
        for r in range(t.rowCount())
    }
    move = next(s.names["ja"] for s in e.config.services if s.code == "MOVE")
    assert "担当窓口なし" not in rows[move]
    others = [v for k, v in rows.items() if k not in (move, "全体")]
    assert others and all(v[0::3] == ["担当窓口なし"] * 3 and v[1::3] == ["—"] * 3 for v in others), others
    assert "不在・途中退出は本日のこれまでの割合で見込みます" in plain(w.whatif.message.text())
    w.whatif.which.setCurrentIndex(1)
    act(qtbot, w, w.whatif.b_apply, "Ctrl+Shift+A", via)
    opened = w.whatif.results[1].plan.changes[0].counter
    c = e.counter(opened)
    assert c.state == "open" and c.services == ("MOVE",), w.message.text()
    assert e.store.events(types=["counter"])[-1]["actor"] == "山田"


@VIA
def test_a_plan_with_later_steps_is_scheduled_listed_run_on_time_and_cancellable(console, qtbot, now, via):
    clock = [now]
    w = console(clock=lambda: clock[0])
    e = w.engine
    e.open_counter(4, now=now - timedelta(hours=1))
    e.open_counter(5, now=now - timedelta(hours=1))
    for i in range(6):
        e.issue("MOVE", now=now - timedelta(minutes=30 - 4 * i))
    w.tabs.setCurrentIndex(3)
    w.whatif.plans[0].setText("serve 5 MOVE @10:30; pause 4 @11:00-11:30")
    w.whatif.common.setText("pause 1 @12:00-12:45")  # forecast with every plan, never applied
    w.whatif.reps.setValue(2)
    w.whatif.workers = 0
    act(qtbot, w, w.whatif.b_run, "Ctrl+R", via)
    qtbot.waitUntil(lambda: not w.whatif.busy, timeout=60_000)
    act(qtbot, w, w.whatif.b_apply, "Ctrl+Shift+A", via)
    assert "10:30" in w.message.text() and "11:00" in w.message.text(), w.message.text()
    assert e.counter(5).services == ("MOVE", "KOSEKI")  # not yet
    assert "pause 1 @12:00-12:45" in w.whatif.results[0].plan.text
    table = w.whatif.steps_table
    assert table.rowCount() == 3 and table.item(0, 0).text() == "10:30"
    assert not any(table.item(r, 1).text().startswith("1番") for r in range(3))
    assert table.item(0, 2).text() == "予定" and table.item(0, 3).text() == "山田"
    # the resume at 11:30 is withdrawn (selected row 3: the pending steps are listed in time order)
    table.selectRow(2)
    assert table.item(2, 1).text().startswith("4番 再開")
    act(qtbot, w, w.whatif.b_cancel_step, "Ctrl+Shift+X", via)
    assert "取り消しました" in w.message.text(), w.message.text()
    # the console's timer runs what is due
    clock[0] = now + timedelta(minutes=31)
    w.run_due_steps()
    assert e.counter(5).services == ("MOVE",) and "5番窓口の業務" in w.message.text()
    clock[0] = now + timedelta(hours=2)
    w.run_due_steps()
    assert e.counter(4).state == "paused"
    states = [w.whatif.steps_table.item(r, 2).text() for r in range(3)]
    assert sum(s.startswith("実行済み") for s in states) == 2 and states[2].startswith("取消済み")
    assert not w.whatif.b_cancel_step.isEnabled()


def test_the_window_stays_live_while_the_forecast_runs(console, qtbot, now):
    """The engine replications run off the GUI thread: while they do, the tab says 計算中 with the count so far,
    the run button waits, applying is refused with a message, the window answers events (another tab opens);
    then the results arrive with the number of replications."""
    w = console()
    e = w.engine
    e.open_counter(4, now=now - timedelta(hours=1))
    for i in range(12):
        e.issue("MOVE", now=now - timedelta(minutes=48 - 4 * i))
    w.tabs.setCurrentIndex(3)
    w.whatif.workers = 0
    w.whatif.reps.setValue(8)
    w.whatif.budget.setValue(300.0)
    gate = threading.Event()
    real = whatif_panel.progressive_forecasts

    def slow(*args, **kw):  # the first replication waits until the test has looked at the window
        progress = kw["progress"]

        def held(done, most):
            gate.wait(30)
            progress(done, most)

        return real(*args, **{**kw, "progress": held})

    whatif_panel.progressive_forecasts = slow
    w.whatif.fast_reps = 10  # fewer than the engine's limit: every engine run still has its pair
    try:
        w.whatif.run()
        assert w.whatif.busy and not w.whatif.b_run.isEnabled()
        assert plain(w.whatif.message.text()).startswith("計算中")
        w.whatif.apply()
        assert "計算中" in plain(w.whatif.message.text())
        w.tabs.setCurrentIndex(0)  # the GUI thread is free: events are handled
        qtbot.wait(50)
        assert w.tabs.currentIndex() == 0
        gate.set()
        qtbot.waitUntil(lambda: not w.whatif.busy, timeout=60_000)
    finally:
        gate.set()
        whatif_panel.progressive_forecasts = real
    assert len(w.whatif.results) == 3 and w.whatif.results[0].engine_reps == 8, plain(w.whatif.message.text())
    assert w.whatif.results[0].reps == 10
    assert "エンジン8回＋高速10回で補正" in plain(w.whatif.message.text()) and w.whatif.b_run.isEnabled()


def test_bad_plan_is_one_line(console, qtbot):
    w = console()
    w.whatif.plans[1].setText("close 99 @12:00")
    w.whatif.run()
    assert plain(w.whatif.message.text()).startswith("⚠ 計画「close 99 @12:00」") and "\n" not in plain(
        w.whatif.message.text()
    )


def test_floor_shows_todays_bookings_per_hour(qtbot, db_path, sup_config, now):
    """来庁予約: the floor view's row says today's bookings per hour of the slot (booked / arrived), read through
    shared.floor on a real engine; an office without bookings shows no such row."""
    import dataclasses

    from shared.booking import BookingDesk
    from shared.booking_settings import BookingSettings

    cfg = dataclasses.replace(
        sup_config, booking=BookingSettings(enabled=True, services=("NHI",), shares={"NHI": 1.0})
    )
    e = open_office(db_path, cfg)
    try:
        desk = BookingDesk(e)
        before = now - timedelta(days=1)
        first = desk.book(service="NHI", start=now.replace(hour=10, minute=30), now=before)
        desk.book(service="NHI", start=now.replace(hour=10, minute=30), now=before)
        gone = desk.book(service="NHI", start=now.replace(hour=14), now=before)
        desk.book(service="NHI", start=now.replace(hour=14), now=before)
        desk.cancel(gone.token, now=before)
        desk.check_in(first.number, now=now.replace(minute=20))
        w = SupervisorWindow(e, db_path=db_path, clock=lambda: now.replace(minute=25), watch=False)
        qtbot.addWidget(w)
        w.show()
        w.signin.name.setCurrentText("山田")
        w.signin.pin.setText(PINS["山田"])
        qtbot.mouseClick(w.signin.button, Qt.MouseButton.LeftButton)
        assert w.user == "山田" and w.bookings.isVisible()
        text = w.bookings.text()
        assert (
            "本日の来庁予約 3件" in text and "受付済 1" in text and "10時 2/1" in text and "14時 1/0" in text
        )
    finally:
        e.store.close()
    plain = open_office(db_path, sup_config)  # bookings off and none today: the row stays hidden
    try:
        plain.store.db.execute("DELETE FROM booking")
        w2 = SupervisorWindow(plain, db_path=db_path, clock=lambda: now, watch=False)
        qtbot.addWidget(w2)
        w2.show()
        w2.signin.name.setCurrentText("山田")
        w2.signin.pin.setText(PINS["山田"])
        qtbot.mouseClick(w2.signin.button, Qt.MouseButton.LeftButton)
        assert w2.user == "山田" and not w2.bookings.isVisible() and w2.bookings.text() == ""
    finally:
        plain.store.close()


def _refining_console(console, now, target: int = 7):
    """A console whose what-if answers first with one seed (a zero budget), then refines in batches of 2."""
    w = console()
    e = w.engine
    e.open_counter(4, now=now - timedelta(hours=1))
    for i in range(8):
        e.issue("MOVE", now=now - timedelta(minutes=40 - 5 * i))
    w.tabs.setCurrentIndex(3)
    w.whatif.plans[2].setText("")
    w.whatif.workers = 0
    w.whatif.fast_reps = 10
    w.whatif.batch = 2
    w.whatif.reps.setValue(target)
    w.whatif.budget.setMinimum(0.0)
    w.whatif.budget.setValue(0.0)
    return w


def test_the_forecast_refines_in_the_background_until_every_plan_has_its_engine_runs(console, qtbot, now):
    w = _refining_console(console, now)
    p = w.whatif
    seen: list[tuple[int, bool, str]] = []
    p._bridge.updated.connect(lambda _no, run: seen.append((run.engine.reps, p.refining, p.summary.text())))
    p.run()
    qtbot.waitUntil(lambda: not p.busy, timeout=30_000)
    qtbot.waitUntil(
        lambda: not p.refining and p._thread is not None and not p._thread.is_alive(), timeout=30_000
    )
    qtbot.wait(20)
    assert [n for n, _r, _s in seen] == [1, 3, 5, 7], seen
    assert [r for _n, r, _s in seen] == [True, True, True, False]
    assert "計画1: 現状のまま（エンジン試行 1/7回、計算中）" in seen[0][2], seen[0][2]
    assert [f.engine_reps for f in p.results] == [7, 7, 7] and [f.reps for f in p.engine_results] == [7, 7, 7]
    assert p.summary.text().count("エンジン試行 7/7回）") == 3, p.summary.text()
    assert "エンジン7回＋高速10回で補正" in plain(p.message.text()), plain(p.message.text())


def test_editing_applying_rerunning_or_closing_stops_the_background_runs(console, qtbot, now):
    w = _refining_console(console, now, target=40)
    p = w.whatif
    p.run()
    qtbot.waitUntil(lambda: not p.busy, timeout=30_000)
    assert p.refining
    first = p._thread
    # a new forecast: the old one stops, its late news is dropped, the new one starts from one seed again
    p.run()
    assert first is not None and p._thread is not first
    first.join(10)
    assert not first.is_alive()
    qtbot.waitUntil(lambda: not p.busy and p.results[0].engine_reps >= 3, timeout=30_000)
    # editing a plan: the runs still going are for the old text
    p.plans[1].setText("+1 MOVE @now")
    p.plans[1].textEdited.emit("+1 MOVE @now")
    assert not p.refining and "追加の試行を止めました" in plain(p.message.text())
    p._thread.join(10)
    assert not p._thread.is_alive()
    n = p.results[0].engine_reps
    qtbot.wait(100)
    assert p.results[0].engine_reps == n  # no batch merged after the stop
    # applying a plan stops them too
    p.run()
    qtbot.waitUntil(lambda: not p.busy, timeout=30_000)
    assert p.refining
    p.which.setCurrentIndex(1)
    p.apply()
    assert not p.refining
    p._thread.join(10)
    assert not p._thread.is_alive()
    # and closing the window
    p.run()
    qtbot.waitUntil(lambda: not p.busy, timeout=30_000)
    assert p.refining
    w.close()
    assert not p._thread.is_alive() and not p.refining  # the window waited for it
