"""来庁予約: appointments merged with the walk-in queue (``[booking]`` of the office profile).

The verbs, each one transaction over the office database (``now`` always passed in):

- :meth:`BookingDesk.book` takes one seat of a slot for a service or a life event (its first step's capacity)
  and returns the booking with its number (typed at the kiosk) and token (its QR code and cancel link);
- :meth:`BookingDesk.cancel` frees the seat at once;
- :meth:`BookingDesk.check_in` at the kiosk: from ``checkin_open_min`` before the slot up to ``grace_min`` after
  its start, a ticket whose first leg carries the slot time (the call policy, :mod:`shared.policy`, puts a due
  appointment ahead of walk-ins within a fairness cap); later, a normal walk-in ticket and the kind words that
  say so (``late`` on the result); earlier, a clear error that says when check-in opens;
- :meth:`BookingDesk.expire` (the scheduler's job, and before every check-in): slots nobody claimed by the end
  of the grace time become no-shows and their seats return.

A slot's capacity is the bookable share of the service's capacity in the staffing plan (the profile's
counters, see :mod:`shared.booking_settings`). The seat is taken by one conditional update in the database
(:class:`~shared.storage.booking_store.BookingStore`), so concurrent requests never overbook.

The ticket of a booked visitor has an ordinary number from its service's sequence, so the hall display cannot
tell who booked; the counter reads :meth:`BookingDesk.of_ticket` for its 予約 mark and the slot time.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from shared.booking_settings import BookingSettings
from shared.calendar import opening_span, service_closed_reason
from shared.config import Counter, OfficeConfig
from shared.engine import QueueEngine
from shared.errors import ConflictError, DomainError, NotFoundError
from shared.models import Outcome
from shared.storage.booking_store import Booking, BookingStore
from shared.timeutil import TOKYO, at, business_day, from_ts, to_ts

NUMBER_DIGITS = 8
BOOKING_EVENT = "booking"  # the event type of every booking change (data.action says which)


@dataclass(frozen=True)
class Slot:
    start: datetime
    capacity: int
    taken: int
    bookable: bool  # False: past the cut-off (or already begun)

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.taken)


@dataclass(frozen=True)
class CheckIn:
    outcome: Outcome
    booking: Booking
    late: bool  # True: past the grace time, the visitor became a walk-in (say so kindly)
    again: bool = False  # True: this booking had already checked in; its ticket is returned again


def format_number(number: str) -> str:
    """``12345678`` as ``1234-5678`` (how it is printed and read aloud)."""
    return f"{number[:4]}-{number[4:]}" if len(number) == NUMBER_DIGITS else number


def clean_key(raw: str) -> str:
    """A typed booking number (hyphens, spaces, full-width digits allowed) or a QR token, as stored."""
    import unicodedata

    text = unicodedata.normalize("NFKC", raw or "").strip()
    digits = "".join(ch for ch in text if ch not in " -\t")
    if digits.isdigit() and digits.isascii():
        return digits
    return text


def open_share(counter: Counter, start: time, end: time) -> float:
    """How much of ``[start, end)`` the counter is staffed by its plan (``breaks``): 0 when its clerk is on a
    break at ``start`` itself (a booked visitor due then would wait for the break to end)."""
    span = _minutes(end) - _minutes(start)
    if span <= 0:
        return 0.0
    off = 0.0
    for b0, b1 in counter.breaks:
        if b0 <= start < b1:
            return 0.0
        off += max(0.0, min(_minutes(b1), _minutes(end)) - max(_minutes(b0), _minutes(start)))
    return max(0.0, 1.0 - off / span)


def _minutes(t: time) -> float:
    return t.hour * 60 + t.minute + t.second / 60


def slot_capacity(config: OfficeConfig, service: str, start: datetime | None = None) -> int:
    """Seats per slot for ``service``: the bookable share of what the counters that serve it can do in the slot
    starting at ``start`` — each counter weighted by the share of the slot it is staffed (its ``breaks``: a
    counter whose clerk is at lunch at the slot start gives nothing), split between the services it serves.
    Without ``start``: a slot with every counter staffed."""
    s = config.booking
    svc = config.service(service)
    t0 = start.astimezone(TOKYO).time() if start is not None else None
    t1 = (start + timedelta(minutes=s.slot_min)).astimezone(TOKYO).time() if start is not None else None
    counters = 0.0
    for c in config.counters:
        served = [q for q in c.services if ":" not in q]
        if service in served:
            staffed = 1.0 if t0 is None or t1 is None else open_share(c, t0, t1 if t1 > t0 else time.max)
            counters += staffed / len(served)
    visits = counters * s.slot_min / max(svc.service_min, 0.1)
    return int(visits * s.share_for(service) + 0.5)


def no_show_sweeps(config: OfficeConfig, day: date) -> list[datetime]:
    """When the scheduler marks no-shows on ``day``: one minute after each slot's grace time ends."""
    s = config.booking
    span = opening_span(day, config.hours)
    if not s.enabled or span is None:
        return []
    out = []
    t, end = at(day, s.hours[0]), min(at(day, s.hours[1]), at(day, span[1]))
    while t < end:
        out.append(t + timedelta(minutes=s.grace_min + 1))
        t += timedelta(minutes=s.slot_min)
    return out


