"""``madoguchi display --contact-sheet PATH``: the hall display in all nine languages on three panels, one PNG grid.

A reviewer sees the whole display at a glance. One window over one database (the demo day unless ``--db``) is
resized and switched to each language in turn, and each tile is what that panel shows, with the newest call in its
first, light flash phase (as ``--screenshot`` draws it). The grid is :mod:`shared.qt.contact_sheet`, the one the
kiosk and the counter use.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication

from display.window import DisplayWindow
from shared.i18n import LANGS
from shared.qt import contact_sheet as grid

PANELS: tuple[tuple[int, int], ...] = ((1920, 1080), (1366, 768), (1080, 1920))


def contact_sheet(
    window: DisplayWindow,
    path: Path,
    langs: Sequence[str] = LANGS,
    panels: Sequence[tuple[int, int]] = PANELS,
) -> int:
    """Render ``window`` for every language × panel into one PNG at ``path``; returns the number of tiles."""

    def tile(lang: str, panel: tuple[int, int], shot: Path) -> None:
        window.setFixedSize(*panel)
        window.show()
        window.set_lang(lang)
        if window.board.calling:
            window.calling.flash(window.board.calling[0].leg_id)
        for _ in range(3):
            QApplication.processEvents()
        if not window.grab().save(str(shot), "PNG"):
            raise OSError(f"cannot write {shot}")

    return grid.contact_sheet(path, list(langs), list(panels), tile)
