"""The README documents every office-profile key, every command and option, and its examples run."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import re
import shlex
from pathlib import Path

import pytest

from shared import config
from shared.cli import BENCHES, COUNTER_VERBS, _parser, run
from shared.errors import run_main
from shared.paths import asset_path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")

SECTIONS = {
    "hours": config.Hours,
    "queue": config.QueueRules,
    "kiosk": config.KioskSettings,
    "web": config.WebSettings,
    "booking": config.BookingSettings,
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


# The README section that describes each command beyond its row in "Command line" (by top-level command).
OWN_SECTION = {
    "kiosk": "Kiosk",
    "counter": "Counter console",
    "display": "Hall display",
    "supervisor": "Floor manager",
    "web": "Phone status page",
    "report": "Reports and scheduled operations",
    "scheduler": "Reports and scheduled operations",
    "simulate": "Estimated waits",
    "ewt": "Estimated waits",
    "divert": "Estimated waits",
    "demo": "The demo office",
    "city": "The city view",
    "core": "Command line",
}
WORD = r"(?<![\w-]){}(?![\w-])"


def _sections(text: str) -> dict[str, str]:
    """``## `` heading -> the text up to the next ``## `` heading (subsections included)."""
    parts = re.split(r"^## ", text, flags=re.M)
    return {p.split("\n", 1)[0]: p for p in parts[1:]}


def _section(sections: dict[str, str], title: str) -> str:
    return next((body for head, body in sections.items() if head.startswith(title)), "")


def _help(words: list[str]) -> str:
    """``madoguchi WORDS --help``, through the real command line (apps print their own parser's help)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as done:
        run([*words, "--help"])
    assert done.value.code == 0
    return out.getvalue()


def _subcommands(help_text: str) -> list[str]:
    """Positional choices in the usage line, e.g. ``{run,plan,…}`` of ``scheduler`` (not an option's choices)."""
    usage = help_text.split("\n\n")[0].split()
    return [
        c
        for prev, tok in zip(["", *usage], usage, strict=False)
        if tok.startswith("{") and not prev.lstrip("[").startswith("-")
        for c in tok.strip("{}[]").split(",")
    ]


def _commands() -> list[list[str]]:
    sub = next(a for a in _parser()._actions if a.dest == "cmd")
    paths: list[list[str]] = []
    for name in sub.choices:
        if name == "bench":
            paths += [["bench", b] for b in BENCHES]
        elif name == "counter":
            paths += [["counter"]] + [["counter", v] for v in COUNTER_VERBS]
        else:
            paths.append([name])
            paths += [[name, s] for s in _subcommands(_help([name]))]
    return paths


def _documentation(readme: str, path: list[str]) -> str:
    """The README text that documents ``path``: the usage block and the command's rows of "Command line",
    and its own section."""
    sections = _sections(readme)
    cli_section = _section(sections, "Command line")
    usage = cli_section.split("|---|")[0]
    top = path[0] if path[0] != "bench" else path[1]
    rows = [
        line
        for line in cli_section.splitlines()
        if line.startswith("| `") and re.search(WORD.format(re.escape(path[0])), line.split("` |")[0])
    ]
    own = _section(sections, OWN_SECTION[top]) if top in OWN_SECTION else ""
    return "\n".join([usage, *rows, own])


def undocumented(readme: str) -> list[str]:
    """Every command, subcommand and option that ``--help`` shows but the README's section for it does not."""
    missing = []
    cli_section = _section(_sections(readme), "Command line")
    for path in _commands():
        name = " ".join(path)
        if not re.search(WORD.format(re.escape(path[0])), cli_section):
            missing.append(f"{name} (not in Command line)")
            continue
        doc = _documentation(readme, path)
        if len(path) > 1 and not re.search(WORD.format(re.escape(path[-1])), doc):
            missing.append(name)
        options = set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", _help(path))) - {"--help"}
        missing += [f"{name} {o}" for o in sorted(options) if not re.search(WORD.format(re.escape(o)), doc)]
    return missing


def test_every_command_and_option_is_documented():
    """As datasette does: each command's ``--help`` against the README's section for it."""
    assert undocumented(README) == []


def test_the_check_fails_without_the_command_line_section():
    sections = _sections(README)
    head = next(h for h in sections if h.startswith("Command line"))
    without = README.replace("## " + sections[head], "")
    missing = undocumented(without)
    assert "init (not in Command line)" in missing and "issue (not in Command line)" in missing
    assert len(missing) > 20


# Examples that need what a test has not: a screen, a server that runs until stopped, minutes, or (report) a
# database with visits in the period.
NOT_OFFLINE = {"kiosk", "display", "supervisor", "web", "demo", "bench", "report"}
NOT_OFFLINE_SUB = {("scheduler", "run"), ("scheduler", "restore"), ("simulate", "--live")}
# Capitals that are not placeholders: the built-in profile's service codes (RES, MOVE, …)
CODES = {s.code for s in config.load_config(None).services}


def readme_examples(readme: str) -> list[list[str]]:
    """The ``madoguchi …`` lines of the README's code blocks that run offline, with optional ``[…]`` parts
    left out and comments cut off; lines with a placeholder (PATH, N, …) are not examples."""
    out = []
    for block in re.findall(r"^```(?:sh)?\n(.*?)^```|^((?:    .*\n)+)", readme, flags=re.M | re.S):
        for line in "".join(block).splitlines():
            line = line.strip()
            if not line.startswith("madoguchi "):
                continue
            line = re.sub(r"\s+#.*$", "", line)
            line = re.sub(r"\s*\[[^\]]*\]", "", line).strip()
            words = shlex.split(line)[1:]
            placeholder = set(re.findall(r"\b[A-Z][A-Z_]*\b", line)) - CODES or re.search(r"…|\|", line)
            if not words or words[0] in NOT_OFFLINE or placeholder:
                continue
            if any((words[0], w) in NOT_OFFLINE_SUB for w in words[1:]) or words == ["scheduler"]:
                continue
            if words[0] == "counter" and (len(words) < 2 or words[1] not in COUNTER_VERBS):
                continue  # the clerk's console
            if any(w.startswith(("/", "~")) for w in words):
                continue  # a file on the office PC
            out.append(words)
    return out


def test_readme_examples_run(tmp_path, monkeypatch, capsys):
    """Each offline example in the README runs through the real command line against a temp database, with an
    always-open copy of the built-in profile (the examples issue tickets whatever the time of day), in a temp
    folder for the files they write."""
    examples = readme_examples(README)
    assert ["init"] in examples and ["simulate", "--list"] in examples and len(examples) >= 10
    profile = asset_path("offices/yokohama-ward.toml").read_text(encoding="utf-8")
    office = tmp_path / "office.toml"
    office.write_text(profile.replace("[hours]\n", "[hours]\nalways_open = true\n", 1), encoding="utf-8")
    monkeypatch.setenv("MADOGUCHI_DB", str(tmp_path / "office.db"))
    monkeypatch.setenv("MADOGUCHI_CONFIG", str(office))
    monkeypatch.chdir(tmp_path)
    for words in examples:
        code = run_main(run, words)
        out = capsys.readouterr()
        assert code == 0, (words, out.out[-1000:], out.err[-2000:])


def test_readme_set_up_commands_match_ci():
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    test_cmd = ".ci/setup && .venv/bin/python -m pytest"
    assert test_cmd in README and test_cmd in ci
    assert ".ci/setup && .venv/bin/madoguchi demo" in README
