"""Plain, frozen values the core returns. No Qt, no SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class LegState(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    HELD = "held"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    TRANSFERRED = "transferred"
    EXPIRED = "expired"


OPEN_LEG_STATES = (LegState.WAITING, LegState.CALLED, LegState.SERVING, LegState.HELD)
ACTIVE_LEG_STATES = (LegState.CALLED, LegState.SERVING)


class EventType(StrEnum):
    ISSUED = "issued"
    CALLED = "called"
    RECALLED = "recalled"
    STARTED = "started"
    HELD = "held"
    RETURNED = "returned"
    TRANSFERRED = "transferred"
    STEP_ADDED = "step_added"
    FINISHED = "finished"
    NO_SHOW = "no_show"
    REACTIVATED = "reactivated"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    CHECKED_IN = "checked_in"
    COUNTER = "counter"
    ALERT_SENT = "alert_sent"
    ISSUING = "issuing"


class CounterState(StrEnum):
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"


class Channel(StrEnum):
    KIOSK = "kiosk"
    WEB = "web"
    STAFF = "staff"


@dataclass(frozen=True)
class Ticket:
    id: int
    day: str
    display: str
    token: str
    channel: str
    lang: str
    priority: int
    access: tuple[str, ...]
    request: dict[str, Any]
    bundle: str | None
    route: tuple[str, ...]
    issued_at: float
    checked_in: bool
    state: str
    outcome: str | None
    closed_at: float | None
    force_closed: bool


@dataclass(frozen=True)
class Leg:
    id: int
    ticket_id: int
    step: int
    queue: str
    service: str
    stage: str
    state: str
    priority: int
    ready: bool
    sort_key: float
    entered_at: float
    counter: int | None
    called_at: float | None
    started_at: float | None
    ended_at: float | None
    recalls: int
    parent_leg_id: int | None


@dataclass(frozen=True)
class CounterInfo:
    number: int
    name: str
    state: str
    reason: str | None
    services: tuple[str, ...]
    clerk: str | None
    priority_run: int
    updated_at: float | None


@dataclass(frozen=True)
class Call:
    id: int
    ts: float
    ticket_id: int
    leg_id: int
    display: str
    service: str
    stage: str
    counter: int
    kind: str
    waited_s: float


@dataclass(frozen=True)
class Alert:
    id: int
    ts: float
    source: str
    kind: str
    message: str
    resolved_at: float | None


@dataclass(frozen=True)
class Changes:
    """What a mutation touched, so a view refreshes only what it shows (Anki's OpChanges)."""

    tickets: bool = False
    counters: bool = False
    calls: bool = False
    alerts: bool = False
    issuing: bool = False


@dataclass(frozen=True)
class Outcome:
    """Every mutation returns this: what changed, and the ticket/leg/call it ended on."""

    changes: Changes
    ticket: Ticket | None = None
    leg: Leg | None = None
    call: Call | None = None
    people_ahead: int | None = None
    events: tuple[str, ...] = field(default_factory=tuple)
    message: str = ""


@dataclass(frozen=True)
class QueueEntry:
    """A waiting or held ticket, as the counter's queue panel shows it."""

    ticket: Ticket
    leg: Leg


def pickup_queue(service: str) -> str:
    return f"{service}:pickup"


def split_queue(queue: str) -> tuple[str, str]:
    """'RES:pickup' -> ('RES', 'pickup'); 'RES' -> ('RES', 'service')."""
    if queue.endswith(":pickup"):
        return queue[: -len(":pickup")], "pickup"
    return queue, "service"
