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
    NOTICE = "notice"  # today's notice changed (kiosk, display ticker, phone page)
    SUPERVISOR = "supervisor"  # the floor manager signed in, or typed a wrong PIN
    # 行かない (issue #20): the kiosk or the phone page showed a service's alternative before the ticket.
    # Both carry service = the service code, ticket_id/leg_id/counter/actor = NULL (no ticket, no person) and
    # data = {"alternative": <kind, shared.config.ALTERNATIVE_KINDS>, "channel": "kiosk" | "web"}.
    # OFFERED: the alternative screen was shown (once per visit); DIVERTED: the visitor took the alternative.
    # Diversion rate per service = count(diverted) / count(offered); a visitor who picks the counter after the
    # offer has an 'offered' event and then an ordinary 'issued' one.
    OFFERED = "offered"
    DIVERTED = "diverted"


class CounterState(StrEnum):
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"


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
class Outcome:
    """Every mutation returns this: the ticket/leg/call it ended on. It does not say what changed: every view
    re-reads what it shows on any database change (``PRAGMA data_version``), its own writes included."""

    ticket: Ticket | None = None
    leg: Leg | None = None
    call: Call | None = None
    people_ahead: int | None = None
    events: tuple[str, ...] = field(default_factory=tuple)
    message: str = ""
    kept: float | None = None  # call_next called nobody: the counter is kept free until then


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
