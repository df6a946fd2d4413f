"""The office profile (TOML): services, counters, hours, life-event bundles, displays, kiosk and web settings.

``load_config(path)`` validates everything any app would later reject (unknown keys included, with a "did you
mean …?") and raises :class:`ConfigError` naming the file, the key and the reason; what is allowed but probably
wrong (no ``office.base_url``, a notice missing languages) is listed in ``OfficeConfig.warnings``.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from shared.booking_settings import BookingSettings, parse_booking
from shared.errors import ConfigError
from shared.i18n.languages import LANGS
from shared.paths import asset_path
from shared.pins import parse_hash
from shared.printer_settings import parse_printer
from shared.validation import REQUIRED, ConfigWarning, Table, parse_toml, read_text, show, suggest

GROUPS: tuple[str, ...] = ("certificates", "registration", "insurance", "children", "mynumber", "tax")
DEFAULT_PROFILE = "offices/yokohama-ward.toml"
#: 行かない: the kinds of alternative a service may offer (convenience-store issuance, online, by post)
ALTERNATIVE_KINDS: tuple[str, ...] = ("konbini", "online", "mail")

Names = dict[str, str]


@dataclass(frozen=True)
class Group:
    code: str
    names: Names
    order: int = 0


@dataclass(frozen=True)
class Alternative:
    """行かない: another way to get what a service gives, offered before the ticket (kiosk and ``/issue``).

    ``text`` says in plain words what can be done where, ``needs`` what the visitor must bring or have, both by
    language. ``hours`` is when the alternative is available (None: any time, e.g. online), ``url`` an address
    shown as a QR code. ``documents`` are the ``[[certificates]]`` codes it covers (empty: the whole service),
    so a request mixing a covered and an uncovered document gets no offer. ``enabled = false`` keeps it in the
    profile without offering it (the office's switch per service)."""

    kind: str  # one of shared.models.ALTERNATIVE_KINDS
    text: Names
    needs: Names
    hours: tuple[time, time] | None = None
    url: str | None = None
    documents: tuple[str, ...] = ()
    enabled: bool = True

    def covers(self, documents: Iterable[str]) -> bool:
        """True when every one of ``documents`` (certificate codes; none: the service itself) is covered."""
        docs = set(documents)
        return not self.documents or (bool(docs) and docs <= set(self.documents))

    def words(self, what: str, lang: str) -> str:
        names: Names = getattr(self, what)
        return names.get(lang) or names["ja"]


@dataclass(frozen=True)
class Service:
    code: str
    prefix: str
    group: str
    names: Names
    target_wait_min: int = 20
    service_min: float = 8.0
    daily_cap: int | None = None
    cutoff: time | None = None
    pickup: bool = False
    weight: float = 1.0
    web: bool = False
    #: 書かない: the office needs no hand-written form for this service, so the counter never asks how many
    #: forms the visitor wrote (its finished legs log 0 forms, marked ``form_free``)
    form_free: bool = False
    #: where to wait (floor, counter area) by language, printed on the ticket; {} when the profile has none
    area: Names = field(default_factory=dict)
    #: 行かない: other ways to get it (convenience store, online), offered before a ticket
    alternatives: tuple[Alternative, ...] = ()

    def name(self, lang: str = "ja") -> str:
        return self.names.get(lang) or self.names["ja"]

    def area_text(self, lang: str = "ja") -> str:
        return self.area.get(lang) or self.area.get("ja", "")

    def alternative_for(self, documents: Iterable[str] = ()) -> Alternative | None:
        """The first switched-on alternative covering ``documents`` (none: the service as a whole), or None."""
        return next((a for a in self.alternatives if a.enabled and a.covers(documents)), None)


@dataclass(frozen=True)
class Certificate:
    """A document a visitor can ask for at the kiosk (書かない): maps to the service that issues it."""

    code: str
    service: str
    names: Names
    max_copies: int = 10


@dataclass(frozen=True)
class Counter:
    number: int
    name: str
    services: tuple[str, ...]
    breaks: tuple[tuple[time, time], ...] = ()  # the staffing plan: when nobody sits here (lunch rotation)
    booking: bool = False  # a 予約 counter: kept free for its services' appointments (shared.policy.reserve)


@dataclass(frozen=True)
class BundleStep:
    service: str
    ask: Names | None = None  # a yes/no question; None means the step always applies


@dataclass(frozen=True)
class Bundle:
    code: str
    names: Names
    steps: tuple[BundleStep, ...]
    prefix: str | None = None

    def route_for(self, answers: dict[int, bool]) -> list[str]:
        """The services of this life event for the visitor's yes/no answers (by step index)."""
        return [s.service for i, s in enumerate(self.steps) if s.ask is None or answers.get(i, False)]


@dataclass(frozen=True)
class DisplayProfile:
    name: str
    title: Names
    services: tuple[str, ...] = ()  # empty: every service
    counters: tuple[int, ...] = ()  # empty: every counter
    pickup: bool = False
    sound: bool = True
    english: bool = False
    history: int = 8
    languages: tuple[str, ...] = ("ja", "en", "zh_hans", "ko")


@dataclass(frozen=True)
class Hours:
    weekday: tuple[time, time] = (time(8, 45), time(17, 0))
    saturday: tuple[time, time] | None = (time(9, 0), time(12, 0))
    saturday_weeks: tuple[int, ...] = (2, 4)
    closed_dates: tuple[str, ...] = ("12-29", "12-30", "12-31", "01-01", "01-02", "01-03")
    public_holidays: bool = True
    always_open: bool = False  # demo and tests: open every day, all day


@dataclass(frozen=True)
class QueueRules:
    no_show_after_recalls: int = 1
    long_wait_min: int = 30
    priority_max_in_row: int = 3
    aging_min: float = 0.0
    transfer_keeps_place: bool = True
    day_rollover: time = time(0, 0)


@dataclass(frozen=True)
class KioskSettings:
    idle_seconds: int = 60
    staff_pin: str = "0000"
    printer: dict[str, Any] = field(default_factory=lambda: {"kind": "none"})
    #: the service the kiosk's 「わからない方・ご案内」 tile issues a ticket for (総合案内); None: no such tile
    guidance_service: str | None = None


@dataclass(frozen=True)
class SupervisorSettings:
    """``[supervisor]``: who may sign in to the floor manager's console (PINs stored hashed, see shared/pins)."""

    pins: dict[str, str] = field(default_factory=dict)  # name -> scrypt hash
    max_failures: int = 5  # wrong PINs in a row before the name is locked out
    lockout_min: int = 10


@dataclass(frozen=True)
class WebSettings:
    host: str = "127.0.0.1"
    port: int = 8080
    issue_hours: tuple[time, time] = (time(9, 30), time(16, 0))
    prefix: str | None = None
    require_checkin: bool = True
    rate_limit_per_hour: int = 5
    alert_people_ahead: tuple[int, ...] = (5, 3)
    alert_minutes: tuple[int, ...] = (15,)
    smtp: dict[str, Any] = field(default_factory=dict)
    daily_cap: int = 50  # web tickets per service per day
    daily_caps: dict[str, int] = field(default_factory=dict)  # per-service overrides
    ip_limit_per_hour: int = 20  # per IP address (rate_limit_per_hour is per device)
    alert_channels: tuple[str, ...] = ()  # extra near-turn alert channels, "module:Class"
    # reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For is believed; none by default,
    # so a visitor cannot choose their own address for the per-IP limit
    forwarded_allow_ips: str = ""
    # optional e-mail one-time code before a web ticket (needs [web.smtp])
    email_code: bool = False
    email_code_minutes: int = 10  # lifetime of a code
    email_code_attempts: int = 5  # wrong tries, then the code is void
    email_codes_per_hour: int = 3  # codes sent to one address per hour
    email_daily_limit: int = 1  # web tickets per address per service (first stop) per day

    def cap_for(self, service: str) -> int:
        return self.daily_caps.get(service, self.daily_cap)


@dataclass(frozen=True)
class OfficeConfig:
    path: str
    name: Names
    base_url: str
    hours: Hours
    queue: QueueRules
    groups: tuple[Group, ...]
    services: tuple[Service, ...]
    certificates: tuple[Certificate, ...]
    counters: tuple[Counter, ...]
    merged_windows: dict[str, tuple[str, ...]]
    bundles: tuple[Bundle, ...]
    displays: tuple[DisplayProfile, ...]
    kiosk: KioskSettings
    web: WebSettings
    notices: tuple[Names, ...] = ()
    supervisor: SupervisorSettings = field(default_factory=SupervisorSettings)
    warnings: tuple[ConfigWarning, ...] = ()  # allowed but probably wrong; shown by ``config check``
    code: str | None = None  # the office's code in a city profile and in /api/status (office.code)
    booking: BookingSettings = field(default_factory=BookingSettings)  # 来庁予約 (shared.booking)

    def service(self, code: str) -> Service:
        for s in self.services:
            if s.code == code:
                return s
        raise KeyError(code)

    def service_map(self) -> dict[str, Service]:
        return {s.code: s for s in self.services}

    def counter(self, number: int) -> Counter:
        for c in self.counters:
            if c.number == number:
                return c
        raise KeyError(number)

    def bundle(self, code: str) -> Bundle:
        for b in self.bundles:
            if b.code == code:
                return b
        raise KeyError(code)

    def display(self, name: str) -> DisplayProfile:
        for d in self.displays:
            if d.name == name:
                return d
        known = ", ".join(d.name for d in self.displays)
        raise ConfigError(self.path, f"displays.{name}", f"unknown display profile; known: {known}")

    def status_url(self, token: str) -> str:
        return f"{self.base_url.rstrip('/')}/t/{token}"


def default_config_path() -> Path:
    env = os.environ.get("MADOGUCHI_CONFIG")
    return Path(env) if env else asset_path(DEFAULT_PROFILE)


def read_config_text(path: str | os.PathLike[str] | None = None) -> tuple[str, str]:
    """(the profile's TOML text, its file name); ``None``: ``$MADOGUCHI_CONFIG`` or the built-in profile."""
    p = Path(path) if path is not None else default_config_path()
    return read_text(p), str(p)


def parse_config(text: str, source: str) -> OfficeConfig:
    """Validate a profile given as TOML text; errors name ``source`` (a file, or a version in the database)."""
    return _Parser(source).office(parse_toml(text, source))


def load_config(path: str | os.PathLike[str] | None = None) -> OfficeConfig:
    return parse_config(*read_config_text(path))


EMAIL_ADDRESS = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)


