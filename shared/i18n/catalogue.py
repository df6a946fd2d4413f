"""Message tables and the one registry the completeness test walks.

A :class:`Table` maps ``key -> {lang: text}``. A text is a ``str.format`` template, or for a counted message
a dict of plural forms by category (``{"one": "{n} copy", "other": "{n} copies"}``) chosen by
:func:`shared.i18n.plural.plural_category`. A language without the key falls back to Japanese. Every table
registers itself in :data:`TABLES`, and :meth:`Table.problems` says what is missing or inconsistent.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from shared.i18n.languages import LANGS
from shared.i18n.plural import CATEGORIES, plural_category

Text = str | Mapping[str, str]

#: Every table, by name: the catalogue's own and the apps' (registered when their module is imported).
TABLES: dict[str, Table] = {}


def fields(template: str) -> set[str]:
    """The ``{placeholders}`` of a template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class Table:
    """One message table. ``langs`` is :data:`LANGS`, or a subset for staff-only words. ``same_fields``: every
    language uses the same placeholders (off for error messages, where Japanese may leave a parameter out)."""

    def __init__(
        self,
        name: str,
        messages: Mapping[str, Mapping[str, Text]],
        langs: tuple[str, ...] = LANGS,
        *,
        same_fields: bool = True,
    ):
        unknown = set(langs) - set(LANGS)
        if unknown:
            raise ValueError(f"{name}: unknown languages {sorted(unknown)}")
        self.name, self.messages, self.langs, self.same_fields = name, messages, langs, same_fields
        TABLES[name] = self

    def __contains__(self, key: object) -> bool:
        return key in self.messages

    def template(self, key: str, lang: str, n: int | None = None) -> str:
        """The template of ``key`` in ``lang`` (Japanese if the language lacks it), its plural form for ``n``."""
        texts = self.messages[key]
        if not texts.get(lang):
            lang = "ja"
        value = texts[lang]
        if isinstance(value, str):
            return value
        if n is None:
            raise TypeError(f"{self.name}.{key} is counted: pass n=")
        forms = value
        return forms.get(plural_category(lang, n)) or forms["other"]

    def text(self, key: str, lang: str, n: object = None, **kw: object) -> str:
        """``key`` worded in ``lang``, placeholders filled (an integer ``n`` also picks the plural form)."""
        template = self.template(key, lang, n if isinstance(n, int) else None)
        if n is not None:
            kw["n"] = n
        return template.format(**kw) if kw else template

    def problems(self) -> list[str]:
        """What keeps the table from being complete: a missing or empty text, a wrong set of plural forms,
        or placeholders that differ between languages. Empty when every key is in every language."""
        out: list[str] = []
        for key, texts in self.messages.items():
            extra = set(texts) - set(self.langs)
            if extra:
                out.append(f"{self.name}.{key}: languages not in the table's list {sorted(extra)}")
            seen: dict[str, set[str]] = {}
            counted = any(not isinstance(v, str) for v in texts.values())
            for lang in self.langs:
                value = texts.get(lang)
                if not value:
                    out.append(f"{self.name}.{key}: no {lang} text")
                    continue
                if isinstance(value, str):
                    forms = {"other": value}
                    if counted and CATEGORIES[lang] != ("other",):
                        out.append(
                            f"{self.name}.{key}.{lang}: counted, but no plural forms {list(CATEGORIES[lang])}"
                        )
                else:
                    forms = dict(value)
                    if set(forms) != set(CATEGORIES[lang]):
                        out.append(
                            f"{self.name}.{key}.{lang}: plural forms {sorted(forms)}, want {list(CATEGORIES[lang])}"
                        )
                for cat, form in forms.items():
                    if form == "":
                        out.append(f"{self.name}.{key}.{lang}.{cat}: empty")
                    seen[f"{lang}.{cat}"] = fields(form)
            if self.same_fields and len({frozenset(f) for f in seen.values()}) > 1:
                out.append(f"{self.name}.{key}: placeholders differ between languages {seen}")
        return out


def problems() -> list[str]:
    """Every registered table's problems."""
    return [p for table in TABLES.values() for p in table.problems()]
