"""SQL of the reports area: reading a day's tickets/legs/events, and storing the derived per-day KPI facts.

The facts themselves are computed in shared/reports/facts.py; this module only moves rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import date, timedelta
from typing import Any

from shared.storage.backend import Database

# Events that make a leg's history more than "waiting → called → (started) → ended": those legs are replayed
# from the event log; the others are read from the leg row alone (same answer, far fewer rows).
COMPLEX_EVENTS = ("held", "returned", "reactivated")
WATERMARK = "last_event_id"


def snapshot(conn: Database) -> AbstractContextManager[Database]:
    """A read transaction: every SELECT inside sees the same committed state."""
    return conn.snapshot()


def max_event_id(conn: Database) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM event").fetchone()[0])


def watermark(conn: Database) -> int:
    row = conn.execute("SELECT value FROM kpi_state WHERE key = ?", (WATERMARK,)).fetchone()
    return int(row[0]) if row else 0


def set_watermark(conn: Database, event_id: int) -> None:
    with conn.transaction():
        conn.execute(
            "INSERT INTO kpi_state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
            "value = excluded.value",
            (WATERMARK, str(event_id)),
        )


def days_to_refresh(conn: Database, after_id: int, upto_id: int, version: int) -> list[str]:
    """Business days whose facts are missing, stale (old layout) or touched by events in (after_id, upto_id]."""
    if after_id <= 0:
        days = {r[0] for r in conn.execute("SELECT DISTINCT day FROM ticket")}
    else:
        days = {
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT t.day FROM event e JOIN ticket t ON t.id = e.ticket_id WHERE e.id > ? AND e.id <= ?",
                (after_id, upto_id),
            )
        }
    days |= {r[0] for r in conn.execute("SELECT day FROM kpi_day WHERE version <> ?", (version,))}
    return sorted(days)


def _marks(days: Sequence[str]) -> str:
    return ", ".join("?" for _ in days)


def tickets_of_days(conn: Database, days: Sequence[str]) -> list[tuple[Any, ...]]:
    """(day, id, issued_at, closed_at or -1, outcome code, force_closed, bundle or '', channel code) by id.

    Outcome codes: 0 open, 1 served, 2 no_show, 3 cancelled, 4 expired. Channel: 0 kiosk, 1 web, 2 staff.
    """
    return conn.execute(
        "SELECT day, id, issued_at, coalesce(closed_at, -1.0), CASE outcome WHEN 'served' THEN 1 "
        "WHEN 'no_show' THEN 2 WHEN 'cancelled' THEN 3 WHEN 'expired' THEN 4 ELSE 0 END, force_closed, "
        "coalesce(bundle, ''), CASE channel WHEN 'web' THEN 1 WHEN 'staff' THEN 2 ELSE 0 END "
        f"FROM ticket WHERE day IN ({_marks(days)}) ORDER BY id",
        tuple(days),
    ).fetchall()


def legs_of_days(conn: Database, days: Sequence[str]) -> list[tuple[Any, ...]]:
    """(day, id, ticket_id, queue, counter or -1, entered_at, called_at, started_at, ended_at (-1 when unset),
    recalls, outcome code) by id. Outcome codes: 0 open, 1 done, 2 transferred, 3 no_show, 4 cancelled,
    5 expired."""
    return conn.execute(
        "SELECT t.day, l.id, l.ticket_id, l.queue, coalesce(l.counter, -1), l.entered_at, "
        "coalesce(l.called_at, -1.0), coalesce(l.started_at, -1.0), coalesce(l.ended_at, -1.0), l.recalls, "
        "CASE l.state WHEN 'done' THEN 1 WHEN 'transferred' THEN 2 WHEN 'no_show' THEN 3 WHEN 'cancelled' "
        "THEN 4 WHEN 'expired' THEN 5 ELSE 0 END "
        f"FROM ticket t JOIN leg l ON l.ticket_id = t.id WHERE t.day IN ({_marks(days)}) ORDER BY l.id",
        tuple(days),
    ).fetchall()


def replay_events(
    conn: Database, days: Sequence[str], *, every_leg: bool = False, window_days: int = 3
) -> list[tuple[int, float, str]]:
    """(leg_id, ts, type) in log order for the legs of ``days``' tickets that need a replay: those with a
    hold, a return or a reactivation (every leg with ``every_leg``). Such events are looked up by their own
    business day, up to ``window_days`` after the ticket's (a ticket left open overnight)."""
    if every_leg:
        return conn.execute(
            "SELECT e.leg_id, e.ts, e.type FROM ticket t JOIN event e ON e.ticket_id = t.id "
            f"WHERE t.day IN ({_marks(days)}) AND e.leg_id IS NOT NULL ORDER BY e.id",
            tuple(days),
        ).fetchall()
    lo, hi = min(days), max(days)
    hi = (date.fromisoformat(hi) + timedelta(days=window_days)).isoformat()
    marks = _marks(COMPLEX_EVENTS)
    return conn.execute(
        "WITH cx AS (SELECT DISTINCT e.ticket_id, e.leg_id FROM event e JOIN ticket t ON t.id = e.ticket_id "
        f"WHERE e.day BETWEEN ? AND ? AND e.type IN ({marks}) AND t.day IN ({_marks(days)})) "
        "SELECT e.leg_id, e.ts, e.type FROM event e WHERE e.ticket_id IN (SELECT ticket_id FROM cx) "
        "AND e.leg_id IN (SELECT leg_id FROM cx) ORDER BY e.id",
        (lo, hi, *COMPLEX_EVENTS, *days),
    ).fetchall()


