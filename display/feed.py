"""New calls for one display: the append-only call log read by "id greater than the last seen". Qt-free.

At start-up the feed begins at the newest row, so a restarted display shows the current state (``read_board``)
without announcing old calls again. Every later row is seen exactly once, in commit order; a recall is a new row
and so is announced again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from display.announcement import Announcement
from shared.config import DisplayProfile, OfficeConfig
from shared.engine import QueueEngine
from shared.models import Call
from shared.timeutil import to_ts

log = logging.getLogger(__name__)

BATCH = 500
STALE_S = 120.0  # after an outage, calls older than this are shown but no longer announced


class CallFeed:
    def __init__(self, engine: QueueEngine, accept: Callable[[Call], bool]) -> None:
        self.engine = engine
        self.accept = accept
        self.last_id = engine.store.last_call_id()

    def poll(self) -> list[Call]:
        """Calls committed since the last poll that this display shows, oldest first."""
        out: list[Call] = []
        last = self.last_id
        while True:  # read everything first: if the DB fails half-way, nothing is marked as seen
            batch = self.engine.calls_since(last, BATCH)
            if not batch:
                break
            last = batch[-1].id
            out += [c for c in batch if self.accept(c)]
            if len(batch) < BATCH:
                break
        if last == self.last_id:
            newest = self.engine.store.last_call_id()
            if newest < last:  # the DB was replaced (restored from a backup): follow the new log from its end
                log.warning("call log went back from id %d to %d; following the new log", last, newest)
                last = newest
        self.last_id = last
        return out


def is_fresh(call: Call, now: datetime) -> bool:
    return to_ts(now) - call.ts <= STALE_S


def announcement_for(call: Call, config: OfficeConfig, profile: DisplayProfile) -> Announcement:
    """The words for one call: 大変お待たせいたしました past ``queue.long_wait_min``, 交付窓口 for a pickup call,
    English when the profile asks for it."""
    return Announcement(
        number=call.display,
        counter=call.counter,
        long_wait=call.waited_s >= config.queue.long_wait_min * 60,
        pickup=call.stage == "pickup",
        english=profile.english,
        call_id=call.id,
    )
