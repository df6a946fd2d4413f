"""Test logs we did not write: queueing days simulated with ciw (an independent discrete-event library), written
in the external per-customer CSV format that ``madoguchi bench ewt --log`` reads.

``shared/sim`` shares the predictor's assumptions (it was written next to it); ciw does not. Each case is one
office day 9:00–17:00 repeated over several days with different seeds: Poisson arrivals (piecewise-constant
rates), FCFS per priority class, a server count that may change at set times (no pre-emption: a clerk finishes the
visitor before leaving). Customers who arrived by 17:00 are all served (or leave, with patience).

``ciw`` is in the ``test`` extra; this module imports it only when a log is generated.
"""

from __future__ import annotations

import csv
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from shared.errors import MadoguchiError
from shared.predict.log import COLUMNS
from shared.timeutil import TOKYO

OPEN_MIN = 480.0  # 9:00–17:00
FIRST_DAY = date(2026, 10, 5)  # a Monday; days run Monday–Friday


@dataclass(frozen=True)
class CiwCase:
    """One log: ``rates`` arrivals per minute over ``rate_ends`` (minutes after 9:00); ``servers`` over
    ``server_ends``; lognormal service with mean ``service_min`` and squared coefficient of variation ``scv``
    (1.0 with ``exponential``); ``patience_min`` > 0 adds exponential abandonment (Erlang-A);
    ``priority_share`` of arrivals are a second, more urgent class."""

    name: str
    title: str
    rates: tuple[float, ...]
    rate_ends: tuple[float, ...]
    servers: tuple[int, ...]
    server_ends: tuple[float, ...] = (OPEN_MIN,)
    service_min: float = 5.0
    scv: float = 1.0
    exponential: bool = True
    patience_min: float = 0.0
    priority_share: float = 0.0
    days: int = 10
    tags: tuple[str, ...] = field(default_factory=tuple)

    def load(self) -> float:
        """Offered load over the day: arrivals × mean service / (mean servers)."""
        lam = sum(
            r * (e - s)
            for r, s, e in zip(self.rates, (0.0, *self.rate_ends[:-1]), self.rate_ends, strict=True)
        )
        cap = sum(
            c * (min(e, OPEN_MIN) - min(s, OPEN_MIN))
            for c, s, e in zip(self.servers, (0.0, *self.server_ends[:-1]), self.server_ends, strict=True)
        )
        return lam * self.service_min / max(cap, 1e-9)


def _const(rate: float, servers: int, **kw: object) -> dict[str, object]:
    return {"rates": (rate,), "rate_ends": (OPEN_MIN,), "servers": (servers,), **kw}


CASES: tuple[CiwCase, ...] = (
    CiwCase(
        "mm2-r50",
        "M/M/2, ρ=0.5 (waits mostly under a minute)",
        **_const(0.2, 2, service_min=5.0, days=30),  # type: ignore[arg-type]
    ),
    CiwCase("mm8-r80", "M/M/8, ρ=0.8", **_const(1.28, 8)),  # type: ignore[arg-type]
    CiwCase("mm8-r95", "M/M/8, ρ=0.95", **_const(1.52, 8)),  # type: ignore[arg-type]
    CiwCase(
        "mg8-logn-r90",
        "M/G/8 lognormal service (SCV 1.5), ρ=0.9",
        **_const(1.44, 8, exponential=False, scv=1.5),  # type: ignore[arg-type]
    ),
    CiwCase("mm30-r98", "M/M/30, ρ=0.98", **_const(5.88, 30, days=6)),  # type: ignore[arg-type]
    CiwCase(
        "erlang-a30",
        "Erlang-A M/M/30+M, offered load 1.15, patience 10 min",
        **_const(6.9, 30, patience_min=10.0, days=6),  # type: ignore[arg-type]
    ),
    CiwCase(
        "prio8",
        "two priority classes (20% urgent), M/M/8, ρ=0.9",
        **_const(1.44, 8, priority_share=0.2),  # type: ignore[arg-type]
    ),
    CiwCase(
        "lunch8",
        "time-varying arrivals with a lunch dip, 8 servers, lognormal SCV 0.5",
        rates=(1.1, 1.55, 0.6, 1.45, 0.9),
        rate_ends=(60.0, 180.0, 240.0, 360.0, OPEN_MIN),
        servers=(8,),
        exponential=False,
        scv=0.5,
    ),
    CiwCase(
        "hours2",
        "waits of hours: 2 servers, morning overload (ρ=1.6 until noon, then 0.5), 10-min service",
        rates=(0.32, 0.1),
        rate_ends=(180.0, OPEN_MIN),
        servers=(2,),
        service_min=10.0,
        days=40,
    ),
    CiwCase(
        "shift8",
        "server count changes mid-day: 8 → 4 at 12:00 → 6 at 13:00, M/M/s, λ=1.2/min",
        rates=(1.2,),
        rate_ends=(OPEN_MIN,),
        servers=(8, 4, 6),
        server_ends=(180.0, 240.0, OPEN_MIN),
    ),
)


