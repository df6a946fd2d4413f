"""Run a simulated ward day against a live office in real time × speed (for the demo).

``LiveDay(engine, scenario, seed=…, speed=20, wall_start=time.time())`` maps the wall clock to the simulated
clock (the day's opening at ``wall_start``); call :meth:`tick` as often as you like (e.g. every 200 ms from a
timer) and it advances the simulated day to "now". Every change goes through the engine, so the kiosk, the
counters, the displays and the phone page of that office see the simulated visitors like real ones.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, time

from shared.engine import QueueEngine
from shared.sim.driver import WardDay
from shared.sim.scenario import Scenario, Shift
from shared.timeutil import from_ts


class LiveDay:
    def __init__(
        self,
        engine: QueueEngine,
        scenario: Scenario,
        *,
        wall_start: float,
        speed: float = 1.0,
        day: date | None = None,
        seed: int = 0,
        staff: Sequence[Shift] | None = None,
        window: tuple[time, time] | None = None,
    ) -> None:
        if not (0 < speed <= 3600) or math.isnan(speed):
            raise ValueError("speed must be between 0 and 3600 (simulated seconds per real second)")
        self.sim = WardDay(engine, scenario, day, seed=seed, staff=staff, window=window)
        self.speed = speed
        self.wall_start = wall_start

    def sim_time(self, wall: float) -> datetime:
        """The simulated moment that corresponds to the wall-clock second ``wall``."""
        return from_ts(self.sim.t_open + max(0.0, wall - self.wall_start) * self.speed)

    def tick(self, wall: float) -> int:
        """Advance the simulated day to the wall clock; returns how many simulated events ran."""
        return self.sim.advance(self.sim_time(wall).timestamp())

    def finished(self) -> bool:
        return self.sim.done()

    def next_wall(self) -> float | None:
        """When (wall clock) the next simulated event is due, or None at the end of the day."""
        nxt = self.sim.next_ts()
        if nxt is None:
            return None
        return self.wall_start + max(0.0, nxt - self.sim.t_open) / self.speed
