"""The queue engine: every verb a kiosk, counter, display, web page or job uses to change the queue.

Each mutation runs in one ``BEGIN IMMEDIATE`` transaction, guards its transition with a conditional update,
appends to the event log (and the call log for calls), and returns an :class:`Outcome` saying what changed.
Time is always passed in as ``now`` (an aware datetime).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from shared.calendar import service_closed_reason
from shared.config import OfficeConfig, Service
from shared.errors import ConflictError, DomainError, NotFoundError
from shared.i18n.errors import both
from shared.models import (
    Call,
    CounterInfo,
    CounterState,
    EventType,
    Leg,
    LegState,
    Outcome,
    QueueEntry,
    Ticket,
    pickup_queue,
    split_queue,
)
from shared.pins import verify_pin
from shared.policy import Candidate, PolicyRules, choose
from shared.storage.booking_store import BookingStore
from shared.storage.store import Store
from shared.timeutil import at, business_day, day_before, from_ts, to_ts

CLERK_MAX = 20  # as typed at sign-in
NOTICE_MAX = 200
AT_COUNTER = (LegState.CALLED, LegState.SERVING)
# 来庁予約: a walk-in may take 1.5 × its mean, so a booked visitor already here is called early for it; the
# reservation ([booking] hold, 予約 counters) does not start a walk-in that may take 1.25 × its mean past a slot,
# and keeps the counter until the appointment checks in or its grace time ends (madoguchi bench booking: with the
# mean alone and 5 min, one booked visitor in nine waited over 5 min on a Monday — the walk-ins' long tail)
EARLY_FACTOR = 1.5
RESERVE_FACTOR = 1.25

log = logging.getLogger("madoguchi.engine")


class QueueEngine:
    def __init__(self, store: Store, config: OfficeConfig) -> None:
        self.store = store
        self.use_config(config)

    def use_config(self, config: OfficeConfig) -> None:
        """Run on ``config`` from the next verb on (a new office-profile version applied without a restart)."""
        self.config = config
        self.services: dict[str, Service] = config.service_map()
        self.rules = PolicyRules(
            weights={s.code: s.weight for s in config.services},
            max_priority_in_row=config.queue.priority_max_in_row,
            aging_min=config.queue.aging_min,
            max_booked_in_row=config.booking.max_in_row,
            booked_lead_s=config.booking.call_ahead_min * 60.0,
            service_s={s.code: s.service_min * 60.0 for s in config.services}
            if config.booking.enabled
            else {},
            early_factor=EARLY_FACTOR,
            reserve=config.booking.enabled and config.booking.hold,
            reserve_late_s=60.0 * config.booking.grace_min,
            reserve_factor=RESERVE_FACTOR,
        )
        self.booking_counters = {c.number for c in config.counters if c.booking}  # [[counters]] booking
        self._swept_day: str | None = None  # the business day whose earlier leftovers are known to be gone

    def is_booking_counter(self, number: int) -> bool:
        """Counter ``number`` is a 予約 counter (``[[counters]] booking = true``, with bookings on)."""
        return self.config.booking.enabled and number in self.booking_counters

    # -- set-up ---------------------------------------------------------------------------------------------
    def sync_config(self) -> None:
        """Copy services and counters from the office profile into the DB (reports and joins need names).

        Reads first and writes only what differs, so an app starting up does not take the write lock."""
        rows = {
            s.code: (s.prefix, s.group, s.names["ja"], s.names, s.target_wait_min, s.service_min, s.pickup)
            for s in self.config.services
        }
        stored_services, stored_counters = self.store.reference_rows()
        services = {code: row for code, row in rows.items() if stored_services.get(code) != row}
        counters = [c for c in self.config.counters if stored_counters.get(c.number) != c.name]
        if not services and not counters:
            return
        with self.store.transaction():
            for code, row in services.items():
                self.store.upsert_service(code, *row)
            for c in counters:
                self.store.ensure_counter(c.number, c.name, c.services)

    def day(self, now: datetime) -> str:
        return business_day(now, self.config.queue.day_rollover).isoformat()

    def queues(self) -> set[str]:
        return set(self.services) | {pickup_queue(s.code) for s in self.config.services if s.pickup}

    def _service(self, code: str) -> Service:
        try:
            return self.services[code]
        except KeyError:
            raise NotFoundError("unknown_service", service=code) from None

    # -- the business day -----------------------------------------------------------------------------------
    # The rule at queue.day_rollover (midnight, or e.g. 12:00), with or without the scheduler's rollover job:
    # - a number means today's ticket everywhere (call A003, cancel A004, the phone page, the hall display);
    # - earlier days' tickets still waiting or on hold are expired (flagged, logged) before anyone is called or
    #   issued on the new day, so yesterday's A002 is never announced beside today's A002;
    # - a ticket called or being served at the rollover stays with its clerk, who finishes it as usual; it does
    #   not go on to a next step on the new day (a new ticket does), so it cannot wait beside today's numbers.
    def _expire_earlier_days(self, ts: float, day: str, actor: str = "rollover") -> int:
        """Expire earlier business days' waiting and held legs (inside the caller's transaction)."""
        if self._swept_day == day:
            return 0
        n = 0
        for leg in self.store.open_legs_of_day(day_before(day)):
            if leg.state in AT_COUNTER:
                continue
            if not self.store.transition_leg(leg.id, (leg.state,), LegState.EXPIRED, ended_at=ts):
                continue
            self.store.close_ticket(leg.ticket_id, "expired", ts, forced=True)
            self._leg_event(EventType.EXPIRED, ts, day, leg, leg.counter, actor, {"from": leg.state})
            n += 1
        if n:
            log.warning("business day %s: %d ticket(s) of earlier days still waiting were expired", day, n)
        else:
            self._swept_day = day  # nothing written, so nothing a rollback could undo
        return n

    def _not_previous_day(self, t: Ticket, day: str, verb: str) -> None:
        if t.day < day:
            raise DomainError("previous_day", number=t.display, day=t.day, verb=verb)

    # -- issuing --------------------------------------------------------------------------------------------
    def issuing_reason(self, service: str, now: datetime) -> str | None:
        """None when ``service`` takes a new ticket now; else closed | cutoff | paused | cap."""
        svc = self._service(service)
        reason = service_closed_reason(now, self.config.hours, svc)
        if reason:
            return reason
        states = self.store.issuing_states()
        for scope in ("all", service):
            state = states.get(scope, ("open", None))[0]
            if state != "open":
                # a service closed for today (its cut-off, or the floor manager): 「本日の受付は終了しました」
                return "cutoff" if scope != "all" and state == "closed" else "paused"
        if svc.daily_cap is not None and self.store.count_issued(self.day(now), service) >= svc.daily_cap:
            return "cap"
        return None

    def issue(
        self,
        service: str,
        *,
        now: datetime,
        channel: str = "kiosk",
        lang: str = "ja",
        priority: int = 0,
        access: Sequence[str] = (),
        request: dict[str, Any] | None = None,
        actor: str | None = None,
        token: str | None = None,
    ) -> Outcome:
        """A ticket for one service. ``token``: see :meth:`new_token` (a retried issue finds its ticket)."""
        return self._issue(
            [service],
            bundle=None,
            seq=None,
            now=now,
            channel=channel,
            lang=lang,
            priority=priority,
            access=access,
            request=request,
            actor=actor,
            token=token,
        )

    @staticmethod
    def new_token() -> str:
        """A ticket's QR token, made by the client *before* it commits. Passed as ``token=`` to an issue verb
        and again to its retries, it is the idempotency key: if a connection broke while the first attempt
        committed, the retry returns that ticket instead of making a second one."""
        return secrets.token_urlsafe(24)

    def issue_bundle(
        self,
        bundle: str,
        answers: dict[int, bool],
        *,
        now: datetime,
        channel: str = "kiosk",
        lang: str = "ja",
        priority: int = 0,
        access: Sequence[str] = (),
        request: dict[str, Any] | None = None,
        actor: str | None = None,
        token: str | None = None,
    ) -> Outcome:
        """One ticket for a life event: its route is built from the visitor's yes/no answers (回らない)."""
        try:
            b = self.config.bundle(bundle)
        except KeyError:
            raise NotFoundError("unknown_bundle", bundle=bundle) from None
        route = b.route_for(answers)
        req = dict(request or {})
        req.setdefault("answers", {str(k): v for k, v in answers.items()})
        return self._issue(
            route,
            bundle=b.code,
            seq=b.prefix,
            now=now,
            channel=channel,
            lang=lang,
            priority=priority,
            access=access,
            request=req,
            actor=actor,
            token=token,
        )

    def issue_route(
        self,
        route: Sequence[str],
        *,
        now: datetime,
        channel: str = "kiosk",
        lang: str = "ja",
        priority: int = 0,
        access: Sequence[str] = (),
        request: dict[str, Any] | None = None,
        actor: str | None = None,
        token: str | None = None,
    ) -> Outcome:
        """One ticket through several services in order (e.g. certificates issued by different sections).

        The number comes from the first service's sequence; later steps follow on ``finish`` like a bundle.
        """
        return self._issue(
            list(dict.fromkeys(route)),
            bundle=None,
            seq=None,
            now=now,
            channel=channel,
            lang=lang,
            priority=priority,
            access=access,
            request=request,
            actor=actor,
            token=token,
        )

    def _issue(
        self,
        route: list[str],
        *,
        bundle: str | None,
        seq: str | None,
        now: datetime,
        channel: str,
        lang: str,
        priority: int,
        access: Sequence[str],
        request: dict[str, Any] | None,
        actor: str | None,
        token: str | None = None,
    ) -> Outcome:
        if not route:
            raise DomainError("empty_route")
        if channel not in ("kiosk", "web", "staff"):
            raise DomainError("unknown_channel", channel=channel)
        first = self._service(route[0])
        for code in route[1:]:
            self._service(code)
        ts, day = to_ts(now), self.day(now)
        if channel == "web" and self.config.web.prefix:
            seq = self.config.web.prefix
        seq = seq or first.prefix
        checked_in = not (channel == "web" and self.config.web.require_checkin)
        with self.store.transaction():
            done = self.store.ticket_by_token(token) if token is not None else None
            if done is not None:  # the retry of an issue that did commit: that ticket, not a second one
                leg = self.store.open_leg(done.id) or self.store.last_leg(done.id)
                ahead = (
                    self.store.people_ahead(leg) if leg is not None and leg.state == LegState.WAITING else 0
                )
                return Outcome(ticket=done, leg=leg, people_ahead=ahead, events=())
            reason = self.issuing_reason(first.code, now)
            if reason:
                raise DomainError(reason)
            self._expire_earlier_days(ts, day)
            number = self.store.next_number(seq, day)
            display = f"{seq}{number:03d}"
            token = token or self.new_token()
            tid = self.store.insert_ticket(
                day=day,
                seq=seq,
                number=number,
                display=display,
                token=token,
                channel=channel,
                lang=lang,
                priority=priority,
                access=access,
                request=request or {},
                bundle=bundle,
                route=route,
                issued_at=ts,
                checked_in=checked_in,
            )
            # its place: behind everyone already waiting (store.insert_leg "entry"), and who is ahead of it
            leg, ahead = self.store.issue_leg(
                ticket_id=tid,
                queue=first.code,
                service=first.code,
                priority=priority,
                ready=checked_in,
                entered_at=ts,
            )
            self.store.add_event(
                ts=ts,
                day=day,
                type=EventType.ISSUED,
                ticket_id=tid,
                leg_id=leg.id,
                service=first.code,
                counter=None,
                actor=actor or channel,
                data={"display": display, "channel": channel, "route": route, "priority": priority},
            )
            ticket = Ticket(
                id=tid,
                day=day,
                display=display,
                token=token,
                channel=channel,
                lang=lang,
                priority=priority,
                access=tuple(access),
                request=request or {},
                bundle=bundle,
                route=tuple(route),
                issued_at=ts,
                checked_in=checked_in,
                state="open",
                outcome=None,
                closed_at=None,
                force_closed=False,
            )
        return Outcome(ticket=ticket, leg=leg, people_ahead=ahead, events=(EventType.ISSUED,))

    # -- counters -------------------------------------------------------------------------------------------
    def counter(self, number: int) -> CounterInfo:
        c = self.store.counter(number)
        if c is None:
            raise NotFoundError("unknown_counter", counter=number)
        return c

    def _counter_event(
        self, c: int, action: str, ts: float, day: str, actor: str | None, **data: Any
    ) -> None:
        self.store.add_event(
            ts=ts,
            day=day,
            type=EventType.COUNTER,
            ticket_id=None,
            leg_id=None,
            service=None,
            counter=c,
            actor=actor,
            data={"action": action, **data},
        )

    def _check_queues(self, services: Sequence[str]) -> tuple[str, ...]:
        known = self.queues()
        for q in services:
            if q not in known:
                raise NotFoundError("unknown_service", service=q)
        return tuple(dict.fromkeys(services))

    def open_counter(
        self,
        number: int,
        *,
        now: datetime,
        services: Sequence[str] | None = None,
        clerk: str | None = None,
        actor: str | None = None,
    ) -> Outcome:
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            c = self.counter(number)
            svc = (
                self._check_queues(services)
                if services is not None
                else (c.services or self.config.counter(number).services)
            )
            self.store.update_counter(
                number, state=CounterState.OPEN, reason=None, services=svc, clerk=clerk, updated_at=ts
            )
            self._counter_event(number, "open", ts, day, actor or clerk, services=list(svc))
        return Outcome(message=f"{number}番窓口を開けました")

    def set_services(
        self,
        number: int,
        services: Sequence[str],
        *,
        now: datetime,
        actor: str | None = None,
        expected: Sequence[str] | None = None,
    ) -> Outcome:
        """Change what a counter serves (e.g. make it a merged certificate window). The current ticket stays.

        ``actor`` names who did it when it is not the counter's clerk (the floor manager). With ``expected``
        (the services the caller saw), a change made meanwhile by someone else is a conflict, not overwritten."""
        ts, day = to_ts(now), self.day(now)
        svc = self._check_queues(services)
        if not svc:
            raise DomainError("services_empty")
        with self.store.transaction():
            c = self.counter(number)
            if expected is not None and tuple(expected) != c.services:
                raise ConflictError("services_changed", counter=number, now="・".join(c.services) or "-")
            self.store.update_counter(number, services=svc, updated_at=ts)
            self._counter_event(
                number, "services", ts, day, actor or c.clerk, services=list(svc), previous=list(c.services)
            )
        return Outcome()

    def set_clerk(self, number: int, clerk: str | None, *, now: datetime) -> Outcome:
        """担当交代: from now on this counter's events carry the new clerk's name (None: no name)."""
        ts, day = to_ts(now), self.day(now)
        name = (clerk or "").strip() or None
        if name is not None and (len(name) > CLERK_MAX or not name.isprintable()):
            raise DomainError("clerk_name", max=CLERK_MAX)
        with self.store.transaction():
            c = self.counter(number)
            if c.state == CounterState.CLOSED:
                raise DomainError("counter_closed", counter=number)
            if c.clerk == name:
                return Outcome(message=both("same_clerk", {}))
            self.store.update_counter(number, clerk=name, updated_at=ts)
            self._counter_event(number, "clerk", ts, day, name, previous=c.clerk)
        return Outcome()

    def pause_counter(self, number: int, reason: str, *, now: datetime, actor: str | None = None) -> Outcome:
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            c = self.counter(number)
            if c.state == CounterState.CLOSED:
                raise DomainError("counter_closed", counter=number)
            self.store.update_counter(
                number, state=CounterState.PAUSED, reason=reason or "休止", updated_at=ts
            )
            self._counter_event(number, "pause", ts, day, actor or c.clerk, reason=reason)
        return Outcome()

    def resume_counter(self, number: int, *, now: datetime, actor: str | None = None) -> Outcome:
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            c = self.counter(number)
            if c.state != CounterState.PAUSED:
                raise DomainError("not_paused", counter=number)
            self.store.update_counter(number, state=CounterState.OPEN, reason=None, updated_at=ts)
            self._counter_event(number, "resume", ts, day, actor or c.clerk)
        return Outcome()

    def close_counter(
        self, number: int, *, now: datetime, reason: str | None = None, actor: str | None = None
    ) -> Outcome:
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            c, active = self._counter_at(number)
            if active is not None:
                raise DomainError("busy_closing", number=active[0].display)
            self.store.update_counter(
                number, state=CounterState.CLOSED, reason=reason or None, priority_run=0, updated_at=ts
            )
            extra = {"reason": reason} if reason else {}
            self._counter_event(number, "close", ts, day, actor or c.clerk, **extra)
        return Outcome()

    def _leg_event(
        self,
        type: str,
        ts: float,
        day: str,
        leg: Leg,
        counter: int | None,
        actor: str | None,
        data: dict[str, Any] | None = None,
    ) -> None:
        """Append an event about one leg (its ticket, leg and service) to the log."""
        self.store.add_event(
            ts=ts,
            day=day,
            type=type,
            ticket_id=leg.ticket_id,
            leg_id=leg.id,
            service=leg.service,
            counter=counter,
            actor=actor,
            data=data,
        )

    # -- calling --------------------------------------------------------------------------------------------
    def _counter_at(self, number: int) -> tuple[CounterInfo, tuple[Ticket, Leg] | None]:
        """The counter and what it has called or is serving, in one read."""
        found = self.store.counter_at(number)
        if found is None:
            raise NotFoundError("unknown_counter", counter=number)
        return found

    def _open_and_idle(self, number: int) -> CounterInfo:
        c, active = self._counter_at(number)
        if c.state != CounterState.OPEN:
            raise DomainError("counter_" + c.state, counter=number)
        if active is not None:
            raise DomainError("busy", number=active[0].display)
        return c

    def _call(
        self,
        c: CounterInfo,
        ticket: Ticket,
        leg_id: int,
        from_state: str,
        ts: float,
        day: str,
        as_priority: bool | None,
    ) -> Outcome:
        """Call ``leg_id`` (a leg of ``ticket``, read in ``from_state``) to counter ``c``."""
        leg = self.store.transition_leg(
            leg_id, (from_state,), LegState.CALLED, counter=c.number, called_at=ts
        )
        if leg is None:
            raise ConflictError("taken")
        waited = max(0.0, ts - leg.entered_at)  # a counter PC whose clock is behind the kiosk's: not negative
        call = self.store.add_call(
            ts=ts,
            day=day,
            ticket_id=ticket.id,
            leg_id=leg.id,
            display=ticket.display,
            service=leg.service,
            stage=leg.stage,
            counter=c.number,
            kind="call",
            waited_s=waited,
        )
        if as_priority is not None:  # after the call row: it rides with the COMMIT (store.update_counter)
            self.store.update_counter(c.number, priority_run=(c.priority_run + 1) if as_priority else 0)
        self._leg_event(
            EventType.CALLED,
            ts,
            day,
            leg,
            c.number,
            c.clerk,
            {"waited_s": round(waited, 3), "stage": leg.stage, "from": from_state},
        )
        return Outcome(ticket=ticket, leg=leg, call=call, events=(EventType.CALLED,))

    def call_next(self, number: int, *, now: datetime) -> Outcome:
        """Call the next ticket by the call policy across every service this counter serves."""
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            c = self._open_and_idle(number)
            self._expire_earlier_days(ts, day)
            found = self.store.candidates(c.services)
            cands = [Candidate(*row) for row, _ in found]
            booked_run = (
                BookingStore(self.store.db).booked_run(number, day, self.rules.max_booked_in_row)
                if any(x.booked for x in cands)
                else 0
            )
            dedicated = self.is_booking_counter(number)
            choice = choose(cands, ts, self.rules, c.priority_run, booked_run, dedicated)
            if choice is None:
                return Outcome(message=both("nobody_waiting", {}))
            if (self.rules.reserve or dedicated) and not (choice.as_priority or choice.as_booked):
                kept = BookingStore(self.store.db).reservation(
                    number, c.services, choice.candidate, ts, day, self.rules, self.config.counters, dedicated
                )
                if kept is not None:
                    return Outcome(
                        message=both(
                            "kept_for_booking",
                            {
                                "slot": f"{from_ts(kept):%H:%M}",
                                "until": f"{from_ts(kept + self.rules.reserve_late_s):%H:%M}",
                            },
                        ),
                        kept=kept + self.rules.reserve_late_s,
                    )
            ticket = next(t for row, t in found if row[0] == choice.candidate.leg_id)
            return self._call(
                c, ticket, choice.candidate.leg_id, LegState.WAITING, ts, day, choice.as_priority
            )

    def find(self, display: str, *, now: datetime) -> Ticket:
        """Today's ticket by its number (e.g. 'A012'), for 番号指定呼出 and "find ticket"."""
        t = self.store.ticket_by_display(self.day(now), display.strip().upper())
        if t is None:
            raise NotFoundError("no_ticket_today", number=display)
        return t

    def call_number(self, number: int, display: str, *, now: datetime) -> Outcome:
        """番号指定呼出: call a given waiting or held ticket, out of order."""
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            c = self._open_and_idle(number)
            self._expire_earlier_days(ts, day)
            t = self.find(display, now=now)
            leg = self.store.open_leg(t.id)
            if leg is None or leg.state not in (LegState.WAITING, LegState.HELD):
                state = leg.state if leg else t.outcome or t.state
                raise ConflictError("not_waiting", number=t.display, state=state)
            if leg.queue not in c.services:
                raise DomainError("wrong_service", number=t.display)
            return self._call(c, t, leg.id, leg.state, ts, day, None)

    def current_all(self) -> dict[int, tuple[Ticket, Leg]]:
        """:meth:`current` of every counter at once, in two reads (a hall display shows them all)."""
        legs = self.store.active_legs()
        tickets = self.store.tickets_by_id(sorted({leg.ticket_id for leg in legs}))
        return {leg.counter: (tickets[leg.ticket_id], leg) for leg in legs if leg.counter is not None}

    def current(self, number: int) -> tuple[Ticket, Leg] | None:
        """The ticket this counter has called or is serving (restart recovery reads this)."""
        found = self.store.counter_at(number)
        return None if found is None else found[1]

    def _active(self, number: int, states: Sequence[str], verb: str) -> tuple[CounterInfo, Ticket, Leg]:
        """The counter and the ticket it has called or is serving, which must be in one of ``states``."""
        c, cur = self._counter_at(number)
        if cur is None:
            raise DomainError("no_current", counter=number, verb=verb)
        if cur[1].state not in states:
            raise DomainError("cannot_now", number=cur[0].display, verb=verb, state=cur[1].state)
        return c, *cur

    def recall(self, number: int, *, now: datetime) -> Outcome:
        """再呼出: announce the current ticket again (counted)."""
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            c, t, leg = self._active(number, (LegState.CALLED,), "recall")
            self._not_previous_day(t, day, "recalled")
            if not self.store.bump_recall(leg.id, number):
                raise ConflictError("changed")
            call = self.store.add_call(
                ts=ts,
                day=day,
                ticket_id=t.id,
                leg_id=leg.id,
                display=t.display,
                service=leg.service,
                stage=leg.stage,
                counter=number,
                kind="recall",
                waited_s=ts - leg.entered_at,
            )
            self._leg_event(EventType.RECALLED, ts, day, leg, number, c.clerk, {"recalls": leg.recalls + 1})
            return Outcome(ticket=t, leg=self.store.leg(leg.id), call=call, events=(EventType.RECALLED,))

    def _end_leg(
        self, t: Ticket, leg: Leg, to_state: str, ts: float, from_states: Sequence[str], **sets: Any
    ) -> Leg:
        """The leg as ended (read back by the guarded update itself)."""
        ended = self.store.transition_leg(leg.id, from_states, to_state, ended_at=ts, **sets)
        if ended is None:
            raise ConflictError("changed_elsewhere", number=t.display)
        return ended

    def start(self, number: int, *, now: datetime) -> Outcome:
        """受付開始: the visitor has arrived at the counter."""
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            c, t, leg = self._active(number, (LegState.CALLED,), "start")
            serving = self.store.transition_leg(leg.id, (LegState.CALLED,), LegState.SERVING, started_at=ts)
            if serving is None:
                raise ConflictError("changed")
            self._leg_event(
                EventType.STARTED,
                ts,
                day,
                leg,
                number,
                c.clerk,
                {"walk_s": round(ts - (leg.called_at or ts), 3)},
            )
            return Outcome(ticket=t, leg=serving, events=(EventType.STARTED,))

    def no_show(self, number: int, *, now: datetime) -> Outcome:
        """不在: the called visitor did not come (allowed after the configured number of recalls)."""
        ts, day = to_ts(now), self.day(now)
        need = self.config.queue.no_show_after_recalls
        with self.store.transaction():
            c, t, leg = self._active(number, (LegState.CALLED,), "no_show")
            if leg.recalls < need:
                raise DomainError("recall_first", recalls=leg.recalls, n=need)
            ended = self._end_leg(t, leg, LegState.NO_SHOW, ts, (LegState.CALLED,))
            closed = self.store.close_ticket(t.id, "no_show", ts)
            self._leg_event(EventType.NO_SHOW, ts, day, leg, number, c.clerk, {"recalls": leg.recalls})
            return Outcome(ticket=closed or self.store.ticket(t.id), leg=ended, events=(EventType.NO_SHOW,))

    def reactivate(self, display: str, *, now: datetime, actor: str | None = None) -> Outcome:
        """A visitor marked 不在 turned up: back to the queue at their old place."""
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            t = self.find(display, now=now)
            leg = self.store.last_leg(t.id)
            if leg is None or leg.state != LegState.NO_SHOW:
                raise DomainError("not_no_show", number=t.display)
            if not self.store.transition_leg(
                leg.id, (LegState.NO_SHOW,), LegState.WAITING, counter=None, called_at=None, ended_at=None
            ):
                raise ConflictError("changed")
            self.store.reopen_ticket(t.id)
            self._leg_event(EventType.REACTIVATED, ts, day, leg, None, actor)
            return Outcome(
                ticket=self.store.ticket(t.id),
                leg=self.store.leg(leg.id),
                events=(EventType.REACTIVATED,),
            )

    def hold(self, number: int, *, now: datetime) -> Outcome:
        """保留: the visitor went to fill in a form; call-next skips the ticket until it returns."""
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            c, t, leg = self._active(number, (LegState.CALLED, LegState.SERVING), "hold")
            self._not_previous_day(t, day, "held")
            held = self.store.transition_leg(leg.id, (LegState.CALLED, LegState.SERVING), LegState.HELD)
            if held is None:
                raise ConflictError("changed")
            self._leg_event(EventType.HELD, ts, day, leg, number, c.clerk, {"from": leg.state})
            return Outcome(ticket=t, leg=held, events=(EventType.HELD,))

    def return_to_queue(self, display: str, *, now: datetime, actor: str | None = None) -> Outcome:
        """A held ticket goes back to waiting, keeping its place."""
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            t = self.find(display, now=now)
            leg = self.store.open_leg(t.id)
            if leg is None or leg.state != LegState.HELD:
                raise DomainError("not_held", number=t.display)
            back = self.store.transition_leg(leg.id, (LegState.HELD,), LegState.WAITING, counter=None)
            if back is None:
                raise ConflictError("changed")
            self._leg_event(EventType.RETURNED, ts, day, leg, None, actor)
            return Outcome(ticket=t, leg=back, events=(EventType.RETURNED,))

    def _next_leg(self, t: Ticket, prev: Leg, queue: str, step: int, ts: float, keep_place: bool) -> Leg:
        """The ticket's next leg, waiting at ``queue``: at its first place (``keep_place``) or entering now."""
        service, stage = split_queue(queue)
        return self.store.insert_leg(
            ticket_id=t.id,
            step=step,
            queue=queue,
            service=service,
            stage=stage,
            state=LegState.WAITING,
            priority=t.priority,
            ready=True,
            sort_key="first" if keep_place else "entry",
            entered_at=ts,
            parent_leg_id=prev.id,
        )

    def add_step(self, number: int, service: str, *, now: datetime) -> Outcome:
        """手続きの追加: the visitor at this counter also needs ``service``. It becomes the route's next step, so
        完了 here sends the same number there (回らない) instead of a new ticket and a new wait from zero."""
        ts, day = to_ts(now), self.day(now)
        svc = self._service(service)
        with self.store.transaction():
            c, t, leg = self._active(number, (LegState.CALLED, LegState.SERVING), "add_step")
            if service == leg.queue:
                raise DomainError("current_step", service=svc.names["ja"])
            rest = list(t.route[leg.step + 1 :])
            if service in rest:
                raise DomainError("in_route", service=svc.names["ja"])
            route = [*t.route[: leg.step + 1], service, *rest]
            if not self.store.set_route(t.id, route):
                raise ConflictError("ticket_closed", number=t.display)
            self._leg_event(
                EventType.STEP_ADDED, ts, day, leg, number, c.clerk, {"service": service, "route": route}
            )
            return Outcome(
                ticket=self.store.ticket(t.id),
                leg=self.store.leg(leg.id),
                events=(EventType.STEP_ADDED,),
            )

    def transfer(self, number: int, service: str, *, now: datetime) -> Outcome:
        """転送: send the current visitor to another service. The number and the issue time stay."""
        ts, day = to_ts(now), self.day(now)
        self._service(service)
        with self.store.transaction():
            c, t, leg = self._active(number, (LegState.CALLED, LegState.SERVING), "transfer")
            self._not_previous_day(t, day, "transferred")
            if service == leg.queue:
                raise DomainError("same_service")
            started = leg.started_at if leg.started_at is not None else ts
            self._end_leg(
                t, leg, LegState.TRANSFERRED, ts, (LegState.CALLED, LegState.SERVING), started_at=started
            )
            new = self._next_leg(t, leg, service, leg.step, ts, self.config.queue.transfer_keeps_place)
            self._leg_event(
                EventType.TRANSFERRED, ts, day, leg, number, c.clerk, {"to": service, "new_leg": new.id}
            )
            return Outcome(ticket=t, leg=new, events=(EventType.TRANSFERRED,))

    # -- 書かない: hand-written forms per step ---------------------------------------------------------------
    # The plan's indicator 「引越し手続に伴う申請書記入枚数」 (target 0) is logged on the ``finished`` event of each
    # service-stage leg of a life-event or route ticket: data["forms"] = the number of forms the visitor wrote
    # by hand for that step (0–9 at the console) and data["forms_by"] = who says so:
    # - "clerk": the clerk's count at the console (default 0, one key to change);
    # - "kiosk": the step's request was captured at the kiosk or on the phone (the certificates picked there,
    #   書かない), so it counts as 0 forms unless the clerk typed another number;
    # - "form_free": the office marks the service ``form_free = true``: never asked, always 0.
    # The console asks only on those steps; a count passed for another service step (``madoguchi finish N
    # --forms 2``) is kept as "clerk". 交付 pickups and finishes without a count (scripts, the simulator) carry
    # no "forms": the report counts a 引越し visit with such a step as not recorded.
    def forms_question(self, ticket: Ticket, leg: Leg) -> str | None:
        """How the finish of ``leg`` records hand-written forms: "ask" (the console asks, default 0), "kiosk"
        (asks, default 0, marked as captured at the kiosk), "form_free" (never asks, logs 0) or None (none)."""
        if leg.stage != "service":
            return None
        svc = self.services.get(leg.service)
        if svc is not None and svc.form_free:
            return "form_free"
        if self._captured(ticket, leg.service):
            return "kiosk"
        if ticket.bundle or len(ticket.route) > 1:
            return "ask"
        return None

    def _captured(self, ticket: Ticket, service: str) -> dict[str, int]:
        """Certificates picked at the kiosk or on the web (the request, 書かない) that ``service``'s window
        issues: its own, or those of a service at the same merged window (the kiosk's rule). code -> copies."""
        certs = ticket.request.get("certificates") if isinstance(ticket.request, dict) else None
        if not isinstance(certs, list):
            return {}
        known = {c.code: c.service for c in self.config.certificates}
        merged = [set(v) for v in self.config.merged_windows.values()]
        out: dict[str, int] = {}
        for item in certs:
            code = item.get("code") if isinstance(item, dict) else item
            copies = item.get("copies", 1) if isinstance(item, dict) else 1
            cert_service = known.get(code) if isinstance(code, str) else None
            if cert_service is None or isinstance(copies, bool) or not isinstance(copies, int) or copies < 1:
                continue
            if cert_service == service or any(service in m and cert_service in m for m in merged):
                out[str(code)] = out.get(str(code), 0) + copies
        return out

    def _finish_data(self, ticket: Ticket, leg: Leg, forms: int | None) -> dict[str, Any]:
        """What the ``finished`` event records of the step: hand-written forms (see above) and, for a step
        whose certificates were picked at the kiosk, ``certs`` = {code: copies} (kept after the request itself
        is purged by retention: the report's counter issuance of 住民票 reads it)."""
        if forms is not None and (
            isinstance(forms, bool) or not isinstance(forms, int) or not 0 <= forms <= 99
        ):
            raise DomainError("bad_forms", forms=forms)
        how = self.forms_question(ticket, leg)
        out: dict[str, Any] = {}
        certs = self._captured(ticket, leg.service) if leg.stage == "service" else {}
        if certs:
            out["certs"] = certs
        if how == "form_free":
            out.update(forms=0, forms_by="form_free")
        elif how == "kiosk" and not forms:
            out.update(forms=0, forms_by="kiosk")
        elif forms is not None and leg.stage == "service":  # given where nothing is asked (a script): kept
            out.update(forms=forms, forms_by="clerk")
        return out

    def finish(self, number: int, *, now: datetime, forms: int | None = None) -> Outcome:
        """完了: next route step, the 交付 pickup queue, or the ticket closes. ``forms``: the hand-written forms
        of this step as the clerk entered them (see :meth:`forms_question`; ignored where nothing is asked)."""
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            c, t, leg = self._active(number, (LegState.CALLED, LegState.SERVING), "finish")
            forms_data = self._finish_data(t, leg, forms)
            started = leg.started_at if leg.started_at is not None else leg.called_at
            done = self._end_leg(
                t, leg, LegState.DONE, ts, (LegState.CALLED, LegState.SERVING), started_at=started
            )
            svc = self.services.get(leg.service)
            nxt: Leg | None = None
            closed: Ticket | None = None
            message = None
            if t.day < day and (
                leg.step + 1 < len(t.route) or (leg.stage == "service" and svc and svc.pickup)
            ):
                # served across the rollover: it closes here; a next step would wait beside today's numbers
                closed = self.store.close_ticket(t.id, "served", ts)
                message = both("next_step_previous_day", {"number": t.display, "day": t.day})
                log.info(
                    "%s of %s finished after the rollover: closed, next step needs a new ticket",
                    t.display,
                    t.day,
                )
            elif leg.stage == "service" and svc is not None and svc.pickup:
                nxt = self._next_leg(t, leg, pickup_queue(leg.service), leg.step, ts, keep_place=False)
            elif leg.step + 1 < len(t.route):
                nxt = self._next_leg(
                    t, leg, t.route[leg.step + 1], leg.step + 1, ts, self.config.queue.transfer_keeps_place
                )
            else:
                closed = self.store.close_ticket(t.id, "served", ts)
            self._leg_event(
                EventType.FINISHED,
                ts,
                day,
                leg,
                number,
                c.clerk,
                {
                    "next": nxt.queue if nxt else None,
                    "new_leg": nxt.id if nxt else None,
                    "implicit_start": leg.started_at is None,
                    **forms_data,
                },
            )
            # nothing but close_ticket changes the ticket here: ``t`` is still as read when a next leg was added
            return Outcome(
                ticket=closed or (t if nxt else self.store.ticket(t.id)),
                leg=nxt or done,
                events=(EventType.FINISHED,),
                message=message or "",
            )

    def cancel(self, display: str, *, now: datetime, actor: str | None = None) -> Outcome:
        """取消: the visitor left, or staff cancel a ticket by mistake."""
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            t = self.find(display, now=now)
            leg = self.store.open_leg(t.id)
            if leg is None:
                raise DomainError("already_closed", number=t.display)
            if leg.state == LegState.SERVING:
                raise DomainError("being_served", number=t.display)
            self._end_leg(t, leg, LegState.CANCELLED, ts, (LegState.WAITING, LegState.HELD, LegState.CALLED))
            self.store.close_ticket(t.id, "cancelled", ts)
            self._leg_event(EventType.CANCELLED, ts, day, leg, leg.counter, actor)
            return Outcome(
                ticket=self.store.ticket(t.id),
                leg=self.store.leg(leg.id),
                events=(EventType.CANCELLED,),
            )

    def move_ticket(
        self,
        display: str,
        service: str,
        *,
        now: datetime,
        actor: str | None = None,
        from_queue: str | None = None,
    ) -> Outcome:
        """The floor manager moves a waiting ticket to another service. It keeps its place (its sort key), so
        it is not sent to the back of the new queue; logged as a transfer with ``moved`` and no counter.
        With ``from_queue`` (where the caller saw it), a ticket moved meanwhile by someone else is a conflict."""
        ts, day = to_ts(now), self.day(now)
        self._check_queues([service])
        with self.store.transaction():
            t = self.find(display, now=now)
            leg = self.store.open_leg(t.id)
            if leg is None:
                raise ConflictError("already_closed", number=t.display)
            if leg.state != LegState.WAITING:
                raise ConflictError("no_longer_waiting", number=t.display, state=leg.state)
            if from_queue is not None and leg.queue != from_queue:
                raise ConflictError("moved_elsewhere", number=t.display, queue=leg.queue)
            if leg.queue == service:
                raise DomainError("same_service_move")
            if not self.store.transition_leg(leg.id, (LegState.WAITING,), LegState.TRANSFERRED, ended_at=ts):
                raise ConflictError("changed")
            new_service, stage = split_queue(service)
            new = self.store.insert_leg(
                ticket_id=t.id,
                step=leg.step,
                queue=service,
                service=new_service,
                stage=stage,
                state=LegState.WAITING,
                priority=leg.priority,
                ready=leg.ready,
                sort_key=leg.sort_key,
                entered_at=leg.entered_at,
                parent_leg_id=leg.id,
            )
            if stage == "service" and leg.step < len(t.route):
                route = list(t.route)
                route[leg.step] = new_service
                self.store.set_route(t.id, route)
            self._leg_event(
                EventType.TRANSFERRED,
                ts,
                day,
                leg,
                None,
                actor,
                {"to": service, "new_leg": new.id, "moved": True},
            )
            return Outcome(
                ticket=self.store.ticket(t.id),
                leg=new,
                events=(EventType.TRANSFERRED,),
            )

    def check_in(self, token: str, *, now: datetime) -> Outcome:
        """A web ticket's holder has arrived (QR scanned or number typed at the kiosk)."""
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            t = self.store.ticket_by_token(token)
            if t is None or t.day != day or t.state != "open":
                raise NotFoundError("not_valid_today")
            if self.store.set_checked_in(t.id):
                leg = self.store.open_leg(t.id)
                self.store.add_event(
                    ts=ts,
                    day=day,
                    type=EventType.CHECKED_IN,
                    ticket_id=t.id,
                    leg_id=leg.id if leg else None,
                    service=leg.service if leg else None,
                    counter=None,
                    actor="kiosk",
                )
            return Outcome(ticket=self.store.ticket(t.id), events=(EventType.CHECKED_IN,))

    def expire_open(
        self,
        *,
        now: datetime,
        actor: str = "scheduler",
        through_day: str | None = None,
        keep_at_counters: bool = False,
    ) -> int:
        """Day end: every open leg of today or earlier is expired and its ticket force-closed (flagged).

        ``through_day`` ('YYYY-MM-DD') limits it to tickets of that business day or earlier (the rollover
        expires yesterday's leftovers without touching a ticket issued just after midnight).
        ``keep_at_counters`` leaves tickets that a clerk has called or is serving with that clerk (the rollover
        never pulls a visitor away from a counter)."""
        ts, day = to_ts(now), self.day(now)
        n = 0
        with self.store.transaction():
            for leg in self.store.open_legs_of_day(through_day or day):
                if keep_at_counters and leg.state in AT_COUNTER:
                    continue
                if not self.store.transition_leg(leg.id, (leg.state,), LegState.EXPIRED, ended_at=ts):
                    continue
                self.store.close_ticket(leg.ticket_id, "expired", ts, forced=True)
                self._leg_event(EventType.EXPIRED, ts, day, leg, leg.counter, actor, {"from": leg.state})
                n += 1
        return n

    # -- issuing switches and staff alerts ------------------------------------------------------------------
    def set_issuing(
        self, scope: str, state: str, *, now: datetime, reason: str | None = None, actor: str | None = None
    ) -> Outcome:
        """Open, pause or close ticket issuing for one service or ``"all"``; logged as an 'issuing' event."""
        if scope != "all":
            self._service(scope)
        if state not in ("open", "paused", "closed"):
            raise DomainError("unknown_issuing_state", state=state)
        ts = to_ts(now)
        with self.store.transaction():
            self.store.set_issuing(scope, state, reason, ts)
            self.store.add_event(
                ts=ts,
                day=self.day(now),
                type=EventType.ISSUING,
                ticket_id=None,
                leg_id=None,
                service=None if scope == "all" else scope,
                counter=None,
                actor=actor,
                data={"scope": scope, "state": state, "reason": reason},
            )
        return Outcome()

    # -- 行かない: an alternative offered before the ticket ------------------------------------------------------
    # The kiosk and the phone page log 'offered' when they show a service's alternative (once per visit) and
    # 'diverted' when the visitor takes it; a visitor who picks the counter instead just gets a ticket. Neither
    # event has a ticket or anything about the person: service, the alternative's kind and the channel only.
    def offer(
        self,
        services: str | Sequence[str],
        alternative: str,
        *,
        channel: str,
        now: datetime,
        documents: Sequence[str] = (),
    ) -> Outcome:
        """Log that ``alternative`` (a kind, e.g. "konbini") was shown for ``services`` on ``channel``."""
        return self._alternative_event(EventType.OFFERED, services, alternative, channel, now, documents)

    def divert(
        self,
        service: str | Sequence[str],
        alternative: str,
        channel: str,
        now: datetime,
        *,
        documents: Sequence[str] = (),
    ) -> Outcome:
        """The visitor took the alternative instead of a ticket: log 'diverted' (no ticket is issued).

        ``service`` may list several services (a certificate request spanning windows): one event each."""
        return self._alternative_event(EventType.DIVERTED, service, alternative, channel, now, documents)

    def _alternative_event(
        self,
        kind: EventType,
        services: str | Sequence[str],
        alternative: str,
        channel: str,
        now: datetime,
        documents: Sequence[str],
    ) -> Outcome:
        codes = [services] if isinstance(services, str) else list(dict.fromkeys(services))
        if not codes:
            raise DomainError("unknown_service", service="")
        for code in codes:
            svc = self._service(code)
            if not any(a.kind == alternative for a in svc.alternatives):
                raise DomainError("no_alternative", service=code, alternative=alternative)
        if channel not in ("kiosk", "web"):
            raise DomainError("unknown_channel", channel=channel)
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            for code in codes:
                data: dict[str, Any] = {"alternative": alternative, "channel": channel}
                own = [
                    d
                    for d in documents
                    if any(c.code == d and c.service == code for c in self.config.certificates)
                ]
                if own:
                    data["documents"] = own
                self.store.add_event(
                    ts=ts,
                    day=day,
                    type=kind,
                    ticket_id=None,
                    leg_id=None,
                    service=code,
                    counter=None,
                    actor=None,
                    data=data,
                )
        return Outcome(events=(kind,) * len(codes))

    def raise_alert(self, source: str, kind: str, message: str, *, now: datetime) -> Outcome:
        """A kiosk or printer problem that staff must see in the counter app's status bar."""
        with self.store.transaction():
            self.store.add_alert(to_ts(now), source, kind, message)
        return Outcome()

    def resolve_alerts(
        self, *, now: datetime, alert_id: int | None = None, source: str | None = None
    ) -> Outcome:
        with self.store.transaction():
            self.store.resolve_alerts(to_ts(now), alert_id=alert_id, source=source)
        return Outcome()

    # -- today's notice and the floor manager's sign-in ---------------------------------------------------
    def day_end(self, now: datetime) -> datetime:
        """When the business day of ``now`` ends (the next day's rollover)."""
        day = business_day(now, self.config.queue.day_rollover)
        return at(day + timedelta(days=1), self.config.queue.day_rollover)

    def set_notice(self, names: dict[str, str], *, now: datetime, actor: str | None = None) -> Outcome:
        """Replace today's notice (per language; empty texts dropped, all empty: no notice). It runs until the
        day ends and shows on the kiosk, the display ticker and the phone page at their next refresh."""
        text = {lang: v.strip() for lang, v in names.items() if v and v.strip()}
        for lang, v in text.items():
            if len(v) > NOTICE_MAX or not v.isprintable():
                raise DomainError("notice_text", language=lang, max=NOTICE_MAX)
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            self.store.end_day_notices(ts)
            if text:
                self.store.add_notice(ts, text, to_ts(self.day_end(now)))
            self.store.add_event(
                ts=ts,
                day=day,
                type=EventType.NOTICE,
                ticket_id=None,
                leg_id=None,
                service=None,
                counter=None,
                actor=actor,
                data={"names": text},
            )
        return Outcome()

    def day_notice(self, now: datetime) -> dict[str, str]:
        return self.store.day_notice(to_ts(now)) or {}

    def notices(self, now: datetime) -> list[dict[str, str]]:
        """Every notice to show now: the profile's standing ones, then the database's (today's last)."""
        return [*self.config.notices, *self.store.notices(to_ts(now))]

    def supervisor_sign_in(self, name: str, pin: str, *, now: datetime) -> Outcome:
        """Check a floor manager's name and PIN against the profile's hashes. Wrong PINs are logged; after
        ``max_failures`` in a row the name is locked for ``lockout_min`` minutes (across processes: the count
        is read from the event log)."""
        settings = self.config.supervisor
        name = name.strip()
        ts, day = to_ts(now), self.day(now)
        stored = settings.pins.get(name)
        with self.store.transaction():
            fails, last = 0, 0.0
            for e in self.store.events(day=day, types=[EventType.SUPERVISOR]):
                if e["actor"] != name:
                    continue
                if e["data"].get("action") == "signin":
                    fails = 0
                elif e["data"].get("action") == "signin_failed":
                    fails, last = fails + 1, e["ts"]
            if fails >= settings.max_failures:
                left = last + settings.lockout_min * 60 - ts
                if left > 0:
                    raise DomainError("locked", fails=fails, minutes=int(left // 60) + 1)
            ok = stored is not None and verify_pin(pin, stored)
            self.store.add_event(
                ts=ts,
                day=day,
                type=EventType.SUPERVISOR,
                ticket_id=None,
                leg_id=None,
                service=None,
                counter=None,
                actor=name[:CLERK_MAX] or "?",
                data={"action": "signin" if ok else "signin_failed"},
            )
        if not ok:
            raise DomainError("wrong_pin")
        return Outcome(message=f"{name} さんがサインインしました")

    # -- reads ----------------------------------------------------------------------------------------------
    def queue(self, queues: Sequence[str] | None = None, *, held: bool = True) -> list[QueueEntry]:
        states = (LegState.WAITING, LegState.HELD) if held else (LegState.WAITING,)
        return [QueueEntry(t, leg) for t, leg in self.store.queue_entries(queues, states)]

    def people_ahead(self, ticket: Ticket) -> int | None:
        leg = self.store.open_leg(ticket.id)
        if leg is None or leg.state != LegState.WAITING:
            return None
        return self.store.people_ahead(leg)

    def counters(self) -> list[CounterInfo]:
        return self.store.counters()

    def calls_since(self, last_id: int, limit: int = 1000) -> list[Call]:
        return self.store.calls_since(last_id, limit)

    def recent_calls(self, limit: int = 10, *, now: datetime | None = None) -> list[Call]:
        return self.store.recent_calls(limit, self.day(now) if now is not None else None)

    def ticket(self, token: str) -> Ticket | None:
        return self.store.ticket_by_token(token)

    def legs(self, ticket: Ticket) -> list[Leg]:
        return self.store.legs_of_ticket(ticket.id)

    def remaining_route(self, ticket: Ticket) -> list[str]:
        leg = self.store.open_leg(ticket.id) or self.store.last_leg(ticket.id)
        if leg is None:
            return list(ticket.route)
        return list(ticket.route[leg.step + 1 :])

    def alerts(self) -> list[Any]:
        return self.store.open_alerts()
