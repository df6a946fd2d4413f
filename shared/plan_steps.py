"""A floor manager's plan, applied: its counter changes wait in the database (table ``plan_step``) until they
are due, then each runs as the engine's counter verb with the supervisor's name, once, whichever process gets to
it first (the console's timer every few seconds, or the scheduler's ``plan_steps`` job). A restart loses
nothing: the steps are rows, not timers.

- :func:`schedule` stores a plan's changes (and logs who applied it); :func:`run_due` runs what is due;
  :func:`cancel` withdraws a pending change (logged with the name); :func:`steps_of_day` lists them.
- A change due to close a counter whose clerk still has a ticket in hand pauses the counter (nobody new is
  called there) and stays pending; it closes the counter at the first run after that ticket is finished.
- A change left pending when its business day is over is marked failed, never run the next morning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from shared.engine import QueueEngine
from shared.errors import ConflictError, DomainError, MadoguchiError, NotFoundError, worded
from shared.models import CounterState, EventType, Outcome
from shared.storage.plan_store import PlanStep, PlanStore
from shared.timeutil import from_ts, to_ts

KINDS = ("open", "serve", "close", "pause", "resume")
PLAN_REASON = "計画"
CLOSING_REASON = "計画: 閉局予定"


@dataclass(frozen=True)
class Change:
    """One counter change of a plan at a moment of the day."""

    due_ts: float
    kind: (
        str  # open | serve (this counter serves ``services``, opening it if closed) | close | pause | resume
    )
    counter: int
    services: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ran:
    step: PlanStep
    state: str  # done | failed | waiting (a close that waits for the ticket in hand)
    text: str


def _log(engine: QueueEngine, ts: float, day: str, actor: str, counter: int | None, **data: object) -> None:
    engine.store.add_event(
        ts=ts,
        day=day,
        type=EventType.SUPERVISOR,
        ticket_id=None,
        leg_id=None,
        service=None,
        counter=counter,
        actor=actor,
        data=data,
    )


def schedule(
    engine: QueueEngine, plan: str, changes: Sequence[Change], *, now: datetime, actor: str
) -> list[int]:
    """Store the plan's changes (in one transaction, logged with ``actor``); returns their ids. Nothing runs
    here: :func:`run_due` (called right after by the console for the changes due now) does."""
    ts, day = to_ts(now), engine.day(now)
    store = PlanStore(engine.store.db)
    for ch in changes:
        if ch.kind not in KINDS:
            raise ValueError(f"unknown plan change {ch.kind!r}")
        engine.counter(ch.counter)  # an unknown counter: NotFoundError before anything is stored
        if ch.kind in ("open", "serve") and not ch.services:
            raise DomainError("services_empty")
    ids: list[int] = []
    with engine.store.transaction():
        for ch in changes:
            ids.append(
                store.add(
                    day=day,
                    plan=plan,
                    due_ts=max(ch.due_ts, ts),
                    kind=ch.kind,
                    counter=ch.counter,
                    services=ch.services,
                    actor=actor,
                    ts=ts,
                )
            )
        _log(engine, ts, day, actor, None, action="plan_applied", plan=plan, steps=ids)
    return ids


def steps_of_day(engine: QueueEngine, now: datetime) -> list[PlanStep]:
    return PlanStore(engine.store.db).of_day(engine.day(now))


def cancel(engine: QueueEngine, step_id: int, *, now: datetime, actor: str) -> Outcome:
    """Withdraw a pending change; a change that has run (or was cancelled) meanwhile is a conflict."""
    ts = to_ts(now)
    store = PlanStore(engine.store.db)
    with engine.store.transaction():
        step = store.get(step_id)
        if step is None:
            raise NotFoundError("plan_step_unknown", step=step_id)
        if not store.settle(step_id, "cancelled", ts, "cancelled", by=actor):
            raise ConflictError(
                "plan_step_settled", counter=step.counter, when=from_ts(step.due_ts).strftime("%H:%M")
            )
        _log(engine, ts, engine.day(now), actor, step.counter, action="plan_step_cancelled", step=step_id)
    return Outcome()


def _apply(engine: QueueEngine, step: PlanStep, now: datetime) -> str:
    """The step's engine verb (inside the caller's transaction). Returns what it did, in Japanese."""
    n, actor = step.counter, step.actor
    c = engine.counter(n)
    if step.kind in ("open", "serve"):
        if c.state == CounterState.CLOSED:
            engine.open_counter(n, now=now, services=step.services, actor=actor)
            return f"{n}番窓口を開けました（{'・'.join(step.services)}）"
        if c.state == CounterState.PAUSED and c.reason == CLOSING_REASON:
            engine.resume_counter(n, now=now, actor=actor)  # a planned close it was waiting for is over
        if tuple(c.services) != tuple(step.services):
            engine.set_services(n, step.services, now=now, actor=actor)
        return f"{n}番窓口の業務を {'・'.join(step.services)} にしました"
    if step.kind == "close":
        if c.state == CounterState.CLOSED:
            return f"{n}番窓口はすでに閉まっています"
        engine.close_counter(n, now=now, reason=PLAN_REASON, actor=actor)
        return f"{n}番窓口を閉じました"
    if step.kind == "pause":
        if c.state == CounterState.CLOSED:
            raise DomainError("counter_closed", counter=n)
        engine.pause_counter(n, PLAN_REASON, now=now, actor=actor)
        return f"{n}番窓口を休止しました"
    if c.state != CounterState.PAUSED:
        return f"{n}番窓口は休止していません（そのまま）"
    engine.resume_counter(n, now=now, actor=actor)
    return f"{n}番窓口を再開しました"


def run_due(engine: QueueEngine, now: datetime) -> list[Ran]:
    """Run every pending change whose time has come, in time order, each in one transaction with its claim
    (two consoles and the scheduler never run a change twice). Errors are recorded on the step, not raised."""
    ts, today = to_ts(now), engine.day(now)
    store = PlanStore(engine.store.db)
    out: list[Ran] = []
    for step in store.due(ts):
        if step.day != today:
            text = worded(DomainError("plan_day_over", day=step.day))
            with engine.store.transaction():
                if store.settle(step.id, "failed", ts, text):
                    out.append(Ran(step, "failed", text))
            continue
        try:
            with engine.store.transaction():
                current = store.get(step.id)
                if current is None or current.state != "pending":
                    continue  # another process ran or cancelled it
                text = _apply(engine, step, now)
                store.settle(step.id, "done", ts, text)
            out.append(Ran(step, "done", text))
        except DomainError as exc:
            if step.kind == "close" and exc.code == "busy_closing":
                text = f"対応中の番号が終わりしだい閉じます（{worded(exc)}）"
                with engine.store.transaction():
                    c = engine.counter(step.counter)
                    if c.state == CounterState.OPEN:
                        engine.pause_counter(step.counter, CLOSING_REASON, now=now, actor=step.actor)
                    store.note(step.id, text)
                out.append(Ran(step, "waiting", text))
                continue
            text = worded(exc)
            with engine.store.transaction():
                if store.settle(step.id, "failed", ts, text):
                    out.append(Ran(step, "failed", text))
        except MadoguchiError as exc:  # storage trouble: the step stays pending and is tried again
            out.append(Ran(step, "waiting", worded(exc)))
    return out
