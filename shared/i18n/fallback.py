"""Which language a visitor sees when a text (an office notice, a name) lacks theirs.

やさしい日本語 falls back to standard Japanese; every other language prefers English over standard Japanese,
which a Vietnamese, Nepali or Brazilian visitor is less likely to read; Japanese is the last resort (it is
always there). The kiosk and the hall display's ticker use this one rule.
"""

from __future__ import annotations

from collections.abc import Mapping


def fallback_order(lang: str) -> tuple[str, ...]:
    """The languages to try for ``lang``, in order."""
    if lang in ("ja", "ja_easy"):
        return (lang, "ja")
    return (lang, "en", "ja")


def pick(texts: Mapping[str, str], lang: str) -> str:
    """The text of ``texts`` (by language) to show a visitor reading ``lang``; "" if there is none."""
    return next((texts[code] for code in fallback_order(lang) if texts.get(code)), "")
