"""The Qt Linguist files: complete, placeholders kept, in step with the code, and compiled."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kiosk.i18n import TRANSLATED, qm_path, ts_path

ROOT = Path(__file__).resolve().parents[2]
TOOLS = Path(sys.executable).parent


def _messages(path: Path) -> dict[str, ET.Element]:
    return {m.findtext("source") or "": m for m in ET.parse(path).iter("message")}


def _tool(name: str) -> str:
    exe = TOOLS / name
    if not exe.exists():
        found = shutil.which(name)
        if found is None:
            pytest.skip(f"{name} is not installed")
        return found
    return str(exe)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_string_is_translated_with_its_placeholders(lang: str) -> None:
    messages = _messages(ts_path(lang))
    assert len(messages) > 80
    for source, m in messages.items():
        tr = m.find("translation")
        assert tr is not None and tr.get("type") is None, f"{lang}: unfinished {source!r}"
        text = tr.text or ""
        assert text.strip(), f"{lang}: empty translation of {source!r}"
        assert sorted(re.findall(r"%\d", text)) == sorted(re.findall(r"%\d", source)), f"{lang}: {source!r}"


def test_ts_files_match_the_code(tmp_path: Path) -> None:
    """Running lupdate over kiosk/**/*.py finds exactly the strings the committed files translate."""
    fresh = tmp_path / "kiosk_xx.ts"
    sources = sorted(str(p) for p in (ROOT / "kiosk").rglob("*.py"))
    subprocess.run(
        [_tool("pyside6-lupdate"), *sources, "-locations", "none", "-ts", str(fresh)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    in_code = set(_messages(fresh))
    for lang in TRANSLATED:
        assert set(_messages(ts_path(lang))) == in_code, lang


@pytest.mark.parametrize("lang", ["ja", "ne"])
def test_qm_files_are_compiled_from_the_ts_files(lang: str, tmp_path: Path) -> None:
    out = tmp_path / f"{lang}.qm"
    subprocess.run(
        [_tool("pyside6-lrelease"), str(ts_path(lang)), "-qm", str(out)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert out.read_bytes() == qm_path(lang).read_bytes(), f"run pyside6-lrelease on {ts_path(lang).name}"


def test_easy_japanese_avoids_hard_kanji() -> None:
    """やさしい日本語: kana-friendly wording; at most a few very common kanji in the whole UI."""
    text = "".join(m.findtext("translation") or "" for m in _messages(ts_path("ja_easy")).values())
    kanji = {ch for ch in text if "\u4e00" <= ch <= "\u9fff"}
    assert kanji <= {"人", "日", "分", "月"}, kanji
