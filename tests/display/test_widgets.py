"""The display's widgets on their own: the paged ticker, the waits table's texts, the flash timing."""

from __future__ import annotations

import pytest

from display.board import CallView
from display.calling import CallingPanel
from display.ticker import Ticker, paginate
from display.waits import WaitsTable


def test_paginate_breaks_at_clauses_then_words_then_characters() -> None:
    def fits(n: int):  # type: ignore[no-untyped-def]
        return lambda s: len(s.strip()) <= n

    ja = "3月下旬から4月上旬は大変混雑します。スマートフォンで待ち状況を確認できます。"
    pages = paginate(ja, fits(20))
    assert pages == ["3月下旬から4月上旬は大変混雑します。", "スマートフォンで待ち状況を確認できます。"]
    en = "Late March to early April is very busy. Check the waiting status on your phone."
    pages = paginate(en, fits(30))
    assert all(len(p) <= 30 for p in pages) and " ".join(pages) == en
    assert all(not p.startswith(" ") and not p.endswith(" ") for p in pages)
    long_word = "あ" * 25
    assert paginate(long_word, fits(10)) == ["あ" * 10, "あ" * 10, "あ" * 5]
    assert paginate("", fits(10)) == []


def test_ticker_turns_pages_only_when_the_notice_is_too_long(qtbot) -> None:
    t = Ticker(page_s=0.05)
    qtbot.addWidget(t)
    t.resize(1920, 70)
    t.show()
    t.set_notices(({"ja": "短いお知らせ", "en": "Short notice"},))
    assert t.pages == ["短いお知らせ"] and not t.turning
    t.set_lang("en")
    assert t.text == "Short notice"
    t.set_lang("ko")  # no Korean text: English before standard Japanese (shared.i18n.fallback)
    assert t.text == "Short notice"
    t.set_lang("ja_easy")  # no やさしい日本語: standard Japanese, not English
    assert t.text == "短いお知らせ"
    t.set_notices(({"ja": "短いお知らせ", "en": "Short notice", "vi": "Thông báo ngắn"},))
    assert t.text == "短いお知らせ"  # ja_easy still
    t.set_lang("vi")
    assert t.text == "Thông báo ngắn"  # the notice's own language first
    for lang in ("tl", "ne", "pt"):
        t.set_lang(lang)
        assert t.text == "Short notice", lang
    t.set_notices(({"ja": "日本語のみ"},))
    assert t.text == "日本語のみ"  # Japanese is the last resort, never nothing
    long = "".join(
        f"{i}番目のお知らせです。お手続きによっては、お待ちいただく時間が長くなります。" for i in range(4)
    )
    t.set_notices(({"ja": long},))
    assert len(t.pages) > 1 and t.turning
    assert "".join(t.pages) == long
    first = t.text
    qtbot.waitUntil(lambda: t.text != first, timeout=2000)
    t.set_notices(())
    assert t.pages == [] and not t.turning and t.text == ""


def test_flash_lasts_its_time_and_is_light_then_dark(qtbot) -> None:
    panel = CallingPanel(flash_ms=1500, blink_ms=100)
    qtbot.addWidget(panel)
    panel.resize(1100, 800)
    tile = CallView(7, 3, "A012", 3, "RES", "service", "call", 0.0, True)
    panel.flash(3)  # not on screen yet: ignored
    assert not panel.is_flashing(3)
    panel.set_calls((tile,))
    panel.flash(3)
    assert panel.is_flashing(3) and panel.lit(3)  # the first phase is the light one
    qtbot.waitUntil(lambda: not panel.lit(3), timeout=2000)  # the dark phase follows the light one
    assert panel.is_flashing(3)
    qtbot.waitUntil(lambda: not panel.is_flashing(3), timeout=5000)
    qtbot.waitUntil(lambda: not panel._blink.isActive(), timeout=1000)  # no timer left running when idle
    panel.set_calls(())
    assert panel._flash == {}


@pytest.mark.parametrize(
    ("lang", "name", "count", "wait"),
    [
        ("ja", "住民票・印鑑証明", "7人", "約15分"),
        ("en", "Residence & seal certificates", "7 people", "about 15 min"),
        ("ko", "주민표・인감증명", "7명", "약 15분"),
    ],
)
def test_waits_table_texts(qtbot, lang: str, name: str, count: str, wait: str) -> None:  # type: ignore[no-untyped-def]
    from display.board import ServiceView
    from shared.config import load_config
    from shared.estimate import Estimate

    cfg = load_config()
    row = ServiceView("RES", cfg.service("RES").names, 7, Estimate(7, 14.0, 9.0, 19.0), None)
    table = WaitsTable()
    qtbot.addWidget(table)
    table.set_lang(lang)
    assert table.cell_texts(row) == (name, count, wait)
    closed = ServiceView("MOVE", cfg.service("MOVE").names, 3, Estimate(3, 50.0, 40.0, 70.0), "cutoff")
    assert table.cell_texts(closed)[2] == {"ja": "本日の受付は終了", "en": "Closed for today"}.get(
        lang, "오늘 접수 마감"
    )
