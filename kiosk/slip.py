"""What a printed (or on-screen) ticket slip shows: one frozen value, no Qt, no DB."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from kiosk.slip_text import LANGS


@dataclass(frozen=True)
class Slip:
    """Everything printed on a ticket.

    ``service_name`` is in the visitor's language ``lang``; ``service_name_ja`` is the official Japanese name
    printed for staff. ``issued_at`` must be timezone-aware (printed in Asia/Tokyo time). A wait of
    ``wait_low_min``–``wait_high_min`` minutes prints as a range, or one figure when both are equal; both None
    prints no wait line. ``route`` lists the sections of a life-event route in order (a list is accepted and
    stored as a tuple so the slip stays hashable).
    """

    display_number: str
    service_name: str
    service_name_ja: str
    issued_at: datetime
    people_ahead: int
    wait_low_min: int | None
    wait_high_min: int | None
    status_url: str
    lang: str
    office_name: str
    route: Sequence[str] = ()

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise ValueError(f"Slip.lang must be one of {', '.join(LANGS)}, not {self.lang!r}")
        if not self.display_number.strip():
            raise ValueError("Slip.display_number is empty")
        if self.issued_at.tzinfo is None or self.issued_at.utcoffset() is None:
            raise ValueError("Slip.issued_at must be timezone-aware (Asia/Tokyo)")
        if self.people_ahead < 0:
            raise ValueError(f"Slip.people_ahead must be >= 0, not {self.people_ahead}")
        for name in ("wait_low_min", "wait_high_min"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"Slip.{name} must be >= 0, not {value}")
        low, high = self.wait_low_min, self.wait_high_min
        if low is not None and high is not None and low > high:
            raise ValueError(f"Slip wait range is reversed: {low} > {high}")
        if not self.status_url:
            raise ValueError("Slip.status_url is empty")
        object.__setattr__(self, "route", tuple(self.route))