class BookingDesk:
    """The booking verbs over one office's engine (and its database connection)."""

    def __init__(self, engine: QueueEngine) -> None:
        self.engine = engine
        self.store = BookingStore(engine.store.db)

    @property
    def config(self) -> OfficeConfig:
        return self.engine.config

    @property
    def settings(self) -> BookingSettings:
        return self.engine.config.booking

    # -- what can be booked -----------------------------------------------------------------------------------
    def pool(self, service: str | None, bundle: str | None) -> str:
        """The service whose capacity a booking uses: the service, or the life event's first step."""
        if bundle is not None:
            try:
                b = self.config.bundle(bundle)
            except KeyError:
                raise NotFoundError("unknown_bundle", bundle=bundle) from None
            code = b.steps[0].service
        elif service is not None:
            code = service
            if code not in self.engine.services:
                raise NotFoundError("unknown_service", service=code)
        else:
            raise DomainError("empty_route")
        if not self.settings.enabled or code not in self.settings.services:
            raise DomainError("booking_not_offered", service=code)
        return code

    def bookable_services(self) -> list[str]:
        return (
            [c for c in self.settings.services if c in self.engine.services] if self.settings.enabled else []
        )

    def bookable_bundles(self) -> list[str]:
        codes = set(self.bookable_services())
        return [b.code for b in self.config.bundles if b.steps[0].service in codes]

    def slot_starts(self, service: str, day: date) -> list[datetime]:
        """Every slot start of ``service`` on ``day``: inside the booking hours, the opening hours, and before
        the service's cut-off for the whole slot."""
        s = self.settings
        span = opening_span(day, self.config.hours)
        if span is None:
            return []
        opens, closes = at(day, span[0]), at(day, span[1])
        step = timedelta(minutes=s.slot_min)
        svc = self.engine.services[service]
        out = []
        t = at(day, s.hours[0])  # slots start on the grid of the booking hours, e.g. 09:00, 09:30 …
        while t < at(day, s.hours[1]) and t + step <= closes:
            end = t + step - timedelta(seconds=1)
            if (
                t >= opens
                and service_closed_reason(t, self.config.hours, svc) is None
                and (svc.cutoff is None or end.time() < svc.cutoff)
            ):
                out.append(t)
            t += step
        return out

    def days(self, service: str, now: datetime) -> list[date]:
        """The days within the horizon that have at least one slot still bookable."""
        today = business_day(now, self.config.queue.day_rollover)
        out = []
        for k in range(self.settings.horizon_days + 1):
            d = today + timedelta(days=k)
            if any(self._bookable(t, now) for t in self.slot_starts(service, d)):
                out.append(d)
        return out

    def _bookable(self, start: datetime, now: datetime) -> bool:
        s = self.settings
        today = business_day(now, self.config.queue.day_rollover)
        return (
            start - now >= timedelta(minutes=s.cutoff_min)
            and start > now
            and (start.astimezone(TOKYO).date() - today).days <= s.horizon_days
        )

    def slots(self, service: str, day: date, now: datetime) -> list[Slot]:
        """The slots of ``service`` on ``day`` with their seats (a slot nobody booked yet has all free)."""
        taken = self.store.taken(service, day.isoformat())
        out = []
        for t in self.slot_starts(service, day):
            cap = slot_capacity(self.config, service, t)
            used, _stored = taken.get(to_ts(t), (0, cap))
            # the next booking sets the slot to the current profile's capacity (never below its seats taken)
            out.append(Slot(start=t, capacity=max(cap, used), taken=used, bookable=self._bookable(t, now)))
        return out

    # -- the verbs --------------------------------------------------------------------------------------------
    def book(
        self,
        *,
        start: datetime,
        now: datetime,
        service: str | None = None,
        bundle: str | None = None,
        answers: dict[int, bool] | None = None,
        channel: str = "web",
        lang: str = "ja",
        device_hash: str | None = None,
        addr_key: str | None = None,
    ) -> Booking:
        """One seat of the slot at ``start`` for a service or a life event; raises when the slot is full,
        past its cut-off, not a slot, or the device/address already holds its limit of bookings that day."""
        code = self.pool(service, bundle)
        if channel not in ("web", "staff", "kiosk"):
            raise DomainError("unknown_channel", channel=channel)
        start = start.astimezone(TOKYO)
        day = business_day(start, self.config.queue.day_rollover)
        if start not in self.slot_starts(code, day):
            raise DomainError("booking_no_slot", slot=start.strftime("%Y-%m-%d %H:%M"))
        if not self._bookable(start, now):
            raise DomainError("booking_closed", slot=start.strftime("%Y-%m-%d %H:%M"))
        s, ts, slot_ts = self.settings, to_ts(now), to_ts(start)
        request: dict[str, Any] = {}
        if answers:
            request["answers"] = {str(k): bool(v) for k, v in answers.items()}
        with self.store.transaction():
            if device_hash and self.store.active_count("device_hash", device_hash, day.isoformat()) >= (
                s.per_device_per_day
            ):
                raise DomainError("booking_limit_device", limit=s.per_device_per_day)
            if addr_key and self.store.active_count("addr_key", addr_key, day.isoformat()) >= (
                s.per_address_per_day
            ):
                raise DomainError("booking_limit_address", limit=s.per_address_per_day)
            self.store.ensure_slot(code, slot_ts, day.isoformat(), slot_capacity(self.config, code, start))
            if not self.store.take_seat(code, slot_ts):
                raise ConflictError("booking_full", slot=start.strftime("%H:%M"))
            number = self._new_number()
            token = secrets.token_urlsafe(18)
            bid = self.store.insert(
                number=number,
                token=token,
                service=code,
                bundle=bundle,
                request=request,
                day=day.isoformat(),
                slot_ts=slot_ts,
                channel=channel,
                lang=lang,
                device_hash=device_hash,
                addr_key=addr_key,
                created_at=ts,
            )
            self._event(ts, "booked", bid, code, {"slot_ts": slot_ts, "channel": channel})
            b = self.store.get(bid)
        assert b is not None
        return b

    def _new_number(self) -> str:
        while True:  # 10^8 numbers: a clash is rare, and the UNIQUE key would refuse one anyway
            number = f"{secrets.randbelow(9 * 10 ** (NUMBER_DIGITS - 1)) + 10 ** (NUMBER_DIGITS - 1)}"
            if not self.store.number_exists(number):
                return number

    def _event(self, ts: float, action: str, booking_id: int, service: str, data: dict[str, Any]) -> None:
        self.engine.store.add_event(
            ts=ts,
            day=self.engine.day(from_ts(ts)),
            type=BOOKING_EVENT,
            ticket_id=data.pop("ticket_id", None),
            leg_id=None,
            service=service,
            counter=None,
            actor=data.pop("actor", None),
            data={"action": action, "booking": booking_id, **data},
        )

    def find(self, key: str) -> Booking | None:
        return self.store.find(clean_key(key))

    def cancel(self, key: str, *, now: datetime, actor: str | None = None) -> Booking:
        """Cancel a booking that has not been used yet; its seat is free again at once."""
        ts = to_ts(now)
        with self.store.transaction():
            b = self.find(key)
            if b is None:
                raise NotFoundError("booking_unknown")
            if b.state == "cancelled":
                return b
            if not self.store.transition(b.id, ("booked",), "cancelled", ended_at=ts):
                raise DomainError("booking_used", state=b.state)
            self.store.free_seat(b.service, b.slot_ts)
            self._event(ts, "cancelled", b.id, b.service, {"actor": actor})
            out = self.store.get(b.id)
        assert out is not None
        return out

    def check_in(self, key: str, *, now: datetime, lang: str | None = None) -> CheckIn:
        """The visitor with this booking has arrived (number typed or QR scanned at the kiosk)."""
        s, ts, today = self.settings, to_ts(now), self.engine.day(now)
        with self.store.transaction():
            self.expire(now)
            b = self.find(key)
            if b is None:
                raise NotFoundError("booking_unknown")
            if b.state == "cancelled":
                raise DomainError("booking_cancelled")
            if b.state in ("checked_in", "late") and b.ticket_id is not None:
                t = self.engine.store.ticket(b.ticket_id)
                leg = self.engine.store.open_leg(b.ticket_id) or self.engine.store.last_leg(b.ticket_id)
                out = Outcome(ticket=t, leg=leg, events=())
                return CheckIn(outcome=out, booking=b, late=b.state == "late", again=True)
            slot = from_ts(b.slot_ts)
            opens = slot - timedelta(minutes=s.checkin_open_min)
            if b.day > today or now < opens:
                raise DomainError("booking_too_early", day=b.day, time=opens.strftime("%H:%M"))
            if b.day < today:
                raise NotFoundError("booking_other_day", day=b.day)
            late = b.state == "no_show" or now > slot + timedelta(minutes=s.grace_min)
            request: dict[str, Any] = {"booking": b.number, "slot_ts": b.slot_ts, "late": late}
            common: dict[str, Any] = {
                "now": now,
                "channel": "kiosk",
                "lang": lang or b.lang,
                "actor": "booking",
            }
            if b.bundle is not None:
                answers = {int(k): bool(v) for k, v in b.request.get("answers", {}).items()}
                out = self.engine.issue_bundle(b.bundle, answers, request=request, **common)
            else:
                out = self.engine.issue(b.service, request=request, **common)
            assert out.ticket is not None and out.leg is not None
            if not late:
                self.store.mark_leg(out.leg.id, b.slot_ts)
            state = "late" if late else "checked_in"
            if not self.store.transition(b.id, ("booked", "no_show"), state, ticket_id=out.ticket.id):
                raise ConflictError("taken")
            self._event(ts, state, b.id, b.service, {"ticket_id": out.ticket.id, "slot_ts": b.slot_ts})
            booking = self.store.get(b.id)
        assert booking is not None
        return CheckIn(outcome=out, booking=booking, late=late)

    def expire(self, now: datetime) -> int:
        """Bookings nobody checked in for by the end of the grace time become no-shows; their seats return."""
        ts = to_ts(now)
        cut = ts - self.settings.grace_min * 60
        n = 0
        with self.store.transaction():
            for b in self.store.unclaimed_before(cut):
                if self.store.transition(b.id, ("booked",), "no_show", ended_at=ts):
                    self.store.free_seat(b.service, b.slot_ts)
                    self._event(ts, "no_show", b.id, b.service, {"slot_ts": b.slot_ts})
                    n += 1
        return n

    # -- reading ----------------------------------------------------------------------------------------------
    def of_ticket(self, ticket_id: int) -> Booking | None:
        """The booking a ticket was issued for (the counter's 予約 mark), or None for a walk-in."""
        return self.store.by_ticket(ticket_id)

    def of_day(self, day: str) -> list[Booking]:
        return self.store.of_day(day)
