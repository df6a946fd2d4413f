"""The counter console's queue list: waiting and held legs with only the ticket fields the list shows.

Lighter than ``Store.queue_entries`` (no request/route JSON, no full Ticket objects): the console re-reads it on
every change, with hundreds of people waiting at the March peak.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from shared.storage.store import Store


@dataclass(frozen=True)
class QueueItem:
    leg_id: int
    queue: str
    state: str  # waiting | held
    sort_key: float
    counter: int | None  # for a held leg: the counter that put it on hold
    display: str
    priority: int
    checked_in: bool
    access: tuple[str, ...]
    lang: str
    issued_at: float
    slot_ts: float | None = None  # 来庁予約: the slot a checked-in booking ranks at (shared.booking)


_COLS = (
    "leg.id, leg.queue, leg.state, leg.sort_key, leg.counter, t.display, t.priority, t.checked_in, t.access, "
    "t.lang, t.issued_at, leg.slot_ts"
)


def queue_items(store: Store, queues: Sequence[str]) -> list[QueueItem]:
    """Waiting and held legs of ``queues``, in queue order (sort key, then leg id).

    Two index lookups (the partial ``leg_waiting`` and ``leg_held`` indexes), never a scan of the leg history.
    """
    if not queues:
        return []
    marks = ", ".join("?" for _ in queues)
    part = f"SELECT {_COLS} FROM leg JOIN ticket t ON t.id = leg.ticket_id WHERE leg.queue IN ({marks}) AND leg.state = "
    rows = store.db.execute(
        f"{part}'waiting' UNION ALL {part}'held' ORDER BY 4, 1", (*queues, *queues)
    ).fetchall()
    return [
        QueueItem(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            bool(r[7]),
            tuple(json.loads(r[8])) if r[8] != "[]" else (),
            r[9],
            r[10],
            r[11],
        )
        for r in rows
    ]
