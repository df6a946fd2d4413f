"""What a printed (or on-screen) ticket slip shows: one frozen value, no Qt, no DB."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from shared.estimate_text import Shown
from shared.i18n import LANGS


@dataclass(frozen=True)
class Slip:
    """Everything printed on a ticket.

    ``service_name`` is in the visitor's language ``lang``; ``service_name_ja`` is the official Japanese name
    printed for staff. ``issued_at`` must be timezone-aware (printed in Asia/Tokyo time). A wait of
    ``wait`` is the shared decision of :mod:`shared.estimate_text` (one 目安, 「まもなく」 or 「窓口準備中」); None
    prints no wait line. ``route`` lists the sections of a life-event route in order (a list is accepted and
    stored as a tuple so the slip stays hashable).
    """

    display_number: str
    service_name: str
    service_name_ja: str
    issued_at: datetime
    people_ahead: int
    wait: Shown | None
    status_url: str
    lang: str
    office_name: str
    route: Sequence[str] = ()
    area: str = ""  # where to wait, in the visitor's language (or Japanese)
    area_ja: str = ""

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise ValueError(f"Slip.lang must be one of {', '.join(LANGS)}, not {self.lang!r}")
        if not self.display_number.strip():
            raise ValueError("Slip.display_number is empty")
        if self.issued_at.tzinfo is None or self.issued_at.utcoffset() is None:
            raise ValueError("Slip.issued_at must be timezone-aware (Asia/Tokyo)")
        if self.people_ahead < 0:
            raise ValueError(f"Slip.people_ahead must be >= 0, not {self.people_ahead}")
        if self.wait is not None and self.wait.kind not in ("minutes", "soon", "not_open"):
            raise ValueError(f"Slip.wait.kind must be minutes, soon or not_open, not {self.wait.kind!r}")
        if self.wait is not None and self.wait.kind == "minutes" and (self.wait.minutes or 0) <= 0:
            raise ValueError(f"Slip.wait.minutes must be > 0, not {self.wait.minutes}")
        if not self.status_url:
            raise ValueError("Slip.status_url is empty")
        object.__setattr__(self, "route", tuple(self.route))
