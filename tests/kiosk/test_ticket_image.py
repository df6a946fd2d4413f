from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PIL import Image

from kiosk.ticket import fonts
from kiosk.ticket.fonts import FontNotFoundError, can_render, cjk_face, segment
from kiosk.ticket.image import render_test_page, render_ticket, render_ticket_png
from kiosk.ticket.labels import SLIP
from shared.estimate_text import Shown
from shared.i18n import LANGS, WORDS
from tests.kiosk.helpers import SERVICE_NAMES, STATUS_URL, decode_qr, make_slip

ROUTE = ["市民課 (1階 3番)", "保険年金課 (1階 5番)", "こども家庭課 (2階 8番)"]


def _has_devanagari_font() -> bool:
    try:
        segment("नम्बर", cjk_face("ne"))
    except fonts.MissingGlyphError:
        return False
    return True


@pytest.mark.parametrize("lang", ["ja", "en", "vi", "ne", "zh_hans"])
def test_ticket_size_and_mode(lang: str) -> None:
    image = render_ticket(make_slip(lang, route=ROUTE))
    assert image.mode == "1"
    assert image.width == 576
    # Long enough for all the content, short enough for a slip (< 20 cm at 203 dpi).
    assert 700 < image.height < 1600
    # Not blank and not black: a ticket is mostly paper.
    black = image.convert("L").histogram()[0] / (image.width * image.height)
    assert 0.05 < black < 0.4


def test_ticket_width_follows_the_printer() -> None:
    assert render_ticket(make_slip("en"), width_px=512).size[0] == 512


@pytest.mark.parametrize("lang", ["ja", "ne", "zh_hans"])
def test_qr_in_the_ticket_decodes_to_the_status_url(lang: str, tmp_path: Path) -> None:
    assert decode_qr(render_ticket(make_slip(lang)), tmp_path) == [STATUS_URL]


def test_png_for_the_screen(tmp_path: Path) -> None:
    png = render_ticket_png(make_slip("en"))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    path = tmp_path / "t.png"
    path.write_bytes(png)
    assert Image.open(path).size[0] == 576


@pytest.mark.parametrize("lang", LANGS)
def test_no_tofu_in_any_language(lang: str) -> None:
    """Every label and the sample service name have a font (Nepali needs a Devanagari one)."""
    if lang == "ne" and not _has_devanagari_font():
        pytest.skip("no Devanagari font installed (apt fonts-noto-core)")
    texts = [SLIP.template(k, lang) for k in SLIP.messages if k != "colon"]
    texts += [WORDS.template("people_ahead", lang, n) for n in (1, 2)] + [
        WORDS.template("estimated_wait", lang)
    ]
    texts += [SERVICE_NAMES[lang]]
    missing = [t for t in texts if not can_render(t.replace("{", "").replace("}", ""), lang)]
    assert not missing


def test_nepali_is_drawn_with_a_devanagari_font() -> None:
    if not _has_devanagari_font():
        pytest.skip("no Devanagari font installed (apt fonts-noto-core)")
    runs = segment("तपाईंभन्दा अगाडि 5 जना", cjk_face("ne"))
    assert len(runs) == 1, "digits and spaces stay in the Devanagari run"
    assert "CJK" not in runs[0][0].family


def test_script_without_font_falls_back_to_english(monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    """With no Devanagari font the Nepali labels print in English instead of tofu boxes."""
    monkeypatch.setattr(fonts, "_fallbacks", {True: [], False: []})
    monkeypatch.setattr(fonts, "_no_font", set())
    monkeypatch.setattr(fonts, "_discover", lambda char, bold: None)
    assert not can_render("नम्बर", "ne")
    with caplog.at_level(logging.WARNING, logger="kiosk.ticket.image"):
        image = render_ticket(make_slip("ne"))
    assert image.mode == "1"
    assert "printing English instead" in caplog.text


def test_missing_cjk_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "find_face", lambda family, bold: None)
    with pytest.raises(FontNotFoundError, match="fonts-noto-cjk"):
        cjk_face("ja")


def test_long_texts_wrap_and_shrink() -> None:
    slip = make_slip(
        "en",
        display_number="TK-0123",
        service_name="Notification of moving in from another municipality, with national health insurance "
        * 3,
    )
    image = render_ticket(slip)
    assert image.width == 576 and image.height < 1600


def test_single_wait_figure_and_no_wait() -> None:
    assert render_ticket(make_slip("ja", wait=Shown("soon"))).mode == "1"
    with_wait = render_ticket(make_slip("ja"))
    without = render_ticket(make_slip("ja", wait=None))
    assert without.height < with_wait.height


def test_test_page(tmp_path: Path) -> None:
    page = render_test_page(576, ["profile: TM-T20II", "日本語テスト"])
    assert page.mode == "1" and page.width == 576
    assert decode_qr(page, tmp_path) == ["madoguchi test page"]
