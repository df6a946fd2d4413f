"""SQL of 来庁予約 (:mod:`shared.booking`): slots, bookings, and the booked legs the call policy reads.

Every write runs inside the caller's transaction (``db.transaction()``); a seat is taken only by the
conditional update in :meth:`BookingStore.take_seat`, so the database, not a Python check, refuses an overbooking.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from shared.config import Counter
from shared.policy import Candidate, Expected, OtherCounter, PolicyRules, reserve
from shared.storage.backend import Database
from shared.timeutil import from_ts

_COLS = (
    "id, number, token, service, bundle, request, day, slot_ts, channel, lang, device_hash, addr_key, state, "
    "created_at, ended_at, ticket_id"
)
ACTIVE = ("booked", "checked_in")  # states that hold a seat


@dataclass(frozen=True)
class Booking:
    id: int
    number: str
    token: str
    service: str
    bundle: str | None
    request: dict[str, Any]
    day: str
    slot_ts: float
    channel: str
    lang: str
    device_hash: str | None
    addr_key: str | None
    state: str
    created_at: float
    ended_at: float | None
    ticket_id: int | None


def _booking(row: Sequence[Any]) -> Booking:
    r = list(row)
    r[5] = json.loads(r[5] or "{}")
    return Booking(*r)


class BookingStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def transaction(self) -> AbstractContextManager[Database]:
        return self.db.transaction()

    # -- slots ------------------------------------------------------------------------------------------------
    def ensure_slot(self, service: str, start_ts: float, day: str, capacity: int) -> None:
        """Make the slot row, or follow a new profile's capacity (never below the seats already taken)."""
        self.db.execute(
            "INSERT INTO booking_slot(service, start_ts, day, capacity, taken) VALUES (?, ?, ?, ?, 0) "
            "ON CONFLICT (service, start_ts) DO UPDATE SET capacity = "
            + self.db.greatest("excluded.capacity", "booking_slot.taken"),
            (service, start_ts, day, capacity),
        )

    def take_seat(self, service: str, start_ts: float) -> bool:
        """One seat of the slot, if one is free: True when this request got it."""
        cur = self.db.execute(
            "UPDATE booking_slot SET taken = taken + 1 WHERE service = ? AND start_ts = ? AND taken < capacity",
            (service, start_ts),
        )
        return cur.rowcount == 1

    def free_seat(self, service: str, start_ts: float) -> None:
        self.db.execute(
            "UPDATE booking_slot SET taken = taken - 1 WHERE service = ? AND start_ts = ? AND taken > 0",
            (service, start_ts),
        )

    def taken(self, service: str, day: str) -> dict[float, tuple[int, int]]:
        """start_ts -> (taken, capacity) of the slots of ``service`` on ``day`` that have a row."""
        rows = self.db.execute(
            "SELECT start_ts, taken, capacity FROM booking_slot WHERE service = ? AND day = ?", (service, day)
        ).fetchall()
        return {float(s): (int(t), int(c)) for s, t, c in rows}

    # -- bookings ---------------------------------------------------------------------------------------------
    def number_exists(self, number: str) -> bool:
        return self.db.scalar("SELECT 1 FROM booking WHERE number = ?", (number,)) is not None

    def insert(
        self,
        *,
        number: str,
        token: str,
        service: str,
        bundle: str | None,
        request: dict[str, Any],
        day: str,
        slot_ts: float,
        channel: str,
        lang: str,
        device_hash: str | None,
        addr_key: str | None,
        created_at: float,
    ) -> int:
        return self.db.insert(
            "INSERT INTO booking(number, token, service, bundle, request, day, slot_ts, channel, lang, "
            "device_hash, addr_key, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?)",
            (
                number,
                token,
                service,
                bundle,
                json.dumps(request, ensure_ascii=False),
                day,
                slot_ts,
                channel,
                lang,
                device_hash,
                addr_key,
                created_at,
            ),
        )

    def get(self, booking_id: int) -> Booking | None:
        row = self.db.execute(f"SELECT {_COLS} FROM booking WHERE id = ?", (booking_id,)).fetchone()
        return None if row is None else _booking(row)

    def find(self, number_or_token: str) -> Booking | None:
        row = self.db.execute(
            f"SELECT {_COLS} FROM booking WHERE number = ? OR token = ?", (number_or_token, number_or_token)
        ).fetchone()
        return None if row is None else _booking(row)

    def by_ticket(self, ticket_id: int) -> Booking | None:
        row = self.db.execute(f"SELECT {_COLS} FROM booking WHERE ticket_id = ?", (ticket_id,)).fetchone()
        return None if row is None else _booking(row)

    def transition(self, booking_id: int, from_states: Sequence[str], to_state: str, **sets: Any) -> bool:
        """Move a booking on only from ``from_states`` (a conditional update: a double scan changes it once)."""
        cols = "".join(f", {k} = ?" for k in sets)
        marks = ", ".join("?" for _ in from_states)
        cur = self.db.execute(
            f"UPDATE booking SET state = ?{cols} WHERE id = ? AND state IN ({marks})",
            (to_state, *sets.values(), booking_id, *from_states),
        )
        return cur.rowcount == 1

    def active_count(self, column: str, key: str, day: str) -> int:
        """Active bookings of one device or address (``column``: device_hash | addr_key) for ``day``."""
        if column not in ("device_hash", "addr_key"):
            raise ValueError(column)
        return int(
            self.db.scalar(
                f"SELECT count(*) FROM booking WHERE {column} = ? AND day = ? AND state IN ('booked', 'checked_in')",
                (key, day),
            )
        )

    def unclaimed_before(self, ts: float) -> list[Booking]:
        """Bookings still 'booked' whose slot started before ``ts``."""
        rows = self.db.execute(
            f"SELECT {_COLS} FROM booking WHERE state = 'booked' AND slot_ts < ? ORDER BY slot_ts, id", (ts,)
        ).fetchall()
        return [_booking(r) for r in rows]

    def of_day(self, day: str) -> list[Booking]:
        rows = self.db.execute(
            f"SELECT {_COLS} FROM booking WHERE day = ? ORDER BY slot_ts, id", (day,)
        ).fetchall()
        return [_booking(r) for r in rows]

    def of_days(self, first: str, last: str) -> list[Booking]:
        rows = self.db.execute(
            f"SELECT {_COLS} FROM booking WHERE day >= ? AND day <= ? ORDER BY slot_ts, id", (first, last)
        ).fetchall()
        return [_booking(r) for r in rows]

    # -- the booked leg ---------------------------------------------------------------------------------------
    def mark_leg(self, leg_id: int, slot_ts: float) -> None:
        self.db.execute("UPDATE leg SET slot_ts = ? WHERE id = ?", (slot_ts, leg_id))

    def leg_slot(self, leg_id: int) -> float | None:
        v = self.db.scalar("SELECT slot_ts FROM leg WHERE id = ?", (leg_id,))
        return None if v is None else float(v)

    def expected(self, day: str, services: Sequence[str], before_ts: float) -> list[tuple[str, float, bool]]:
        """Today's appointments for ``services`` with a slot before ``before_ts`` that a counter may still have
        to take: (service, slot start, here) — booked and not checked in yet (here False), or checked in and
        still waiting (here True). Empty without a booked one, the only case :func:`shared.policy.reserve` acts."""
        marks = ", ".join("?" for _ in services)
        rows = self.db.execute(
            f"SELECT service, slot_ts FROM booking WHERE day = ? AND state = 'booked' AND slot_ts < ? "
            f"AND service IN ({marks})",
            (day, before_ts, *services),
        ).fetchall()
        if not rows:
            return []
        here = self.db.execute(
            f"SELECT queue, slot_ts FROM leg WHERE state = 'waiting' AND slot_ts IS NOT NULL AND slot_ts < ? "
            f"AND queue IN ({marks})",
            (before_ts, *services),
        ).fetchall()
        return [(str(q), float(t), False) for q, t in rows] + [(str(q), float(t), True) for q, t in here]

    def reservation(
        self,
        counter: int,
        services: Sequence[str],
        walk_in: Candidate,
        now_ts: float,
        day: str,
        rules: PolicyRules,
        plan: Sequence[Counter] = (),
        dedicated: bool = False,
    ) -> float | None:
        """The slot this counter keeps itself free for instead of calling ``walk_in`` (:func:`shared.policy.reserve`),
        from today's appointments and the other open counters; ``plan``: the profile's counters, whose ``breaks``
        say which of them go to lunch before the walk-in would end (they cover nothing) and which are 予約 counters
        (``dedicated``: this one is, and only those cover). Reads nothing more unless an
        appointment not checked in yet has a slot before the walk-in's expected end."""
        ends = now_ts + rules.service_s.get(walk_in.queue.split(":")[0], 0.0) * rules.reserve_factor
        queues = [q for q in services if ":" not in q]
        expected = self.expected(day, queues, ends) if (rules.reserve or dedicated) and queues else []
        if not any(not here and t + rules.reserve_late_s > now_ts for _, t, here in expected):
            return None
        run = (
            self.booked_run(counter, day, rules.max_booked_in_row)
            if rules.max_booked_in_row > 0 and not dedicated
            else 0
        )
        rows = self.db.execute(
            "SELECT c.number, c.services, l.queue, l.called_at, l.started_at FROM counter c LEFT JOIN leg l "
            "ON l.counter = c.number AND l.state IN ('called', 'serving') WHERE c.state = 'open' AND c.number <> ?",
            (counter,),
        ).fetchall()
        breaks = {c.number: c.breaks for c in plan}
        dedicated_ones = {c.number for c in plan if c.booking}
        others = []
        for number, served, queue, called, started in rows:
            free = now_ts
            if queue is not None:
                begun = started if started is not None else called
                free = max(now_ts, float(begun) + rules.service_s.get(str(queue).split(":")[0], 0.0))
            t0, t1 = from_ts(free).time(), from_ts(ends).time()
            if any(b0 < t1 and t0 < b1 for b0, b1 in breaks.get(number, ())):
                continue  # its clerk goes to lunch (or is there) before the walk-in here would end
            others.append(OtherCounter(frozenset(json.loads(served)), free, number in dedicated_ones))
        exp = [Expected(q, t, h) for q, t, h in expected]
        return reserve(walk_in, now_ts, rules, exp, others, run, dedicated)

    def booked_run(self, counter: int, day: str, limit: int) -> int:
        """How many of this counter's latest calls today, in a row, were of booked legs (at most ``limit``)."""
        rows = self.db.execute(
            "SELECT leg.slot_ts FROM call JOIN leg ON leg.id = call.leg_id WHERE call.counter = ? "
            "AND call.day = ? AND call.kind = 'call' ORDER BY call.id DESC LIMIT ?",
            (counter, day, limit),
        ).fetchall()
        n = 0
        for (slot,) in rows:
            if slot is None:
                break
            n += 1
        return n
