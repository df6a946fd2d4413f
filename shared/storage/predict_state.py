"""Reads for the wait predictor: the live queue as one :class:`Snapshot`, and the event log of past days.

Four indexed queries; the kiosk and the display call this on every refresh.
"""

from __future__ import annotations

import json
from typing import Any

from shared.predict.state import Desk, RecentCall, Snapshot, Waiting, order
from shared.storage.store import Store

_RECENT_S = 2 * 3600.0


def _rest(route: str, step: int, stage: str, service: str, pickup: frozenset[str]) -> tuple[str, ...]:
    r = json.loads(route)
    rest = list(r[step + 1 :])
    if stage == "service" and service in pickup:
        rest.insert(0, f"{service}:pickup")
    return tuple(rest)


def engine_snapshot(store: Store, ts: float, day: str, pickup: frozenset[str]) -> Snapshot:
    conn = store.conn
    waiting: dict[str, list[Waiting]] = {}
    for lid, tid, step, queue, service, stage, sort_key, entered, prio, route in conn.execute(
        "SELECT leg.id, leg.ticket_id, leg.step, leg.queue, leg.service, leg.stage, leg.sort_key, leg.entered_at, "
        "t.priority, t.route FROM leg JOIN ticket t ON t.id = leg.ticket_id WHERE leg.state = 'waiting'"
    ):
        waiting.setdefault(queue, []).append(
            Waiting(lid, queue, prio, sort_key, entered, tid, _rest(route, step, stage, service, pickup))
        )
    active: dict[int, tuple[Any, ...]] = {}
    for row in conn.execute(
        "SELECT leg.counter, leg.queue, leg.called_at, leg.started_at, leg.ticket_id, leg.step, leg.stage, "
        "leg.service, t.route, t.issued_at FROM leg JOIN ticket t ON t.id = leg.ticket_id "
        "WHERE leg.state IN ('called', 'serving') AND leg.counter IS NOT NULL"
    ):
        active[row[0]] = row
    desks: dict[int, Desk] = {}
    for number, state, services in conn.execute("SELECT number, state, services FROM counter"):
        a = active.get(number)
        if a is None:
            desks[number] = Desk(number, state, tuple(json.loads(services)))
        else:
            desks[number] = Desk(
                number,
                state,
                tuple(json.loads(services)),
                a[1],
                a[2],
                a[3],
                a[4],
                _rest(a[8], a[5], a[6], a[7], pickup),
                a[2],
            )
    calls = [
        RecentCall(ts_, queue, waited, counter)
        for ts_, queue, waited, counter in conn.execute(
            "SELECT c.ts, leg.queue, c.waited_s, c.counter FROM call c JOIN leg ON leg.id = c.leg_id "
            "WHERE c.day = ? AND c.kind = 'call' AND c.ts >= ? ORDER BY c.id",
            (day, ts - _RECENT_S),
        )
    ]
    keys = {a[4]: a[9] for a in active.values()}
    return Snapshot(ts, {q: order(ws) for q, ws in waiting.items()}, desks, tuple(calls), False, pickup, keys)


def event_days(store: Store, before_day: str, limit_days: int) -> list[str]:
    """The most recent ``limit_days`` business days with tickets, before ``before_day`` (oldest first)."""
    rows = store.conn.execute(
        "SELECT DISTINCT day FROM event WHERE day < ? AND type = 'issued' ORDER BY day DESC LIMIT ?",
        (before_day, limit_days),
    ).fetchall()
    return sorted(r[0] for r in rows)


def load_model(store: Store, key: str) -> str | None:
    row = store.conn.execute("SELECT model FROM predict_model WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def save_model(store: Store, key: str, built_at: float, model: str) -> None:
    with store.transaction():
        store.conn.execute(
            "INSERT INTO predict_model(key, built_at, model) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
            "built_at = excluded.built_at, model = excluded.model",
            (key, built_at, model),
        )
