"""``[booking]`` of the office profile: 来庁予約 (appointments), checked by the one validator (shared.config).

Example::

    [booking]
    enabled = true
    services = ["MOVE", "KOSEKI"]      # bookable services (and every life event whose first step is one)
    slot_min = 30                      # slot length
    horizon_days = 14                  # how far ahead a slot may be booked
    cutoff_min = 60                    # booking closes this long before the slot starts
    hours = ["09:00", "16:00"]         # slots start inside this span (and inside the opening hours)
    share = 0.3                        # share of each service's capacity (from the counters) that may be booked
    shares = { MOVE = 0.4 }            # per-service overrides
    checkin_open_min = 30              # check-in at the kiosk opens this long before the slot
    grace_min = 10                     # later than this after the slot start: a normal walk-in ticket
    max_in_row = 2                     # fairness: due appointments called in a row before a waiting walk-in
    call_ahead_min = 5                 # a checked-in appointment is due this long before its slot
    hold = false                       # keep a counter free for an appointment not checked in yet (see below)
    per_device_per_day = 2             # active bookings per phone per day
    per_address_per_day = 1            # active bookings per e-mail address per day

A service's capacity per slot is taken from the staffing plan (the profile's counters and their ``breaks``, the
lunch rotation): each counter that serves it gives ``slot_min / service_min`` visits times the share of the slot
it is staffed (nothing if its clerk is on a break at the slot start), divided by the number of services that
counter serves; the bookable share of that, rounded, is the slot's capacity.

``hold`` (off by default): a counter keeps itself free for an appointment not checked in yet when the walk-in it
would start (taken as 1.25 × its mean: visits vary) runs past the slot and no other counter serving the service is
expected to be free by then (:func:`shared.policy.reserve`), until the visitor checks in or the grace time ends;
idle counter time is the price (``madoguchi bench booking`` prints it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from shared.validation import Table


@dataclass(frozen=True)
class BookingSettings:
    enabled: bool = False
    services: tuple[str, ...] = ()
    slot_min: int = 30
    horizon_days: int = 14
    cutoff_min: int = 60
    hours: tuple[time, time] = (time(9, 0), time(16, 0))
    share: float = 0.3
    shares: dict[str, float] = field(default_factory=dict)
    checkin_open_min: int = 30
    grace_min: int = 10
    max_in_row: int = 2
    call_ahead_min: int = 5
    hold: bool = False
    per_device_per_day: int = 2
    per_address_per_day: int = 1

    def share_for(self, service: str) -> float:
        return self.shares.get(service, self.share)


KEYS: tuple[str, ...] = tuple(BookingSettings.__dataclass_fields__)


def parse_booking(t: Table, codes: Iterable[str]) -> BookingSettings:
    """``[booking]`` checked against the office's service codes; raises ConfigError naming ``booking.<key>``."""
    t.only(KEYS)
    d = BookingSettings()
    known = sorted(codes)

    def code(v: Any, key: str) -> str:
        return t.check_text(v, key, choices=known)

    services = tuple(t.array("services", [], code, max_len=100))
    shares_t = t.table("shares")
    shares: dict[str, float] = {}
    for k in shares_t:
        shares_t.check_text(k, k, choices=known)
        shares[k] = shares_t.number(k, lo=0.0, hi=1.0)
    enabled = t.flag("enabled", d.enabled)
    if enabled and not services:
        raise t.fail("services", 'name at least one bookable service, e.g. services = ["MOVE"]')
    out = BookingSettings(
        enabled=enabled,
        services=services,
        slot_min=t.whole("slot_min", d.slot_min, lo=5, hi=240),
        horizon_days=t.whole("horizon_days", d.horizon_days, lo=1, hi=180),
        cutoff_min=t.whole("cutoff_min", d.cutoff_min, lo=0, hi=7 * 24 * 60),
        hours=t.span("hours", d.hours),
        share=t.number("share", d.share, lo=0.0, hi=1.0),
        shares=shares,
        checkin_open_min=t.whole("checkin_open_min", d.checkin_open_min, lo=0, hi=240),
        grace_min=t.whole("grace_min", d.grace_min, lo=0, hi=240),
        max_in_row=t.whole("max_in_row", d.max_in_row, lo=0, hi=100),
        call_ahead_min=t.whole("call_ahead_min", d.call_ahead_min, lo=0, hi=60),
        hold=t.flag("hold", d.hold),
        per_device_per_day=t.whole("per_device_per_day", d.per_device_per_day, lo=1, hi=100),
        per_address_per_day=t.whole("per_address_per_day", d.per_address_per_day, lo=1, hi=100),
    )
    return out
