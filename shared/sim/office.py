"""A throw-away office for a simulation: the scenario's profile (plus what-if counters) on a temp SQLite file."""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass
from datetime import time
from pathlib import Path

from shared.config import Counter, OfficeConfig, load_config
from shared.engine import QueueEngine
from shared.errors import ConfigError
from shared.office import open_office
from shared.paths import asset_path
from shared.sim.scenario import Scenario, Shift
from shared.storage.predict_sim import fast_writes
from shared.timeutil import parse_hhmm

_SPEC = re.compile(r"^\+(\d+)(?::([A-Za-z_:,]+))?(?:@(\d{1,2}:\d{2})(?:-(\d{1,2}:\d{2}))?)?$")


@dataclass(frozen=True)
class ExtraCounters:
    """A staffing what-if: ``count`` more windows serving ``services`` from ``start`` to ``end``."""

    count: int
    services: tuple[str, ...]
    start: time | None
    end: time | None


def scenario_config(scn: Scenario) -> OfficeConfig:
    if not scn.office:
        return load_config()
    p = Path(scn.office)
    return load_config(p if p.is_absolute() or p.exists() else asset_path(scn.office))


def parse_counters(spec: str, config: OfficeConfig) -> ExtraCounters:
    """``+2`` / ``+2@10:00`` / ``+1:MOVE@13:00-16:00``: more windows (services default: the busiest merged window)."""
    m = _SPEC.match(spec.strip())
    if not m:
        raise ConfigError("--counters", spec, 'expected "+N[:SERVICE,…][@HH:MM[-HH:MM]]", e.g. "+2@10:00"')
    count = int(m.group(1))
    if not 1 <= count <= 20:
        raise ConfigError("--counters", spec, "add between 1 and 20 windows")
    if m.group(2):
        services = tuple(s for s in m.group(2).split(",") if s)
    elif config.merged_windows:
        services = next(iter(config.merged_windows.values()))
    else:
        services = config.counters[0].services
    known = {s.code for s in config.services} | {f"{s.code}:pickup" for s in config.services if s.pickup}
    for s in services:
        if s not in known:
            raise ConfigError("--counters", spec, f"unknown service {s!r}; known: {', '.join(sorted(known))}")
    try:
        start = parse_hhmm(m.group(3)) if m.group(3) else None
        end = parse_hhmm(m.group(4)) if m.group(4) else None
    except ValueError as exc:
        raise ConfigError("--counters", spec, str(exc)) from None
    if start and end and not start < end:
        raise ConfigError("--counters", spec, "start must be before end")
    return ExtraCounters(count, services, start, end)


def with_extra_counters(
    config: OfficeConfig, staff: tuple[Shift, ...], extras: list[ExtraCounters], span: tuple[time, time]
) -> tuple[OfficeConfig, tuple[Shift, ...]]:
    counters = list(config.counters)
    shifts = list(staff)
    nxt = max((c.number for c in counters), default=0) + 1
    for x in extras:
        for _ in range(x.count):
            counters.append(Counter(nxt, f"{nxt}番窓口（臨時）", x.services))
            shifts.append(Shift(nxt, x.start or span[0], x.end or span[1], services=x.services))
            nxt += 1
    return dataclasses.replace(config, counters=tuple(counters)), tuple(shifts)


def open_sim_office(db_path: str | os.PathLike[str], config: OfficeConfig) -> QueueEngine:
    """A fresh (or existing) simulation DB. fsync is off: it is a temp file."""
    engine = open_office(db_path, config)
    fast_writes(engine.store)
    return engine
