"""Switching the kiosk's language with Qt's translation system.

Widget texts are written in English in the code (``self.tr("…")``) and translated in
``shared/assets/i18n/kiosk_<lang>.ts`` (Qt Linguist), one file for each language of ``shared.i18n.LANGS`` but
English, compiled to ``.qm`` with ``pyside6-lrelease``. Words the kiosk shares with other apps, and counted words
("1 copy / 2 copies"), come from the catalogue ``shared.i18n`` and its plural rules instead. Service, certificate
and life-event names come from the office config (``names[lang]``). To add or change a string: edit the code, run
``pyside6-lupdate kiosk/*.py kiosk/*/*.py -ts shared/assets/i18n/kiosk_*.ts``, translate in Linguist, then
``pyside6-lrelease shared/assets/i18n/kiosk_*.ts``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from shared.i18n import LANGS, LOCALES
from shared.paths import asset_path

log = logging.getLogger(__name__)

I18N_DIR = asset_path("i18n")
TRANSLATED = tuple(lang for lang in LANGS if lang != "en")
#: Noto Sans CJK has one face per region; Chinese and Korean read best in their own glyph forms.
FONT_FAMILIES: dict[str, str] = {"zh_hans": "Noto Sans CJK SC", "ko": "Noto Sans CJK KR"}
DEFAULT_FAMILY = "Noto Sans CJK JP"


def qm_path(lang: str) -> Path:
    return I18N_DIR / f"kiosk_{lang}.qm"


def ts_path(lang: str) -> Path:
    return I18N_DIR / f"kiosk_{lang}.ts"


def font_family(lang: str) -> str:
    """The window's family for ``lang``: the regional CJK face, else the shared UI family (its fontconfig alias
    where known, so the language bar's नेपाली is drawn without a probe of the CJK face). Needs the app."""
    if lang in FONT_FAMILIES:
        return FONT_FAMILIES[lang]
    from shared.qt.fonts import ui_family

    return ui_family()


class Translations:
    """Installs the translator of one language at a time on the running QCoreApplication."""

    def __init__(self) -> None:
        self.lang = "en"
        self._translator: QTranslator | None = None
        self._cache: dict[str, QTranslator] = {}

    def _load(self, lang: str) -> QTranslator | None:
        if lang in self._cache:
            return self._cache[lang]
        t = QTranslator()
        if not t.load(str(qm_path(lang))):
            log.warning("no translation file %s: showing English", qm_path(lang))
            return None
        self._cache[lang] = t
        return t

    def use(self, lang: str) -> bool:
        """Switch to ``lang``; False (and English text) if its .qm file is missing."""
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}")
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("no QCoreApplication")
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        ok = True
        if lang != "en":
            t = self._load(lang)
            if t is not None:
                app.installTranslator(t)
                self._translator = t
            ok = t is not None
        self.lang = lang
        return ok

    def clear(self) -> None:
        """Remove the installed translator (window shutdown)."""
        app = QCoreApplication.instance()
        if app is not None and self._translator is not None:
            app.removeTranslator(self._translator)
        self._translator = None

    def locale(self) -> QLocale:
        return QLocale(LOCALES.get(self.lang, "ja_JP"))
