"""Phrases several screens share (waits, reasons), and Qt-style placeholder filling."""

from __future__ import annotations

from PySide6.QtCore import QObject


def fmt(text: str, *args: object) -> str:
    """Qt-style placeholders: fmt("%1 of %2", 1, 3)."""
    for i in range(len(args), 0, -1):
        text = text.replace(f"%{i}", str(args[i - 1]))
    return text


class Words(QObject):
    """Phrases several screens share (waits and reasons), translated in one context."""

    def waiting(self, n: int) -> str:
        return fmt(self.tr("%1 waiting"), n)

    def wait_range(self, low: int | None, high: int | None) -> str:
        if low is None or high is None:
            return ""
        if high <= 0:
            return self.tr("Soon")
        if low == high or low <= 0:
            return fmt(self.tr("about %1 min"), high)
        return fmt(self.tr("about %1–%2 min"), low, high)

    def reason(self, code: str | None) -> str:
        texts = {
            "closed": self.tr("Closed now"),
            "cutoff": self.tr("Today's intake has ended"),
            "paused": self.tr("Tickets are paused for now"),
            "cap": self.tr("No more tickets today"),
        }
        return texts.get(code or "", self.tr("Not available now"))

    def wait_line(self, waiting: int | None, low: int | None, high: int | None) -> str:
        parts = []
        if waiting is not None:
            parts.append(self.waiting(waiting))
        rng = self.wait_range(low, high)
        if rng:
            parts.append(rng)
        return "  ·  ".join(parts)
