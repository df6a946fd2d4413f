from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from kiosk import slip_text
from kiosk.slip_text import KEYS, LABELS, LANGS
from tests.kiosk.helpers import make_slip


def test_every_language_has_every_label() -> None:
    assert set(LABELS) == set(LANGS)
    for lang in LANGS:
        missing = [key for key in KEYS if key not in LABELS[lang]]
        assert not missing, f"{lang} lacks {missing}"
        assert "{n}" in LABELS[lang]["people_ahead"]
        assert "{low}" in LABELS[lang]["wait_range"] and "{high}" in LABELS[lang]["wait_range"]


def test_labels_match_the_brief() -> None:
    assert slip_text.label("ja", "ticket_number") == "受付番号"
    assert slip_text.label("ja", "instruction") == "お呼び出しの順番までにお戻りください"
    assert slip_text.label("en", "scan") == "Scan for live status"
    assert slip_text.people_ahead_text("ja", 5) == "お待ちの人数 5人"


def test_people_ahead_singular_and_plural() -> None:
    assert slip_text.people_ahead_text("en", 1) == "1 person ahead of you"
    assert slip_text.people_ahead_text("en", 0) == "0 people ahead of you"
    assert slip_text.people_ahead_text("pt", 1) == "1 pessoa à sua frente"


def test_wait_texts() -> None:
    assert slip_text.wait_value_text("ja", 35, 50) == "約35〜50分"
    assert slip_text.wait_value_text("ja", 40, 40) == "約40分"
    assert slip_text.wait_value_text("ja", None, 40) == "約40分"
    assert slip_text.wait_value_text("ja", 0, 0) == "まもなく"
    assert slip_text.wait_value_text("ja", None, None) is None
    assert slip_text.wait_line("ja", 35, 50) == "待ち時間の目安　約35〜50分"
    assert slip_text.wait_line("en", 35, 50) == "Estimated wait: about 35–50 min"
    assert slip_text.wait_line("en", None, None) is None


def test_issued_at_is_japanese_style_in_tokyo_time() -> None:
    assert slip_text.format_issued_at(datetime(2026, 11, 26, 13, 5, tzinfo=slip_text.TOKYO)) == (
        "2026年11月26日(木) 13:05"
    )
    # 23:30 UTC on Sunday is 08:30 on Monday in Tokyo.
    assert (
        slip_text.format_issued_at(datetime(2026, 11, 29, 23, 30, tzinfo=UTC)) == "2026年11月30日(月) 08:30"
    )


def test_slip_is_frozen_and_hashable_with_a_route_list() -> None:
    slip = make_slip("en", route=["市民課", "保険年金課"])
    assert slip.route == ("市民課", "保険年金課")
    hash(slip)
    with pytest.raises(AttributeError):
        slip.people_ahead = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"lang": "fr"}, "lang"),
        ({"issued_at": datetime(2026, 11, 26, 13, 5)}, "timezone-aware"),
        ({"people_ahead": -1}, "people_ahead"),
        ({"wait_low_min": 50, "wait_high_min": 35}, "reversed"),
        ({"wait_low_min": -5}, "wait_low_min"),
        ({"display_number": " "}, "display_number"),
        ({"status_url": ""}, "status_url"),
    ],
)
def test_slip_rejects_bad_values(changes: dict, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        dataclasses.replace(make_slip("ja"), **changes)
