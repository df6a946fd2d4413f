"""A counter's day in numbers, for the clerk's status bar: served, transferred, no-shows, average service time.

Read from the leg table (every leg keeps the counter that served it and its start/end times). Force-closed
(expired) legs are not service and are left out, as are legs of other business days.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.storage.store import Store


@dataclass(frozen=True)
class CounterDayStats:
    served: int  # legs finished (完了) at this counter
    transferred: int
    no_show: int
    avg_service_s: float | None  # mean of ended_at - started_at over finished legs
    called: int  # calls made today (recalls not counted)


def counter_day_stats(store: Store, counter: int, day: str, since_ts: float = 0.0) -> CounterDayStats:
    """``since_ts`` (the start of the business day) only narrows the index range; ``day`` decides."""
    rows = store.db.execute(
        "SELECT leg.state, count(*), avg(CASE WHEN leg.started_at IS NOT NULL AND leg.ended_at IS NOT NULL "
        "THEN leg.ended_at - leg.started_at END) FROM leg JOIN ticket t ON t.id = leg.ticket_id "
        "WHERE leg.counter = ? AND leg.ended_at >= ? AND t.day = ? "
        "AND leg.state IN ('done', 'transferred', 'no_show') GROUP BY leg.state",
        (counter, since_ts, day),
    ).fetchall()
    by = {state: (n, avg) for state, n, avg in rows}
    called = store.db.execute(
        "SELECT count(*) FROM call WHERE counter = ? AND day = ? AND kind = 'call'", (counter, day)
    ).fetchone()[0]
    return CounterDayStats(
        served=by.get("done", (0, None))[0],
        transferred=by.get("transferred", (0, None))[0],
        no_show=by.get("no_show", (0, None))[0],
        avg_service_s=by.get("done", (0, None))[1],
        called=int(called),
    )
