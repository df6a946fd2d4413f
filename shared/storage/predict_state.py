"""Reads for the wait predictor: the live queue as rows, the days of past event log, the stored calibration."""

from __future__ import annotations

from dataclasses import dataclass

from shared.storage.store import ACTIVE_SQL, Store


@dataclass(frozen=True)
class LiveRows:
    """The live queue as rows, for :func:`shared.predict.snapshot.engine_snapshot` to build a snapshot from.

    ``route`` and ``services`` are the JSON text of their columns.
    """

    # leg id, ticket id, step, queue, service, stage, sort key, entered at, priority, route
    waiting: list[tuple[int, int, int, str, str, str, float, float, int, str]]
    # counter, queue, called at, started at, ticket id, step, stage, service, route, issued at
    active: list[tuple[int, str, float, float | None, int, int, str, str, str, float]]
    counters: list[tuple[int, str, str]]  # number, state, services
    calls: list[tuple[float, str, float, int]]  # ts, queue, waited, counter: first calls since ``since``


def live_rows(store: Store, day: str, since: float) -> LiveRows:
    """Four indexed queries; the kiosk and the display read this on every refresh."""
    conn = store.db
    waiting = conn.execute(
        "SELECT leg.id, leg.ticket_id, leg.step, leg.queue, leg.service, leg.stage, leg.sort_key, leg.entered_at, "
        "t.priority, t.route FROM leg JOIN ticket t ON t.id = leg.ticket_id WHERE leg.state = 'waiting'"
    ).fetchall()
    active = conn.execute(
        "SELECT leg.counter, leg.queue, leg.called_at, leg.started_at, leg.ticket_id, leg.step, leg.stage, "
        "leg.service, t.route, t.issued_at FROM leg JOIN ticket t ON t.id = leg.ticket_id "
        f"WHERE leg.state IN {ACTIVE_SQL} AND leg.counter IS NOT NULL"
    ).fetchall()
    counters = conn.execute("SELECT number, state, services FROM counter").fetchall()
    calls = conn.execute(
        "SELECT c.ts, leg.queue, c.waited_s, c.counter FROM call c JOIN leg ON leg.id = c.leg_id "
        "WHERE c.day = ? AND c.kind = 'call' AND c.ts >= ? ORDER BY c.id",
        (day, since),
    ).fetchall()
    return LiveRows(waiting, active, counters, calls)


def event_days(store: Store, before_day: str, limit_days: int) -> list[str]:
    """The most recent ``limit_days`` business days with tickets, before ``before_day`` (oldest first)."""
    rows = store.db.execute(
        "SELECT DISTINCT day FROM event WHERE day < ? AND type = 'issued' ORDER BY day DESC LIMIT ?",
        (before_day, limit_days),
    ).fetchall()
    return sorted(r[0] for r in rows)


def load_model(store: Store, key: str) -> str | None:
    row = store.db.execute("SELECT model FROM predict_model WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def save_model(store: Store, key: str, built_at: float, model: str) -> None:
    with store.transaction():
        store.db.execute(
            "INSERT INTO predict_model(key, built_at, model) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
            "built_at = excluded.built_at, model = excluded.model",
            (key, built_at, model),
        )
