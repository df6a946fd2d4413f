"""Contrast (≥ 7:1, also for colour-blind viewers), the Japanese clock, and the labels in every language."""

from __future__ import annotations

from datetime import datetime

import pytest

from display import palette as pal
from display.texts import COUNTER_PARTS, clock_text, closed_reason, counter_text, minutes, people
from shared.estimate import Estimate
from shared.i18n import LANGS
from shared.timeutil import TOKYO


@pytest.mark.parametrize(("what", "fg", "bg"), pal.PAIRS, ids=[p[0] for p in pal.PAIRS])
def test_every_text_pair_has_at_least_7_to_1(what: str, fg: str, bg: str) -> None:
    assert pal.contrast(fg, bg) >= 7.0, what
    for kind in pal.CVD:  # protanopia, deuteranopia, tritanopia
        assert pal.contrast(pal.simulate(fg, kind), pal.simulate(bg, kind)) >= 7.0, (what, kind)


@pytest.mark.parametrize(("what", "a", "b", "minimum"), pal.STATES, ids=[s[0] for s in pal.STATES])
def test_states_differ_in_lightness_not_only_hue(what: str, a: str, b: str, minimum: float) -> None:
    for kind in (None, *pal.CVD):
        x, y = (a, b) if kind is None else (pal.simulate(a, kind), pal.simulate(b, kind))
        assert pal.contrast(x, y) >= minimum, (what, kind)


def test_contrast_and_simulation_are_computed_right() -> None:
    assert pal.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert pal.contrast("#777777", "#777777") == pytest.approx(1.0)
    assert pal.simulate("#ffffff", "deuteranopia") == "#ffffff"  # white stays white
    red, green = pal.simulate("#d62728", "deuteranopia"), pal.simulate("#2ca02c", "deuteranopia")
    assert pal.contrast(red, green) < pal.contrast("#d62728", "#2ca02c") * 1.2  # red/green collapse


def test_clock_is_in_japanese_style() -> None:
    assert clock_text(datetime(2026, 11, 26, 13, 5, tzinfo=TOKYO)) == "2026年11月26日(木) 13:05"
    assert clock_text(datetime(2027, 1, 4, 9, 0, tzinfo=TOKYO)) == "2027年1月4日(月) 9:00"


def test_counter_parts_split_the_catalogue_word() -> None:
    assert set(COUNTER_PARTS) == set(LANGS)
    assert COUNTER_PARTS["ja"] == ("", "番窓口") and COUNTER_PARTS["en"] == ("Counter", "")


def test_counter_people_and_minutes() -> None:
    assert counter_text(3, "ja") == "3番窓口" and counter_text(3, "en") == "Counter 3"
    assert counter_text(11, "ko") == "11번 창구"
    assert people(1, "en") == "1 person" and people(5, "en") == "5 people" and people(5, "ja") == "5人"
    est = Estimate(ahead=4, minutes=17.0, low=11.0, high=24.0)
    assert minutes(est, "ja") == "約15分"  # boards show one 目安, never a range (it read 「2人 約75〜180分」)
    assert minutes(est, "en") == "about 15 min"
    assert minutes(Estimate(0, 6.0, 0.0, 9.0), "ja") == "まもなく"
    assert minutes(Estimate(0, 36.0, 36.0, 58.0, open=False), "ja") == "窓口準備中"
    assert minutes(Estimate(1, 4.0, 3.0, 4.5), "en") == "about 5 min"
    assert closed_reason("cutoff", "ja") == "本日の受付は終了" and closed_reason("odd", "en") == "Closed now"
