"""The demo's simulated visitors tap the kiosk's own buttons and get real tickets."""

from __future__ import annotations

from kiosk.autopilot import Autopilot
from shared.office import open_office


def test_autopilot_visitors_get_tickets_through_the_screens(
    qtbot, make_kiosk, db_path, office_config, printer
):
    # the 1.5 s guards (on 「閉じる」 and between tickets) are real time, and visitors at 3600× arrive faster:
    # with them three tickets needed 4.5 s of a loaded CI machine's timers
    w = make_kiosk(guard_s=0)
    w.ticket.done_delay_ms = w.alternative.done_delay_ms = 0
    pilot = Autopilot(w, speed=3600, seed=5, tick_ms=20)
    other = open_office(db_path, office_config)
    try:
        qtbot.waitUntil(lambda: len(other.store.tickets_of_day("2026-11-24")) >= 3, timeout=30_000)
        pilot.timer.stop()
        tickets = other.store.tickets_of_day("2026-11-24")
        assert all(t.channel == "kiosk" for t in tickets)
        assert len({t.display for t in tickets}) == len(tickets)
        qtbot.waitUntil(lambda: len(printer.images) >= 3, timeout=5_000)  # each one printed too
        assert pilot.visitors >= len(tickets)
    finally:
        other.store.close()
