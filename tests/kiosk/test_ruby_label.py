"""RubyLabel (shared/qt/ruby_label.py): furigana painted above the kanji of やさしい日本語, wrapped between phrases
only, with honest size hints and the plain text for a screen reader; and the kiosk's tiles use it."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage

from shared.config import load_config
from shared.qt.ruby_label import RubyLabel, phrase_runs
from shared.ruby import segments
from tests.layout import allowed_breaks

EASY = [s.names["ja_easy"] for s in load_config().services if "ja_easy" in s.names] + [
    "じゅうみんひょうの しょうめいしょを ください",
    "けっこんの てつづきと かいごの ほけんと いりょうの ばんごう",
    "まどぐち（こせき）で ぜいきんの しょうめいを もらいます",
]


def _label(qtbot, text: str, px: int = 40, lang: str = "ja_easy") -> RubyLabel:
    lab = RubyLabel(lang=lang)
    qtbot.addWidget(lab)
    f = QFont("Noto Sans CJK JP")
    f.setPixelSize(px)
    lab.setFont(f)
    lab.setStyleSheet("color: white; background: black;")
    lab.setText(text)
    return lab


def _ink_rows(img: QImage, x0: int, x1: int) -> list[int]:
    """Rows with a light pixel between x0 and x1 (white text on black)."""
    rows = []
    for y in range(img.height()):
        if any(QColor(img.pixel(x, y)).lightness() > 128 for x in range(max(0, x0), min(img.width(), x1))):
            rows.append(y)
    return rows


def _render(lab: RubyLabel, width: int) -> QImage:
    lab.resize(width, lab.heightForWidth(width))
    img = QImage(lab.size(), QImage.Format.Format_RGB32)
    img.fill(Qt.GlobalColor.black)
    lab.render(img)
    return img


def test_furigana_is_painted_above_the_kanji(qtbot) -> None:
    lab = _label(qtbot, "じゅうみんひょうの しょうめい")
    assert lab.shown_text() == "住民票の 証明" and lab.has_ruby()
    img = _render(lab, 600)
    fm = QFontMetricsF(lab.font())
    baseline = lab.ruby_band() + fm.ascent()
    kanji_top = baseline + fm.tightBoundingRect("漢字書").top()
    # the kanji 住民票: ink from its top down to the baseline; above it, after a blank gap, the reading
    run_w = int(lab.run_width(lab.phrases()[0][0]))
    rows = _ink_rows(img, 0, run_w)
    above = [y for y in rows if y < kanji_top - 1]
    base = [y for y in rows if kanji_top - 1 <= y <= baseline + 2]
    assert base, "no kanji painted"
    assert above, "no furigana painted above the kanji"
    assert max(above) < min(base) - 1, "the furigana runs into the kanji"
    ruby_px = lab.ruby_font().pixelSize()
    assert 0.5 * ruby_px <= max(above) - min(above) + 1 <= 1.2 * ruby_px  # kana-sized ink, not a second line
    # the plain text between (の) has no furigana over it
    x_no = int(run_w + 2)
    x_no_end = int(run_w + QFontMetricsF(lab.font()).horizontalAdvance("の") - 2)
    assert not [y for y in _ink_rows(img, x_no, x_no_end) if y < kanji_top - 1]


def test_no_ruby_outside_easy_japanese_and_no_band(qtbot) -> None:
    lab = _label(qtbot, "じゅうみんひょうの しょうめい", lang="ja")
    assert not lab.has_ruby() and lab.ruby_band() == 0 and lab.shown_text() == "じゅうみんひょうの しょうめい"
    plain = _label(qtbot, "ほけんの はなし")
    ruby = _label(qtbot, "ほけんの はなし", lang="ja_easy")
    plain.set_lang("ja")
    assert ruby.heightForWidth(800) > plain.heightForWidth(800)  # the band for the furigana is reserved


def test_accessible_name_is_the_plain_text_with_readings(qtbot) -> None:
    lab = _label(qtbot, "じゅうみんひょうの しょうめい")
    assert lab.accessibleName() == "住民票（じゅうみんひょう）の 証明（しょうめい）"
    assert lab.text() == "じゅうみんひょうの しょうめい"  # as set
    lab.set_lang("en")
    lab.setText("Residence certificate")
    assert lab.accessibleName() == "Residence certificate"


@pytest.mark.parametrize("text", EASY)
def test_wrapping_breaks_only_between_phrases_never_inside_a_word(qtbot, text: str) -> None:
    lab = _label(qtbot, text, px=36)
    allowed = allowed_breaks(text, "ja_easy")
    inside: set[int] = set()  # positions inside a key word's hiragana (じゅう|みんひょう)
    pos = 0
    for seg in segments(text):
        shown, reading = seg
        length = len(shown) if reading is None else _span(text, pos, reading)
        if reading is not None:
            inside |= set(range(pos + 1, pos + length))
        pos += length
    widest = lab.widest_phrase()
    for width in range(math.ceil(widest), lab.sizeHint().width() + 40, 7):
        lines = lab.lines(width)
        starts = [s for s, _w in lines[1:]]
        assert all(s in allowed for s in starts), (width, starts, text)
        assert not inside.intersection(starts), (width, text)
        assert all(w <= width + 0.5 for _s, w in lines), (width, lines)
        # the height Qt is told is the height of these lines
        assert lab.heightForWidth(width) == pytest.approx(len(lines) * lab.line_height(), abs=1)


def _span(text: str, pos: int, reading: str) -> int:
    i, n = pos, 0
    while n < len(reading):
        n += text[i] != " "
        i += 1
    return i - pos


def test_size_hints_follow_the_phrases(qtbot) -> None:
    lab = _label(qtbot, "けっこんの てつづきと かいごの ほけん", px=36)
    hint, least = lab.sizeHint(), lab.minimumSizeHint()
    assert len(lab.lines(hint.width())) == 1 and hint.height() == lab.heightForWidth(hint.width())
    assert least.width() == pytest.approx(lab.widest_phrase(), abs=1)
    assert least.height() == hint.height()  # like QLabel: one line; the layout asks heightForWidth
    assert len(lab.lines(least.width())) == 4  # one phrase a line, none broken
    assert lab.heightForWidth(least.width()) > lab.heightForWidth(hint.width())


def test_phrase_runs_keep_a_kanji_word_with_what_follows_it() -> None:
    runs = phrase_runs("じゅうみんひょうの しょうめい", "ja_easy")
    assert [[(r.base, r.reading) for r in p] for p in runs] == [
        [("住民票", "じゅうみんひょう"), ("の", None)],
        [(" ", None), ("証明", "しょうめい")],
    ]
    [one] = phrase_runs("こくみん けんこう ほけん", "ja_easy")  # one kanji word over three written phrases
    assert [(r.base, r.reading) for r in one] == [("国民健康保険", "こくみんけんこうほけん")]
    latin = phrase_runs("Certificate of residence", "en", ruby=False)
    assert ["".join(r.base for r in p) for p in latin] == ["Certificate", " of", " residence"]


def test_kiosk_tiles_paint_ruby_in_easy_japanese(qtbot, make_kiosk) -> None:
    w = make_kiosk()
    w.set_language("ja_easy")
    tile = w.home.buttons["NHI"]
    assert isinstance(tile.name, RubyLabel)
    assert tile.name.text() == "こくみん けんこう ほけん" and tile.name.shown_text() == "国民健康保険"
    assert tile.name.has_ruby() and "国民健康保険（こくみんけんこうほけん）" in tile.accessibleName()
    w.set_language("en")
    assert not tile.name.has_ruby() and tile.name.shown_text() == "National Health Insurance"
    w.set_language("ja")
    assert not tile.name.has_ruby() and tile.name.shown_text() == "国民健康保険"
