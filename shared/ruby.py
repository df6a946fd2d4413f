"""Furigana for やさしい日本語: the kanji of the key words, and where they go in a text.

The guideline for やさしい日本語 (出入国在留管理庁・文化庁, 2020) asks for simple kanji with ふりがな on them, not all
hiragana. The ja_easy texts (the office profile's names and questions, the apps' strings) stay written in
hiragana with spaces between phrases; :data:`WORDS` lists the key words that are shown in kanji, each with its
reading, and :func:`segments` finds them. A word is matched only at the start of a phrase (the start of the text,
or after a space or a punctuation mark), longest first, so 「しょうめいしょ」 becomes 証明書 and not 証明しょ.

One table for every app: the phone page renders :func:`to_html` (``<ruby>``); the kiosk paints
:func:`segments` itself (Qt rich text has no ruby); an app that shows no ruby keeps the hiragana text as it is.
"""

from __future__ import annotations

import html

#: reading (as written in the ja_easy texts) -> the simple kanji shown above it. Service names and key words.
WORDS: dict[str, str] = {
    "こくみん けんこう ほけん": "国民健康保険",  # one word in kanji, three phrases in the hiragana texts
    "じゅうみんひょう": "住民票",
    "いんかん": "印鑑",
    "しょうめいしょ": "証明書",
    "しょうめい": "証明",
    "こせき": "戸籍",
    "こくみん": "国民",
    "けんこう": "健康",
    "ほけん": "保険",
    "ねんきん": "年金",
    "ぜいきん": "税金",
    "いりょう": "医療",
    "かいご": "介護",
    "てあて": "手当",
    "けっこん": "結婚",
    "てつづき": "手続き",
    "じゅうしょ": "住所",
    "まどぐち": "窓口",
    "ばんごう": "番号",
    "くやくしょ": "区役所",
}
_BY_LENGTH = sorted(WORDS, key=len, reverse=True)
_PHRASE_START = set(" 　、。・（）「」『』()[]？！?!:：/／\n")


def segments(text: str) -> list[tuple[str, str | None]]:
    """``text`` cut into (shown, reading) pairs: a key word is (kanji, its reading), other text is (text, None)."""
    out: list[tuple[str, str | None]] = []
    plain_start, i = 0, 0
    while i < len(text):
        if i == 0 or text[i - 1] in _PHRASE_START:
            word = next((w for w in _BY_LENGTH if text.startswith(w, i)), None)
            if word is not None:
                if plain_start < i:
                    out.append((text[plain_start:i], None))
                out.append((WORDS[word], word.replace(" ", "")))
                i += len(word)
                plain_start = i
                continue
        i += 1
    if plain_start < len(text):
        out.append((text[plain_start:], None))
    return out


def to_html(text: str) -> str:
    """Escaped HTML of ``text`` with ``<ruby>`` on the key words (``<rp>`` parentheses for browsers without ruby)."""
    return "".join(
        html.escape(shown)
        if reading is None
        else f"<ruby>{html.escape(shown)}<rp>（</rp><rt>{html.escape(reading)}</rt><rp>）</rp></ruby>"
        for shown, reading in segments(text)
    )


def to_text(text: str) -> str:
    """Plain text with the key words in kanji and the reading in parentheses: 住民票（じゅうみんひょう）."""
    return "".join(shown if reading is None else f"{shown}（{reading}）" for shown, reading in segments(text))
