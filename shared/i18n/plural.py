"""One plural rule per language: which form a count takes ("1 copy" / "2 copies").

Japanese, Chinese, Korean and Vietnamese do not inflect nouns for number: one form, ``other``. English,
Nepali and Portuguese use ``one`` for exactly 1 (madoguchi writes "0 pessoas", so 0 is ``other`` in Portuguese
too). Tagalog (Filipino) follows the CLDR rule for ``fil``: ``one`` for integers ending in anything but 4, 6
or 9 (the noun itself rarely changes; the forms may be the same text).
"""

from __future__ import annotations

from collections.abc import Callable

from shared.i18n.languages import LANGS


def _none(n: int) -> str:
    return "other"


def _one(n: int) -> str:
    return "one" if n == 1 else "other"


def _filipino(n: int) -> str:
    return "one" if n % 10 not in (4, 6, 9) else "other"


RULES: dict[str, Callable[[int], str]] = {
    "ja": _none,
    "ja_easy": _none,
    "zh_hans": _none,
    "ko": _none,
    "vi": _none,
    "en": _one,
    "ne": _one,
    "pt": _one,
    "tl": _filipino,
}
assert set(RULES) == set(LANGS)

#: The forms a counted message must give in each language.
CATEGORIES: dict[str, tuple[str, ...]] = {
    lang: ("one", "other") if rule is not _none else ("other",) for lang, rule in RULES.items()
}


def plural_category(lang: str, n: int) -> str:
    """'one' or 'other' for ``n`` in ``lang`` (KeyError for an unknown language)."""
    return RULES[lang](abs(int(n)))