@dataclass(frozen=True)
class SmtpSettings:
    """``[web.smtp]``: the relay for e-mail alerts and one-time codes (see :mod:`shared.alerts.mail`)."""

    host: str
    port: int
    sender: str
    starttls: bool = False
    use_ssl: bool = False
    user: str | None = None
    password_env: str | None = None
    password: str | None = None
    timeout: float = 10.0

    @classmethod
    def parse(cls, path: str, raw: dict[str, Any]) -> SmtpSettings:
        known = {"host", "port", "sender", "from", "starttls", "ssl", "username", "user", "password_env"}
        t = Table(path, "web.smtp", raw, known | {"password", "timeout"})
        for a, b in (("sender", "from"), ("username", "user"), ("password", "password_env")):
            if a in t and b in t:
                raise t.fail(b, f"give either {a} or {b}, not both")
        host = t.text("host", None, max_len=253)
        if host is None:
            raise t.fail("host", "is required for e-mail alerts")
        sender_key = "sender" if "sender" in t else "from"
        sender = t.text(sender_key, None, max_len=254)
        if sender is None or not EMAIL_ADDRESS.match(sender):
            raise t.fail(sender_key, "must be the sender address, e.g. noreply@city.example.jp")
        use_ssl = t.flag("ssl", False)
        return cls(
            host=host,
            port=t.whole("port", 465 if use_ssl else 25, lo=1, hi=65535),
            sender=sender,
            starttls=t.flag("starttls", False),
            use_ssl=use_ssl,
            user=t.text("username" if "username" in t else "user", None),
            password_env=t.text("password_env", None),
            password=t.text("password", None, empty=True),
            timeout=t.number("timeout", 10.0, lo=0.5, hi=300.0),
        )


