"""The README documents every office-profile key and every CLI command (style.md §5.15)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from shared import config
from shared.cli import APPS, BENCHES, _parser

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")

SECTIONS = {
    "hours": config.Hours,
    "queue": config.QueueRules,
    "kiosk": config.KioskSettings,
    "web": config.WebSettings,
}
ARRAYS = {
    "services": config.Service,
    "counters": config.Counter,
    "certificates": config.Certificate,
    "bundles": config.Bundle,
    "displays": config.DisplayProfile,
    "groups": config.Group,
}


def test_every_section_key_is_documented():
    missing = [
        f"{sec}.{f.name}"
        for sec, cls in SECTIONS.items()
        for f in dataclasses.fields(cls)
        if f"{sec}.{f.name}" not in README
    ]
    assert missing == []


def test_every_array_key_is_documented():
    missing = []
    for arr, cls in ARRAYS.items():
        rows = [line for line in README.splitlines() if f"[[{arr}]]" in line]
        for f in dataclasses.fields(cls):
            name = {"order": None}.get(f.name, f.name)
            if name and not any(f"`{name}`" in r or re.search(rf"\b{name}\b", r) for r in rows):
                missing.append(f"[[{arr}]].{name}")
    assert missing == []


def test_every_command_is_documented():
    sub = next(a for a in _parser()._actions if a.dest == "cmd")
    missing = [name for name in sub.choices if f"`{name}" not in README and f" {name}" not in README]
    assert missing == []
    assert all(b in README for b in BENCHES) and all(a in README for a in APPS)


def test_readme_set_up_commands_match_ci():
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    test_cmd = ".ci/setup && .venv/bin/python -m pytest"
    assert test_cmd in README and test_cmd in ci
    assert ".ci/setup && .venv/bin/madoguchi demo" in README
