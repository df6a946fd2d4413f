"""The config mutation pass: a mutated shipped profile gives a clear error or a working office, never a traceback.

Hypothesis changes the shipped office profile (wrong types, out-of-range and negative numbers, NaN and infinity,
huge and empty values, deep nesting, deleted keys, unknown keys) and writes it out as TOML. Then either
``load_config`` raises a ConfigError that names the file, a key and a reason on one line, or the office works:
it opens a database, issues a ticket (or refuses cleanly, e.g. closed), and answers its status, the phone
page ``/`` and ``/api/status`` with 200 and finite JSON. Any other exception fails the test.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import os
import tempfile
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from shared.config import load_config
from shared.errors import ConfigError, DomainError
from shared.office import open_office
from shared.paths import asset_path
from shared.status import office_status
from shared.timeutil import TOKYO
from shared.web.app import create_app

SHIPPED_TEXT = asset_path("offices/yokohama-ward.toml").read_text(encoding="utf-8")
SHIPPED = tomllib.loads(SHIPPED_TEXT)
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=TOKYO)  # a Tuesday morning, open in the shipped profile


@dataclass(frozen=True)
class Nested:
    """A list nested ``depth`` times, written straight as brackets (the writer itself stays flat)."""

    depth: int


@dataclass(frozen=True)
class Delete:
    pass


# -- a small TOML writer (tomllib reads only) ------------------------------------------------------------------
def _str(s: str) -> str:
    out = []
    for c in s:
        if c in '"\\':
            out.append("\\" + c)
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def _value(v: Any) -> str:
    if isinstance(v, Nested):
        return "[" * v.depth + "]" * v.depth
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf") if math.isinf(v) else repr(v)
    if isinstance(v, str):
        return _str(v)
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_str(k)} = {_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(type(v))


def dump(doc: dict[str, Any]) -> str:
    lines = [f"{_str(k)} = {_value(v)}" for k, v in doc.items() if not _is_section(v)]
    for k, v in doc.items():
        if isinstance(v, dict):
            lines.append(f"[{_str(k)}]")
            lines += [f"{_str(kk)} = {_value(vv)}" for kk, vv in v.items()]
        elif _is_section(v):
            for entry in v:
                lines.append(f"[[{_str(k)}]]")
                lines += [f"{_str(kk)} = {_value(vv)}" for kk, vv in entry.items()]
    return "\n".join(lines) + "\n"


def _is_section(v: Any) -> bool:
    return isinstance(v, dict) or (isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v))


def test_the_writer_round_trips_the_shipped_profile() -> None:
    assert tomllib.loads(dump(SHIPPED)) == SHIPPED


# -- mutations ----------------------------------------------------------------------------------------------
def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


def _container(doc: Any, path: tuple[Any, ...]) -> Any:
    node = doc
    for k in path[:-1]:
        node = node[k]
    return node


PATHS = _paths(SHIPPED)
TEXTS = ("names", "name", "ask", "title", "notices")  # most paths are translations: mutate them less often
TEXT_PATHS = [p for p in PATHS if any(k in TEXTS for k in p)]
OTHER_PATHS = [p for p in PATHS if p not in TEXT_PATHS]
LEAF_PATHS = [p for p in OTHER_PATHS if not isinstance(_container(SHIPPED, p)[p[-1]], dict | list)]
NUMBER_PATHS = [p for p in LEAF_PATHS if isinstance(_container(SHIPPED, p)[p[-1]], int | float)]

VALUES = st.one_of(
    st.sampled_from(
        [
            math.nan,
            math.inf,
            -math.inf,
            10**30,
            -(10**30),
            2**63 - 1,
            -1,
            0,
            -0.5,
            1e308,
            "",
            "   ",
            "x" * 5000,
            "13-45",
            "25:00",
            "17:00",
            "00:00",
            "A",
            "AA",
            "none",
            "network",
            True,
            False,
            [],
            {},
            [1, "a"],
            {"kind": "network", "hots": "10.0.0.5", "port": "nine-one-hundred"},
            {"kind": "network"},
            {"ja": ""},
            ["17:00", "08:45"],
            ["00:00", "23:59"],
            Nested(40),
            Nested(3000),
            Delete(),
        ]
    ),
    st.integers(min_value=0, max_value=120),
    st.floats(min_value=0.0, max_value=120.0),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
    st.lists(st.integers(min_value=-5, max_value=200), max_size=4),
)


def same_type(old: Any) -> st.SearchStrategy[Any]:
    """A value of the old value's type, from its edges: 0, negative, huge, tiny, NaN, empty, long …"""
    if isinstance(old, bool):
        return st.booleans()
    if isinstance(old, int):
        return st.one_of(st.integers(-2, 130), st.integers(min_value=-(2**70), max_value=2**70))
    if isinstance(old, float):
        return st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.floats(0.0, 130.0))
    if isinstance(old, str):
        return st.one_of(
            st.sampled_from([old.lower(), old.upper(), old + "x", old[:-1], "", " ", "Z", "16:59", "08:46"]),
            st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
        )
    if isinstance(old, list) and old and not isinstance(old[0], dict):
        return st.lists(st.sampled_from([*old, old[0]]), max_size=len(old) + 1) | st.lists(
            same_type(old[0]), max_size=3
        )
    return VALUES


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    doc = json.loads(json.dumps(SHIPPED))  # a deep copy (the profile holds only JSON types)
    for _ in range(draw(st.integers(min_value=1, max_value=2))):
        paths = draw(
            st.sampled_from([NUMBER_PATHS, NUMBER_PATHS, LEAF_PATHS, LEAF_PATHS, OTHER_PATHS, TEXT_PATHS])
        )
        path = draw(st.sampled_from(paths))
        try:
            parent = _container(doc, path)
            parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this part
        if draw(st.integers(0, 5)) == 0 and isinstance(parent, dict):  # an unknown key next to a known one
            key = str(path[-1])
            typo = draw(st.sampled_from([key + "s", key[:-1], key.replace("_", ""), "extra"]))
            if typo not in parent:
                parent[typo] = parent[path[-1]]
            continue
        old = parent[path[-1]]
        value = draw(same_type(old) if draw(st.booleans()) else VALUES)
        if isinstance(value, Delete):
            if isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent.pop(path[-1])
        else:
            parent[path[-1]] = value
    return doc


