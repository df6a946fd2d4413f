"""Furigana for やさしい日本語: one table of key words, found only where a phrase starts, longest first."""

from __future__ import annotations

from shared.ruby import WORDS, segments, to_html, to_text


def test_key_words_get_kanji_and_their_reading() -> None:
    assert (
        to_text("じゅうみんひょう・いんかん しょうめい")
        == "住民票（じゅうみんひょう）・印鑑（いんかん） 証明（しょうめい）"
    )
    assert to_text("しょうめいしょ") == "証明書（しょうめいしょ）"  # longest first, not 証明しょ
    assert (
        to_text("こくみん けんこう ほけんに はいりますか？")
        == "国民健康保険（こくみんけんこうほけん）に はいりますか？"
    )
    assert to_text("3ばん まどぐちへ") == "3ばん 窓口（まどぐち）へ"


def test_a_word_inside_another_phrase_stays_as_it_is() -> None:
    assert segments("みんかん") == [("みんかん", None)]  # いんかん is not a phrase start here
    assert segments("しまどぐち") == [("しまどぐち", None)]
    assert to_text("") == ""


def test_html_is_escaped_and_ruby_has_fallback_parentheses() -> None:
    assert to_html("こせきの <b>") == "<ruby>戸籍<rp>（</rp><rt>こせき</rt><rp>）</rp></ruby>の &lt;b&gt;"


def test_every_word_is_hiragana_and_its_kanji_has_no_kana_reading_of_itself() -> None:
    for reading, kanji in WORDS.items():
        assert all("ぁ" <= ch <= "ゖ" or ch == " " for ch in reading), reading
        assert reading != kanji and any("\u4e00" <= ch <= "\u9fff" for ch in kanji), kanji