def forms_of_days(conn: Database, days: Sequence[str], *, window_days: int = 3) -> list[tuple[int, str]]:
    """(ticket_id, event data JSON) of the ``finished`` events that carry a hand-written forms count
    (engine.finish, data["forms"]) logged on ``days`` and up to ``window_days`` after each (a ticket served
    across the rollover): every such finish of ``days``' tickets, plus some of later days' tickets, which the
    caller ignores. Read by the event_day index (day, type)."""
    wanted = sorted(
        {
            (date.fromisoformat(d) + timedelta(days=k)).isoformat()
            for d in days
            for k in range(window_days + 1)
        }
    )
    return conn.execute(
        "SELECT ticket_id, data FROM event "
        f"WHERE day IN ({_marks(wanted)}) AND type = 'finished' AND ticket_id IS NOT NULL "
        "AND data LIKE '%\"forms\"%'",
        tuple(wanted),
    ).fetchall()


def replace_days(conn: Database, rows: Sequence[tuple[Any, ...]]) -> None:
    """Store facts: rows of (day, version, legs, visits, codebook, leg_data, visit_data, peak_data, built_at),
    in one transaction."""
    with conn.transaction():
        conn.executemany(
            "INSERT INTO kpi_day(day, version, legs, visits, codebook, leg_data, visit_data, peak_data, built_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(day) DO UPDATE SET version = excluded.version, "
            "legs = excluded.legs, visits = excluded.visits, codebook = excluded.codebook, "
            "leg_data = excluded.leg_data, visit_data = excluded.visit_data, peak_data = excluded.peak_data, "
            "built_at = excluded.built_at",
            rows,
        )


def reset_facts(conn: Database) -> None:
    """Forget every derived fact; the next refresh rebuilds them from the event log."""
    with conn.transaction():
        conn.execute("DELETE FROM kpi_day")
        conn.execute("DELETE FROM kpi_state WHERE key = ?", (WATERMARK,))


def load_days(conn: Database, start: str, end: str) -> list[tuple[str, str, bytes, bytes, bytes]]:
    """(day, codebook, leg_data, visit_data, peak_data) for start <= day <= end, in date order."""
    return conn.execute(
        "SELECT day, codebook, leg_data, visit_data, peak_data FROM kpi_day "
        "WHERE day BETWEEN ? AND ? AND visits > 0 ORDER BY day",
        (start, end),
    ).fetchall()


def fact_days(conn: Database) -> list[tuple[str, int, int]]:
    """(day, legs, visits) of every stored day: the overview ``madoguchi report`` checks ranges against."""
    return conn.execute("SELECT day, legs, visits FROM kpi_day ORDER BY day").fetchall()


def service_names(conn: Database) -> dict[str, tuple[str, int]]:
    """code -> (names JSON, target_wait_min) from the service table (history may name retired services)."""
    return {r[0]: (r[1], int(r[2])) for r in conn.execute("SELECT code, names, target_wait_min FROM service")}
