"""Replay the event log to the state it describes, and compare with the stored state.

The log is the source of truth for KPIs; this proves it is complete: every leg's state and every ticket's
outcome can be rebuilt from the events alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shared.storage.store import Store


@dataclass
class Replayed:
    legs: dict[int, str] = field(default_factory=dict)
    tickets: dict[int, str | None] = field(default_factory=dict)  # outcome, None while open
    calls: int = 0
    counters: dict[int, str] = field(default_factory=dict)


_END = {"no_show": "no_show", "cancelled": "cancelled", "expired": "expired"}


def replay(events: list[dict[str, Any]]) -> Replayed:
    r = Replayed()
    for e in events:
        typ, leg, tid, data = e["type"], e["leg_id"], e["ticket_id"], e["data"]
        if typ == "issued":
            r.legs[leg] = "waiting"
            r.tickets[tid] = None
        elif typ in ("called", "recalled"):
            r.legs[leg] = "called"
            r.calls += 1
        elif typ == "started":
            r.legs[leg] = "serving"
        elif typ == "held":
            r.legs[leg] = "held"
        elif typ in ("returned", "reactivated"):
            r.legs[leg] = "waiting"
            r.tickets[tid] = None
        elif typ == "transferred":
            r.legs[leg] = "transferred"
            r.legs[data["new_leg"]] = "waiting"
        elif typ == "finished":
            r.legs[leg] = "done"
            if data.get("new_leg"):
                r.legs[data["new_leg"]] = "waiting"
            else:
                r.tickets[tid] = "served"
        elif typ in _END:
            r.legs[leg] = _END[typ]
            r.tickets[tid] = _END[typ]
        elif typ == "counter":
            action = data.get("action")
            state = {"open": "open", "resume": "open", "pause": "paused", "close": "closed"}.get(action)
            if state:
                r.counters[e["counter"]] = state
    return r


def verify(store: Store) -> list[str]:
    """Differences between the replayed log and the tables; empty when they agree."""
    r = replay(store.events())
    problems = []
    for leg_id, state in store.leg_states():
        if r.legs.get(leg_id) != state:
            problems.append(f"leg {leg_id}: table {state}, log {r.legs.get(leg_id)}")
    for tid, state, outcome in store.ticket_states():
        expect = r.tickets.get(tid, "missing")
        if (state == "open" and expect is not None) or (state == "closed" and expect != outcome):
            problems.append(f"ticket {tid}: table {state}/{outcome}, log {expect}")
    ncalls = store.call_count()
    if ncalls != r.calls:
        problems.append(f"call log has {ncalls} rows, events say {r.calls}")
    for c in store.counters():
        if c.number in r.counters and r.counters[c.number] != c.state:
            problems.append(f"counter {c.number}: table {c.state}, log {r.counters[c.number]}")
    return problems
