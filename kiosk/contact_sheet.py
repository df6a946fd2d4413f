"""``--contact-sheet PATH``: one screen in all nine languages on three panels, in one PNG grid.

A reviewer sees the whole kiosk at a glance. Each tile is what the panel shows with the default auto scale:
the design laid out at panel / factor (1366×768 → the 1920×1080 layout) and drawn at the panel's pixels.
The grid itself is shared.qt.contact_sheet (the counter and the display use it too).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PIL import ImageFont

from kiosk.screenshot import render
from kiosk.ticket.fonts import cjk_face, load_font
from shared.config import OfficeConfig
from shared.i18n import LANGS
from shared.qt import contact_sheet as grid
from shared.qt.scale import fit_factor

PANELS = ((1920, 1080), (1366, 768), (1080, 1920))


def contact_sheet(config: OfficeConfig, path: Path, screen: str, now: datetime | None = None) -> int:
    """Render ``screen`` for every language × panel into one PNG at ``path``; returns the number of tiles."""

    def tile(lang: str, panel: tuple[int, int], shot: Path) -> None:
        f = fit_factor(*panel)
        render(config, shot, screen, lang, (round(panel[0] / f), round(panel[1] / f)), now)

    return grid.contact_sheet(path, LANGS, PANELS, tile, font=_font(22))


def _font(px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return load_font(cjk_face("ja", bold=True), px)
    except (OSError, ValueError, LookupError):
        return ImageFont.load_default()
