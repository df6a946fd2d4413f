"""The live office as a :class:`~shared.predict.state.Snapshot`, built from the rows storage reads."""

from __future__ import annotations

import json

from shared.predict.state import RECENT_S, Desk, RecentCall, Snapshot, Waiting, order
from shared.storage.predict_state import live_rows
from shared.storage.store import Store


def _rest(route: str, step: int, stage: str, service: str, pickup: frozenset[str]) -> tuple[str, ...]:
    """The queues a ticket still visits after this leg: the rest of its route, 交付 pickup first if due."""
    rest = list(json.loads(route)[step + 1 :])
    if stage == "service" and service in pickup:
        rest.insert(0, f"{service}:pickup")
    return tuple(rest)


def engine_snapshot(store: Store, ts: float, day: str, pickup: frozenset[str]) -> Snapshot:
    rows = live_rows(store, day, ts - RECENT_S)
    waiting: dict[str, list[Waiting]] = {}
    for lid, tid, step, queue, service, stage, sort_key, entered, prio, route in rows.waiting:
        waiting.setdefault(queue, []).append(
            Waiting(lid, queue, prio, sort_key, entered, tid, _rest(route, step, stage, service, pickup))
        )
    active = {a[0]: a for a in rows.active}
    desks: dict[int, Desk] = {}
    for number, state, services in rows.counters:
        a = active.get(number)
        if a is None:
            desks[number] = Desk(number, state, tuple(json.loads(services)))
        else:
            _, queue, called, started, ticket, step, stage, service, route, _issued = a
            rest = _rest(route, step, stage, service, pickup)
            desks[number] = Desk(
                number, state, tuple(json.loads(services)), queue, called, started, ticket, rest, called
            )
    calls = tuple(RecentCall(ts_, queue, waited, counter) for ts_, queue, waited, counter in rows.calls)
    keys = {a[4]: a[9] for a in rows.active}
    return Snapshot(ts, {q: order(ws) for q, ws in waiting.items()}, desks, calls, False, pickup, keys)
