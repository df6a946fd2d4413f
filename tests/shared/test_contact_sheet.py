"""The shared contact-sheet grid: every row × panel rendered once, scaled, placed in its own cell."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from shared.qt.contact_sheet import CAPTION, GAP, contact_sheet

COLOURS = {"ja": (200, 0, 0), "en": (0, 0, 200)}


def test_grid_places_each_tile_in_its_cell(tmp_path: Path) -> None:
    calls: list[tuple[str, tuple[int, int]]] = []

    def render(row: str, panel: tuple[int, int], shot: Path) -> None:
        calls.append((row, panel))
        Image.new("RGB", panel, COLOURS[row]).save(shot)

    out = tmp_path / "sheet.png"
    panels = [(1000, 500), (500, 1000)]
    n = contact_sheet(out, ["ja", "en"], panels, render, thumb=0.1)
    assert n == 4
    assert calls == [("ja", (1000, 500)), ("ja", (500, 1000)), ("en", (1000, 500)), ("en", (500, 1000))]
    with Image.open(out) as sheet:
        row_h = 100 + CAPTION + GAP
        assert sheet.size == (GAP + 100 + GAP + 50 + GAP, GAP + 2 * row_h)
        # the middle of each tile has its row's colour
        assert sheet.getpixel((GAP + 50, GAP + CAPTION + 25)) == COLOURS["ja"]
        assert sheet.getpixel((GAP + 100 + GAP + 25, GAP + CAPTION + 50)) == COLOURS["ja"]
        assert sheet.getpixel((GAP + 50, GAP + row_h + CAPTION + 25)) == COLOURS["en"]
        # below the landscape tile, in its own cell, is background
        assert sheet.getpixel((GAP + 50, GAP + CAPTION + 75)) != COLOURS["ja"]


def test_empty_grid_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        contact_sheet(tmp_path / "x.png", [], [(10, 10)], lambda *_: None)
