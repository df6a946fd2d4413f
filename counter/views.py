"""What the console shows, as plain frozen values built from the engine (no Qt): the current ticket and the queue.

The widgets only render these; tests can check them without a window.
"""

from __future__ import annotations

from collections import Counter as Tally
from dataclasses import dataclass
from datetime import datetime

from counter.texts import (
    FETCH_FLAGS,
    access_lines,
    access_tag,
    lang_line,
    queue_name,
    request_lines,
    short_queue_name,
)
from shared.engine import QueueEngine
from shared.models import Leg, LegState, Ticket, pickup_queue
from shared.policy import Candidate, choose
from shared.storage.booking_store import BookingStore
from shared.storage.counter_queue import queue_items
from shared.timeutil import from_ts, to_ts


@dataclass(frozen=True)
class RouteStep:
    name: str
    status: str  # done | current | next


@dataclass(frozen=True)
class TicketView:
    display: str
    queue: str
    service_name: str
    stage: str
    state: str
    priority: bool
    access: tuple[str, ...]  # instructions, e.g. '聴覚: お席までお迎えに行ってください…'
    fetch: bool  # the clerk must walk to the visitor
    lang: str
    lang_hint: str
    request: tuple[str, ...]
    bundle_name: str | None
    route: tuple[RouteStep, ...]
    after_finish: str  # where 完了 sends the visitor
    recalls: int
    called_at: float | None
    started_at: float | None
    entered_at: float
    issued_at: float
    waited_s: float  # this step's wait, until the call
    channel: str
    booked_slot: str | None = None  # 来庁予約: the slot time ("10:30") of a booked ticket
    booked_late: bool = False  # the booking came after its grace time: a normal ticket now

    def serving_s(self, now_ts: float) -> float | None:
        return None if self.started_at is None else now_ts - self.started_at

    def since_call_s(self, now_ts: float) -> float | None:
        return None if self.called_at is None else now_ts - self.called_at


def ticket_view(engine: QueueEngine, ticket: Ticket, leg: Leg, today: str | None = None) -> TicketView:
    cfg = engine.config
    remaining = engine.remaining_route(ticket)
    steps: list[RouteStep] = []
    if len(ticket.route) > 1 or leg.stage == "pickup":
        done = list(ticket.route[: leg.step + (1 if leg.stage == "pickup" else 0)])
        steps += [RouteStep(queue_name(cfg, code), "done") for code in done]
        steps.append(RouteStep(queue_name(cfg, leg.queue), "current"))
        steps += [RouteStep(queue_name(cfg, code), "next") for code in remaining]
    svc = engine.services.get(leg.service)
    if leg.stage == "service" and svc is not None and svc.pickup:
        after = f"完了すると「{queue_name(cfg, pickup_queue(leg.service))}」の待ちへ（同じ番号）"
    elif remaining:
        after = f"完了すると「{queue_name(cfg, remaining[0])}」へ（同じ番号・発券順のまま）"
    else:
        after = "完了で手続きはすべて終わりです"
    if today is not None and ticket.day < today:  # served across queue.day_rollover (engine.py: the day rule)
        after = f"前日（{ticket.day}）の番号札です。完了で終わります（次の手続きは新しい番号札で）"
    bundle_name = None
    if ticket.bundle:
        try:
            bundle_name = cfg.bundle(ticket.bundle).names["ja"]
        except KeyError:
            bundle_name = ticket.bundle
    lang, hint = lang_line(ticket.lang)
    if "interpreter" in ticket.access:  # the access banner already says to prepare the interpreter tablet
        hint = ""
    waited = (leg.called_at if leg.called_at is not None else leg.entered_at) - leg.entered_at
    return TicketView(
        display=ticket.display,
        queue=leg.queue,
        service_name=queue_name(cfg, leg.queue),
        stage=leg.stage,
        state=leg.state,
        priority=ticket.priority > 0,
        access=tuple(access_lines(ticket.access)),
        fetch=bool(FETCH_FLAGS.intersection(ticket.access)),
        lang=lang,
        lang_hint=hint,
        request=tuple(request_lines(ticket.request, cfg, ticket.bundle)),
        bundle_name=bundle_name,
        route=tuple(steps),
        after_finish=after,
        recalls=leg.recalls,
        called_at=leg.called_at,
        started_at=leg.started_at,
        entered_at=leg.entered_at,
        issued_at=ticket.issued_at,
        waited_s=waited,
        channel=ticket.channel,
        **booking_mark(ticket),
    )