_ids = itertools.count()


@settings(
    max_examples=int(os.environ.get("MADOGUCHI_CONFIG_MUTATIONS", "60")),  # a longer pass: set it to 2000
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(doc=mutated())
def test_a_mutated_profile_is_a_clear_error_or_a_working_office(doc: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"office{next(_ids)}.toml"
        path.write_text(dump(doc), encoding="utf-8")
        try:
            cfg = load_config(path)
        except ConfigError as e:
            assert_clear(e, path)
            event(f"refused: {e.reason.split(',')[0][:40]}")
            return
        event("a working office")
        engine = open_office(Path(tmp) / "office.db", cfg)
        with contextlib.suppress(DomainError):  # closed today, cut off, capped: a clear refusal, not a fault
            engine.issue(cfg.services[0].code, now=NOW)
        json.dumps(office_status(engine, NOW), allow_nan=False)
        app = create_app(Path(tmp) / "office.db", cfg, clock=lambda: NOW, run_alerts=False)
        with TestClient(app, base_url="http://127.0.0.1:8080") as client:
            for url in ("/", "/api/status"):
                r = client.get(url)
                assert r.status_code == 200, (url, r.status_code)
            json.loads(r.text, parse_constant=lambda c: (_ for _ in ()).throw(AssertionError(c)))
        engine.store.close()


def assert_clear(e: ConfigError, path: Path) -> None:
    """``file: key: reason`` on one short line; a whole-file error has no key at all (never "-")."""
    text = str(e)
    assert e.path == str(path) and e.reason, text
    assert "\n" not in text and len(text) < 600, text
    assert e.key != "-" and text.startswith(f"{path}: "), text
    if not e.key:
        assert e.reason.startswith("not valid TOML"), text


def test_deep_nesting_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(
        SHIPPED_TEXT.replace("[queue]\n", "[queue]\nx = " + "[" * 5000 + "]" * 5000 + "\n"), "utf-8"
    )
    try:
        load_config(path)
    except ConfigError as e:
        assert_clear(e, path)
        assert "nested too deeply" in e.reason
    else:
        raise AssertionError("a 5000-deep list was accepted")
