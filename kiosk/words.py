"""Phrases several screens share (waits, reasons), and Qt-style placeholder filling."""

from __future__ import annotations

from PySide6.QtCore import QObject

from shared.estimate_text import Shown, words
from shared.i18n import WORDS


def fmt(text: str, *args: object) -> str:
    """Qt-style placeholders: fmt("%1 of %2", 1, 3)."""
    for i in range(len(args), 0, -1):
        text = text.replace(f"%{i}", str(args[i - 1]))
    return text


class Words(QObject):
    """Phrases several screens share (waits and reasons), translated in one context."""

    def waiting(self, n: int) -> str:
        return fmt(self.tr("%1 waiting"), n)

    def wait_text(self, wait: Shown | None, lang: str) -> str:
        """The shared words for a wait (:mod:`shared.estimate_text`), "" without one."""
        return "" if wait is None else words(wait, lang)

    def reason(self, code: str | None, lang: str) -> str:
        """Why no ticket can be taken now, in the catalogue's words (engine.issuing_reason's codes)."""
        key = f"issuing_{code}"
        return WORDS.text(key, lang) if key in WORDS else self.tr("Not available now")

    def wait_line(self, waiting: int | None, wait: Shown | None, lang: str) -> str:
        parts = []
        if waiting is not None:
            parts.append(self.waiting(waiting))
        rng = self.wait_text(wait, lang)
        if rng:
            parts.append(rng)
        return "  ·  ".join(parts)
