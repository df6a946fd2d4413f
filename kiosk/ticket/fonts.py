"""Fonts for the ticket raster: Noto Sans CJK found through fontconfig, plus per-script fallbacks.

Noto Sans CJK covers Japanese, Chinese, Korean, Latin (Vietnamese included) but not Devanagari (Nepali). Every
character is checked against the font before drawing; a character the CJK face lacks is drawn with a fallback face
that fontconfig reports as covering it (``fc-list :charset=…``, e.g. Noto Sans Devanagari from the Debian
package fonts-noto-core). A character no installed font has raises :class:`MissingGlyphError`, so the caller can
choose other text instead of printing tofu boxes.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from PIL import ImageFont

log = logging.getLogger(__name__)

JP = "Noto Sans CJK JP"
#: Which CJK face to use for a language's own text: kanji/hanzi get the right regional glyph forms.
CJK_FAMILY_BY_LANG = {"ko": "Noto Sans CJK KR", "zh_hans": "Noto Sans CJK SC"}
MONO_FAMILY = "Noto Sans Mono CJK JP"
_INSTALL_HINT = "install the Debian/Ubuntu package fonts-noto-cjk (apt-get install fonts-noto-cjk)"
_FC_TIMEOUT_S = 5.0
# Characters drawn as nothing: never tofu, whatever the font says.
_INVISIBLE_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf"}


class FontNotFoundError(RuntimeError):
    """No usable Noto Sans CJK font is installed (or fontconfig is missing)."""


class MissingGlyphError(LookupError):
    """No installed font can draw ``char`` (part of ``text``)."""

    def __init__(self, text: str, char: str) -> None:
        super().__init__(f"no installed font has U+{ord(char):04X} {char!r} (in {text!r})")
        self.text = text
        self.char = char


@dataclass(frozen=True)
class Face:
    """One face of a font file (``index`` selects the face inside a .ttc collection)."""

    path: str
    index: int
    family: str
    bold: bool


def _run_fc(args: list[str]) -> str | None:
    exe = shutil.which(args[0])
    if exe is None:
        return None
    try:
        done = subprocess.run(
            [exe, *args[1:]], capture_output=True, text=True, timeout=_FC_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.SubprocessError) as e:
        log.warning("%s failed: %s", args[0], e)
        return None
    return done.stdout if done.returncode == 0 else None


@cache
def find_face(family: str, bold: bool) -> Face | None:
    """The installed face of ``family`` (Bold or Regular) via fc-match, or None if fontconfig substitutes."""
    style = "Bold" if bold else "Regular"
    out = _run_fc(["fc-match", "-f", "%{file}|%{index}|%{family[0]}", f"{family}:style={style}"])
    if not out:
        return None
    path, _, rest = out.partition("|")
    index, _, found_family = rest.partition("|")
    if found_family.strip().lower() != family.lower() or not path:
        return None
    return Face(path=path, index=int(index or 0), family=found_family.strip(), bold=bold)


def cjk_face(lang: str = "ja", bold: bool = True) -> Face:
    """The Noto Sans CJK face for text in ``lang`` (JP for everything but ko and zh_hans)."""
    family = CJK_FAMILY_BY_LANG.get(lang, JP)
    face = find_face(family, bold) or find_face(JP, bold) or find_face(JP, not bold)
    if face is None:
        if shutil.which("fc-match") is None:
            raise FontNotFoundError(
                "fontconfig's fc-match was not found, so the ticket font cannot be located: "
                "install the package fontconfig and " + _INSTALL_HINT
            )
        raise FontNotFoundError(f"font {JP!r} is not installed; the ticket needs it: " + _INSTALL_HINT)
    return face


def mono_face() -> Face:
    """A monospaced face for URLs (l/1/I and 0/O stay distinct); the CJK regular face if it is missing."""
    return find_face(MONO_FAMILY, False) or cjk_face("ja", bold=False)


@lru_cache(maxsize=256)
def load_font(face: Face, size: int) -> ImageFont.FreeTypeFont:
    """A cached Pillow font (loading a 20 MB .ttc is the slow part of rendering)."""
    return ImageFont.truetype(face.path, size, index=face.index)


@lru_cache(maxsize=64)
def _probe(face: Face) -> tuple[ImageFont.FreeTypeFont, tuple[tuple[int, int], bytes]]:
    # BASIC layout maps one character to one glyph with no shaping, so a missing character draws exactly the
    # .notdef glyph, whose bitmap we keep to compare against.
    font = ImageFont.truetype(face.path, 32, index=face.index, layout_engine=ImageFont.Layout.BASIC)
    notdef = font.getmask("\U0010ffff")
    return font, (notdef.size, bytes(notdef))


_coverage: dict[tuple[Face, str], bool] = {}


def covers(face: Face, char: str) -> bool:
    """Whether ``face`` has a glyph for ``char`` (invisible characters always count as covered)."""
    if unicodedata.category(char) in _INVISIBLE_CATEGORIES:
        return True
    key = (face, char)
    hit = _coverage.get(key)
    if hit is None:
        font, notdef = _probe(face)
        mask = font.getmask(char)
        hit = (mask.size, bytes(mask)) != notdef
        _coverage[key] = hit
    return hit


_fallbacks: dict[bool, list[Face]] = {True: [], False: []}
_no_font: set[str] = set()
_lock = threading.Lock()


def _score(face: Face) -> tuple[int, int, int, int]:
    fam = face.family.lower()
    return (
        0 if fam.startswith("noto sans") else 1,
        1 if "serif" in fam or "mono" in fam else 0,
        1 if fam.endswith(" ui") else 0,
        len(fam),
    )


def _discover(char: str, bold: bool) -> Face | None:
    out = _run_fc(
        ["fc-list", "--format", "%{file}|%{index}|%{family[0]}|%{style[0]}\n", f":charset={ord(char):x}"]
    )
    if not out:
        return None
    candidates: list[Face] = []
    for row in out.splitlines():
        parts = row.split("|")
        if len(parts) != 4 or not parts[0]:
            continue
        style = parts[3].lower()
        is_bold = "bold" in style
        if is_bold != bold or "italic" in style or "oblique" in style:
            continue
        if not bold and style not in ("regular", "book", "normal"):
            continue
        candidates.append(Face(parts[0], int(parts[1] or 0), parts[2], bold))
    if not candidates and bold:
        return _discover(char, False)
    for face in sorted(candidates, key=_score):
        if covers(face, char):
            return face
    return None


def _fallback_for(char: str, bold: bool) -> Face | None:
    for face in _fallbacks[bold]:
        if covers(face, char):
            return face
    if char in _no_font:
        return None
    with _lock:
        face = _discover(char, bold)
        if face is None:
            _no_font.add(char)
            return None
        if face not in _fallbacks[bold]:
            log.info("ticket font fallback for U+%04X: %s (%s)", ord(char), face.family, face.path)
            _fallbacks[bold].append(face)
        return face


def segment(text: str, primary: Face) -> list[tuple[Face, str]]:
    """Split ``text`` into runs of one face each; raises MissingGlyphError if a character has no font.

    A run keeps its face for neutral characters it covers (digits, spaces) and for combining marks, so a
    Devanagari line stays in one font and its clusters are shaped together.
    """
    runs: list[tuple[Face, list[str]]] = []
    for char in text:
        current = runs[-1][0] if runs else None
        cat = unicodedata.category(char)
        sticky = cat[0] == "M" or cat in _INVISIBLE_CATEGORIES or not char.isalpha()
        if current is not None and sticky and covers(current, char):
            face: Face | None = current
        elif covers(primary, char):
            face = primary
        else:
            face = _fallback_for(char, primary.bold)
        if face is None:
            raise MissingGlyphError(text, char)
        if current == face:
            runs[-1][1].append(char)
        else:
            runs.append((face, [char]))
    return [(face, "".join(chars)) for face, chars in runs]


def can_render(text: str, lang: str = "ja", bold: bool = True) -> bool:
    """Whether every character of ``text`` has a font (no tofu)."""
    try:
        segment(text, cjk_face(lang, bold))
    except MissingGlyphError:
        return False
    return True
