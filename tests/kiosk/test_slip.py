from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from kiosk.ticket import labels as slip_text
from shared.estimate_text import Shown
from tests.kiosk.helpers import make_slip


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
    """The slip prints the shared words: one 目安, never a range (the phone page has room for one)."""
    wait = Shown("minutes", 40, 35, 50)
    assert slip_text.wait_value_text("ja", wait) == "約40分"
    assert slip_text.wait_value_text("ja", Shown("soon")) == "まもなく"
    assert slip_text.wait_value_text("ja", Shown("not_open")) == "窓口準備中"
    assert slip_text.wait_value_text("ja", Shown("minutes", 15, 10, 25, rough=True)) == "約15分（参考）"
    assert slip_text.wait_value_text("ja", None) is None
    assert slip_text.wait_line("ja", wait) == "待ち時間の目安　約40分"
    assert slip_text.wait_line("en", wait) == "Estimated wait: about 40 min"
    assert slip_text.wait_line("en", None) is None


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
        ({"wait": Shown("minutes", 0)}, "wait.minutes"),
        ({"wait": Shown("later")}, "wait.kind"),
        ({"display_number": " "}, "display_number"),
        ({"status_url": ""}, "status_url"),
    ],
)
def test_slip_rejects_bad_values(changes: dict, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        dataclasses.replace(make_slip("ja"), **changes)
