"""来庁予約 at the counter: a booked ticket shows the 予約 mark and its slot time (queue and current ticket), is
called ahead of walk-ins once due; the hall display shows nothing that tells a booked visitor from a walk-in."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta

from display.board import Scope, read_board
from shared.booking import BookingDesk
from shared.booking_settings import BookingSettings
from shared.office import open_office
from tests.counter.conftest import press


def test_counter_marks_a_booked_ticket_and_the_display_does_not(
    qtbot, console, kiosk, clock, db_path, office_config
):
    cfg = dataclasses.replace(office_config, booking=BookingSettings(enabled=True, services=("NHI",)))
    e = open_office(db_path, cfg)
    desk = BookingDesk(e)
    t0 = clock()  # 10:00
    b = desk.book(service="NHI", start=t0.replace(minute=30), now=t0 - timedelta(days=1))
    walk = kiosk.issue("NHI", now=t0 - timedelta(minutes=5)).ticket
    booked = desk.check_in(b.number, now=t0 + timedelta(minutes=5)).outcome.ticket
    assert re.fullmatch(r"F\d{3}", booked.display)  # the service's own sequence, like any walk-in
    w = console(7)
    m = w.queue_panel.model
    assert m._text(m.rows[m.row_of(booked.display)], 4) == "予約10:30"  # the wide 配慮・言語 column
    assert "予約" not in m._text(m.rows[m.row_of(walk.display)], 4)
    clock.advance(31)  # 10:31: the appointment is due
    w.refresh()
    press(qtbot, w, "call", "button")
    assert w.ticket_panel.number.text() == booked.display
    assert w.ticket_panel.booked.isVisible() and w.ticket_panel.booked.text() == "予約 10:30"
    assert (
        f"予約番号: {b.number}" in w.ticket_panel.request.text()
        and "slot_ts" not in w.ticket_panel.request.text()
    )
    board = read_board(e, Scope.of(e.config, e.config.display("main")), clock())
    assert [c.number for c in board.calling] == [booked.display]
    shown = repr(board)
    assert "予約" not in shown and b.number not in shown and "booking" not in shown.lower()
    e.store.close()


def test_a_booking_counter_calls_the_due_appointment_before_a_priority_visitor_and_shows_it_next(
    db_path, office_config
):
    """At the 予約 counter the told time is kept: the due appointment before a priority visitor waiting longer;
    the counter's queue list marks the one 呼出 will take. A walk-in counter of the service still takes the priority
    visitor first."""
    from counter.views import queue_snapshot
    from shared.timeutil import TOKYO

    plan = tuple(dataclasses.replace(c, booking=c.number == 7) for c in office_config.counters)
    cfg = dataclasses.replace(
        office_config, booking=BookingSettings(enabled=True, services=("NHI",)), counters=plan
    )
    e = open_office(db_path, cfg)
    desk = BookingDesk(e)
    from datetime import datetime

    slot = datetime(2026, 11, 24, 10, 30, tzinfo=TOKYO)
    b = desk.book(service="NHI", start=slot, now=slot - timedelta(days=1))
    prio = e.issue("NHI", now=slot - timedelta(minutes=20), priority=1).ticket.display
    mine = desk.check_in(b.number, now=slot - timedelta(minutes=3)).outcome.ticket.display
    now = slot + timedelta(minutes=1)
    e.open_counter(7, now=slot - timedelta(minutes=30), services=["NHI"])
    e.open_counter(8, now=slot - timedelta(minutes=30), services=["NHI"])
    for number, first in ((7, mine), (8, prio)):
        snap = queue_snapshot(e, ("NHI",), 0, now, counter=number)
        assert [r.display for r in snap.rows if r.next_up] == [first], number
    assert e.call_next(7, now=now).ticket.display == mine
    e.finish(7, now=now)
    assert e.call_next(8, now=now).ticket.display == prio
    e.store.close()
