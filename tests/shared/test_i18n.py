"""The one string catalogue: every key in every language, one plural rule per language, one language list."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from shared.i18n import LANGS, WORDS, plural_category
from shared.i18n.catalogue import TABLES, Table, problems
from shared.paths import asset_path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("shared", "kiosk", "counter", "display")


def _sources() -> list[Path]:
    return [p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py") if p.name != "__main__.py"]


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def test_every_key_in_every_language() -> None:
    """Imports every module that builds a Table, then checks every registered table is complete."""
    builders = [p for p in _sources() if re.search(r"\bTable\(\s*\n?\s*\"", p.read_text(encoding="utf-8"))]
    for path in builders:
        importlib.import_module(_module(path))
    assert len(builders) >= 7 and {"words", "web", "alerts", "display", "slip", "reports", "errors"} <= set(
        TABLES
    )
    assert problems() == []
    counted = sum(
        1
        for t in TABLES.values()
        for texts in t.messages.values()
        for v in texts.values()
        if not isinstance(v, str)
    )
    assert counted > 0


def test_completeness_check_catches_gaps() -> None:
    bad = Table(
        "test_gaps",
        {
            "missing": {lang: "x" for lang in LANGS if lang != "vi"},
            "fields": {**{lang: "{n} x" for lang in LANGS}, "ko": "{m} x"},
            "forms": {**{lang: "{n}" for lang in LANGS}, "en": {"other": "{n} copies"}},
            "counted": {**{lang: "{n}" for lang in LANGS}, "en": {"one": "{n} copy", "other": "{n} copies"}},
        },
    )
    try:
        found = "\n".join(bad.problems())
        assert "test_gaps.missing: no vi text" in found
        assert "test_gaps.fields: placeholders differ" in found
        assert "test_gaps.forms.en: plural forms ['other'], want ['one', 'other']" in found
        assert "test_gaps.counted.pt: counted, but no plural forms ['one', 'other']" in found
        assert "test_gaps.counted.ko" not in found  # Korean has no plural
    finally:
        del TABLES["test_gaps"]


@pytest.mark.parametrize(
    ("lang", "n", "want"),
    [
        ("en", 1, "1 copy"),
        ("en", 2, "2 copies"),
        ("en", 0, "0 copies"),
        ("pt", 1, "1 cópia"),
        ("pt", 0, "0 cópias"),
        ("ja", 1, "1通"),
        ("ja", 3, "3通"),
        ("ko", 2, "2통"),
        ("tl", 4, "4 kopya"),
    ],
)
def test_plural_forms(lang: str, n: int, want: str) -> None:
    assert WORDS.text("copies_n", lang, n=n) == want


def test_one_plural_rule_per_language() -> None:
    for lang in ("ja", "ja_easy", "zh_hans", "ko", "vi"):
        assert {plural_category(lang, n) for n in range(30)} == {"other"}, lang
    for lang in ("en", "ne", "pt"):
        assert [plural_category(lang, n) for n in (0, 1, 2, 11, 21)] == [
            "other",
            "one",
            "other",
            "other",
            "other",
        ]
    assert [plural_category("tl", n) for n in (1, 2, 3, 4, 6, 9, 10, 14)] == ["one"] * 3 + ["other"] * 3 + [
        "one",
        "other",
    ]
    assert WORDS.text("people_ahead", "en", n=1) == "1 person ahead of you"
    assert WORDS.text("people_ahead", "en", n=5) == "5 people ahead of you"


def test_one_language_list_and_one_tokyo() -> None:
    """LANGS is defined once (shared/i18n/languages.py) and TOKYO once (shared/timeutil.py)."""
    langs = [p for p in _sources() if re.search(r"^LANGS\b.*=", p.read_text(encoding="utf-8"), re.M)]
    tokyo = [p for p in _sources() if re.search(r"^TOKYO\b.*=", p.read_text(encoding="utf-8"), re.M)]
    assert [p.relative_to(ROOT).as_posix() for p in langs] == ["shared/i18n/languages.py"]
    assert [p.relative_to(ROOT).as_posix() for p in tokyo] == ["shared/timeutil.py"]


def test_qt_linguist_files_follow_the_language_list() -> None:
    """The kiosk's widget texts: one .ts (and .qm) per language of the catalogue but English, and no other."""
    ts = {p.stem.removeprefix("kiosk_") for p in asset_path("i18n").glob("kiosk_*.ts")}
    qm = {p.stem.removeprefix("kiosk_") for p in asset_path("i18n").glob("kiosk_*.qm")}
    assert ts == qm == set(LANGS) - {"en"}
