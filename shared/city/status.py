"""Reading one office's public ``/api/status`` (version 1) safely: a bounded, timed HTTP GET and a strict check of
every field the city uses. Anything else — too big, too slow, not JSON, a wrong type, a number out of range — is
refused with a one-line reason, and the office is then shown as unreachable or not up to date, never guessed at.

Names are kept as text; the page escapes them (Jinja autoescape), so HTML in a name is shown, not run.
"""

from __future__ import annotations

import http.client
import json
import re
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from shared.i18n import LANGS

MAX_BYTES = 256 * 1024  # a real office's answer is ~10 KB
MAX_SERVICES = 100
MAX_NAME = 200
MAX_WAITING = 100_000
MAX_MINUTES = 24 * 60
CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
SERVICE_CODE = re.compile(r"^[A-Za-z0-9_]{1,32}(:pickup)?$")
WORD = re.compile(r"^[a-z_]{1,40}$")
HHMM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
KINDS = ("minutes", "soon", "not_open")


class Refused(Exception):
    """The office's answer was not used; ``str()`` is the one-line reason."""


@dataclass(frozen=True)
class Wait:
    """An office's estimate, as decided there: ``kind`` minutes | soon | not_open, the 目安 in minutes, the range."""

    kind: str
    minutes: int | None = None
    low: int | None = None
    high: int | None = None
    rough: bool = False


@dataclass(frozen=True)
class ServiceNow:
    code: str
    names: dict[str, str]
    waiting: int
    wait: Wait | None
    issuing: str  # open | closed | cutoff | cap | paused | …


@dataclass(frozen=True)
class OfficeNow:
    version: int
    office_code: str | None
    updated: datetime  # when the office read these numbers (its clock)
    served_at: datetime | None
    open: bool
    hours_today: tuple[str, str] | None
    hours_known: bool  # False for an office before version 1 (no hours_today field)
    services: tuple[ServiceNow, ...]

    @property
    def office_age_s(self) -> float:
        """How old the numbers were when the office served them (both times from the office's own clock)."""
        if self.served_at is None:
            return 0.0
        return max(0.0, (self.served_at - self.updated).total_seconds())


def fetch(url: str, timeout: float, max_bytes: int = MAX_BYTES) -> bytes:
    """GET ``url`` within ``timeout`` seconds in all (connect to last byte), at most ``max_bytes``."""
    u = urlsplit(url)
    if u.scheme not in ("http", "https") or not u.hostname:
        raise Refused(f"not an http(s) URL: {url}")
    deadline = time.monotonic() + timeout
    cls = http.client.HTTPSConnection if u.scheme == "https" else http.client.HTTPConnection
    conn = cls(u.hostname, u.port, timeout=timeout)
    try:
        path = (u.path or "/") + (f"?{u.query}" if u.query else "")
        conn.request("GET", path, headers={"Accept": "application/json", "User-Agent": "madoguchi-city"})
        resp = conn.getresponse()
        if resp.status != 200:
            raise Refused(f"HTTP {resp.status}")
        length = resp.getheader("Content-Length")
        if length is not None and (not length.isdigit() or int(length) > max_bytes):
            raise Refused(f"answer too large ({length} bytes; at most {max_bytes})")
        chunks, size = [], 0
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Refused(f"no complete answer within {timeout:g} s")
            if conn.sock is not None:
                conn.sock.settimeout(left)
            chunk = resp.read1(65536)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise Refused(f"answer too large (over {max_bytes} bytes)")
            chunks.append(chunk)
        return b"".join(chunks)
    except TimeoutError:
        raise Refused(f"no answer within {timeout:g} s") from None
    except (OSError, http.client.HTTPException) as exc:
        raise Refused(f"cannot connect: {type(exc).__name__}: {exc}"[:200]) from None
    finally:
        conn.close()


def _int(v: Any, where: str, hi: int) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= hi:
        raise Refused(f"{where}: must be a whole number 0–{hi}, got {_show(v)}")
    return v


def _minutes(v: Any, where: str) -> int | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int | float) or not 0 <= v <= MAX_MINUTES:
        raise Refused(f"{where}: must be minutes 0–{MAX_MINUTES} or null, got {_show(v)}")
    return round(v)


def _show(v: Any) -> str:
    text = json.dumps(v, ensure_ascii=False) if not isinstance(v, dict | list) else type(v).__name__
    return text if len(text) <= 40 else text[:39] + "…"


