"""UI strings of the phone pages in the nine kiosk languages, and language negotiation.

Service and life-event names come from the office profile; everything else a visitor reads is here.
"""

from __future__ import annotations

from collections.abc import Callable

from shared.config import LANG_LABELS, LANGS
from shared.web.strings import STRINGS

HTML_LANG = {
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
_ACCEPT = {
    "ja": "ja",
    "en": "en",
    "zh": "zh_hans",
    "ko": "ko",
    "vi": "vi",
    "tl": "tl",
    "fil": "tl",
    "ne": "ne",
    "pt": "pt",
}


def tr(lang: str, key: str, **kw: object) -> str:
    table = STRINGS[key]
    template = table.get(lang) or table["ja"]
    return template.format(**kw) if kw else template


def translator(lang: str) -> Callable[..., str]:
    def t(key: str, **kw: object) -> str:
        return tr(lang, key, **kw)

    return t


def negotiate(accept_language: str | None) -> str:
    """The best of the nine languages for an Accept-Language header; Japanese when nothing matches."""
    if not accept_language:
        return "ja"
    prefs: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept_language.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in _ACCEPT and q > 0:
            prefs.append((-q, i, _ACCEPT[primary]))
    return min(prefs)[2] if prefs else "ja"


def language_links(current: str) -> list[dict[str, object]]:
    return [
        {"code": code, "label": LANG_LABELS[code], "html_lang": HTML_LANG[code], "current": code == current}
        for code in LANGS
    ]


def missing() -> list[tuple[str, str]]:
    return [(k, lang) for k, table in STRINGS.items() for lang in LANGS if not table.get(lang)]
