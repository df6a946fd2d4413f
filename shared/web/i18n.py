"""UI strings of the phone pages in the nine kiosk languages, and language negotiation.

Service and life-event names come from the office profile; everything else a visitor reads is here.
"""

from __future__ import annotations

from collections.abc import Callable

from shared.i18n import HTML_LANG, LANG_LABELS, LANGS, WORDS
from shared.web.booking_strings import BOOKING_WEB
from shared.web.strings import WEB

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
    """``key`` in ``lang``: the phone pages' own words, else the catalogue's shared words."""
    table = WEB if key in WEB else BOOKING_WEB if key in BOOKING_WEB else WORDS
    return table.text(key, lang, **kw)


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