def case(name: str) -> CiwCase:
    for c in CASES:
        if c.name == name:
            return c
    raise MadoguchiError(f"unknown ciw case {name!r} (one of {', '.join(c.name for c in CASES)})")


def _days(n: int) -> list[date]:
    out: list[date] = []
    d = FIRST_DAY
    while len(out) < n:
        if d.weekday() < 5:
            out.append(d)
        d += timedelta(days=1)
    return out


def split_date(c: CiwCase, train_days: int | None = None) -> date:
    """The first scored day: after 60% of the days unless ``train_days`` says otherwise."""
    days = _days(c.days)
    k = train_days if train_days is not None else max(1, round(c.days * 0.6))
    return days[min(k, len(days) - 1)]


def _service(c: CiwCase) -> Any:  # a ciw distribution
    import ciw

    if c.exponential:
        return ciw.dists.Exponential(1.0 / c.service_min)
    sigma2 = math.log1p(c.scv)
    return ciw.dists.Lognormal(math.log(c.service_min) - sigma2 / 2, math.sqrt(sigma2))


def simulate_day(c: CiwCase, seed: int) -> list[tuple[float, float | None, float | None, int, int, str]]:
    """One day: (arrived, service start or None, end or leaving time, server id, priority, outcome), minutes."""
    try:
        import ciw
    except ImportError:
        raise MadoguchiError("ciw is not installed (pip install -e '.[test]' or pip install ciw)") from None

    classes = ["normal", "urgent"] if c.priority_share > 0 else ["normal"]
    share = {"normal": 1.0 - c.priority_share, "urgent": c.priority_share}
    arrivals = {
        k: [ciw.dists.PoissonIntervals([r * share[k] for r in c.rates], list(c.rate_ends), OPEN_MIN)]
        for k in classes
    }
    horizon = 1.0e5
    ends = [*c.server_ends[:-1], horizon]
    params: dict[str, object] = {
        "arrival_distributions": arrivals,
        "service_distributions": {k: [_service(c)] for k in classes},
        "number_of_servers": [ciw.Schedule(numbers_of_servers=list(c.servers), shift_end_dates=ends)]
        if len(c.servers) > 1
        else [c.servers[0]],
    }
    if len(classes) > 1:
        params["priority_classes"] = {"urgent": 0, "normal": 1}
    if c.patience_min > 0:
        params["reneging_time_distributions"] = {
            k: [ciw.dists.Exponential(1.0 / c.patience_min)] for k in classes
        }
    ciw.seed(seed)
    net = ciw.create_network(**params)
    sim = ciw.Simulation(net)
    sim.simulate_until_max_time(OPEN_MIN + 24 * 60.0)
    out: list[tuple[float, float | None, float | None, int, int, str]] = []
    for r in sim.get_all_records():
        prio = 1 if r.customer_class == "urgent" else 0
        if r.record_type == "renege":
            out.append((r.arrival_date, None, r.exit_date, 0, prio, "abandoned"))
        elif r.record_type == "service":
            out.append(
                (r.arrival_date, r.service_start_date, r.service_end_date, int(r.server_id), prio, "served")
            )
    out.sort(key=lambda x: x[0])
    return out


def write_log(c: CiwCase, path: str | Path, seed: int = 1, days: int | None = None) -> int:
    """Simulate ``days`` (default: the case's) days and write them as a per-customer CSV; returns the rows."""
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for i, d in enumerate(_days(days or c.days)):
            t0 = datetime(d.year, d.month, d.day, 9, 0, tzinfo=TOKYO)

            def iso(m: float | None, t0: datetime = t0) -> str:
                return "" if m is None else (t0 + timedelta(minutes=m)).isoformat(timespec="milliseconds")

            for j, (arr, start, end, server, prio, outcome) in enumerate(
                simulate_day(c, seed * 100_000 + i * 7919 + zlib.crc32(c.name.encode()) % 997)
            ):
                w.writerow(
                    [
                        f"{d.isoformat()}-{j:05d}",
                        "S",
                        prio,
                        iso(arr),
                        iso(start),
                        iso(end),
                        f"srv{server}" if outcome == "served" else "",
                        outcome,
                    ]
                )
                n += 1
    return n


def write_all(folder: str | Path, names: Sequence[str] | None = None, seed: int = 1) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for c in CASES:
        if names and c.name not in names:
            continue
        p = folder / f"{c.name}.csv"
        write_log(c, p, seed)
        out.append(p)
    return out