CODE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
_LOOPBACK = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}
_TOP = (
    "office",
    "hours",
    "queue",
    "groups",
    "services",
    "certificates",
    "counters",
    "merged_windows",
    "bundles",
    "supervisor",
    "displays",
    "kiosk",
    "web",
    "notices",
    "booking",
)
MAX_COUNT = 100_000  # any per-day or per-hour count
DAY_MIN = 24 * 60


def keys(cls: type, *, but: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The keys a table may hold: the fields of the dataclass it is read into (so a new field is a known key)."""
    return tuple(f.name for f in fields(cls) if f.name not in but)


def _clock(t: time) -> str:
    return t.strftime("%H:%M")


class _Parser:
    """Reads one office profile; every problem is a ConfigError ``file: key: reason`` (see shared.validation)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.warnings: list[ConfigWarning] = []

    def warn(self, key: str, reason: str) -> None:
        self.warnings.append(ConfigWarning(self.path, key, reason))

    # -- shared pieces ----------------------------------------------------------------------------------------
    def names(self, t: Table, key: str, required: bool = True) -> Names | None:
        if key not in t:
            if required:
                raise t.fail(key, "is required (a table of names by language, at least 'ja')")
            return None
        return self.names_table(t.table(key, hint=' like { ja = "…", en = "…" }'))

    def names_table(self, n: Table) -> Names:
        n.only(LANGS, "language")
        out = {lang: n.text(lang, max_len=300) for lang in n}
        if "ja" not in out:
            raise n.fail("ja", "the Japanese text is required")
        return out

    def code(self, t: Table, key: str = "code") -> str:
        v = t.text(key, max_len=40)
        if not CODE.match(v):
            raise t.fail(key, f"letters, digits, _ and - only, got {v!r}")
        return v

    def letter(self, t: Table, key: str, default: Any = REQUIRED) -> Any:
        v = t.text(key, default)
        if v is not None and (len(v) != 1 or not ("A" <= v <= "Z")):
            raise t.fail(key, "must be one capital letter A–Z")
        return v

    def known(self, t: Table, key: str, value: Any, choices: set[str], what: str) -> str:
        """``value`` (at ``key`` of ``t``) must be one of ``choices``, e.g. a service code."""
        if not isinstance(value, str) or value not in choices:
            listing = ", ".join(sorted(choices))
            hint = suggest(value, choices) if isinstance(value, str) else None
            raise t.fail(key, f"unknown {what} {show(value)}; known: {listing}", hint)
        return value

    # -- the file ---------------------------------------------------------------------------------------------
    def office(self, raw: dict[str, Any]) -> OfficeConfig:
        root = Table(self.path, "", raw)
        root.only(_TOP, "section")
        o = root.table("office", ("name", "base_url", "code"))
        name = self.names(o, "name")
        base_url = o.text("base_url", None, max_len=300)
        self.base_url(o, base_url)
        code = o.text("code", None, max_len=32)
        if code is not None and not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,31}", code):
            raise o.fail("code", "must be 1–32 lower-case letters, digits, '_' or '-', e.g. \"tsurumi\"")
        hours = self.hours(root.table("hours", keys(Hours)))
        queue = self.rules(root.table("queue", keys(QueueRules)), hours)

        groups = tuple(
            self.group(g, i) for i, g in enumerate(root.tables("groups", keys(Group, but=("order",))))
        )
        root.unique(((f"groups[{i}].code", g.code) for i, g in enumerate(groups)), "group code")
        group_codes = {g.code for g in groups} | set(GROUPS)
        services = tuple(
            self.service(s, i, group_codes, hours)
            for i, s in enumerate(root.tables("services", keys(Service)))
        )
        if not services:
            raise root.fail("services", "at least one [[services]] entry is required")
        root.unique(((f"services[{i}].code", s.code) for i, s in enumerate(services)), "service code")
        root.unique(((f"services[{i}].prefix", s.prefix) for i, s in enumerate(services)), "prefix")
        codes = {s.code for s in services}
        queues = codes | {f"{s.code}:pickup" for s in services if s.pickup}
        prefixes = {s.prefix: f"services[{i}].prefix" for i, s in enumerate(services)}

        certificates = tuple(
            self.certificate(c, codes) for c in root.tables("certificates", keys(Certificate))
        )
        root.unique(
            ((f"certificates[{i}].code", c.code) for i, c in enumerate(certificates)), "certificate code"
        )
        self.alternative_documents(root, services, certificates)
        counters = tuple(self.counter(c, queues) for c in root.tables("counters", keys(Counter)))
        root.unique(((f"counters[{i}].number", c.number) for i, c in enumerate(counters)), "counter number")
        merged = self.merged(root.table("merged_windows"), queues)
        bundles = tuple(self.bundle(b, codes) for b in root.tables("bundles", keys(Bundle)))
        root.unique(((f"bundles[{i}].code", b.code) for i, b in enumerate(bundles)), "life-event code")
        for i, b in enumerate(bundles):
            if b.prefix and b.prefix in prefixes:
                raise root.fail(
                    f"bundles[{i}].prefix", f"{b.prefix!r} is already the prefix of {prefixes[b.prefix]}"
                )
        numbers = {c.number for c in counters}
        displays = tuple(
            self.display(d, codes, numbers) for d in root.tables("displays", keys(DisplayProfile))
        )
        if not displays:
            displays = (DisplayProfile(name="main", title={"ja": "呼出状況", "en": "Now calling"}),)
        root.unique(((f"displays[{i}].name", d.name) for i, d in enumerate(displays)), "display name")
        web = self.web(root.table("web", keys(WebSettings)), codes, hours)
        if web.prefix and web.prefix in prefixes:
            raise root.fail("web.prefix", f"{web.prefix!r} is already the prefix of {prefixes[web.prefix]}")
        if web.prefix and any(b.prefix == web.prefix for b in bundles):
            raise root.fail("web.prefix", f"{web.prefix!r} is already a life-event prefix")
        notices = tuple(self.notice(n) for n in root.tables("notices"))
        return OfficeConfig(
            path=self.path,
            name=name or {},
            base_url=base_url or "http://127.0.0.1:8080",
            hours=hours,
            queue=queue,
            groups=groups,
            services=services,
            certificates=certificates,
            counters=counters,
            merged_windows=merged,
            bundles=bundles,
            displays=displays,
            kiosk=self.kiosk(root.table("kiosk", keys(KioskSettings)), codes),
            web=web,
            notices=notices,
            supervisor=self.supervisor(root.table("supervisor", keys(SupervisorSettings))),
            warnings=tuple(self.warnings),
            code=code,
            booking=parse_booking(root.table("booking"), codes),
        )

    def base_url(self, o: Table, url: str | None) -> None:
        if url is None:
            self.warn(
                "office.base_url",
                "not set: the QR codes on tickets point to http://127.0.0.1:8080, which no phone can open; "
                'set it to the address phones use, e.g. "https://madoguchi.city.example.jp"',
            )
            return
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise o.fail(
                "base_url", f"must be a web address starting with http:// or https://, got {show(url)}"
            )
        if parts.hostname in _LOOPBACK:
            self.warn(
                "office.base_url",
                f"{url} is this PC only: the QR codes on tickets cannot be opened on a phone; "
                "set it to the address phones use",
            )

    def group(self, g: Table, i: int) -> Group:
        return Group(code=self.code(g), names=self.names(g, "names") or {}, order=i)

    def service(self, s: Table, i: int, groups: set[str], hours: Hours) -> Service:
        code = s.text("code", max_len=40)
        if not code.isidentifier():
            raise s.fail("code", f"letters, digits and _ only, not starting with a digit; got {code!r}")
        prefix = self.letter(s, "prefix")
        group = self.known(s, "group", s.raw("group"), groups, "group")
        cutoff = s.clock("cutoff", None)
        if cutoff is not None and not hours.always_open:
            start, end = hours.weekday
            if not start < cutoff <= end:
                raise s.fail(
                    "cutoff",
                    f"{_clock(cutoff)} is outside the opening hours {_clock(start)}–{_clock(end)} (hours.weekday)",
                )
        return Service(
            code=code,
            prefix=prefix,
            group=group,
            names=self.names(s, "names") or {},
            target_wait_min=s.whole("target_wait_min", 20, lo=1, hi=DAY_MIN),
            service_min=s.number("service_min", 8.0, lo=0, hi=8 * 60, above=True),
            daily_cap=s.whole("daily_cap", None, lo=1, hi=MAX_COUNT),
            cutoff=cutoff,
            pickup=s.flag("pickup", False),
            weight=s.number("weight", 1.0, lo=0, hi=100, above=True),
            web=s.flag("web", False),
            form_free=s.flag("form_free", False),
            area=self.names(s, "area", required=False) or {},
            alternatives=tuple(self.alternative(a) for a in s.tables("alternatives", keys(Alternative))),
        )

    def alternative(self, a: Table) -> Alternative:
        kind = a.text("kind", choices=ALTERNATIVE_KINDS)
        url = a.text("url", None, max_len=500)
        if url is not None:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise a.fail(
                    "url", f"must be a web address starting with http:// or https://, got {show(url)}"
                )
        if kind == "online" and url is None:
            raise a.fail("url", "an online alternative needs the address to show as a QR code")
        text = self.names(a, "text") or {}
        needs = self.names(a, "needs") or {}
        for key, names in (("text", text), ("needs", needs)):
            missing = [lang for lang in LANGS if lang not in names]
            if missing:
                self.warn(a.key(key), f"no text in {', '.join(missing)}: those visitors see it in Japanese")
        return Alternative(
            kind=kind,
            text=text,
            needs=needs,
            hours=a.span("hours", None),
            url=url,
            documents=tuple(a.array("documents", [], lambda v, k: a.check_text(v, k, max_len=40))),
            enabled=a.flag("enabled", True),
        )

    def alternative_documents(
        self, root: Table, services: tuple[Service, ...], certs: tuple[Certificate, ...]
    ) -> None:
        """An alternative's ``documents`` must be certificates of its own service."""
        own = {s.code: {c.code for c in certs if c.service == s.code} for s in services}
        for i, s in enumerate(services):
            for j, alt in enumerate(s.alternatives):
                for k, doc in enumerate(alt.documents):
                    if doc not in own[s.code]:
                        where = f"services[{i}].alternatives[{j}]"
                        choices = own[s.code]
                        listing = ", ".join(sorted(choices)) or "none"
                        raise root.fail(
                            f"{where}.documents[{k}]",
                            f"unknown certificate {show(doc)} of service {s.code}; known: {listing}",
                            suggest(doc, choices),
                        )

    def certificate(self, c: Table, codes: set[str]) -> Certificate:
        return Certificate(
            code=self.code(c),
            service=self.known(c, "service", c.raw("service"), codes, "service"),
            names=self.names(c, "names") or {},
            max_copies=c.whole("max_copies", 10, lo=1, hi=99),
        )

    def queue_list(self, t: Table, key: str, queues: set[str], default: Any = REQUIRED) -> tuple[str, ...]:
        return tuple(t.array(key, default, lambda v, k: self.known(t, k, v, queues, "service")))

    def counter(self, c: Table, queues: set[str]) -> Counter:
        number = c.whole("number", lo=1, hi=99)
        breaks = []
        for j, raw in enumerate(c.array("breaks", [])):
            key = f"breaks[{j}]"
            if not isinstance(raw, list) or len(raw) != 2:
                raise c.fail(key, f'must be ["HH:MM", "HH:MM"], got {raw!r}')
            b0, b1 = c.check_clock(raw[0], key), c.check_clock(raw[1], key)
            if not b0 < b1:
                raise c.fail(key, f"the break's start {raw[0]} must be before its end {raw[1]}")
            breaks.append((b0, b1))
        return Counter(
            number=number,
            name=c.text("name", f"{number}番窓口", max_len=100),
            services=self.queue_list(c, "services", queues, []),
            breaks=tuple(breaks),
            booking=c.flag("booking", False),
        )

    def merged(self, m: Table, queues: set[str]) -> dict[str, tuple[str, ...]]:
        out = {}
        for k in m:
            out[k] = self.queue_list(m, k, queues)
            if not out[k]:
                raise m.fail(k, "must list at least one service code")
        return out

    def bundle(self, b: Table, codes: set[str]) -> Bundle:
        code = self.code(b)
        steps = []
        hint = ' like { service = "MOVE", ask = { ja = "…" } }'
        for j, raw in enumerate(b.array("steps")):
            st = b.entry(raw, f"steps[{j}]", keys(BundleStep), hint=hint)
            svc = self.known(st, "service", st.raw("service"), codes, "service")
            steps.append(BundleStep(service=svc, ask=self.names(st, "ask", required=False)))
        if not steps:
            raise b.fail("steps", "needs at least one step")
        return Bundle(
            code=code,
            names=self.names(b, "names") or {},
            steps=tuple(steps),
            prefix=self.letter(b, "prefix", None),
        )

    def display(self, d: Table, codes: set[str], counters: set[int]) -> DisplayProfile:
        def counter(v: Any, key: str) -> int:
            n = d.check_whole(v, key, lo=1, hi=99)
            if n not in counters:
                raise d.fail(key, f"unknown counter {n}; known: {', '.join(map(str, sorted(counters)))}")
            return n

        d_ = DisplayProfile(name="", title={})
        return DisplayProfile(
            name=self.code(d, "name"),
            title=self.names(d, "title") or {},
            services=tuple(d.array("services", [], lambda v, k: self.known(d, k, v, codes, "service"))),
            counters=tuple(d.array("counters", [], counter)),
            pickup=d.flag("pickup", False),
            sound=d.flag("sound", True),
            english=d.flag("english", False),
            history=d.whole("history", d_.history, lo=0, hi=30),
            languages=tuple(
                d.array(
                    "languages", list(d_.languages), lambda v, k: self.known(d, k, v, set(LANGS), "language")
                )
            ),
        )

    def hours(self, h: Table) -> Hours:
        d = Hours()

        def week(v: Any, key: str) -> int:
            if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 5:
                raise h.fail(key, f"must be a week number 1–5 (e.g. [2, 4]), got {show(v)}")
            return v

        weeks = h.array("saturday_weeks", list(d.saturday_weeks), week)
        h.unique(((f"hours.saturday_weeks[{i}]", w) for i, w in enumerate(weeks)), "week")
        closed = h.array("closed_dates", list(d.closed_dates), h.check_month_day)
        return Hours(
            weekday=h.span("weekday", d.weekday),
            saturday=h.span("saturday", None),
            saturday_weeks=tuple(weeks),
            closed_dates=tuple(closed),
            public_holidays=h.flag("public_holidays", d.public_holidays),
            always_open=h.flag("always_open", d.always_open),
        )

    def rules(self, q: Table, hours: Hours) -> QueueRules:
        d = QueueRules()
        rollover = q.clock("day_rollover", d.day_rollover)
        if not hours.always_open:
            for key, span in (("weekday", hours.weekday), ("saturday", hours.saturday)):
                if span is not None and span[0] < rollover < span[1]:
                    raise q.fail(
                        "day_rollover",
                        f"{_clock(rollover)} falls inside the opening hours {_clock(span[0])}–{_clock(span[1])} "
                        f"(hours.{key}); the business day must start while the office is closed",
                    )
        return QueueRules(
            no_show_after_recalls=q.whole("no_show_after_recalls", d.no_show_after_recalls, lo=0, hi=10),
            long_wait_min=q.whole("long_wait_min", d.long_wait_min, lo=1, hi=DAY_MIN),
            priority_max_in_row=q.whole("priority_max_in_row", d.priority_max_in_row, lo=0, hi=100),
            aging_min=q.number("aging_min", d.aging_min, lo=0, hi=DAY_MIN),
            transfer_keeps_place=q.flag("transfer_keeps_place", d.transfer_keeps_place),
            day_rollover=rollover,
        )

    def kiosk(self, k: Table, codes: set[str] | None = None) -> KioskSettings:
        d = KioskSettings()
        printer = k.raw("printer", d.printer)
        parse_printer(printer, self.path, k.key("printer"))
        pin = k.text("staff_pin", d.staff_pin)
        if not (pin.isdigit() and 4 <= len(pin) <= 8):
            raise k.fail("staff_pin", "must be 4–8 digits")
        guidance = k.text("guidance_service", None, choices=sorted(codes) if codes is not None else None)
        return KioskSettings(
            idle_seconds=k.whole("idle_seconds", d.idle_seconds, lo=5, hi=3600),
            staff_pin=pin,
            printer=dict(printer),
            guidance_service=guidance,
        )

    def supervisor(self, t: Table) -> SupervisorSettings:
        d = SupervisorSettings()
        pins: dict[str, str] = {}
        p = t.table("pins")
        for name in p:
            stored = p.text(name, max_len=300)
            if parse_hash(stored) is None:
                raise p.fail(
                    name, "must be a PIN hash from `madoguchi supervisor hash-pin`, not the PIN itself"
                )
            if not name.strip() or len(name) > 20 or not name.isprintable():
                raise p.fail(name, "a supervisor name is 1–20 printable characters")
            pins[name] = stored
        return SupervisorSettings(
            pins=pins,
            max_failures=t.whole("max_failures", d.max_failures, lo=1, hi=20),
            lockout_min=t.whole("lockout_min", d.lockout_min, lo=1, hi=24 * 60),
        )

    def notice(self, n: Table) -> Names:
        text = self.names_table(n)
        missing = [lang for lang in LANGS if lang not in text]
        if missing:
            self.warn(n.where, f"no text in {', '.join(missing)}: those visitors see it in another language")
        return text

    def web(self, w: Table, codes: set[str], hours: Hours) -> WebSettings:
        d = WebSettings()
        caps_t = w.table("daily_caps")
        caps = {}
        for k in caps_t:
            self.known(caps_t, k, k, codes, "service")
            caps[k] = caps_t.whole(k, lo=1, hi=MAX_COUNT)

        def channel(v: Any, key: str) -> str:
            if not isinstance(v, str) or v.count(":") != 1 or not all(v.split(":")):
                raise w.fail(key, f'must be like "mypackage.line:LineChannel", got {show(v)}')
            return v

        issue_hours = w.span("issue_hours", d.issue_hours)
        if not hours.always_open and not (
            hours.weekday[0] <= issue_hours[0] and issue_hours[1] <= hours.weekday[1]
        ):
            a, b = hours.weekday
            raise w.fail(
                "issue_hours",
                f"{_clock(issue_hours[0])}–{_clock(issue_hours[1])} is outside the opening hours "
                f"{_clock(a)}–{_clock(b)} (hours.weekday)",
            )

        def count(v: Any, key: str) -> int:
            return w.check_whole(v, key, lo=1, hi=999)

        smtp = w.raw("smtp", {})
        if not isinstance(smtp, dict):
            raise w.fail("smtp", f'must be a table like {{ host = "…", from = "…" }}, got {show(smtp)}')
        if smtp:
            SmtpSettings.parse(self.path, dict(smtp))  # names web.smtp.<key> when a setting is wrong
        return WebSettings(
            host=w.text("host", d.host, max_len=253),
            port=w.whole("port", d.port, lo=1, hi=65535),
            issue_hours=issue_hours,
            prefix=self.letter(w, "prefix", None),
            require_checkin=w.flag("require_checkin", d.require_checkin),
            rate_limit_per_hour=w.whole("rate_limit_per_hour", d.rate_limit_per_hour, lo=1, hi=MAX_COUNT),
            alert_people_ahead=tuple(
                w.array("alert_people_ahead", list(d.alert_people_ahead), count, max_len=10)
            ),
            alert_minutes=tuple(w.array("alert_minutes", list(d.alert_minutes), count, max_len=10)),
            smtp=dict(smtp),
            daily_cap=w.whole("daily_cap", d.daily_cap, lo=1, hi=MAX_COUNT),
            daily_caps=caps,
            ip_limit_per_hour=w.whole("ip_limit_per_hour", d.ip_limit_per_hour, lo=1, hi=MAX_COUNT),
            alert_channels=tuple(w.array("alert_channels", [], channel, max_len=20)),
            forwarded_allow_ips=self.proxies(w, "forwarded_allow_ips", d.forwarded_allow_ips),
            **self.email_code(w, d, smtp),
        )

    def proxies(self, w: Table, key: str, default: str) -> str:
        """``"*"``, or IP addresses and networks separated by commas (uvicorn would take a typo as a name)."""
        v = w.text(key, default, empty=True)
        parts = [x.strip() for x in v.split(",") if x.strip()]
        for part in parts if parts != ["*"] else []:
            try:
                ipaddress.ip_network(part, strict=False)  # an address is a network of one
            except ValueError:
                reason = f"{show(part)} is not an IP address or network (e.g. 10.0.0.5, 10.0.0.0/24)"
                raise w.fail(key, reason) from None
        return v

    def email_code(self, w: Table, d: WebSettings, smtp: dict[str, Any]) -> dict[str, Any]:
        """The e-mail one-time code keys; switched on, it needs a valid ``[web.smtp]`` to send the codes."""
        on = w.flag("email_code", d.email_code)
        out = {
            "email_code": on,
            "email_code_minutes": w.whole("email_code_minutes", d.email_code_minutes, lo=1, hi=60),
            "email_code_attempts": w.whole("email_code_attempts", d.email_code_attempts, lo=1, hi=100),
            "email_codes_per_hour": w.whole("email_codes_per_hour", d.email_codes_per_hour, lo=1, hi=100),
            "email_daily_limit": w.whole("email_daily_limit", d.email_daily_limit, lo=1, hi=100),
        }
        if on and not smtp.get("host"):
            raise w.fail(
                "email_code",
                "needs an SMTP relay to send the codes: add [web.smtp] with host and from "
                '(e.g. smtp = { host = "mail.city.example.jp", from = "noreply@city.example.jp" }) '
                "or set email_code = false",
            )
        return out
