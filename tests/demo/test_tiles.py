"""The demo's windows share one screen instead of stacking, and a window lands where it was told to."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from shared.qt.scale import Screen, geometry_arg, logical_rect, place
from shared.tools.demo import COUNTER_LAYOUT, TITLE_PX, plan, tile_windows

FHD = Screen(1920, 1080, (0, 40, 1920, 1040))  # a 40 px panel at the top


def _rect(args: list[str]) -> tuple[int, int, int, int]:
    return geometry_arg(args[args.index("--geometry") + 1])


def test_four_quarters_on_a_full_hd_screen() -> None:
    t = tile_windows(FHD)
    assert set(t) == {"display", "kiosk", "counter-1", "counter-4", "counter-8"}
    assert _rect(t["display"]) == (0, 40, 960, 520 - TITLE_PX)
    assert _rect(t["kiosk"]) == (960, 40, 960, 520 - TITLE_PX)
    assert _rect(t["counter-1"]) == (0, 560, 960, 520 - TITLE_PX)
    x4, y4, w4, h4 = _rect(t["counter-4"])
    x8, y8, w8, h8 = _rect(t["counter-8"])
    assert (x8 - x4, y8 - y4) == (40, 40) and (w8, h8) == (w4, h4)  # cascaded: both title bars show
    assert x8 + w8 <= 1920 and y8 + h8 + TITLE_PX <= 1080  # nothing off the screen
    # the kiosk's full-HD layout is scaled to its quarter; the consoles keep a 1366×768 layout, drawn smaller
    kiosk_scale = float(t["kiosk"][t["kiosk"].index("--scale") + 1])
    assert (
        kiosk_scale == 0.5
    )  # 960×488 wants 0.45: the floor keeps text readable (the kiosk lays out 1920×976)
    assert t["counter-1"][-2:] == ["--scale", "0.6354"]  # 488 px tall for a 768 px layout
    # each console its own factor: none is laid out below 1366×768, the smallest size it fits (a console
    # laid out smaller grows to its minimum size and counter 8 ran past the bottom of the screen)
    for name in ("counter-1", "counter-4", "counter-8"):
        x, y, w, h = _rect(t[name])
        f = float(t[name][t[name].index("--scale") + 1])
        assert w / f >= COUNTER_LAYOUT[0] and h / f >= COUNTER_LAYOUT[1], name
        assert x + w <= 1920 and y + h + TITLE_PX <= 1080, name


@pytest.mark.parametrize(
    "screen", [None, Screen(1080, 1920, (0, 0, 1080, 1920)), Screen(800, 600, (0, 0, 800, 600))]
)
def test_no_tiles_where_they_would_not_help(screen: Screen | None) -> None:
    assert tile_windows(screen) == {}


def test_the_plan_passes_the_tiles_to_the_windows_only(tmp_path: Path) -> None:
    kids = plan(
        tmp_path / "d.db", tmp_path / "o.toml", port=8080, headless=False, simulate=True, speed=10, screen=FHD
    )
    by = {k.name: k.argv for k in kids}
    assert "--geometry" in by["display"] and "--geometry" in by["counter-8"]
    assert "--geometry" not in by["web"] and "--geometry" not in by["simulator"]
    headless = plan(
        tmp_path / "d.db", tmp_path / "o.toml", port=8080, headless=True, simulate=True, speed=10, screen=FHD
    )
    assert not any("--geometry" in k.argv for k in headless)


def test_geometry_is_parsed_and_converted_to_logical_pixels(monkeypatch) -> None:
    assert geometry_arg("960x488+0+40") == (0, 40, 960, 488)
    for bad in ("960x488", "big", "10x10+0+0", "960x488+a+0"):
        with pytest.raises(argparse.ArgumentTypeError):
            geometry_arg(bad)
    monkeypatch.setenv("QT_SCALE_FACTOR", "0.5")
    assert logical_rect((960, 40, 960, 488)) == (1920, 80, 1920, 976)
    monkeypatch.delenv("QT_SCALE_FACTOR")
    assert logical_rect((960, 40, 960, 488)) == (960, 40, 960, 488)


def test_a_window_goes_where_the_geometry_says(qtbot) -> None:
    w = QWidget()
    qtbot.addWidget(w)
    place(w, geometry_arg("640x400+120+90"))
    w.show()
    QApplication.processEvents()
    assert (w.width(), w.height()) == (640, 400) and (w.x(), w.y()) == (120, 90)
