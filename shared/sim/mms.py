"""M/M/s sanity cells: one service, s identical counters, Poisson arrivals, exponential service, no breaks.

The same driver and the same engine as the ward scenarios, so Erlang-C and Little's law check both.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import date, time

from shared.config import Counter, OfficeConfig, Service, load_config
from shared.sim.scenario import Arrivals, Scenario, ServiceTime, Shift, Visitors

CODE = "S"


def mms_config(servers: int, mean_min: float, base: OfficeConfig | None = None) -> OfficeConfig:
    cfg = base or load_config()
    svc = Service(
        code=CODE,
        prefix="S",
        group=cfg.groups[0].code,
        names={"ja": "待ち行列検証", "en": "M/M/s cell"},
        service_min=mean_min,
    )
    return dataclasses.replace(
        cfg,
        services=(svc,),
        certificates=(),
        bundles=(),
        merged_windows={},
        displays=(),
        counters=tuple(Counter(i, f"{i}番窓口", (CODE,)) for i in range(1, servers + 1)),
        hours=dataclasses.replace(cfg.hours, always_open=True),
    )


def mms_scenario(
    servers: int,
    rho: float,
    mean_min: float = 5.0,
    day: date = date(2026, 11, 24),
    window: tuple[time, time] = (time(9, 0), time(17, 0)),
) -> Scenario:
    lam_per_h = rho * servers / mean_min * 60.0
    return Scenario(
        name=f"M/M/{servers} ρ={rho}",
        title=f"M/M/{servers} ρ={rho}",
        office="",
        date=day,
        arrivals=Arrivals(rates={CODE: lam_per_h}),
        service={CODE: ServiceTime(mean_min, 1.0, "exponential")},
        hour_factor={},
        visitors=Visitors(walk=(0.0, 0.0)),
        staff=tuple(Shift(i, window[0], window[1]) for i in range(1, servers + 1)),
    )


def erlang_c(servers: int, offered: float) -> float:
    """P(wait) in M/M/c with offered load a = λ/μ (< c)."""
    s = sum(offered**k / math.factorial(k) for k in range(servers))
    top = offered**servers / math.factorial(servers) * servers / (servers - offered)
    return top / (s + top)


def mean_wait(servers: int, lam: float, mu: float) -> float:
    """E[Wq] = C(c, a) / (cμ − λ)."""
    return erlang_c(servers, lam / mu) / (servers * mu - lam)


def stationary_in_system(servers: int, lam: float, mu: float, rng_u: float) -> int:
    """Inverse-CDF draw of the number in system of a stationary M/M/c queue."""
    a = lam / mu
    rho = a / servers
    p = [a**k / math.factorial(k) for k in range(servers)]
    tail0 = a**servers / math.factorial(servers)
    norm = sum(p) + tail0 / (1 - rho)
    acc, k = 0.0, 0
    while True:
        pk = (p[k] if k < servers else tail0 * rho ** (k - servers)) / norm
        acc += pk
        if rng_u <= acc or k > 10_000:
            return k
        k += 1