def _time(v: Any, where: str) -> datetime:
    if not isinstance(v, str) or len(v) > 40:
        raise Refused(f"{where}: must be an ISO time, got {_show(v)}")
    try:
        t = datetime.fromisoformat(v)
    except ValueError:
        raise Refused(f"{where}: must be an ISO time, got {_show(v)}") from None
    if t.tzinfo is None:
        raise Refused(f"{where}: needs a time zone, got {_show(v)}")
    return t


def _names(v: Any, where: str) -> dict[str, str]:
    if not isinstance(v, dict):
        raise Refused(f"{where}: must be an object of names by language")
    out = {}
    for lang in LANGS:
        x = v.get(lang)
        if x is None:
            continue
        if not isinstance(x, str) or len(x) > MAX_NAME:
            raise Refused(f"{where}.{lang}: must be a text of at most {MAX_NAME} characters")
        out[lang] = "".join(ch for ch in x if ch.isprintable())
    return out


def _wait(v: Any, where: str) -> Wait | None:
    """Both shapes an office may send: ``{kind, minutes, low, high, rough}`` and the older ``{low, high, soon}``."""
    if v is None:
        return None
    if not isinstance(v, dict):
        raise Refused(f"{where}: must be an object or null")
    low, high = _minutes(v.get("low"), f"{where}.low"), _minutes(v.get("high"), f"{where}.high")
    rough = v.get("rough", False)
    if not isinstance(rough, bool):
        raise Refused(f"{where}.rough: must be true or false")
    if "kind" in v:
        kind = v["kind"]
        if kind not in KINDS:
            raise Refused(f"{where}.kind: must be one of {', '.join(KINDS)}, got {_show(kind)}")
        minutes = _minutes(v.get("minutes"), f"{where}.minutes")
        if kind == "minutes" and minutes is None:
            raise Refused(f"{where}.minutes: is required when kind is minutes")
        return Wait(kind, minutes, low, high, rough)
    soon = v.get("soon", False)
    if not isinstance(soon, bool):
        raise Refused(f"{where}.soon: must be true or false")
    if soon:
        return Wait("soon")
    if high is None:
        raise Refused(f"{where}: has neither kind nor high")
    return Wait("minutes", high, low, high)  # the older range: its upper end, biased long like the office's


def parse(body: bytes) -> OfficeNow:
    """The checked content of an office's ``/api/status`` answer."""
    try:
        doc = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Refused("not JSON") from None
    if not isinstance(doc, dict):
        raise Refused("not a JSON object")
    version = doc.get("version", 0)
    version = _int(version, "version", 1000)
    code = doc.get("office_code")
    if code is not None and (not isinstance(code, str) or not CODE.match(code)):
        raise Refused(f"office_code: not an office code, got {_show(code)}")
    updated = _time(doc.get("updated"), "updated")
    served = _time(doc["served_at"], "served_at") if doc.get("served_at") is not None else None
    is_open = doc.get("open")
    if not isinstance(is_open, bool):
        raise Refused(f"open: must be true or false, got {_show(is_open)}")
    hours = doc.get("hours_today")
    span = None
    if hours is not None:
        if not isinstance(hours, dict) or not all(
            isinstance(hours.get(k), str) and HHMM.match(hours[k]) for k in ("open", "close")
        ):
            raise Refused('hours_today: must be {"open": "HH:MM", "close": "HH:MM"} or null')
        span = (hours["open"], hours["close"])
    raw = doc.get("services")
    if not isinstance(raw, list):
        raise Refused("services: must be a list")
    if len(raw) > MAX_SERVICES:
        raise Refused(f"services: more than {MAX_SERVICES}")
    services = []
    for i, s in enumerate(raw):
        w = f"services[{i}]"
        if not isinstance(s, dict):
            raise Refused(f"{w}: must be an object")
        sc = s.get("code")
        if not isinstance(sc, str) or not SERVICE_CODE.match(sc):
            raise Refused(f"{w}.code: not a service code, got {_show(sc)}")
        issuing = s.get("issuing", "open")
        if not isinstance(issuing, str) or not WORD.match(issuing):
            raise Refused(f"{w}.issuing: not a reason word, got {_show(issuing)}")
        services.append(
            ServiceNow(
                code=sc,
                names=_names(s.get("names", {}), f"{w}.names"),
                waiting=_int(s.get("waiting"), f"{w}.waiting", MAX_WAITING),
                wait=_wait(s.get("estimate_min"), f"{w}.estimate_min"),
                issuing=issuing,
            )
        )
    return OfficeNow(version, code, updated, served, is_open, span, "hours_today" in doc, tuple(services))
