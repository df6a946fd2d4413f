"""The one language list and what each language needs besides its words: label, HTML tag, Qt locale.

``LANGS`` is the order of the kiosk's language bar and of every message table. Staff-facing output (reports,
error messages) is written in ``STAFF_LANGS`` only: Japanese, with English for the CLI and the report switch.
"""

from __future__ import annotations

LANGS: tuple[str, ...] = ("ja", "ja_easy", "en", "zh_hans", "ko", "vi", "tl", "ne", "pt")
STAFF_LANGS: tuple[str, ...] = ("ja", "en")

#: Each language named in itself, for language buttons and links.
LANG_LABELS: dict[str, str] = {
    "ja": "日本語",
    "ja_easy": "やさしい日本語",
    "en": "English",
    "zh_hans": "简体中文",
    "ko": "한국어",
    "vi": "Tiếng Việt",
    "tl": "Tagalog",
    "ne": "नेपाली",
    "pt": "Português",
}
#: BCP 47 tag for ``<html lang>``.
HTML_LANG: dict[str, str] = {
    "ja": "ja",
    "ja_easy": "ja",
    "en": "en",
    "zh_hans": "zh-Hans",
    "ko": "ko",
    "vi": "vi",
    "tl": "tl",
    "ne": "ne",
    "pt": "pt",
}
#: Locale for dates and numbers in Qt, and the language the Qt Linguist files declare.
LOCALES: dict[str, str] = {
    "ja": "ja_JP",
    "ja_easy": "ja_JP",
    "en": "en_US",
    "zh_hans": "zh_CN",
    "ko": "ko_KR",
    "vi": "vi_VN",
    "tl": "fil_PH",
    "ne": "ne_NP",
    "pt": "pt_BR",
}
