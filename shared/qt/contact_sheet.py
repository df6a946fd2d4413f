"""A contact sheet: one PNG grid of screenshots, so that a reviewer sees a whole app at a glance.

Rows are whatever the app varies down the page (languages, or language × state), columns are panel sizes in
screen pixels. The app supplies ``render(row, panel, path)``, which writes the PNG a panel of that size would
show; each tile is scaled to ``thumb`` of the panel and captioned ``row · WxH``. Used by
``madoguchi kiosk|counter|display --contact-sheet PATH``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

THUMB = 0.3  # each panel at 30 %
GAP, CAPTION = 16, 34
BACKGROUND, INK = "#d8d8d8", "#111111"

Panel = tuple[int, int]
Render = Callable[[str, Panel, Path], None]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def contact_sheet(
    path: Path,
    rows: Sequence[str],
    panels: Sequence[Panel],
    render: Render,
    *,
    thumb: float = THUMB,
    font: Font | None = None,
) -> int:
    """Render every row × panel with ``render`` into one PNG grid at ``path``; returns the number of tiles."""
    if not rows or not panels:
        raise ValueError("a contact sheet needs at least one row and one panel")
    sizes = [(max(1, round(w * thumb)), max(1, round(h * thumb))) for w, h in panels]
    col_x = [GAP + sum(w + GAP for w, _ in sizes[:i]) for i in range(len(sizes))]
    row_h = max(h for _, h in sizes) + CAPTION + GAP
    sheet = Image.new("RGB", (col_x[-1] + sizes[-1][0] + GAP, GAP + row_h * len(rows)), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    caption_font = font if font is not None else ImageFont.load_default(22)
    with tempfile.TemporaryDirectory() as tmp:
        for r, row in enumerate(rows):
            for c, (panel, size) in enumerate(zip(panels, sizes, strict=True)):
                shot = Path(tmp) / f"{r}-{c}.png"
                render(row, panel, shot)
                with Image.open(shot) as img:
                    tile = img.convert("RGB").resize(size, Image.Resampling.LANCZOS)
                x, y = col_x[c], GAP + r * row_h
                draw.text((x, y), f"{row} · {panel[0]}x{panel[1]}", fill=INK, font=caption_font)
                sheet.paste(tile, (x, y + CAPTION))
    sheet.save(path)
    return len(rows) * len(panels)
