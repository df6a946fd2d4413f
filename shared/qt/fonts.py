"""The apps' UI font: Noto Sans CJK JP (Japanese, Latin, Chinese, Korean), with Devanagari from its own face.

Qt draws each run of text with the first family of the font that has the run's script. A font that names
"Noto Sans CJK JP" makes Qt try that face for Nepali text too; it has no Devanagari OpenType tables, so Qt logs
``OpenType support missing for "Noto Sans CJK JP", script 11`` (script 11 is Devanagari) before it falls back
— at every start of the kiosk, whose language bar says नेपाली, and of any app that shows a Nepali name.
(Checked: the same happens with any family list or QFont substitution that puts the CJK face first; a generic
family such as "Sans Serif" does not log it, because fontconfig then picks a face per script.)

The cure is at the request: on fontconfig systems (Linux) the apps ask for a family alias, ``Madoguchi Sans``,
that fontconfig resolves per script. The alias is bound weakly, so a run's language decides before the alias's
preference: Devanagari gets Noto Sans Devanagari, everything else Noto Sans CJK JP, with Japanese glyph forms
(drawn pixel for pixel as the JP face itself). :func:`prepare` adds the alias to fontconfig's configuration
before the QApplication exists; :func:`ui_font` gives the alias where fontconfig resolves it to the JP face and
the JP family itself elsewhere (Windows, macOS).
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

if TYPE_CHECKING:
    from PySide6.QtGui import QFont

FAMILY = "Noto Sans CJK JP"
ALIAS = "Madoguchi Sans"
#: the faces the alias prefers, in order; fontconfig adds the face a script needs when these lack it
PREFER = (FAMILY, "Noto Sans Devanagari")
_SYSTEM_CONF = (
    "/etc/fonts/fonts.conf",
    "/usr/local/etc/fonts/fonts.conf",
    "/opt/homebrew/etc/fonts/fonts.conf",
)
_OURS = "madoguchi-fonts.conf"


def config_text(include: str) -> str:
    """A fontconfig configuration: ``include`` (the system's), then the alias."""
    prefer = "".join(f"<family>{f}</family>" for f in PREFER)
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{include}</include>\n'
        f'  <alias binding="weak"><family>{ALIAS}</family><prefer>{prefer}</prefer></alias>\n'
        "</fontconfig>\n"
    )


def prepare(folder: Path | None = None) -> Path | None:
    """Before the QApplication: make fontconfig know :data:`ALIAS` (``FONTCONFIG_FILE`` → a configuration that
    includes the system's or the one already set). Returns the file, or None where fontconfig is not used or
    no system configuration was found (then :func:`ui_font` gives the plain family)."""
    if sys.platform in ("win32", "darwin"):
        return None
    current = os.environ.get("FONTCONFIG_FILE", "")
    if Path(current).name == _OURS:
        return Path(current)  # a child process of an app that prepared already
    include = current or next((p for p in _SYSTEM_CONF if Path(p).is_file()), "")
    if not include:
        return None
    folder = folder or Path(platformdirs.user_cache_dir("madoguchi", appauthor=False))
    path = folder / _OURS
    text = config_text(include)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)  # whole, even with several apps starting at once
    except OSError:
        return None  # a read-only home: the plain family, and the log line
    os.environ["FONTCONFIG_FILE"] = str(path)
    return path


@functools.cache
def ui_family() -> str:
    """The family the apps ask for (QFont, style sheets): the alias where fontconfig resolves it to the JP
    face, else the JP family. One family only: a style sheet's ``"Madoguchi Sans", "Noto Sans CJK JP"`` makes
    Qt try the JP face for Devanagari again. Needs the QGuiApplication."""
    from PySide6.QtGui import QFont, QFontInfo

    return ALIAS if QFontInfo(QFont(ALIAS)).family() == FAMILY else FAMILY


def ui_font(point_size: int | None = None) -> QFont:
    """The apps' font, for ``app.setFont`` (after the QApplication exists)."""
    from PySide6.QtGui import QFont

    font = QFont(ui_family())
    if point_size is not None:
        font.setPointSize(point_size)
    return font
