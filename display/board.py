"""What one hall display shows right now, read from the core as plain values. Qt-free.

A :class:`Scope` is a display profile resolved against the office: the counters and services of its floor, or the
交付 (pickup) stage only. :func:`read_board` turns the engine's state into a :class:`Board`:

- ``calling``: every ticket called and not yet at the counter (the leg is still ``called``), newest call first;
  there is at most one per counter, and every one of them is shown big;
- ``history``: the previous calls whose visitor reached the counter (started, or finished), one per ticket visit
  (a recall does not add a second line), newest first; a call that ended without service (不在, cancelled)
  is in neither;
- ``services``: per service, the waiting count and the core's estimated wait (``shared.estimate.estimate_waits``);
- ``ready``: for a pickup profile, the numbers waiting in a ``CODE:pickup`` queue (ready to collect);
- ``notices``: the ticker lines from the office profile and from the DB.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from shared.config import DisplayProfile, OfficeConfig
from shared.engine import QueueEngine
from shared.estimate import Estimate, estimate_waits
from shared.models import Call, LegState, pickup_queue
from shared.timeutil import to_ts

Names = dict[str, str]
RECENT_CALLS = 400  # call-log rows read per refresh; history needs only the last few visits


@dataclass(frozen=True)
class CallView:
    call_id: int  # the newest call-log row for this visit (a recall is a newer row)
    leg_id: int
    number: str
    counter: int
    service: str
    stage: str  # "service" or "pickup"
    kind: str  # "call" or "recall"
    ts: float
    calling: bool  # still called: the visitor has not reached the counter yet


@dataclass(frozen=True)
class ServiceView:
    code: str
    names: Names
    waiting: int
    estimate: Estimate
    closed: str | None  # why no new ticket is issued now (closed | cutoff | paused | cap), else None


@dataclass(frozen=True)
class Board:
    calling: tuple[CallView, ...] = ()
    history: tuple[CallView, ...] = ()
    services: tuple[ServiceView, ...] = ()
    ready: tuple[str, ...] = ()
    notices: tuple[Names, ...] = ()


@dataclass(frozen=True)
class Scope:
    """A display profile resolved against the office profile."""

    profile: DisplayProfile
    services: tuple[str, ...]  # service codes shown in the waits table, in config order
    counters: tuple[int, ...]  # counters whose calls this screen shows

    @classmethod
    def of(cls, config: OfficeConfig, profile: DisplayProfile) -> Scope:
        wanted = set(profile.services)
        services = tuple(s.code for s in config.services if not wanted or s.code in wanted)
        counters = profile.counters or tuple(c.number for c in config.counters)
        return cls(profile, services, tuple(counters))

    def shows(self, counter: int, service: str, stage: str) -> bool:
        p = self.profile
        if p.counters and counter not in p.counters:
            return False
        if p.services and service not in p.services:
            return False
        return stage == "pickup" if p.pickup else True

    def accepts(self, call: Call) -> bool:
        return self.shows(call.counter, call.service, call.stage)

    def pickup_queues(self, config: OfficeConfig) -> list[str]:
        return [pickup_queue(s.code) for s in config.services if s.pickup and s.code in self.services]


def _view(call: Call, calling: bool) -> CallView:
    return CallView(
        call_id=call.id,
        leg_id=call.leg_id,
        number=call.display,
        counter=call.counter,
        service=call.service,
        stage=call.stage,
        kind=call.kind,
        ts=call.ts,
        calling=calling,
    )


class ServedLegs:
    """Whether a called leg's visitor reached the counter (the leg was started; finishing a called leg starts it
    too), remembered once true: a start is never undone, so a refresh on a busy morning reads only the few
    recent legs that were not started (不在, held, cancelled), one query each."""

    def __init__(self) -> None:
        self._started: set[int] = set()

    def __call__(self, engine: QueueEngine, leg_id: int) -> bool:
        if leg_id in self._started:
            return True
        leg = engine.store.leg(leg_id)
        if leg is None or leg.started_at is None:
            return False  # not started (yet): a 不在 may be reactivated and called again
        if len(self._started) > 4096:  # a display that runs for weeks: forget the old days
            self._started.clear()
        self._started.add(leg_id)
        return True


def read_calls(
    engine: QueueEngine,
    scope: Scope,
    now: datetime,
    *,
    history: int,
    calling_max: int | None = None,
    served: ServedLegs | None = None,
) -> tuple[tuple[CallView, ...], tuple[CallView, ...]]:
    """(calling, history) for the screen: every called ticket (at most ``calling_max`` if given) and at most
    ``history`` lines of calls whose visitor reached the counter."""
    served = served if served is not None else ServedLegs()
    latest: dict[int, Call] = {}  # leg -> its newest call row today, newest first
    for call in engine.recent_calls(RECENT_CALLS, now=now):
        if scope.accepts(call) and call.leg_id not in latest:
            latest[call.leg_id] = call
    called: list[CallView] = []
    current = engine.current_all()  # two reads for every counter, not two per counter
    for number in scope.counters:
        cur = current.get(number)
        if cur is None:
            continue
        ticket, leg = cur
        if leg.state != LegState.CALLED or not scope.shows(number, leg.service, leg.stage):
            continue
        if ticket.day != engine.day(
            now
        ):  # still at a counter after the rollover: its number may be today's too
            continue
        call = latest.get(leg.id)
        if call is not None:
            called.append(_view(call, True))
        else:  # called long ago (beyond the rows read): still on screen until the counter acts
            called.append(
                CallView(
                    0,
                    leg.id,
                    ticket.display,
                    number,
                    leg.service,
                    leg.stage,
                    "call",
                    leg.called_at or 0.0,
                    True,
                )
            )
    called.sort(key=lambda v: (v.ts, v.call_id), reverse=True)
    tiles = tuple(called if calling_max is None else called[:calling_max])
    still = {v.leg_id for v in called}
    lines: list[CallView] = []
    for leg_id, c in latest.items():
        if len(lines) >= history:
            break
        if leg_id not in still and served(engine, leg_id):
            lines.append(_view(c, False))
    return tiles, tuple(lines)


def read_services(engine: QueueEngine, codes: Sequence[str], now: datetime) -> tuple[ServiceView, ...]:
    estimates = estimate_waits(engine, now)
    out = []
    for code in codes:
        est = estimates[code]
        out.append(
            ServiceView(
                code=code,
                names=engine.services[code].names,
                waiting=est.waiting,
                estimate=est,
                closed=engine.issuing_reason(code, now),
            )
        )
    return tuple(out)


def read_ready(engine: QueueEngine, scope: Scope) -> tuple[str, ...]:
    queues = scope.pickup_queues(engine.config)
    if not queues:
        return ()
    return tuple(e.ticket.display for e in engine.queue(queues, held=False))


def read_notices(engine: QueueEngine, now: datetime) -> tuple[Names, ...]:
    return tuple(engine.config.notices) + tuple(engine.store.notices(to_ts(now)))


def read_rest(engine: QueueEngine, scope: Scope, now: datetime) -> Board:
    """Everything but the calls: waits and estimates (or the 交付 ready list) and the notices."""
    pickup = scope.profile.pickup
    return Board(
        services=() if pickup else read_services(engine, scope.services, now),
        ready=read_ready(engine, scope) if pickup else (),
        notices=read_notices(engine, now),
    )


def read_board(engine: QueueEngine, scope: Scope, now: datetime, *, calling_max: int | None = None) -> Board:
    """Everything one screen shows at ``now``. Raises StorageError / sqlite3.Error if the DB cannot be read."""
    calling, history = read_calls(engine, scope, now, calling_max=calling_max, history=scope.profile.history)
    return dataclasses.replace(read_rest(engine, scope, now), calling=calling, history=history)
