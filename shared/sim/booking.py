"""来庁予約 in the ward-day simulator: a share of the visitors to bookable services book a slot the day before,
then arrive around it and check in at the kiosk (:class:`~shared.booking.BookingDesk`) instead of taking a ticket.

:func:`with_bookings` turns a day's arrivals into that mix (same arrivals, same seed: the 0 % run is the
baseline); :func:`booking_waits` reads the day back: each booked visitor's wait after the slot time and the
walk-ins' waits, from the same event tables production writes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from shared.booking import BookingDesk
from shared.booking_settings import BookingSettings
from shared.config import OfficeConfig
from shared.engine import QueueEngine
from shared.errors import DomainError
from shared.sim.arrivals import Arrival
from shared.sim.scenario import Shift
from shared.timeutil import TOKYO, at, to_ts

BOOKABLE = (
    "MOVE",
    "KOSEKI",
    "NHI",
    "PENSION",
    "CHILD",
    "MYNA",
)  # the long procedures offices take bookings for
ARRIVE_MEAN_MIN = -6.0  # booked visitors arrive on average 6 min before their slot …
ARRIVE_SD_MIN = 6.0  # … give or take (the tail past the grace time becomes a walk-in)
NO_SHOW = 0.08  # booked visitors who never come


@dataclass(frozen=True)
class BookedDay:
    arrivals: list[Arrival]
    wanted: int  # visitors who tried to book
    booked: int  # … and got a slot (the rest came as walk-ins)
    no_shows: int


def booking_config(
    config: OfficeConfig,
    share: float,
    staff: Sequence[Shift] = (),
    desks: bool = False,
    **settings_kw: Any,
) -> OfficeConfig:
    """The office with bookings on for :data:`BOOKABLE`, ``share`` of each one's capacity bookable (``settings_kw``:
    other ``[booking]`` keys, e.g. ``call_ahead_min`` or ``hold``). ``staff``: the scenario's staffing schedule,
    whose breaks become the counters' ``breaks`` (the plan the slot capacity is taken from). ``desks``: the
    :func:`booking_desks` become 予約 counters (``booking = true``)."""
    services = tuple(s for s in BOOKABLE if s in config.service_map())
    settings = BookingSettings(enabled=share > 0, services=services, share=share, cutoff_min=0)
    settings = dataclasses.replace(settings, **settings_kw)
    breaks = {sh.counter: sh.breaks for sh in staff}
    chosen = booking_desks(config, services) if desks else set()
    counters = tuple(
        dataclasses.replace(c, breaks=breaks.get(c.number, c.breaks), booking=c.number in chosen)
        for c in config.counters
    )
    return dataclasses.replace(config, booking=settings, counters=counters)


def booking_desks(config: OfficeConfig, services: Sequence[str] = BOOKABLE) -> set[int]:
    """One 予約 counter per family of bookable services (services that share counters, e.g. MOVE and KOSEKI):
    the counter serving most of the family's bookable services, ties to the one that lists the family's first
    service (in ``services`` order: MOVE before KOSEKI) first, then the lowest number. In the sample office:
    5 (MOVE, KOSEKI — 4 serves MOVE only, 6 takes KOSEKI first), 8 (NHI, PENSION), 9 (CHILD), 10 (MYNA)."""
    order = {s: i for i, s in enumerate(services)}
    family = {s: {s} for s in services}
    for c in config.counters:
        served = [s for s in c.services if s in order]
        for s in served[1:]:
            merged = family[served[0]] | family[s]
            for t in merged:
                family[t] = merged
    out = set()
    for fam in {frozenset(f) for f in family.values()}:
        first = min(fam, key=order.__getitem__)
        best = max(
            (c for c in config.counters if fam & set(c.services)),
            key=lambda c: (len(fam & set(c.services)), c.services[0] == first, -c.number),
            default=None,
        )
        if best is not None:
            out.add(best.number)
    return out


def with_bookings(
    engine: QueueEngine, arrivals: Sequence[Arrival], day: date, share: float, rng: np.random.Generator
) -> BookedDay:
    """Arrivals where ``share`` of the visitors to bookable services booked (the slot they would have come in,
    else the nearest free one within an hour) the day before and arrive around it."""
    desk = BookingDesk(engine)
    if share <= 0 or not desk.settings.enabled:
        return BookedDay(list(arrivals), 0, 0, 0)
    bookable = set(desk.bookable_services())
    slot_s = desk.settings.slot_min * 60.0
    booked_at = at(day - timedelta(days=1), datetime.min.time().replace(hour=12))
    out: list[Arrival] = []
    wanted = booked = no_shows = 0
    for a in sorted(arrivals, key=lambda a: a.ts):
        pool = a.code if a.kind == "service" else engine.config.bundle(a.code).steps[0].service
        if pool not in bookable or a.priority or rng.random() >= share:
            out.append(a)
            continue
        wanted += 1
        starts = [to_ts(s) for s in desk.slot_starts(pool, day)]
        near = sorted(
            (s for s in starts if abs(s + slot_s / 2 - a.ts) <= 3600.0), key=lambda s: abs(s - a.ts)
        )
        b = None
        for s in near:
            try:
                b = desk.book(
                    service=None if a.kind == "bundle" else pool,
                    bundle=a.code if a.kind == "bundle" else None,
                    answers=a.answers or None,
                    start=datetime.fromtimestamp(s, TOKYO),
                    now=booked_at,
                    channel="web",
                )
                break
            except DomainError:
                continue
        if b is None:
            out.append(a)  # every slot nearby is full: they come as walk-ins
            continue
        booked += 1
        if rng.random() < NO_SHOW:
            no_shows += 1
            continue
        earliest = b.slot_ts - desk.settings.checkin_open_min * 60.0 + 1.0
        ts = max(earliest, b.slot_ts + float(rng.normal(ARRIVE_MEAN_MIN, ARRIVE_SD_MIN)) * 60.0)
        out.append(Arrival(ts, "booking", b.number, household=a.household))
    return BookedDay(sorted(out, key=lambda a: a.ts), wanted, booked, no_shows)


@dataclass(frozen=True)
class BookingWaits:
    booked_after_slot_s: list[
        float
    ]  # booked visitors who checked in on time: first call − max(slot, check-in)
    booked_from_slot_s: list[float]  # … the same calls against the slot alone: first call − slot (< 0: early)
    late: int  # booked visitors past the grace time (walk-ins now)
    walk_in_s: list[float]  # walk-ins' first-step waits (arrival → first call), bookable services only
    walk_in_all_s: list[float]  # every walk-in's first-step wait


def booking_waits(engine: QueueEngine, day: str, bookable: Sequence[str] = BOOKABLE) -> BookingWaits:
    """The day's first-step waits from the event tables. A wait ends at the leg's *first* call: a visitor who
    missed it and came back later (no-show, then reactivated) was called then (``leg.called_at`` says the
    last call)."""
    db = engine.store.db
    rows = db.execute(
        "SELECT leg.queue, leg.entered_at, min(c.ts), leg.slot_ts, b.state FROM leg "
        "JOIN ticket t ON t.id = leg.ticket_id LEFT JOIN booking b ON b.ticket_id = t.id "
        "JOIN call c ON c.leg_id = leg.id AND c.kind = 'call' "
        "WHERE t.day = ? AND leg.step = 0 AND leg.parent_leg_id IS NULL "
        "GROUP BY leg.id, leg.queue, leg.entered_at, leg.slot_ts, b.state",
        (day,),
    ).fetchall()
    booked, from_slot, walk, walk_all, late = [], [], [], [], 0
    for queue, entered, called, slot, state in rows:
        if slot is not None:
            booked.append(max(0.0, called - max(slot, entered)))
            from_slot.append(called - slot)
            continue
        if state == "late":
            late += 1
        wait = max(0.0, called - entered)
        walk_all.append(wait)
        if queue in bookable:
            walk.append(wait)
    return BookingWaits(booked, from_slot, late, walk, walk_all)
