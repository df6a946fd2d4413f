"""One way to read a TOML settings file: the office profile, a scenario, the printer settings.

``read_toml(path)`` gives the parsed file or a :class:`~shared.errors.ConfigError` about the whole file (missing,
not UTF-8, not TOML, nested too deeply); a UTF-8 byte-order mark, as Notepad saves it, is accepted.
:class:`Table` reads one table of it: each getter checks type and range and raises a ``ConfigError`` that names the
file, the key path (``services[3].prefix``) and the reason; an unknown key is an error with a "did you mean …?".
Floats are always finite: NaN and infinity are refused everywhere.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Any, TypeVar

from shared.errors import ConfigError
from shared.timeutil import parse_hhmm

T = TypeVar("T")
_HHMM = re.compile(r"^[0-9]{1,2}:[0-9]{2}$")


@dataclass(frozen=True)
class ConfigWarning:
    """Allowed but probably wrong, in the shape of an error: ``file: key: reason``."""

    path: str
    key: str
    reason: str

    def __str__(self) -> str:
        return ": ".join(x for x in (self.path, self.key, self.reason) if x)


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()  # the default of a key that must be given


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to a misspelt ``word`` (difflib), or None when nothing is close."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def show(value: Any, limit: int = 40) -> str:
    """A short, one-line picture of a bad value for an error message (never a megabyte or a deep nesting)."""
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and abs(value) >= 10**12:
        return f"a {len(str(abs(value)))}-digit number"
    text = repr(value) if not isinstance(value, time) else value.isoformat()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_toml(path: str | Path, *, not_found: str = "file not found") -> dict[str, Any]:
    """The parsed TOML file, or a ConfigError about the whole file with an empty key."""
    return parse_toml(read_text(path, not_found=not_found), str(path))


def read_text(path: str | Path, *, not_found: str = "file not found") -> str:
    """A settings file's text (UTF-8, a BOM allowed), or a ConfigError about the whole file."""
    p = Path(path)
    where = str(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise ConfigError(where, "", not_found) from None
    except IsADirectoryError:
        raise ConfigError(where, "", "is a folder, not a file") from None
    except OSError as exc:
        raise ConfigError(where, "", f"cannot read the file: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")  # a BOM (Notepad's "UTF-8") is fine
    except UnicodeDecodeError:
        raise ConfigError(where, "", "not UTF-8 text: save the file as UTF-8") from None


def parse_toml(text: str, where: str) -> dict[str, Any]:
    """TOML text (a file's, or an office-profile version stored in the database) as a dict, or a ConfigError
    naming ``where``."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(where, "", f"not valid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(where, "", "not valid TOML: lists or tables nested too deeply") from None


def join(where: str, key: str | int) -> str:
    """The key path of ``key`` inside ``where``: ``web`` + ``port`` → ``web.port``; an int index → ``[3]``."""
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


class Table:
    """Typed, checked access to one TOML table at key path ``where`` of file ``path``.

    With ``known``, any other key is refused at once (with the closest known key as a suggestion).
    """

    def __init__(
        self, path: str, where: str, data: Any, known: Iterable[str] | None = None, *, hint: str = ""
    ) -> None:
        self.path, self.where = path, where
        if not isinstance(data, dict):
            raise ConfigError(path, where, f"must be a table{hint}, got {show(data)}")
        self.data: dict[str, Any] = data
        if known is not None:
            self.only(known)

    # -- errors and keys --------------------------------------------------------------------------------------
    def key(self, key: str | int) -> str:
        return join(self.where, key)

    def fail(self, key: str | int | None, reason: str, suggestion: str | None = None) -> ConfigError:
        return ConfigError(
            self.path, self.where if key is None else self.key(key), reason, suggestion=suggestion
        )

    def only(self, known: Iterable[str], what: str = "key") -> None:
        """Refuse every key not in ``known``, suggesting the closest one."""
        allowed = set(known)
        for k in self.data:
            if k not in allowed:
                listing = ", ".join(sorted(allowed)) or "none"
                name = k if len(k) <= 60 else k[:59] + "…"  # the key path names it; never a page of text
                raise self.fail(name, f"unknown {what}; known: {listing}", suggest(k, allowed))

    def __contains__(self, key: str) -> bool:
        return key in self.data

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.data))

    def raw(self, key: str, default: Any = REQUIRED) -> Any:
        if key not in self.data:
            if default is REQUIRED:
                raise self.fail(key, "is required")
            return default
        return self.data[key]

    # -- scalars ----------------------------------------------------------------------------------------------
    def text(
        self,
        key: str,
        default: Any = REQUIRED,
        *,
        empty: bool = False,
        choices: Iterable[str] | None = None,
        max_len: int = 500,
    ) -> Any:
        if key not in self.data:
            return self.raw(key, default)
        return self.check_text(self.data[key], key, empty=empty, choices=choices, max_len=max_len)

    def check_text(
        self,
        v: Any,
        key: str | int,
        *,
        empty: bool = False,
        choices: Iterable[str] | None = None,
        max_len: int = 500,
    ) -> str:
        if not isinstance(v, str):
            raise self.fail(key, f"must be text in quotes, got {show(v)}")
        if choices is not None:
            options = tuple(choices)
            if v not in options:
                raise self.fail(
                    key, f"must be one of {', '.join(options)}, got {show(v)}", suggest(v, options)
                )
        if not empty and not v.strip():
            raise self.fail(key, "must not be empty")
        if len(v) > max_len:
            raise self.fail(key, f"is too long ({len(v)} characters; at most {max_len})")
        return v

    def whole(self, key: str, default: Any = REQUIRED, *, lo: int, hi: int) -> Any:
        if key not in self.data:
            return self.raw(key, default)
        return self.check_whole(self.data[key], key, lo=lo, hi=hi)

    def check_whole(self, v: Any, key: str | int, *, lo: int, hi: int) -> int:
        if isinstance(v, bool) or not isinstance(v, int):
            raise self.fail(key, f"must be a whole number from {lo} to {hi}, got {show(v)}")
        if not lo <= v <= hi:
            raise self.fail(key, f"must be from {lo} to {hi}, got {show(v)}")
        return v

    def number(self, key: str, default: Any = REQUIRED, *, lo: float, hi: float, above: bool = False) -> Any:
        """A finite number in [lo, hi] (or (lo, hi] with ``above``); ints are returned as floats."""
        if key not in self.data:
            return self.raw(key, default)
        return self.check_number(self.data[key], key, lo=lo, hi=hi, above=above)

    def check_number(self, v: Any, key: str | int, *, lo: float, hi: float, above: bool = False) -> float:
        span = f"more than {lo:g} and at most {hi:g}" if above else f"from {lo:g} to {hi:g}"
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise self.fail(key, f"must be a number {span}, got {show(v)}")
        if isinstance(v, float) and not math.isfinite(v):
            raise self.fail(key, f"must be a number {span}, got {show(v)}")
        if not (lo < v if above else lo <= v) or v > hi:
            raise self.fail(key, f"must be {span}, got {show(v)}")
        return float(v)

    def flag(self, key: str, default: Any = REQUIRED) -> Any:
        if key not in self.data:
            return self.raw(key, default)
        v = self.data[key]
        if not isinstance(v, bool):
            raise self.fail(key, f"must be true or false, got {show(v)}")
        return v

    def clock(self, key: str, default: Any = REQUIRED) -> Any:
        if key not in self.data:
            return self.raw(key, default)
        return self.check_clock(self.data[key], key)

    def check_clock(self, v: Any, key: str | int) -> time:
        if isinstance(v, str) and _HHMM.match(v):
            try:
                return parse_hhmm(v)
            except ValueError:
                pass
        raise self.fail(key, f'must be a time like "08:45" (00:00–23:59), got {show(v)}')

    def check_month_day(self, v: Any, key: str | int) -> str:
        """A day of the year written ``"MM-DD"`` that exists (``02-29`` does, ``13-45`` does not)."""
        ok = isinstance(v, str) and len(v) == 5 and v[2] == "-" and v[:2].isdigit() and v[3:].isdigit()
        if not ok:
            raise self.fail(key, f"must be a day written 'MM-DD' (e.g. '12-29'), got {show(v)}")
        try:
            date(2024, int(v[:2]), int(v[3:]))  # a leap year, so 02-29 counts
        except ValueError:
            raise self.fail(key, f"{v} is not a date (month 01–12, then a day of that month)") from None
        return v

    def span(self, key: str, default: Any = REQUIRED, *, what: str = "opening") -> Any:
        """``["HH:MM", "HH:MM"]`` with the first strictly before the second."""
        if key not in self.data:
            return self.raw(key, default)
        v = self.data[key]
        if not isinstance(v, list) or len(v) != 2:
            raise self.fail(key, f'must be ["HH:MM", "HH:MM"], got {show(v)}')
        a, b = self.check_clock(v[0], key), self.check_clock(v[1], key)
        if not a < b:
            raise self.fail(key, f"the {what} time {v[0]} must be before the closing time {v[1]}")
        return (a, b)

    # -- containers -------------------------------------------------------------------------------------------
    def array(
        self,
        key: str,
        default: Any = REQUIRED,
        item: Callable[[Any, str], T] | None = None,
        *,
        max_len: int = 1000,
    ) -> Any:
        """A list; ``item(value, "key[i]")`` checks each element (the key is relative to this table)."""
        if key not in self.data:
            return self.raw(key, default)
        v = self.data[key]
        if not isinstance(v, list):
            raise self.fail(key, f"must be a list [ … ], got {show(v)}")
        if len(v) > max_len:
            raise self.fail(key, f"has {len(v)} entries; at most {max_len}")
        if item is None:
            return list(v)
        return [item(x, f"{key}[{i}]") for i, x in enumerate(v)]

    def table(self, key: str, known: Iterable[str] | None = None, *, hint: str = "") -> Table:
        """The sub-table ``key`` (empty when absent)."""
        return Table(self.path, self.key(key), self.data.get(key, {}), known, hint=hint)

    def tables(self, key: str, known: Iterable[str] | None = None) -> list[Table]:
        """The array of tables ``[[key]]`` (empty when absent); entry i has the key path ``key[i]``."""
        v = self.data.get(key, [])
        if not isinstance(v, list):
            raise self.fail(key, f"must be an array of tables ([[{key}]]), got {show(v)}")
        return [
            Table(self.path, join(self.key(key), i), x, known, hint=f" ([[{key}]])") for i, x in enumerate(v)
        ]

    def entry(self, value: Any, key: str, known: Iterable[str] | None = None, *, hint: str = "") -> Table:
        """A table inside a list of this table, e.g. ``key="steps[2]"`` of ``steps = [ {…}, … ]``."""
        return Table(self.path, self.key(key), value, known, hint=hint)

    def unique(self, values: Iterable[tuple[str, Any]], what: str) -> None:
        """Refuse a value seen before; ``values`` pairs each value with its key path."""
        seen: dict[Any, str] = {}
        for where, v in values:
            if v in seen:
                raise ConfigError(self.path, where, f"duplicate {what} {show(v)} (also at {seen[v]})")
            seen[v] = where
