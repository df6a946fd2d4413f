"""Ward-day scenarios (TOML in assets/scenarios/): demand, service times, visitors and the staffing schedule.

``load_scenario("tuesday")`` reads ``assets/scenarios/tuesday.toml``; a path reads that file. Every problem raises
:class:`ConfigError` naming the file, the key and the reason.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

from shared.errors import ConfigError
from shared.paths import asset_path
from shared.timeutil import parse_hhmm

SCENARIO_DIR = "scenarios"


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
    bench_days: tuple[date, ...] = ()
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
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        known = ", ".join(scenario_names())
        raise ConfigError(str(p), "-", f"scenario not found (built-in scenarios: {known})") from None
    except UnicodeDecodeError:
        raise ConfigError(str(p), "-", "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(p), "-", f"not valid TOML: {exc}") from None
    return _Reader(str(p)).scenario(raw)


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, key: str, reason: str) -> ConfigError:
        return ConfigError(self.path, key, reason)

    def num(
        self,
        d: dict[str, Any],
        key: str,
        where: str,
        default: float | None = None,
        *,
        lo: float = 0.0,
        hi: float | None = None,
    ) -> float:
        if key not in d:
            if default is None:
                raise self.fail(f"{where}.{key}", "is required")
            return default
        v = d[key]
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise self.fail(f"{where}.{key}", f"must be a number, got {v!r}")
        if v < lo or (hi is not None and v > hi):
            raise self.fail(f"{where}.{key}", f"must be between {lo} and {hi if hi is not None else '∞'}")
        return float(v)

    def table(self, d: dict[str, Any], key: str, where: str = "") -> dict[str, Any]:
        v = d.get(key, {})
        if not isinstance(v, dict):
            raise self.fail(f"{where}.{key}" if where else key, "must be a table")
        return v

    def rates(self, d: dict[str, Any], where: str) -> dict[str, float]:
        return {k: self.num(d, k, where) for k in d}

    def hhmm(self, v: Any, where: str) -> time:
        if not isinstance(v, str):
            raise self.fail(where, f'must be a time like "08:45", got {v!r}')
        try:
            return parse_hhmm(v)
        except ValueError as exc:
            raise self.fail(where, str(exc)) from None

    def day(self, v: Any, where: str) -> date:
        if isinstance(v, date):
            return v
        try:
            return date.fromisoformat(str(v))
        except ValueError:
            raise self.fail(where, f"must be a date like 2026-11-24, got {v!r}") from None

    def hours(self, d: dict[str, Any], where: str) -> dict[int, float]:
        out = {}
        for k in d:
            try:
                h = int(k)
            except ValueError:
                raise self.fail(f"{where}.{k}", 'keys are hours of the day, e.g. "09"') from None
            if not 0 <= h <= 23:
                raise self.fail(f"{where}.{k}", "hour must be 0–23")
            out[h] = self.num(d, k, where)
        return out

    def scenario(self, raw: dict[str, Any]) -> Scenario:
        known = {"scenario", "arrivals", "bundles", "service", "visitors", "staff", "bench"}
        for k in raw:
            if k not in known:
                raise self.fail(k, f"unknown section; known: {', '.join(sorted(known))}")
        s = self.table(raw, "scenario")
        if "date" not in s:
            raise self.fail("scenario.date", "is required")
        name = str(s.get("name", Path(self.path).stem))
        arrivals = self.arrivals(self.table(raw, "arrivals"), self.table(raw, "bundles"))
        services = {}
        for code, spec in self.table(raw, "service").items():
            if code == "hour_factor":
                continue
            if not isinstance(spec, dict):
                raise self.fail(f"service.{code}", "must be a table like { mean = 5, scv = 0.5 }")
            dist = spec.get("dist", "lognormal")
            if dist not in ("lognormal", "exponential"):
                raise self.fail(f"service.{code}.dist", "must be lognormal or exponential")
            services[code] = ServiceTime(
                mean=self.num(spec, "mean", f"service.{code}", lo=0.01),
                scv=self.num(spec, "scv", f"service.{code}", 0.5, lo=0.0, hi=10.0),
                dist=dist,
            )
        hour_factor = self.hours(
            self.table(self.table(raw, "service"), "hour_factor", "service"), "service.hour_factor"
        )
        staff = tuple(self.shift(x, i) for i, x in enumerate(self.array(raw, "staff")))
        b = self.table(raw, "bench")
        bench_days = tuple(self.day(x, "bench.days") for x in b.get("days", []))
        return Scenario(
            name=name,
            title=str(s.get("title", name)),
            office=str(s.get("office", "")),
            date=self.day(s["date"], "scenario.date"),
            arrivals=arrivals,
            service=services,
            hour_factor=hour_factor,
            visitors=self.visitors(self.table(raw, "visitors")),
            staff=staff,
            bench_days=bench_days,
            bench_test=int(self.num(b, "test", "bench", 1.0, lo=1)),
            path=self.path,
        )

    def array(self, raw: dict[str, Any], key: str) -> list[dict[str, Any]]:
        v = raw.get(key, [])
        if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
            raise self.fail(key, f"must be an array of tables ([[{key}]])")
        return v

    def arrivals(self, a: dict[str, Any], b: dict[str, Any]) -> Arrivals:
        seasons = []
        for i, x in enumerate(a.get("season", [])):
            w = f"arrivals.season[{i}]"
            if not isinstance(x, dict) or "from" not in x or "to" not in x:
                raise self.fail(w, 'must be { from = "03-20", to = "04-10", factor = 2.5, services = [...] }')
            seasons.append(
                Season(str(x["from"]), str(x["to"]), self.num(x, "factor", w), tuple(x.get("services", ())))
            )
        return Arrivals(
            rates=self.rates(self.table(a, "rates", "arrivals"), "arrivals.rates"),
            bundles=self.rates(self.table(b, "rates", "bundles"), "bundles.rates"),
            profile=self.hours(self.table(a, "profile", "arrivals"), "arrivals.profile"),
            opening_burst=self.num(a, "opening_burst", "arrivals", 0.0),
            monday=self.num(a, "monday", "arrivals", 1.0),
            after_holiday=self.num(a, "after_holiday", "arrivals", 1.0),
            seasons=tuple(seasons),
            priority_share=self.num(a, "priority_share", "arrivals", 0.0, hi=1.0),
            yes=self.num(b, "yes", "bundles", 0.5, hi=1.0),
            yes_by_service={
                k: self.num(self.table(b, "yes_by_service", "bundles"), k, "bundles.yes_by_service", hi=1.0)
                for k in self.table(b, "yes_by_service", "bundles")
            },
        )

    def pair(self, v: Any, where: str, default: tuple[float, float]) -> tuple[float, float]:
        if v is None:
            return default
        if (
            not isinstance(v, list)
            or len(v) != 2
            or not all(isinstance(x, int | float) for x in v)
            or v[0] > v[1]
        ):
            raise self.fail(where, "must be [low, high] minutes")
        return (float(v[0]), float(v[1]))

    def visitors(self, v: dict[str, Any]) -> Visitors:
        w = "visitors"
        transfers: dict[tuple[str, str], float] = {}
        for k, p in self.table(v, "transfers", w).items():
            if "->" not in k:
                raise self.fail(f"visitors.transfers.{k}", 'keys look like "MOVE->NHI"')
            a, b = (x.strip() for x in k.split("->", 1))
            transfers[(a, b)] = self.num({k: p}, k, "visitors.transfers", hi=1.0)
        return Visitors(
            no_show=self.num(v, "no_show", w, 0.0, hi=1.0),
            recall_after=self.num(v, "recall_after", w, 1.0),
            no_show_after=self.num(v, "no_show_after", w, 1.0),
            late_return=self.num(v, "late_return", w, 0.0, hi=1.0),
            return_lag=self.pair(v.get("return_lag"), "visitors.return_lag", (5.0, 20.0)),
            abandon=self.num(v, "abandon", w, 0.0, hi=1.0),
            patience_median=self.num(v, "patience_median", w, 60.0, lo=0.1),
            walk=self.pair(v.get("walk"), "visitors.walk", (0.25, 0.67)),
            household_share=self.num(v, "household_share", w, 0.0, hi=1.0),
            household_factor=self.num(v, "household_factor", w, 1.6, lo=0.1),
            transfers=transfers,
        )

    def shift(self, x: dict[str, Any], i: int) -> Shift:
        w = f"staff[{i}]"
        if "counter" not in x or isinstance(x["counter"], bool) or not isinstance(x["counter"], int):
            raise self.fail(f"{w}.counter", "is required (a counter number)")
        span = x.get("open")
        if not isinstance(span, list) or len(span) != 2:
            raise self.fail(f"{w}.open", 'must be ["HH:MM", "HH:MM"]')
        start, end = self.hhmm(span[0], f"{w}.open"), self.hhmm(span[1], f"{w}.open")
        if not start < end:
            raise self.fail(f"{w}.open", "start must be before end")
        breaks = []
        for j, b in enumerate(x.get("breaks", [])):
            if not isinstance(b, list) or len(b) != 2:
                raise self.fail(f"{w}.breaks[{j}]", 'must be ["HH:MM", "HH:MM"]')
            b0, b1 = self.hhmm(b[0], f"{w}.breaks[{j}]"), self.hhmm(b[1], f"{w}.breaks[{j}]")
            if not start <= b0 < b1 <= end:
                raise self.fail(f"{w}.breaks[{j}]", "a break must lie inside the open span")
            breaks.append((b0, b1))
        services = x.get("services")
        if services is not None and (
            not isinstance(services, list) or not all(isinstance(s, str) for s in services)
        ):
            raise self.fail(f"{w}.services", "must be a list of service codes")
        return Shift(
            counter=x["counter"],
            start=start,
            end=end,
            breaks=tuple(breaks),
            services=tuple(services) if services is not None else None,
        )
