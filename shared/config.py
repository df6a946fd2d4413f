"""The office profile (TOML): services, counters, hours, life-event bundles, displays, kiosk and web settings.

``load_config(path)`` validates everything and raises :class:`ConfigError` naming the file, the key and the reason.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

from shared.errors import ConfigError
from shared.paths import asset_path
from shared.timeutil import parse_hhmm

LANGS: tuple[str, ...] = ("ja", "ja_easy", "en", "zh_hans", "ko", "vi", "tl", "ne", "pt")
LANG_LABELS: dict[str, str] = {
    "ja": "日本語",
    "ja_easy": "やさしい日本語",
    "en": "English",
    "zh_hans": "简体中文",
    "ko": "한국어",
    "vi": "Tiếng Việt",
    "tl": "Tagalog",
    "ne": "नेपाली",
    "pt": "Português",
}
GROUPS: tuple[str, ...] = ("certificates", "registration", "insurance", "children", "mynumber", "tax")
DEFAULT_PROFILE = "offices/yokohama-ward.toml"

Names = dict[str, str]


@dataclass(frozen=True)
class Group:
    code: str
    names: Names
    order: int = 0


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

    def name(self, lang: str = "ja") -> str:
        return self.names.get(lang) or self.names["ja"]


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
    forwarded_allow_ips: str = "127.0.0.1"  # reverse proxies whose X-Forwarded-For is trusted
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


def load_config(path: str | os.PathLike[str] | None = None) -> OfficeConfig:
    p = Path(path) if path is not None else default_config_path()
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(str(p), "-", "file not found") from None
    except UnicodeDecodeError:
        raise ConfigError(str(p), "-", "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(p), "-", f"not valid TOML: {exc}") from None
    return _Parser(str(p)).office(raw)


class _Parser:
    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, key: str, reason: str) -> ConfigError:
        return ConfigError(self.path, key, reason)

    # -- scalar helpers -------------------------------------------------------------------------------------
    def get(
        self, d: dict[str, Any], key: str, where: str, typ: type | tuple[type, ...], default: Any = ...
    ) -> Any:
        if key not in d:
            if default is ...:
                raise self.fail(f"{where}.{key}" if where else key, "is required")
            return default
        v = d[key]
        ok = isinstance(v, typ) and not (typ in (int, float, (int, float)) and isinstance(v, bool))
        if not ok:
            name = typ.__name__ if isinstance(typ, type) else " or ".join(t.__name__ for t in typ)
            raise self.fail(
                f"{where}.{key}" if where else key, f"must be {name}, got {type(v).__name__} {v!r}"
            )
        return v

    def time(self, d: dict[str, Any], key: str, where: str, default: Any = ...) -> Any:
        v = self.get(d, key, where, str, default)
        if v is None or isinstance(v, time):
            return v
        try:
            return parse_hhmm(v)
        except ValueError as exc:
            raise self.fail(f"{where}.{key}", str(exc)) from None

    def span(self, d: dict[str, Any], key: str, where: str, default: Any = ...) -> Any:
        v = self.get(d, key, where, list, default)
        if v is None or (isinstance(v, tuple)):
            return v
        if len(v) != 2 or not all(isinstance(x, str) for x in v):
            raise self.fail(f"{where}.{key}", 'must be ["HH:MM", "HH:MM"]')
        try:
            a, b = parse_hhmm(v[0]), parse_hhmm(v[1])
        except ValueError as exc:
            raise self.fail(f"{where}.{key}", str(exc)) from None
        if not a < b:
            raise self.fail(f"{where}.{key}", "opening time must be before closing time")
        return (a, b)

    def names(self, d: dict[str, Any], key: str, where: str, required: bool = True) -> Names | None:
        if key not in d:
            if required:
                raise self.fail(f"{where}.{key}", "is required (a table of names by language, at least 'ja')")
            return None
        v = d[key]
        if not isinstance(v, dict) or not all(isinstance(x, str) for x in v.values()):
            raise self.fail(f"{where}.{key}", 'must be a table like { ja = "…", en = "…" }')
        unknown = sorted(set(v) - set(LANGS))
        if unknown:
            raise self.fail(f"{where}.{key}.{unknown[0]}", f"unknown language; use one of {', '.join(LANGS)}")
        if not v.get("ja"):
            raise self.fail(f"{where}.{key}.ja", "the Japanese name is required")
        return dict(v)

    def table(self, raw: dict[str, Any], key: str) -> dict[str, Any]:
        v = raw.get(key, {})
        if not isinstance(v, dict):
            raise self.fail(key, "must be a table")
        return v

    def array(self, raw: dict[str, Any], key: str) -> list[dict[str, Any]]:
        v = raw.get(key, [])
        if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
            raise self.fail(key, f"must be an array of tables ([[{key}]])")
        return v

    # -- sections -------------------------------------------------------------------------------------------
    def office(self, raw: dict[str, Any]) -> OfficeConfig:
        known = {
            "office",
            "hours",
            "queue",
            "groups",
            "services",
            "certificates",
            "counters",
            "merged_windows",
            "bundles",
            "displays",
            "kiosk",
            "web",
            "notices",
        }
        for k in raw:
            if k not in known:
                raise self.fail(k, f"unknown section; known sections: {', '.join(sorted(known))}")
        o = self.table(raw, "office")
        name = self.names(o, "name", "office")
        base_url = self.get(o, "base_url", "office", str, "http://127.0.0.1:8080")
        if not base_url.startswith(("http://", "https://")):
            raise self.fail("office.base_url", "must start with http:// or https://")
        groups = tuple(self.group(g, i) for i, g in enumerate(self.array(raw, "groups")))
        group_codes = {g.code for g in groups} | set(GROUPS)
        services = tuple(self.service(s, i, group_codes) for i, s in enumerate(self.array(raw, "services")))
        if not services:
            raise self.fail("services", "at least one [[services]] entry is required")
        self.unique([s.code for s in services], "services", "code")
        self.unique([s.prefix for s in services], "services", "prefix")
        codes = {s.code for s in services}
        queues = codes | {f"{s.code}:pickup" for s in services if s.pickup}
        certificates = tuple(
            self.certificate(c, i, codes) for i, c in enumerate(self.array(raw, "certificates"))
        )
        counters = tuple(self.counter(c, i, queues) for i, c in enumerate(self.array(raw, "counters")))
        self.unique([c.number for c in counters], "counters", "number")
        merged = self.merged(self.table(raw, "merged_windows"), queues)
        bundles = tuple(self.bundle(b, i, codes) for i, b in enumerate(self.array(raw, "bundles")))
        self.unique([b.code for b in bundles], "bundles", "code")
        prefixes = {s.prefix for s in services}
        for i, b in enumerate(bundles):
            if b.prefix and b.prefix in prefixes:
                raise self.fail(f"bundles[{i}].prefix", f"{b.prefix!r} is already a service prefix")
        displays = tuple(
            self.display(d, i, codes, {c.number for c in counters})
            for i, d in enumerate(self.array(raw, "displays"))
        )
        if not displays:
            displays = (DisplayProfile(name="main", title={"ja": "呼出状況", "en": "Now calling"}),)
        self.unique([d.name for d in displays], "displays", "name")
        web = self.web(self.table(raw, "web"), codes)
        if web.prefix and web.prefix in prefixes:
            raise self.fail("web.prefix", f"{web.prefix!r} is already a service prefix")
        notices_raw = raw.get("notices", [])
        if not isinstance(notices_raw, list):
            raise self.fail("notices", "must be an array of tables")
        notices = tuple(self.names({"n": n}, "n", f"notices[{i}]") or {} for i, n in enumerate(notices_raw))
        return OfficeConfig(
            path=self.path,
            name=name or {},
            base_url=base_url,
            hours=self.hours(self.table(raw, "hours")),
            queue=self.rules(self.table(raw, "queue")),
            groups=groups,
            services=services,
            certificates=certificates,
            counters=counters,
            merged_windows=merged,
            bundles=bundles,
            displays=displays,
            kiosk=self.kiosk(self.table(raw, "kiosk")),
            web=web,
            notices=notices,
        )

    def unique(self, values: list[Any], section: str, key: str) -> None:
        seen: set[Any] = set()
        for i, v in enumerate(values):
            if v in seen:
                raise self.fail(f"{section}[{i}].{key}", f"duplicate value {v!r}")
            seen.add(v)

    def group(self, g: dict[str, Any], i: int) -> Group:
        w = f"groups[{i}]"
        return Group(code=self.get(g, "code", w, str), names=self.names(g, "names", w) or {}, order=i)

    def service(self, s: dict[str, Any], i: int, groups: set[str]) -> Service:
        w = f"services[{i}]"
        code = self.get(s, "code", w, str)
        if not code.isidentifier() or ":" in code:
            raise self.fail(f"{w}.code", "letters, digits and _ only")
        prefix = self.get(s, "prefix", w, str)
        if len(prefix) != 1 or not ("A" <= prefix <= "Z"):
            raise self.fail(f"{w}.prefix", "must be one capital letter A–Z")
        group = self.get(s, "group", w, str)
        if group not in groups:
            raise self.fail(f"{w}.group", f"unknown group {group!r}; known: {', '.join(sorted(groups))}")
        target = self.get(s, "target_wait_min", w, int, 20)
        minutes = float(self.get(s, "service_min", w, (int, float), 8.0))
        cap = self.get(s, "daily_cap", w, int, None)
        weight = float(self.get(s, "weight", w, (int, float), 1.0))
        if target <= 0 or minutes <= 0 or weight <= 0 or (cap is not None and cap <= 0):
            raise self.fail(w, "target_wait_min, service_min, weight and daily_cap must be positive")
        return Service(
            code=code,
            prefix=prefix,
            group=group,
            names=self.names(s, "names", w) or {},
            target_wait_min=target,
            service_min=minutes,
            daily_cap=cap,
            cutoff=self.time(s, "cutoff", w, None),
            pickup=self.get(s, "pickup", w, bool, False),
            weight=weight,
            web=self.get(s, "web", w, bool, False),
        )

    def certificate(self, c: dict[str, Any], i: int, codes: set[str]) -> Certificate:
        w = f"certificates[{i}]"
        service = self.get(c, "service", w, str)
        if service not in codes:
            raise self.fail(f"{w}.service", f"unknown service {service!r}")
        return Certificate(
            code=self.get(c, "code", w, str),
            service=service,
            names=self.names(c, "names", w) or {},
            max_copies=self.get(c, "max_copies", w, int, 10),
        )

    def queue_list(self, v: list[Any], where: str, queues: set[str]) -> tuple[str, ...]:
        for j, q in enumerate(v):
            if q not in queues:
                raise self.fail(f"{where}[{j}]", f"unknown service {q!r}; use a service code or CODE:pickup")
        return tuple(v)

    def counter(self, c: dict[str, Any], i: int, queues: set[str]) -> Counter:
        w = f"counters[{i}]"
        number = self.get(c, "number", w, int)
        if not 1 <= number <= 99:
            raise self.fail(f"{w}.number", "must be between 1 and 99")
        services = self.queue_list(self.get(c, "services", w, list, []), f"{w}.services", queues)
        return Counter(number=number, name=self.get(c, "name", w, str, f"{number}番窓口"), services=services)

    def merged(self, m: dict[str, Any], queues: set[str]) -> dict[str, tuple[str, ...]]:
        out = {}
        for k, v in m.items():
            if not isinstance(v, list):
                raise self.fail(f"merged_windows.{k}", "must be a list of service codes")
            out[k] = self.queue_list(v, f"merged_windows.{k}", queues)
        return out

    def bundle(self, b: dict[str, Any], i: int, codes: set[str]) -> Bundle:
        w = f"bundles[{i}]"
        steps = []
        for j, st in enumerate(self.get(b, "steps", w, list)):
            sw = f"{w}.steps[{j}]"
            if not isinstance(st, dict):
                raise self.fail(sw, 'must be a table { service = "…", ask = { ja = "…" } }')
            svc = self.get(st, "service", sw, str)
            if svc not in codes:
                raise self.fail(f"{sw}.service", f"unknown service {svc!r}")
            steps.append(BundleStep(service=svc, ask=self.names(st, "ask", sw, required=False)))
        if not steps:
            raise self.fail(f"{w}.steps", "needs at least one step")
        prefix = self.get(b, "prefix", w, str, None)
        if prefix is not None and (len(prefix) != 1 or not ("A" <= prefix <= "Z")):
            raise self.fail(f"{w}.prefix", "must be one capital letter A–Z")
        return Bundle(
            code=self.get(b, "code", w, str),
            names=self.names(b, "names", w) or {},
            steps=tuple(steps),
            prefix=prefix,
        )

    def display(self, d: dict[str, Any], i: int, codes: set[str], counters: set[int]) -> DisplayProfile:
        w = f"displays[{i}]"
        services = self.get(d, "services", w, list, [])
        for j, s in enumerate(services):
            if s not in codes:
                raise self.fail(f"{w}.services[{j}]", f"unknown service {s!r}")
        cs = self.get(d, "counters", w, list, [])
        for j, c in enumerate(cs):
            if c not in counters:
                raise self.fail(f"{w}.counters[{j}]", f"unknown counter {c!r}")
        langs = self.get(d, "languages", w, list, ["ja", "en", "zh_hans", "ko"])
        for j, lang in enumerate(langs):
            if lang not in LANGS:
                raise self.fail(f"{w}.languages[{j}]", f"unknown language {lang!r}")
        return DisplayProfile(
            name=self.get(d, "name", w, str),
            title=self.names(d, "title", w) or {},
            services=tuple(services),
            counters=tuple(cs),
            pickup=self.get(d, "pickup", w, bool, False),
            sound=self.get(d, "sound", w, bool, True),
            english=self.get(d, "english", w, bool, False),
            history=self.get(d, "history", w, int, 8),
            languages=tuple(langs),
        )

    def hours(self, h: dict[str, Any]) -> Hours:
        sat = self.span(h, "saturday", "hours", None)
        weeks = self.get(h, "saturday_weeks", "hours", list, [2, 4])
        if not all(isinstance(x, int) and 1 <= x <= 5 for x in weeks):
            raise self.fail("hours.saturday_weeks", "must be week numbers 1–5, e.g. [2, 4]")
        closed = self.get(h, "closed_dates", "hours", list, list(Hours().closed_dates))
        for j, c in enumerate(closed):
            ok = isinstance(c, str) and len(c) == 5 and c[2] == "-" and c[:2].isdigit() and c[3:].isdigit()
            if not ok:
                raise self.fail(f"hours.closed_dates[{j}]", "must be 'MM-DD'")
        return Hours(
            weekday=self.span(h, "weekday", "hours", Hours().weekday),
            saturday=sat,
            saturday_weeks=tuple(weeks),
            closed_dates=tuple(closed),
            public_holidays=self.get(h, "public_holidays", "hours", bool, True),
            always_open=self.get(h, "always_open", "hours", bool, False),
        )

    def rules(self, q: dict[str, Any]) -> QueueRules:
        d = QueueRules()
        return QueueRules(
            no_show_after_recalls=self.get(q, "no_show_after_recalls", "queue", int, d.no_show_after_recalls),
            long_wait_min=self.get(q, "long_wait_min", "queue", int, d.long_wait_min),
            priority_max_in_row=self.get(q, "priority_max_in_row", "queue", int, d.priority_max_in_row),
            aging_min=float(self.get(q, "aging_min", "queue", (int, float), d.aging_min)),
            transfer_keeps_place=self.get(q, "transfer_keeps_place", "queue", bool, d.transfer_keeps_place),
            day_rollover=self.time(q, "day_rollover", "queue", d.day_rollover),
        )

    def kiosk(self, k: dict[str, Any]) -> KioskSettings:
        printer = self.get(k, "printer", "kiosk", dict, {"kind": "none"})
        if printer.get("kind") not in {"none", "file", "network", "usb", "serial", "qt"}:
            raise self.fail("kiosk.printer.kind", "must be one of none, file, network, usb, serial, qt")
        pin = self.get(k, "staff_pin", "kiosk", str, "0000")
        if not (pin.isdigit() and 4 <= len(pin) <= 8):
            raise self.fail("kiosk.staff_pin", "must be 4–8 digits")
        idle = self.get(k, "idle_seconds", "kiosk", int, 60)
        if idle < 5:
            raise self.fail("kiosk.idle_seconds", "must be at least 5")
        return KioskSettings(idle_seconds=idle, staff_pin=pin, printer=dict(printer))

    def positive(self, d: dict[str, Any], key: str, where: str, default: int) -> int:
        v = self.get(d, key, where, int, default)
        if v <= 0:
            raise self.fail(f"{where}.{key}", f"must be a positive integer, got {v!r}")
        return int(v)

    def positives(self, d: dict[str, Any], key: str, where: str, default: tuple[int, ...]) -> tuple[int, ...]:
        v = self.get(d, key, where, list, list(default))
        for i, x in enumerate(v):
            if not isinstance(x, int) or isinstance(x, bool) or x <= 0:
                raise self.fail(f"{where}.{key}[{i}]", f"must be a positive integer, got {x!r}")
        return tuple(v)

    def web(self, w: dict[str, Any], codes: set[str]) -> WebSettings:
        d = WebSettings()
        prefix = self.get(w, "prefix", "web", str, None)
        if prefix is not None and (len(prefix) != 1 or not ("A" <= prefix <= "Z")):
            raise self.fail("web.prefix", "must be one capital letter A–Z")
        port = self.get(w, "port", "web", int, d.port)
        if not 1 <= port <= 65535:
            raise self.fail("web.port", "must be 1–65535")
        caps_raw = self.get(w, "daily_caps", "web", dict, {})
        caps = {}
        for k in caps_raw:
            if k not in codes:
                raise self.fail(f"web.daily_caps.{k}", f"unknown service {k!r}")
            caps[k] = self.positive(caps_raw, k, "web.daily_caps", 1)
        channels = self.get(w, "alert_channels", "web", list, [])
        if not all(isinstance(c, str) and c.count(":") == 1 for c in channels):
            raise self.fail("web.alert_channels", 'must be a list like ["mypackage.line:LineChannel"]')
        return WebSettings(
            host=self.get(w, "host", "web", str, d.host),
            port=port,
            issue_hours=self.span(w, "issue_hours", "web", d.issue_hours),
            prefix=prefix,
            require_checkin=self.get(w, "require_checkin", "web", bool, d.require_checkin),
            rate_limit_per_hour=self.positive(w, "rate_limit_per_hour", "web", d.rate_limit_per_hour),
            alert_people_ahead=self.positives(w, "alert_people_ahead", "web", d.alert_people_ahead),
            alert_minutes=self.positives(w, "alert_minutes", "web", d.alert_minutes),
            smtp=self.get(w, "smtp", "web", dict, {}),
            daily_cap=self.positive(w, "daily_cap", "web", d.daily_cap),
            daily_caps=caps,
            ip_limit_per_hour=self.positive(w, "ip_limit_per_hour", "web", d.ip_limit_per_hour),
            alert_channels=tuple(channels),
            forwarded_allow_ips=self.get(w, "forwarded_allow_ips", "web", str, d.forwarded_allow_ips),
            **self.email_code(w, d),
        )

    def email_code(self, w: dict[str, Any], d: WebSettings) -> dict[str, Any]:
        """The e-mail one-time code keys; switched on, it needs a valid ``[web.smtp]`` to send the codes."""
        on = self.get(w, "email_code", "web", bool, d.email_code)
        minutes = self.positive(w, "email_code_minutes", "web", d.email_code_minutes)
        if minutes > 60:
            raise self.fail("web.email_code_minutes", f"must be 1–60, got {minutes}")
        out = {
            "email_code": on,
            "email_code_minutes": minutes,
            "email_code_attempts": self.positive(w, "email_code_attempts", "web", d.email_code_attempts),
            "email_codes_per_hour": self.positive(w, "email_codes_per_hour", "web", d.email_codes_per_hour),
            "email_daily_limit": self.positive(w, "email_daily_limit", "web", d.email_daily_limit),
        }
        if on:
            smtp = w.get("smtp")
            if not isinstance(smtp, dict) or not smtp.get("host"):
                raise self.fail(
                    "web.email_code",
                    "needs an SMTP relay to send the codes: add [web.smtp] with host and from "
                    '(e.g. smtp = { host = "mail.city.example.jp", from = "noreply@city.example.jp" }) '
                    "or set email_code = false",
                )
            from shared.alerts.mail import SmtpSettings  # here: the mail module imports this one

            SmtpSettings.parse(self.path, dict(smtp))  # names web.smtp.<key> when a setting is wrong
        return out
