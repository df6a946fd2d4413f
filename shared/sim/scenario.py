"""Ward-day scenarios (TOML in shared/assets/scenarios/): demand, service times, visitors and the staffing schedule.

``load_scenario("tuesday")`` reads ``shared/assets/scenarios/tuesday.toml``; a path reads that file. Every problem, an
unknown key included, raises :class:`~shared.errors.ConfigError` naming the file, the key and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from shared.paths import asset_path
from shared.validation import Table, read_toml, show

SCENARIO_DIR = "scenarios"
Day = date  # Scenario has a field named date


@dataclass(frozen=True)
class ServiceTime:
    """Minutes at the counter: lognormal with this mean and squared coefficient of variation (or exponential)."""

    mean: float
    scv: float = 0.5
    dist: str = "lognormal"  # lognormal | exponential


@dataclass(frozen=True)
class Season:
    start: str  # "MM-DD"
    end: str
    factor: float
    services: tuple[str, ...] = ()  # empty: every service

    def applies(self, day: date, service: str) -> bool:
        md = day.strftime("%m-%d")
        return self.start <= md <= self.end and (not self.services or service in self.services)


@dataclass(frozen=True)
class Arrivals:
    rates: dict[str, float]  # tickets per hour per service at factor 1
    bundles: dict[str, float] = field(default_factory=dict)  # life-event tickets per hour
    profile: dict[int, float] = field(default_factory=dict)  # hour -> multiplier; missing hours 1.0
    opening_burst: float = 0.0  # expected tickets waiting at opening
    monday: float = 1.0
    after_holiday: float = 1.0
    seasons: tuple[Season, ...] = ()
    priority_share: float = 0.0
    yes: float = 0.5  # P(yes) for an optional life-event step
    yes_by_service: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Visitors:
    no_show: float = 0.0  # P(absent when called)
    recall_after: float = 1.0  # minutes from call to recall
    no_show_after: float = 1.0  # minutes from recall to 不在
    late_return: float = 0.0  # share of no-shows that come back later (reactivated)
    return_lag: tuple[float, float] = (5.0, 20.0)
    abandon: float = 0.0  # P(a visitor has finite patience)
    patience_median: float = 60.0  # minutes (lognormal, sigma 0.5)
    walk: tuple[float, float] = (0.25, 0.67)  # minutes from call to arrival at the counter
    household_share: float = 0.0  # share of tickets for a whole household
    household_factor: float = 1.6  # service-time multiplier for them
    transfers: dict[tuple[str, str], float] = field(default_factory=dict)  # (from, to) -> P at finish


@dataclass(frozen=True)
class Shift:
    counter: int
    start: time
    end: time
    breaks: tuple[tuple[time, time], ...] = ()
    services: tuple[str, ...] | None = None  # None: the counter's services from the office profile


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    office: str  # asset-relative or absolute path of the office profile; "" = the default profile
    date: date
    arrivals: Arrivals
    service: dict[str, ServiceTime]
    hour_factor: dict[int, float]  # hour -> service-time multiplier
    visitors: Visitors
    staff: tuple[Shift, ...]
    bench_days: tuple[Day, ...] = ()
    bench_test: int = 1
    path: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def scenario_path(name_or_path: str) -> Path:
    p = Path(name_or_path)
    if p.suffix == ".toml" or p.exists():
        return p
    return asset_path(f"{SCENARIO_DIR}/{name_or_path}.toml")


def scenario_names() -> list[str]:
    return sorted(p.stem for p in asset_path(SCENARIO_DIR).glob("*.toml"))


def load_scenario(name_or_path: str) -> Scenario:
    p = scenario_path(name_or_path)
    known = ", ".join(scenario_names())
    raw = read_toml(p, not_found=f"scenario not found (built-in scenarios: {known})")
    return _Reader(str(p)).scenario(raw)


RATE_MAX = 10_000.0  # tickets per hour
FACTOR_MAX = 100.0
MINUTES_MAX = 24 * 60.0


class _Reader:
    """Reads one scenario file; every problem is a ConfigError ``file: key: reason`` (see shared.validation)."""

    def __init__(self, path: str) -> None:
        self.path = path

    def rates(self, t: Table, hi: float = RATE_MAX) -> dict[str, float]:
        return {k: t.number(k, lo=0.0, hi=hi) for k in t}

    def hours(self, t: Table) -> dict[int, float]:
        out = {}
        for k in t:
            try:
                h = int(k)
            except ValueError:
                raise t.fail(k, 'keys are hours of the day, e.g. "09"') from None
            if not 0 <= h <= 23:
                raise t.fail(k, "hour must be 0–23")
            out[h] = t.number(k, lo=0.0, hi=FACTOR_MAX)
        return out

    def day(self, t: Table, v: Any, key: str) -> date:
        if isinstance(v, date) and not isinstance(v, datetime):
            return v
        try:
            if isinstance(v, str):
                return date.fromisoformat(v)
        except ValueError:
            pass
        raise t.fail(key, f"must be a date like 2026-11-24, got {show(v)}")

    def scenario(self, raw: dict[str, Any]) -> Scenario:
        root = Table(self.path, "", raw)
        root.only(("scenario", "arrivals", "bundles", "service", "visitors", "staff", "bench"), "section")
        s = root.table("scenario", ("name", "title", "office", "date"))
        name = s.text("name", Path(self.path).stem, max_len=100)
        arrivals = self.arrivals(
            root.table("arrivals", _ARRIVAL_KEYS), root.table("bundles", ("rates", "yes", "yes_by_service"))
        )
        service_t = root.table("service")
        services = {}
        for code in service_t:
            if code == "hour_factor":
                continue
            spec = service_t.table(code, ("mean", "scv", "dist"), hint=" like { mean = 5, scv = 0.5 }")
            services[code] = ServiceTime(
                mean=spec.number("mean", lo=0.01, hi=MINUTES_MAX),
                scv=spec.number("scv", 0.5, lo=0.0, hi=10.0),
                dist=spec.text("dist", "lognormal", choices=("lognormal", "exponential")),
            )
        hour_factor = self.hours(service_t.table("hour_factor"))
        staff = tuple(self.shift(x) for x in root.tables("staff", ("counter", "open", "breaks", "services")))
        b = root.table("bench", ("days", "test"))
        bench_days = tuple(b.array("days", [], lambda v, k: self.day(b, v, k)))
        return Scenario(
            name=name,
            title=s.text("title", name, max_len=200),
            office=s.text("office", "", empty=True),
            date=self.day(s, s.raw("date"), "date"),
            arrivals=arrivals,
            service=services,
            hour_factor=hour_factor,
            visitors=self.visitors(root.table("visitors", _VISITOR_KEYS)),
            staff=staff,
            bench_days=bench_days,
            bench_test=b.whole("test", 1, lo=1, hi=365),
            path=self.path,
        )

    def arrivals(self, a: Table, b: Table) -> Arrivals:
        seasons = []
        hint = ' like { from = "03-20", to = "04-10", factor = 2.5, services = [...] }'
        for i, x in enumerate(a.array("season", [])):
            st = a.entry(x, f"season[{i}]", ("from", "to", "factor", "services"), hint=hint)
            seasons.append(
                Season(
                    st.check_month_day(st.raw("from"), "from"),
                    st.check_month_day(st.raw("to"), "to"),
                    st.number("factor", lo=0.0, hi=FACTOR_MAX),
                    tuple(st.array("services", [], st.check_text)),
                )
            )
        yes_by = b.table("yes_by_service")
        return Arrivals(
            rates=self.rates(a.table("rates")),
            bundles=self.rates(b.table("rates")),
            profile=self.hours(a.table("profile")),
            opening_burst=a.number("opening_burst", 0.0, lo=0.0, hi=RATE_MAX),
            monday=a.number("monday", 1.0, lo=0.0, hi=FACTOR_MAX),
            after_holiday=a.number("after_holiday", 1.0, lo=0.0, hi=FACTOR_MAX),
            seasons=tuple(seasons),
            priority_share=a.number("priority_share", 0.0, lo=0.0, hi=1.0),
            yes=b.number("yes", 0.5, lo=0.0, hi=1.0),
            yes_by_service=self.rates(yes_by, hi=1.0),
        )

    def pair(self, t: Table, key: str, default: tuple[float, float]) -> tuple[float, float]:
        v = t.raw(key, None)
        if v is None:
            return default
        if not isinstance(v, list) or len(v) != 2:
            raise t.fail(key, f"must be [low, high] minutes, got {show(v)}")
        lo, hi = (t.check_number(x, f"{key}[{i}]", lo=0.0, hi=MINUTES_MAX) for i, x in enumerate(v))
        if lo > hi:
            raise t.fail(key, "must be [low, high] minutes, low first")
        return (lo, hi)

    def visitors(self, v: Table) -> Visitors:
        transfers: dict[tuple[str, str], float] = {}
        tr = v.table("transfers")
        for k in tr:
            if "->" not in k:
                raise tr.fail(k, 'keys look like "MOVE->NHI"')
            a, b = (x.strip() for x in k.split("->", 1))
            transfers[(a, b)] = tr.number(k, lo=0.0, hi=1.0)
        return Visitors(
            no_show=v.number("no_show", 0.0, lo=0.0, hi=1.0),
            recall_after=v.number("recall_after", 1.0, lo=0.0, hi=MINUTES_MAX),
            no_show_after=v.number("no_show_after", 1.0, lo=0.0, hi=MINUTES_MAX),
            late_return=v.number("late_return", 0.0, lo=0.0, hi=1.0),
            return_lag=self.pair(v, "return_lag", (5.0, 20.0)),
            abandon=v.number("abandon", 0.0, lo=0.0, hi=1.0),
            patience_median=v.number("patience_median", 60.0, lo=0.1, hi=MINUTES_MAX),
            walk=self.pair(v, "walk", (0.25, 0.67)),
            household_share=v.number("household_share", 0.0, lo=0.0, hi=1.0),
            household_factor=v.number("household_factor", 1.6, lo=0.1, hi=FACTOR_MAX),
            transfers=transfers,
        )

    def shift(self, x: Table) -> Shift:
        counter = x.whole("counter", lo=1, hi=99)
        start, end = x.span("open", what="start")
        breaks = []
        for j, raw in enumerate(x.array("breaks", [])):
            key = f"breaks[{j}]"
            if not isinstance(raw, list) or len(raw) != 2:
                raise x.fail(key, f'must be ["HH:MM", "HH:MM"], got {show(raw)}')
            b0, b1 = x.check_clock(raw[0], key), x.check_clock(raw[1], key)
            if not start <= b0 < b1 <= end:
                raise x.fail(key, "a break must lie inside the open span")
            breaks.append((b0, b1))
        services = x.array("services", None, lambda v, k: x.check_text(v, k, max_len=40))
        return Shift(
            counter=counter,
            start=start,
            end=end,
            breaks=tuple(breaks),
            services=tuple(services) if services is not None else None,
        )


_ARRIVAL_KEYS = (
    "rates",
    "profile",
    "opening_burst",
    "monday",
    "after_holiday",
    "season",
    "priority_share",
)
_VISITOR_KEYS = (
    "no_show",
    "recall_after",
    "no_show_after",
    "late_return",
    "return_lag",
    "abandon",
    "patience_median",
    "walk",
    "household_share",
    "household_factor",
    "transfers",
)
