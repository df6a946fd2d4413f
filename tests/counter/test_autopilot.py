"""The demo's simulated clerk drives the console through its own buttons."""

from __future__ import annotations

from counter.autopilot import Autopilot


def test_autopilot_calls_starts_and_finishes_through_the_buttons(qtbot, console, kiosk, clock):
    w = console(1)
    tickets = [kiosk.issue("RES", now=clock()).ticket for _ in range(4)]
    clicked: list[str] = []
    for name, b in w.action_bar.buttons.items():
        b.clicked.connect(lambda _=False, n=name: clicked.append(n))
    pilot = Autopilot(w, speed=3600, seed=3, tick_ms=10)
    qtbot.waitUntil(lambda: all(kiosk.ticket(t.token).state == "closed" for t in tickets), timeout=10_000)
    pilot.timer.stop()
    outcomes = {kiosk.ticket(t.token).outcome for t in tickets}
    assert outcomes <= {"served", "no_show"} and "served" in outcomes
    assert {"call", "start", "finish"} <= set(clicked)
    served = [t for t in tickets if kiosk.ticket(t.token).outcome == "served"]
    types = [e["type"] for e in kiosk.store.events(ticket_id=served[0].id)]
    assert types == ["issued", "called", "started", "finished"]
