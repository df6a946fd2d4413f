"""Reading what a visitor types or a barcode scanner "types" at the check-in field (no Qt).

A scanner sends the QR payload of a web ticket (the status URL ``…/t/<token>``) as keystrokes plus Enter; a
visitor may type the token or the ticket number instead ("W12", "ｗ０１２" and "W012" are the same ticket).
A 来庁予約 booking comes as its page's QR (``…/b/<token>``) or its 8-digit number ("1234-5678", full-width too).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
_NUMBER = re.compile(r"^([A-Z])[-\s]?0*(\d{1,4})$")
_BOOKING = re.compile(r"^\d{4}[-\s]?\d{4}$")


@dataclass(frozen=True)
class CheckinInput:
    token: str | None = None
    display: str | None = None
    booking: str | None = None  # a booking's token or its 8-digit number (shared.booking)


def parse_checkin(text: str) -> CheckinInput:
    """A token (from a status URL or typed) or a ticket number; raises ValueError for anything else."""
    raw = unicodedata.normalize("NFKC", text or "").strip()
    if not raw:
        raise ValueError("empty input")
    if "/b/" in raw:
        path = urlsplit(raw).path if "://" in raw else raw.split("?")[0].split("#")[0]
        token = path.split("/b/", 1)[1].strip("/").split("/")[0]
        if _TOKEN.match(token):
            return CheckinInput(booking=token)
        raise ValueError("not a booking address")
    if _BOOKING.match(raw):
        return CheckinInput(booking=re.sub(r"\D", "", raw))
    if "/t/" in raw:
        path = urlsplit(raw).path if "://" in raw else raw.split("?")[0].split("#")[0]
        token = path.split("/t/", 1)[1].strip("/").split("/")[0]
        if _TOKEN.match(token):
            return CheckinInput(token=token)
        raise ValueError("not a ticket address")
    number = _NUMBER.match(raw.upper())
    if number:
        digits = int(number.group(2))
        if digits == 0:
            raise ValueError("not a ticket number")
        return CheckinInput(display=f"{number.group(1)}{digits:03d}")
    if _TOKEN.match(raw):
        return CheckinInput(token=raw)
    raise ValueError("not a ticket number or address")
