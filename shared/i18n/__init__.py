"""The one string catalogue (Qt-free): the language list, one plural rule per language, message tables.

- :mod:`shared.i18n.languages`: ``LANGS`` and each language's label, HTML tag and Qt locale.
- :mod:`shared.i18n.plural`: ``plural_category(lang, n)``.
- :mod:`shared.i18n.catalogue`: :class:`Table` and the registry of every table (the completeness test walks it).
- Tables: :mod:`~shared.i18n.words` (words several apps show), :mod:`~shared.i18n.errors` (the engine's error
  codes). App-specific words stay next to their app (``shared/web/strings.py``, ``display/texts.py``,
  ``kiosk/ticket/labels.py``, ``shared/alerts/messages.py``, ``shared/reports/labels.py``) as Tables too.
- The kiosk's widget texts are Qt Linguist files, one per language of ``LANGS`` but English.
"""

from __future__ import annotations

from shared.i18n.catalogue import TABLES, Table
from shared.i18n.languages import HTML_LANG, LANG_LABELS, LANGS, LOCALES, STAFF_LANGS
from shared.i18n.plural import plural_category
from shared.i18n.words import WORDS

__all__ = [
    "HTML_LANG",
    "LANGS",
    "LANG_LABELS",
    "LOCALES",
    "STAFF_LANGS",
    "TABLES",
    "WORDS",
    "Table",
    "plural_category",
]