def booking_mark(ticket: Ticket) -> dict[str, object]:
    """The 予約 mark of a ticket issued for a booking (its request names the booking and the slot)."""
    slot = ticket.request.get("slot_ts") if isinstance(ticket.request, dict) else None
    if not ticket.request.get("booking") or not isinstance(slot, int | float):
        return {}
    return {"booked_slot": from_ts(slot).strftime("%H:%M"), "booked_late": bool(ticket.request.get("late"))}


@dataclass(frozen=True)
class QueueRow:
    display: str
    queue: str
    service_name: str
    short_name: str  # for the table column; the full name is its tooltip
    state: str  # waiting | held
    since: float  # the policy's age: sort key (issue time for first steps and kept places)
    issued_at: float
    priority: bool
    arrived: bool  # a web ticket not yet checked in is not called by 呼出
    access: tuple[str, ...]  # short tags
    lang: str
    oldest: bool = False
    next_up: bool = False
    counter: int | None = None  # the counter that put it on hold
    booked: str = ""  # 来庁予約: the slot time ("10:30") of a booked visitor who checked in on time

    def issued_hhmm(self) -> str:
        t = from_ts(self.issued_at)
        return f"{t.hour:02d}:{t.minute:02d}"


@dataclass(frozen=True)
class QueueSnapshot:
    rows: tuple[QueueRow, ...]
    counts: tuple[tuple[str, str, int, int, float | None], ...]  # (queue, name, waiting, held, oldest since)


def queue_snapshot(
    engine: QueueEngine, queues: tuple[str, ...], priority_run: int, now: datetime, counter: int | None = None
) -> QueueSnapshot:
    """Waiting and held tickets of ``queues``: who 呼出 takes next, then oldest first; marks the longest wait."""
    items = queue_items(engine.store, queues)
    ts = to_ts(now)
    waiting = [e for e in items if e.state == LegState.WAITING]
    present = [e for e in waiting if e.checked_in]  # a web booking counts once its holder has arrived
    oldest_id = min(present, key=lambda e: (e.sort_key, e.leg_id)).leg_id if present else None
    cands = [Candidate(e.leg_id, e.queue, e.priority, e.sort_key, e.slot_ts) for e in present]
    booked_run = (
        BookingStore(engine.store.db).booked_run(counter, engine.day(now), engine.rules.max_booked_in_row)
        if counter is not None and any(c.booked for c in cands)
        else 0
    )
    dedicated = counter is not None and engine.is_booking_counter(counter)
    choice = choose(cands, ts, engine.rules, priority_run, booked_run, dedicated)
    next_id = choice.candidate.leg_id if choice else None
    names = {q: queue_name(engine.config, q) for q in {e.queue for e in items} | set(queues)}
    shorts = {q: short_queue_name(engine.config, q) for q in names}
    rows = tuple(
        QueueRow(
            display=e.display,
            queue=e.queue,
            service_name=names[e.queue],
            short_name=shorts[e.queue],
            state=e.state,
            since=e.sort_key,
            issued_at=e.issued_at,
            priority=e.priority > 0,
            arrived=e.checked_in,
            access=tuple(access_tag(a) for a in e.access),
            lang=e.lang,
            oldest=e.leg_id == oldest_id,
            next_up=e.leg_id == next_id,
            counter=e.counter,
            booked=from_ts(e.slot_ts).strftime("%H:%M") if e.slot_ts is not None else "",
        )
        for e in items
    )
    # the ticket 呼出 takes next heads the list, whatever its age (a priority ticket issued a minute ago would
    # otherwise sit below the fold); the rest stay oldest first
    rows = tuple(sorted(rows, key=lambda r: not r.next_up))
    n_wait = Tally(e.queue for e in waiting)
    n_held = Tally(e.queue for e in items if e.state == LegState.HELD)
    oldest: dict[str, float] = {}
    for e in present:
        oldest[e.queue] = min(oldest.get(e.queue, e.sort_key), e.sort_key)
    counts = tuple((q, names[q], n_wait[q], n_held[q], oldest.get(q)) for q in queues)
    return QueueSnapshot(rows, counts)
