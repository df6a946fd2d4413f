"""Bulk writes of synthetic history (benchmarks and demos only): tickets, legs and events in one transaction.

Never point this at an office's real database: it writes closed history rows directly, bypassing the engine.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from shared.storage.backend import Database

TICKET_COLS = (
    "id, day, seq, number, display, token, channel, lang, priority, access, request, bundle, route, "
    "issued_at, checked_in, state, outcome, closed_at, force_closed"
)
LEG_COLS = (
    "id, ticket_id, step, queue, service, stage, state, sort_key, entered_at, counter, called_at, "
    "started_at, ended_at, recalls, parent_leg_id"
)
EVENT_COLS = "id, ts, day, type, ticket_id, leg_id, service, counter, actor, data"


def next_ids(conn: Database) -> tuple[int, int, int]:
    """The first free ids of ticket, leg and event."""
    return tuple(
        int(conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {t}").fetchone()[0])  # type: ignore[return-value]
        for t in ("ticket", "leg", "event")
    )


def fast_bulk_mode(conn: Database) -> None:
    """A throw-away benchmark database needs no fsync and no foreign-key checks (the generator numbers rows)."""
    if conn.dialect != "sqlite":
        return
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA cache_size = -200000")


def insert_history(
    conn: Database,
    tickets: Sequence[tuple[Any, ...]],
    legs: Sequence[tuple[Any, ...]],
    events: Sequence[tuple[Any, ...]],
    counters: Sequence[tuple[str, str, int]] = (),
) -> None:
    """Rows in the column order of TICKET_COLS / LEG_COLS / EVENT_COLS; counters are daily_counter rows."""
    with conn.transaction():
        conn.executemany(f"INSERT INTO ticket({TICKET_COLS}) VALUES ({', '.join('?' * 19)})", tickets)
        conn.executemany(f"INSERT INTO leg({LEG_COLS}) VALUES ({', '.join('?' * 15)})", legs)
        conn.executemany(f"INSERT INTO event({EVENT_COLS}) VALUES ({', '.join('?' * 10)})", events)
        conn.executemany(
            "INSERT INTO daily_counter(seq, day, last_no) VALUES (?, ?, ?) ON CONFLICT(seq, day) "
            f"DO UPDATE SET last_no = {conn.greatest('daily_counter.last_no', 'excluded.last_no')}",
            counters,
        )
        conn.after_bulk_insert(("ticket", "leg", "event"))


@contextmanager
def indexes_dropped(conn: Database) -> Iterator[None]:
    """Drop the ticket/leg/event indexes for a bulk load and recreate them from their saved SQL afterwards
    (about 3× faster than maintaining them row by row). SQLite only; PostgreSQL keeps its indexes."""
    if conn.dialect != "sqlite":
        yield
        return
    saved = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN ('ticket', 'leg', 'event')"
    ).fetchall()
    with conn.transaction():
        for name, _sql in saved:
            conn.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        with conn.transaction():
            for _name, sql in saved:
                conn.execute(sql)
