"""Live demo traffic on the real clock: visitors arrive, simulated clerks serve, the log stays consistent."""

from __future__ import annotations

from datetime import timedelta

from shared.replay import verify
from shared.sim.traffic import Traffic, open_demo_counters


def test_traffic_issues_and_serves_through_the_engine(engine, now):
    open_demo_counters(engine, [1, 4, 7, 9, 10, 11], now)
    t = Traffic(engine, speed=60, clerks=[1, 4, 7, 9, 10, 11], seed=2)
    clock = now
    for _ in range(400):  # 400 × 0.5 s × 60 = 200 office minutes
        clock += timedelta(seconds=0.5)
        t.tick(0.5, clock)
    tickets = engine.store.tickets_of_day(engine.day(now))
    assert t.issued > 30 and len(tickets) >= t.issued - t.errors
    outcomes = {x.outcome for x in tickets}
    assert "served" in outcomes
    assert any(x.bundle for x in tickets) and any(x.priority for x in tickets)
    assert verify(engine.store) == []


def test_traffic_leaves_skipped_counters_alone(engine, now):
    open_demo_counters(engine, [1, 2], now)
    t = Traffic(engine, speed=120, clerks=[2], seed=1)
    clock = now
    for _ in range(200):
        clock += timedelta(seconds=0.5)
        t.tick(0.5, clock)
    assert engine.current(1) is None
    assert not [c for c in engine.store.calls_since(0, 10_000) if c.counter == 1]
    assert [c for c in engine.store.calls_since(0, 10_000) if c.counter == 2]
