"""A test adapter written against the LINE/SMS-ready channel interface: it records instead of sending."""

from __future__ import annotations

from shared.alerts.channels import AddressError, AlertMessage
from shared.config import OfficeConfig


class RecordingChannel:
    name = "sms"
    needs_address = True

    def __init__(self, config: OfficeConfig) -> None:
        self.config = config
        self.sent: list[AlertMessage] = []

    def normalise_address(self, address: str) -> str:
        digits = "".join(ch for ch in address if ch.isdigit())
        if not (digits.startswith("0") and len(digits) in (10, 11)):
            raise AddressError("not a Japanese phone number")
        return digits

    def deliver(self, message: AlertMessage) -> None:
        self.sent.append(message)


class NotAChannel:
    def __init__(self, config: OfficeConfig) -> None:
        self.name = "broken"
