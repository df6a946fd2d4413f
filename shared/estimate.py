"""Estimated waits: the one core function the kiosk, display, status JSON and phone page call.

This is the day-one predictor: people ahead × the service's minutes ÷ open counters serving it, with a
range biased to the long side. The calibrated predictor replaces the body of :func:`estimate_waits`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from shared.engine import QueueEngine
from shared.models import CounterState, Ticket


@dataclass(frozen=True)
class Estimate:
    ahead: int
    minutes: float  # point estimate
    low: float  # 80% range
    high: float

    def label_ja(self) -> str:
        lo, hi = round_5(self.low), round_5(self.high)
        if hi <= 0:
            return "まもなく"
        return f"約{lo}〜{hi}分" if lo != hi else f"約{hi}分"


def round_5(minutes: float) -> int:
    return int(5 * math.ceil(max(0.0, minutes) / 5))


def _servers(engine: QueueEngine, queue: str) -> float:
    n = 0.0
    for c in engine.counters():
        if c.state == CounterState.OPEN and queue in c.services:
            n += 1.0 / max(1, len(c.services))
    return n


def estimate_for(engine: QueueEngine, queue: str, ahead: int, now: datetime) -> Estimate:
    service = engine.services[queue.split(":")[0]]
    servers = _servers(engine, queue)
    if servers == 0:
        servers = 0.5  # nobody open now: assume a counter opens, and err long
    point = (ahead + 0.5) * service.service_min / servers
    return Estimate(ahead=ahead, minutes=point, low=point * 0.75, high=point * 1.35 + 2)


def estimate_waits(engine: QueueEngine, now: datetime) -> dict[str, Estimate]:
    """Per service: the wait a ticket issued now can expect."""
    counts = engine.store.waiting_counts()
    return {code: estimate_for(engine, code, counts.get(code, (0, None))[0], now) for code in engine.services}


def estimate_ticket(engine: QueueEngine, ticket: Ticket, now: datetime) -> Estimate | None:
    """The remaining wait of one waiting ticket, or None when it is not waiting."""
    leg = engine.store.open_leg(ticket.id)
    if leg is None or leg.state != "waiting":
        return None
    ahead = engine.store.people_ahead(leg)
    return estimate_for(engine, leg.queue, ahead, now)
