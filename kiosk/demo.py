"""A believable mid-morning for screenshots and benchmarks: counters open, people waiting (no Qt)."""

from __future__ import annotations

from datetime import datetime, timedelta

from shared.engine import QueueEngine

# (minutes before now, service) – about twenty visitors over the last hour
_ARRIVALS: tuple[tuple[int, str], ...] = (
    (58, "RES"),
    (55, "MOVE"),
    (52, "RES"),
    (50, "NHI"),
    (47, "KOSEKI_CERT"),
    (45, "MOVE"),
    (41, "RES"),
    (38, "CHILD"),
    (35, "TAX"),
    (33, "MOVE"),
    (30, "RES"),
    (27, "NHI"),
    (25, "MYNA"),
    (22, "RES"),
    (20, "PENSION"),
    (18, "MOVE"),
    (15, "KOSEKI"),
    (12, "RES"),
    (9, "MYNA"),
    (7, "NHI"),
    (5, "RES"),
    (3, "MOVE"),
    (1, "KOSEKI_CERT"),
)
_OPEN = (1, 2, 4, 5, 6, 7, 8, 9, 10, 11)


def seed_demo(engine: QueueEngine, now: datetime, calls: int = 8) -> None:
    """Open most counters an hour ago, issue the arrivals, call and finish the first few."""
    start = now - timedelta(minutes=60)
    known = {c.number for c in engine.config.counters}
    for n in _OPEN:
        if n in known:
            engine.open_counter(n, now=start)
    for minutes, code in _ARRIVALS:
        if code in engine.services and engine.issuing_reason(code, now - timedelta(minutes=minutes)) is None:
            engine.issue(code, now=now - timedelta(minutes=minutes), actor="demo")
    served = 0
    for n in _OPEN:
        if n not in known or served >= calls:
            continue
        t = now - timedelta(minutes=4)
        out = engine.call_next(n, now=t)
        if out.ticket is not None:
            served += 1
            engine.start(n, now=t + timedelta(minutes=1))
