"""Arrivals of one simulated day: non-homogeneous Poisson per service and life event, piecewise constant by hour.

λ_k(t, d) = Λ_k · f_monday(d) · f_after_holiday(d) · f_season(d, k) · g(hour), plus an opening burst of
people already queued at opening. Lunch changes capacity (staff rotate), not demand, so it is not a factor here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from shared.calendar import is_holiday
from shared.config import OfficeConfig
from shared.sim.scenario import Scenario


@dataclass(frozen=True)
class Arrival:
    ts: float
    kind: str  # "service" | "bundle" | "booking" (code: the booking number, shared.sim.booking)
    code: str
    priority: int = 0
    household: float = 1.0
    answers: dict[int, bool] = field(default_factory=dict)
    visitor: int = -1  # the what-if's visitor number (its paired random draws, shared.sim.whatif.Inputs)


def after_holiday(day: date, config: OfficeConfig) -> bool:
    """The first open day after a public holiday or a closure day (not after a plain weekend)."""
    d = day - timedelta(days=1)
    for _ in range(7):
        closed_date = d.strftime("%m-%d") in config.hours.closed_dates
        if (config.hours.public_holidays and is_holiday(d)) or closed_date:
            return True
        if d.weekday() < 5:
            return False
        d -= timedelta(days=1)
    return False


def demand_factor(scn: Scenario, config: OfficeConfig, day: date, code: str) -> float:
    a = scn.arrivals
    f = 1.0
    if day.weekday() == 0:
        f *= a.monday
    if after_holiday(day, config):
        f *= a.after_holiday
    for s in a.seasons:
        if s.applies(day, code):
            f *= s.factor
    return f


def _hour_slots(t0: float, t1: float, hour0: float) -> list[tuple[float, float, int]]:
    """[(start, end, hour-of-day)] cutting [t0, t1) at whole hours; ``hour0`` is the local hour at t0 (float)."""
    slots = []
    t, h = t0, hour0
    while t < t1 - 1e-9:
        nxt = min(t1, t + (np.floor(h) + 1 - h) * 3600.0)
        slots.append((t, nxt, int(np.floor(h)) % 24))
        h += (nxt - t) / 3600.0
        t = nxt
    return slots


def _poisson_times(
    rng: np.random.Generator,
    rate_per_h: float,
    slots: list[tuple[float, float, int]],
    profile: dict[int, float],
) -> list[float]:
    out: list[float] = []
    for a, b, h in slots:
        lam = rate_per_h * profile.get(h, 1.0) * (b - a) / 3600.0
        n = int(rng.poisson(lam)) if lam > 0 else 0
        out.extend(rng.uniform(a, b, n).tolist())
    return out


def day_arrivals(
    scn: Scenario,
    config: OfficeConfig,
    day: date,
    t_open: float,
    t_close: float,
    hour_open: float,
    rng: np.random.Generator,
) -> list[Arrival]:
    """Every ticket request of the day, in time order. Services with no rate get none."""
    a = scn.arrivals
    slots = _hour_slots(t_open, t_close, hour_open)
    out: list[Arrival] = []
    codes = sorted(a.rates)
    for code in codes:
        for ts in _poisson_times(
            rng, a.rates[code] * demand_factor(scn, config, day, code), slots, a.profile
        ):
            out.append(Arrival(ts, "service", code))
    for code in sorted(a.bundles):
        b = config.bundle(code)
        first = b.steps[0].service if b.steps else code
        for ts in _poisson_times(
            rng, a.bundles[code] * demand_factor(scn, config, day, first), slots, a.profile
        ):
            answers = {
                i: bool(rng.random() < a.yes_by_service.get(s.service, a.yes))
                for i, s in enumerate(b.steps)
                if s.ask is not None
            }
            out.append(Arrival(ts, "bundle", code, answers=answers))
    if a.opening_burst > 0 and codes:
        weights = np.array([a.rates[c] * demand_factor(scn, config, day, c) for c in codes], dtype=float)
        if weights.sum() > 0:
            n = int(rng.poisson(a.opening_burst * demand_factor(scn, config, day, "")))
            picks = rng.choice(len(codes), size=n, p=weights / weights.sum())
            for i in picks:
                out.append(Arrival(t_open + float(rng.uniform(0, 120.0)), "service", codes[int(i)]))
    vis = scn.visitors
    final = []
    for x in sorted(out, key=lambda x: (x.ts, x.kind, x.code)):
        prio = int(rng.random() < a.priority_share) if a.priority_share > 0 else 0
        hh = vis.household_factor if vis.household_share > 0 and rng.random() < vis.household_share else 1.0
        final.append(Arrival(x.ts, x.kind, x.code, prio, hh, x.answers))
    return final
