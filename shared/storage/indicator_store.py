"""SQL of the plan's indicators (issue #20): convenience-store counts, diversions, counter 住民票 issuance.

Tables: ``konbini_month`` (schema_forms.py); ``event`` (the ``offered`` / ``diverted`` events of 行かない and
the ``finished`` events, whose data carries the certificates a step issued from a kiosk request).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from shared.storage.backend import Database


def _days(start: str, end: str) -> list[str]:
    """Every date start … end: ``day IN (…)`` with ``type = ?`` uses the event_day index (day, type) fully,
    where ``day BETWEEN`` reads every event of the range (2× slower on a year)."""
    a, b = date.fromisoformat(start), date.fromisoformat(end)
    return [(a + timedelta(days=i)).isoformat() for i in range((b - a).days + 1)]


def _marks(items: Sequence[object]) -> str:
    return ", ".join("?" for _ in items)


def replace_konbini(db: Database, rows: Sequence[tuple[str, int]], source: str, now: float) -> int:
    """Store (month 'YYYY-MM', count) rows in one transaction; a month already stored gets the new count."""
    with db.transaction():
        db.executemany(
            "INSERT INTO konbini_month(month, count, source, imported_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(month) DO UPDATE SET count = excluded.count, source = excluded.source, "
            "imported_at = excluded.imported_at",
            [(m, c, source, now) for m, c in rows],
        )
    return len(rows)


def konbini_months(db: Database, first: str, last: str) -> dict[str, int]:
    """month -> convenience-store count for first <= month <= last ('YYYY-MM')."""
    return {
        str(r[0]): int(r[1])
        for r in db.execute(
            "SELECT month, count FROM konbini_month WHERE month BETWEEN ? AND ? ORDER BY month", (first, last)
        )
    }


def alternative_counts(db: Database, start: str, end: str) -> list[tuple[str, str, int]]:
    """(service, 'offered' | 'diverted', count) of the 行かない events of business days start … end."""
    days = _days(start, end)
    return [
        (str(r[0]), str(r[1]), int(r[2]))
        for r in db.execute(
            f"SELECT service, type, count(*) FROM event WHERE day IN ({_marks(days)}) "
            "AND type IN ('offered', 'diverted') AND service IS NOT NULL GROUP BY service, type",
            tuple(days),
        )
    ]


def finished_steps(
    db: Database, start: str, end: str, services: Sequence[str], *, pickups: bool = True
) -> list[tuple[str, int, str, str]]:
    """(business day, ticket id, service, event data JSON or '' when it records no certificates) of every
    finished service-stage step of ``services`` on days start … end, in no particular order. ``pickups``:
    some of ``services`` have a 交付 stage, whose finishes are left out (a join with ``leg``)."""
    if not services:
        return []
    days = _days(start, end)
    join, stage = ("JOIN leg l ON l.id = e.leg_id ", "AND l.stage = 'service'") if pickups else ("", "")
    return [
        (str(r[0]), int(r[1]), str(r[2]), str(r[3]))
        for r in db.execute(
            "SELECT e.day, e.ticket_id, e.service, CASE WHEN e.data LIKE '%\"certs\"%' THEN e.data ELSE '' END "
            f"FROM event e {join}WHERE e.day IN ({_marks(days)}) AND e.type = 'finished' "
            f"AND e.service IN ({_marks(services)}) AND e.ticket_id IS NOT NULL {stage}",
            (*days, *services),
        )
    ]
