"""The city profile (``city.toml``): the offices a city page lists and the services a resident can filter by.

Checked when it is read: every error names the file, the key and the reason, like the office profile
(``city.toml: offices[2].status_url: must start with http:// or https://``).

.. code-block:: toml

    [city]
    name = { ja = "横浜市", en = "Yokohama City" }
    poll_seconds = 10        # each office is asked once per this many seconds (spread over the interval)
    timeout_seconds = 4      # one request, connect to last byte
    stale_after_seconds = 45 # no fresh answer for this long: the office is shown as not up to date
    host = "127.0.0.1"
    port = 8090

    [[services]]
    code = "RES"
    names = { ja = "住民票・印鑑証明", en = "Residence certificates" }

    [[offices]]
    code = "tsurumi"
    names = { ja = "鶴見区役所", ja_easy = "{鶴見区役所|つるみくやくしょ}", en = "Tsurumi Ward Office" }
    status_url = "http://10.1.2.3:8080"
    address = { ja = "鶴見区鶴見中央3-20-1", en = "3-20-1 Tsurumi-chuo" }
    map_url = "https://www.openstreetmap.org/?mlat=35.508&mlon=139.682"
    hours = { weekday = ["08:45", "17:00"], saturday = ["09:00", "12:00"] }
    services = ["RES", "TAX"]
    travel = { minutes = 12, from = { ja = "横浜駅から", en = "from Yokohama Sta." } }
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

from shared.i18n import LANGS
from shared.validation import REQUIRED, Table, read_toml, show

Names = dict[str, str]


def pick(names: Names, lang: str) -> str:
    """The text for ``lang``: else Japanese for やさしい日本語, English for the other languages, else Japanese."""
    order = (lang, "ja") if lang.startswith("ja") else (lang, "en", "ja")
    return next((names[k] for k in order if names.get(k)), "")


CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
SERVICE_CODE = re.compile(r"^[A-Za-z0-9_]{1,32}$")


@dataclass(frozen=True)
class Travel:
    minutes: int
    origin: Names  # "from Yokohama Sta." by language; may be empty


@dataclass(frozen=True)
class CityOffice:
    code: str
    names: Names
    status_url: str  # the office's public base URL; the city reads {status_url}/api/status
    address: Names = field(default_factory=dict)
    map_url: str | None = None
    weekday: tuple[time, time] | None = None
    saturday: tuple[time, time] | None = None
    services: tuple[str, ...] | None = None  # None: whatever the office reports
    travel: Travel | None = None

    def name(self, lang: str) -> str:
        return pick(self.names, lang)

    @property
    def api_url(self) -> str:
        return self.status_url.rstrip("/") + "/api/status"


@dataclass(frozen=True)
class CityService:
    code: str
    names: Names

    def name(self, lang: str) -> str:
        return pick(self.names, lang)


@dataclass(frozen=True)
class CityProfile:
    path: str
    names: Names
    services: tuple[CityService, ...]
    offices: tuple[CityOffice, ...]
    poll_seconds: float = 10.0
    timeout_seconds: float = 4.0
    stale_after_seconds: float = 45.0
    host: str = "127.0.0.1"
    port: int = 8090

    def service(self, code: str) -> CityService | None:
        return next((s for s in self.services if s.code == code), None)


def _names(t: Table, key: str, *, required: bool = True) -> Names:
    """Texts by language, ``ja`` required (the office profile's rule)."""
    if key not in t:
        if required:
            raise t.fail(key, "is required (a table of names by language, at least 'ja')")
        return {}
    n = t.table(key, hint=' like { ja = "…", en = "…" }')
    n.only(LANGS, "language")
    out = {lang: n.text(lang, max_len=300) for lang in n}
    if "ja" not in out:
        raise n.fail("ja", "the Japanese text is required")
    return out


def _url(t: Table, key: str, default: Any = REQUIRED) -> Any:
    v = t.text(key, default, max_len=300)
    if v is not None and not re.match(r"^https?://[^\s/?#]+", v):
        raise t.fail(key, f"must start with http:// or https:// and a host, got {show(v)}")
    return v


def _service(t: Table) -> CityService:
    code = t.text("code", max_len=32)
    if not SERVICE_CODE.match(code):
        raise t.fail("code", "must be letters, digits or '_' (the offices' service code)")
    return CityService(code, _names(t, "names"))


def _office(t: Table, services: set[str]) -> CityOffice:
    code = t.text("code", max_len=32)
    if not CODE.match(code):
        raise t.fail("code", "must be 1–32 lower-case letters, digits, '_' or '-'")
    hours = t.table("hours", ("weekday", "saturday"))

    def offered(v: Any, key: str) -> str:
        s = t.check_text(v, key, max_len=32)
        if s not in services:
            raise t.fail(key, f"{s!r} is not in [[services]]; known: {', '.join(sorted(services))}")
        return s

    listed = t.array("services", None, offered, max_len=100)
    if listed is not None and not listed:
        raise t.fail("services", 'must list at least one service code, e.g. ["RES"]')
    travel = None
    if "travel" in t:
        tt = t.table("travel", ("minutes", "from"))
        travel = Travel(tt.whole("minutes", lo=0, hi=600), _names(tt, "from", required=False))
    return CityOffice(
        code=code,
        names=_names(t, "names"),
        status_url=_url(t, "status_url"),
        address=_names(t, "address", required=False),
        map_url=_url(t, "map_url", None),
        weekday=hours.span("weekday", None),
        saturday=hours.span("saturday", None),
        services=tuple(listed) if listed is not None else None,
        travel=travel,
    )


OFFICE_KEYS = ("code", "names", "status_url", "address", "map_url", "hours", "services", "travel")
CITY_KEYS = ("name", "poll_seconds", "timeout_seconds", "stale_after_seconds", "host", "port")


def load_city(path: str | Path) -> CityProfile:
    """Read and check a city profile; a :class:`ConfigError` names the file, the key and the reason."""
    root = Table(str(path), "", read_toml(path))
    root.only(("city", "services", "offices"), "section")
    c = root.table("city", CITY_KEYS)
    services = tuple(_service(t) for t in root.tables("services", ("code", "names")))
    root.unique(((f"services[{i}].code", s.code) for i, s in enumerate(services)), "service code")
    tables = root.tables("offices", OFFICE_KEYS)
    if not tables:
        raise root.fail("offices", "at least one [[offices]] entry is required")
    codes = {s.code for s in services}
    offices = tuple(_office(t, codes) for t in tables)
    root.unique(((f"offices[{i}].code", o.code) for i, o in enumerate(offices)), "office code")
    poll = c.number("poll_seconds", 10.0, lo=1, hi=3600)
    stale = c.number("stale_after_seconds", max(45.0, 3 * poll), lo=1, hi=86400)
    if stale <= poll:
        raise c.fail("stale_after_seconds", f"must be longer than poll_seconds ({poll:g})")
    return CityProfile(
        path=str(path),
        names=_names(c, "name"),
        services=services,
        offices=offices,
        poll_seconds=poll,
        timeout_seconds=c.number("timeout_seconds", 4.0, lo=0.5, hi=60),
        stale_after_seconds=stale,
        host=c.text("host", "127.0.0.1", max_len=100),
        port=c.whole("port", 8090, lo=1, hi=65535),
    )
