"""The queue engine: every verb a kiosk, counter, display, web page or job uses to change the queue.

Each mutation runs in one ``BEGIN IMMEDIATE`` transaction, guards its transition with a conditional update,
appends to the event log (and the call log for calls), and returns an :class:`Outcome` saying what changed.
Time is always passed in as ``now`` (an aware datetime).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from shared.calendar import service_closed_reason
from shared.config import OfficeConfig, Service
from shared.errors import ConflictError, DomainError, NotFoundError
from shared.models import (
    Call,
    Changes,
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
from shared.policy import Candidate, PolicyRules, choose
from shared.storage.store import Store
from shared.timeutil import business_day, to_ts

TICKETS = Changes(tickets=True)
CALLED = Changes(tickets=True, calls=True, counters=True)
COUNTERS = Changes(counters=True)
CLOSED_REASONS_JA = {
    "closed": "受付時間外です",
    "cutoff": "本日の受付は終了しました",
    "cap": "本日の受付数の上限に達しました",
    "paused": "ただいま発券を停止しています",
}


CLERK_MAX = 20  # as typed at sign-in


class QueueEngine:
    def __init__(self, store: Store, config: OfficeConfig) -> None:
        self.store = store
        self.config = config
        self.services: dict[str, Service] = config.service_map()
        self.rules = PolicyRules(
            weights={s.code: s.weight for s in config.services},
            max_priority_in_row=config.queue.priority_max_in_row,
            aging_min=config.queue.aging_min,
        )

    # -- set-up ---------------------------------------------------------------------------------------------
    def sync_config(self) -> None:
        """Copy services and counters from the office profile into the DB (reports and joins need names)."""
        with self.store.transaction():
            for s in self.config.services:
                self.store.upsert_service(
                    s.code,
                    s.prefix,
                    s.group,
                    s.names["ja"],
                    s.names,
                    s.target_wait_min,
                    s.service_min,
                    s.pickup,
                )
            for c in self.config.counters:
                self.store.ensure_counter(c.number, c.name, c.services)

    def day(self, now: datetime) -> str:
        return business_day(now, self.config.queue.day_rollover).isoformat()

    def queues(self) -> set[str]:
        return set(self.services) | {pickup_queue(s.code) for s in self.config.services if s.pickup}

    def _service(self, code: str) -> Service:
        try:
            return self.services[code]
        except KeyError:
            raise NotFoundError(f"業務 {code!r} はありません / unknown service {code!r}") from None

    # -- issuing --------------------------------------------------------------------------------------------
    def issuing_reason(self, service: str, now: datetime) -> str | None:
        """None when ``service`` takes a new ticket now; else closed | cutoff | paused | cap."""
        svc = self._service(service)
        reason = service_closed_reason(now, self.config.hours, svc)
        if reason:
            return reason
        states = self.store.issuing_states()
        for scope in ("all", service):
            if states.get(scope, ("open", None))[0] != "open":
                return "paused"
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
    ) -> Outcome:
        """A ticket for one service."""
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
        )

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
    ) -> Outcome:
        """One ticket for a life event: its route is built from the visitor's yes/no answers (回らない)."""
        try:
            b = self.config.bundle(bundle)
        except KeyError:
            raise NotFoundError(f"手続き {bundle!r} はありません / unknown life event {bundle!r}") from None
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
    ) -> Outcome:
        if not route:
            raise DomainError("手続きが選ばれていません / the route is empty")
        if channel not in ("kiosk", "web", "staff"):
            raise DomainError(f"unknown channel {channel!r}")
        first = self._service(route[0])
        for code in route[1:]:
            self._service(code)
        ts, day = to_ts(now), self.day(now)
        if channel == "web" and self.config.web.prefix:
            seq = self.config.web.prefix
        seq = seq or first.prefix
        checked_in = not (channel == "web" and self.config.web.require_checkin)
        with self.store.transaction():
            reason = self.issuing_reason(first.code, now)
            if reason:
                raise DomainError(CLOSED_REASONS_JA[reason], code=reason)
            number = self.store.next_number(seq, day)
            display = f"{seq}{number:03d}"
            token = secrets.token_urlsafe(24)
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
            lid = self.store.insert_leg(
                ticket_id=tid,
                step=0,
                queue=first.code,
                service=first.code,
                stage="service",
                state=LegState.WAITING,
                priority=priority,
                ready=checked_in,
                sort_key=ts,
                entered_at=ts,
            )
            self.store.add_event(
                ts=ts,
                day=day,
                type=EventType.ISSUED,
                ticket_id=tid,
                leg_id=lid,
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
            leg = Leg(
                id=lid,
                ticket_id=tid,
                step=0,
                queue=first.code,
                service=first.code,
                stage="service",
                state=LegState.WAITING,
                priority=priority,
                ready=checked_in,
                sort_key=ts,
                entered_at=ts,
                counter=None,
                called_at=None,
                started_at=None,
                ended_at=None,
                recalls=0,
                parent_leg_id=None,
            )
            ahead = self.store.people_ahead(leg)
        return Outcome(TICKETS, ticket=ticket, leg=leg, people_ahead=ahead, events=(EventType.ISSUED,))

    # -- counters -------------------------------------------------------------------------------------------
    def counter(self, number: int) -> CounterInfo:
        c = self.store.counter(number)
        if c is None:
            raise NotFoundError(f"{number}番窓口は設定にありません / unknown counter {number}")
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
                raise NotFoundError(f"業務 {q!r} はありません / unknown service {q!r}")
        return tuple(dict.fromkeys(services))

    def open_counter(
        self, number: int, *, now: datetime, services: Sequence[str] | None = None, clerk: str | None = None
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
            self._counter_event(number, "open", ts, day, clerk, services=list(svc))
        return Outcome(COUNTERS, message=f"{number}番窓口を開けました")

    def set_services(self, number: int, services: Sequence[str], *, now: datetime) -> Outcome:
        """Change what a counter serves (e.g. make it a merged certificate window). The current ticket stays."""
        ts, day = to_ts(now), self.day(now)
        svc = self._check_queues(services)
        with self.store.transaction():
            c = self.counter(number)
            self.store.update_counter(number, services=svc, updated_at=ts)
            self._counter_event(number, "services", ts, day, c.clerk, services=list(svc))
        return Outcome(COUNTERS)

    def set_clerk(self, number: int, clerk: str | None, *, now: datetime) -> Outcome:
        """担当交代: from now on this counter's events carry the new clerk's name (None: no name)."""
        ts, day = to_ts(now), self.day(now)
        name = (clerk or "").strip() or None
        if name is not None and (len(name) > CLERK_MAX or not name.isprintable()):
            raise DomainError(f"担当者名は{CLERK_MAX}文字までです / clerk name too long or not printable")
        with self.store.transaction():
            c = self.counter(number)
            if c.state == CounterState.CLOSED:
                raise DomainError(f"{number}番窓口は閉じています / counter {number} is closed", code="state")
            if c.clerk == name:
                return Outcome(Changes(), message="担当は変わりません / same clerk")
            self.store.update_counter(number, clerk=name, updated_at=ts)
            self._counter_event(number, "clerk", ts, day, name, previous=c.clerk)
        return Outcome(COUNTERS)

    def pause_counter(self, number: int, reason: str, *, now: datetime) -> Outcome:
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            c = self.counter(number)
            if c.state == CounterState.CLOSED:
                raise DomainError(f"{number}番窓口は閉じています / counter is closed", code="closed")
            self.store.update_counter(
                number, state=CounterState.PAUSED, reason=reason or "休止", updated_at=ts
            )
            self._counter_event(number, "pause", ts, day, c.clerk, reason=reason)
        return Outcome(COUNTERS)

    def resume_counter(self, number: int, *, now: datetime) -> Outcome:
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            c = self.counter(number)
            if c.state != CounterState.PAUSED:
                raise DomainError(
                    f"{number}番窓口は休止中ではありません / counter is not paused", code="state"
                )
            self.store.update_counter(number, state=CounterState.OPEN, reason=None, updated_at=ts)
            self._counter_event(number, "resume", ts, day, c.clerk)
        return Outcome(COUNTERS)

    def close_counter(self, number: int, *, now: datetime) -> Outcome:
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            c = self.counter(number)
            active = self.store.active_leg_at(number)
            if active is not None:
                t = self.store.ticket(active.ticket_id)
                raise DomainError(
                    f"対応中の番号 {t.display if t else ''} を先に完了してください "
                    "/ finish the current ticket first",
                    code="busy",
                )
            self.store.update_counter(
                number, state=CounterState.CLOSED, reason=None, priority_run=0, updated_at=ts
            )
            self._counter_event(number, "close", ts, day, c.clerk)
        return Outcome(COUNTERS)

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
    def _require_open(self, number: int) -> CounterInfo:
        c = self.counter(number)
        if c.state != CounterState.OPEN:
            state = "休止中" if c.state == CounterState.PAUSED else "閉局中"
            raise DomainError(
                f"{number}番窓口は{state}です / counter is {c.state}", code="counter_" + c.state
            )
        return c

    def _require_idle(self, number: int) -> None:
        active = self.store.active_leg_at(number)
        if active is not None:
            t = self.store.ticket(active.ticket_id)
            raise DomainError(
                f"先に {t.display if t else ''} を完了・不在・保留にしてください "
                "/ finish the current ticket first",
                code="busy",
            )

    def _call(
        self,
        c: CounterInfo,
        leg: Leg,
        ts: float,
        day: str,
        from_states: Sequence[str],
        as_priority: bool | None,
    ) -> Outcome:
        if not self.store.transition_leg(
            leg.id, from_states, LegState.CALLED, counter=c.number, called_at=ts
        ):
            raise ConflictError("この番号は他の窓口で呼び出されました / another counter took this ticket")
        if as_priority is not None:
            self.store.update_counter(c.number, priority_run=(c.priority_run + 1) if as_priority else 0)
        ticket = self.store.ticket(leg.ticket_id)
        assert ticket is not None
        waited = ts - leg.entered_at
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
        self._leg_event(
            EventType.CALLED,
            ts,
            day,
            leg,
            c.number,
            c.clerk,
            {"waited_s": round(waited, 3), "stage": leg.stage, "from": leg.state},
        )
        return Outcome(
            CALLED, ticket=ticket, leg=self.store.leg(leg.id), call=call, events=(EventType.CALLED,)
        )

    def call_next(self, number: int, *, now: datetime) -> Outcome:
        """Call the next ticket by the call policy across every service this counter serves."""
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            c = self._require_open(number)
            self._require_idle(number)
            cands = [Candidate(*row) for row in self.store.candidates(c.services)]
            choice = choose(cands, ts, self.rules, c.priority_run)
            if choice is None:
                return Outcome(Changes(), message="お待ちの方はいません / nobody is waiting")
            leg = self.store.leg(choice.candidate.leg_id)
            assert leg is not None
            return self._call(c, leg, ts, day, (LegState.WAITING,), choice.as_priority)

    def find(self, display: str, *, now: datetime) -> Ticket:
        """Today's ticket by its number (e.g. 'A012'), for 番号指定呼出 and "find ticket"."""
        t = self.store.ticket_by_display(self.day(now), display.strip().upper())
        if t is None:
            raise NotFoundError(f"本日の番号 {display} は見つかりません / no ticket {display} today")
        return t

    def call_number(self, number: int, display: str, *, now: datetime) -> Outcome:
        """番号指定呼出: call a given waiting or held ticket, out of order."""
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            c = self._require_open(number)
            self._require_idle(number)
            t = self.find(display, now=now)
            leg = self.store.open_leg(t.id)
            if leg is None or leg.state not in (LegState.WAITING, LegState.HELD):
                state = leg.state if leg else t.outcome or t.state
                raise ConflictError(f"{t.display} は呼び出せません（{state}） / {t.display} is not waiting")
            if leg.queue not in c.services:
                raise DomainError(
                    f"{t.display} はこの窓口の業務ではありません / not a service of this counter",
                    code="wrong_service",
                )
            return self._call(c, leg, ts, day, (LegState.WAITING, LegState.HELD), None)

    def current(self, number: int) -> tuple[Ticket, Leg] | None:
        """The ticket this counter has called or is serving (restart recovery reads this)."""
        leg = self.store.active_leg_at(number)
        if leg is None:
            return None
        t = self.store.ticket(leg.ticket_id)
        assert t is not None
        return t, leg

    def _active(self, number: int, states: Sequence[str], verb: str) -> tuple[Ticket, Leg]:
        cur = self.current(number)
        if cur is None:
            raise DomainError(
                f"{number}番窓口に呼出中の番号はありません / no current ticket to {verb}", code="no_current"
            )
        if cur[1].state not in states:
            raise DomainError(
                f"{cur[0].display} は{verb}できません（{cur[1].state}） / cannot {verb} now", code="state"
            )
        return cur

    def recall(self, number: int, *, now: datetime) -> Outcome:
        """再呼出: announce the current ticket again (counted)."""
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            c = self.counter(number)
            t, leg = self._active(number, (LegState.CALLED,), "再呼出")
            if not self.store.bump_recall(leg.id, number):
                raise ConflictError("状態が変わりました / the ticket changed")
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
            return Outcome(
                CALLED, ticket=t, leg=self.store.leg(leg.id), call=call, events=(EventType.RECALLED,)
            )

    def _end_leg(
        self, t: Ticket, leg: Leg, to_state: str, ts: float, from_states: Sequence[str], **sets: Any
    ) -> None:
        if not self.store.transition_leg(leg.id, from_states, to_state, ended_at=ts, **sets):
            raise ConflictError(f"{t.display} の状態が他で変わりました / the ticket changed elsewhere")

    def start(self, number: int, *, now: datetime) -> Outcome:
        """受付開始: the visitor has arrived at the counter."""
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            c = self.counter(number)
            t, leg = self._active(number, (LegState.CALLED,), "受付開始")
            if not self.store.transition_leg(leg.id, (LegState.CALLED,), LegState.SERVING, started_at=ts):
                raise ConflictError("状態が変わりました / the ticket changed")
            self._leg_event(
                EventType.STARTED,
                ts,
                day,
                leg,
                number,
                c.clerk,
                {"walk_s": round(ts - (leg.called_at or ts), 3)},
            )
            return Outcome(
                Changes(tickets=True, counters=True),
                ticket=t,
                leg=self.store.leg(leg.id),
                events=(EventType.STARTED,),
            )

    def no_show(self, number: int, *, now: datetime) -> Outcome:
        """不在: the called visitor did not come (allowed after the configured number of recalls)."""
        ts, day = to_ts(now), self.day(now)
        need = self.config.queue.no_show_after_recalls
        with self.store.transaction():
            c = self.counter(number)
            t, leg = self._active(number, (LegState.CALLED,), "不在に")
            if leg.recalls < need:
                raise DomainError(
                    f"不在にする前に再呼出してください（{leg.recalls}/{need}回） "
                    f"/ recall {need} time(s) first",
                    code="recall_first",
                )
            self._end_leg(t, leg, LegState.NO_SHOW, ts, (LegState.CALLED,))
            self.store.close_ticket(t.id, "no_show", ts)
            self._leg_event(EventType.NO_SHOW, ts, day, leg, number, c.clerk, {"recalls": leg.recalls})
            return Outcome(
                Changes(tickets=True, counters=True),
                ticket=self.store.ticket(t.id),
                leg=self.store.leg(leg.id),
                events=(EventType.NO_SHOW,),
            )

    def reactivate(self, display: str, *, now: datetime, actor: str | None = None) -> Outcome:
        """A visitor marked 不在 turned up: back to the queue at their old place."""
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            t = self.find(display, now=now)
            leg = self.store.last_leg(t.id)
            if leg is None or leg.state != LegState.NO_SHOW:
                raise DomainError(f"{t.display} は不在ではありません / not a no-show", code="state")
            if not self.store.transition_leg(
                leg.id, (LegState.NO_SHOW,), LegState.WAITING, counter=None, called_at=None, ended_at=None
            ):
                raise ConflictError("状態が変わりました / the ticket changed")
            self.store.reopen_ticket(t.id)
            self._leg_event(EventType.REACTIVATED, ts, day, leg, None, actor)
            return Outcome(
                TICKETS,
                ticket=self.store.ticket(t.id),
                leg=self.store.leg(leg.id),
                events=(EventType.REACTIVATED,),
            )

    def hold(self, number: int, *, now: datetime) -> Outcome:
        """保留: the visitor went to fill in a form; call-next skips the ticket until it returns."""
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            c = self.counter(number)
            t, leg = self._active(number, (LegState.CALLED, LegState.SERVING), "保留")
            if not self.store.transition_leg(leg.id, (LegState.CALLED, LegState.SERVING), LegState.HELD):
                raise ConflictError("状態が変わりました / the ticket changed")
            self._leg_event(EventType.HELD, ts, day, leg, number, c.clerk, {"from": leg.state})
            return Outcome(
                Changes(tickets=True, counters=True),
                ticket=t,
                leg=self.store.leg(leg.id),
                events=(EventType.HELD,),
            )

    def return_to_queue(self, display: str, *, now: datetime, actor: str | None = None) -> Outcome:
        """A held ticket goes back to waiting, keeping its place."""
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            t = self.find(display, now=now)
            leg = self.store.open_leg(t.id)
            if leg is None or leg.state != LegState.HELD:
                raise DomainError(f"{t.display} は保留中ではありません / not on hold", code="state")
            if not self.store.transition_leg(leg.id, (LegState.HELD,), LegState.WAITING, counter=None):
                raise ConflictError("状態が変わりました / the ticket changed")
            self._leg_event(EventType.RETURNED, ts, day, leg, None, actor)
            return Outcome(TICKETS, ticket=t, leg=self.store.leg(leg.id), events=(EventType.RETURNED,))

    def _next_leg(self, t: Ticket, prev: Leg, queue: str, step: int, ts: float, keep_place: bool) -> Leg:
        service, stage = split_queue(queue)
        sort_key = t.issued_at if keep_place else ts
        lid = self.store.insert_leg(
            ticket_id=t.id,
            step=step,
            queue=queue,
            service=service,
            stage=stage,
            state=LegState.WAITING,
            priority=t.priority,
            ready=True,
            sort_key=sort_key,
            entered_at=ts,
            parent_leg_id=prev.id,
        )
        leg = self.store.leg(lid)
        assert leg is not None
        return leg

    def add_step(self, number: int, service: str, *, now: datetime) -> Outcome:
        """手続きの追加: the visitor at this counter also needs ``service``. It becomes the route's next step, so
        完了 here sends the same number there (回らない) instead of a new ticket and a new wait from zero."""
        ts, day = to_ts(now), self.day(now)
        svc = self._service(service)
        with self.store.transaction():
            c = self.counter(number)
            t, leg = self._active(number, (LegState.CALLED, LegState.SERVING), "手続きを追加")
            if service == leg.queue:
                raise DomainError(
                    f"{svc.names['ja']} はいまの手続きです / already at this service", code="same_service"
                )
            rest = list(t.route[leg.step + 1 :])
            if service in rest:
                raise DomainError(
                    f"{svc.names['ja']} はすでにこのあとの手続きに入っています / already later in the route",
                    code="in_route",
                )
            route = [*t.route[: leg.step + 1], service, *rest]
            if not self.store.set_route(t.id, route):
                raise ConflictError(f"{t.display} は終了しています / {t.display} is closed")
            self._leg_event(
                EventType.STEP_ADDED, ts, day, leg, number, c.clerk, {"service": service, "route": route}
            )
            return Outcome(
                Changes(tickets=True),
                ticket=self.store.ticket(t.id),
                leg=self.store.leg(leg.id),
                events=(EventType.STEP_ADDED,),
            )

    def transfer(self, number: int, service: str, *, now: datetime) -> Outcome:
        """転送: send the current visitor to another service. The number and the issue time stay."""
        ts, day = to_ts(now), self.day(now)
        self._service(service)
        with self.store.transaction():
            c = self.counter(number)
            t, leg = self._active(number, (LegState.CALLED, LegState.SERVING), "転送")
            if service == leg.queue:
                raise DomainError("同じ業務へは転送できません / already at this service", code="same_service")
            started = leg.started_at if leg.started_at is not None else ts
            self._end_leg(
                t, leg, LegState.TRANSFERRED, ts, (LegState.CALLED, LegState.SERVING), started_at=started
            )
            new = self._next_leg(t, leg, service, leg.step, ts, self.config.queue.transfer_keeps_place)
            self._leg_event(
                EventType.TRANSFERRED, ts, day, leg, number, c.clerk, {"to": service, "new_leg": new.id}
            )
            return Outcome(
                Changes(tickets=True, counters=True), ticket=t, leg=new, events=(EventType.TRANSFERRED,)
            )

    def finish(self, number: int, *, now: datetime) -> Outcome:
        """完了: next route step, the 交付 pickup queue, or the ticket closes."""
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            c = self.counter(number)
            t, leg = self._active(number, (LegState.CALLED, LegState.SERVING), "完了")
            started = leg.started_at if leg.started_at is not None else leg.called_at
            self._end_leg(t, leg, LegState.DONE, ts, (LegState.CALLED, LegState.SERVING), started_at=started)
            svc = self.services.get(leg.service)
            nxt: Leg | None = None
            if leg.stage == "service" and svc is not None and svc.pickup:
                nxt = self._next_leg(t, leg, pickup_queue(leg.service), leg.step, ts, keep_place=False)
            elif leg.step + 1 < len(t.route):
                nxt = self._next_leg(
                    t, leg, t.route[leg.step + 1], leg.step + 1, ts, self.config.queue.transfer_keeps_place
                )
            else:
                self.store.close_ticket(t.id, "served", ts)
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
                },
            )
            return Outcome(
                Changes(tickets=True, counters=True),
                ticket=self.store.ticket(t.id),
                leg=nxt or self.store.leg(leg.id),
                events=(EventType.FINISHED,),
            )

    def cancel(self, display: str, *, now: datetime, actor: str | None = None) -> Outcome:
        """取消: the visitor left, or staff cancel a ticket by mistake."""
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            t = self.find(display, now=now)
            leg = self.store.open_leg(t.id)
            if leg is None:
                raise DomainError(f"{t.display} はすでに終了しています / already closed", code="state")
            if leg.state == LegState.SERVING:
                raise DomainError(f"{t.display} は対応中です / being served", code="state")
            self._end_leg(t, leg, LegState.CANCELLED, ts, (LegState.WAITING, LegState.HELD, LegState.CALLED))
            self.store.close_ticket(t.id, "cancelled", ts)
            self._leg_event(EventType.CANCELLED, ts, day, leg, leg.counter, actor)
            return Outcome(
                Changes(tickets=True, counters=leg.state == LegState.CALLED),
                ticket=self.store.ticket(t.id),
                leg=self.store.leg(leg.id),
                events=(EventType.CANCELLED,),
            )

    def check_in(self, token: str, *, now: datetime) -> Outcome:
        """A web ticket's holder has arrived (QR scanned or number typed at the kiosk)."""
        ts, day = to_ts(now), self.day(now)
        with self.store.transaction():
            t = self.store.ticket_by_token(token)
            if t is None or t.day != day or t.state != "open":
                raise NotFoundError("この番号札は本日有効ではありません / ticket not valid today")
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
            return Outcome(TICKETS, ticket=self.store.ticket(t.id), events=(EventType.CHECKED_IN,))

    def expire_open(self, *, now: datetime, actor: str = "scheduler", through_day: str | None = None) -> int:
        """Day end: every open leg of today or earlier is expired and its ticket force-closed (flagged).

        ``through_day`` ('YYYY-MM-DD') limits it to tickets of that business day or earlier (the rollover
        expires yesterday's leftovers without touching a ticket issued just after midnight)."""
        ts, day = to_ts(now), self.day(now)
        n = 0
        with self.store.transaction():
            for leg in self.store.open_legs_of_day(through_day or day):
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
            raise DomainError(f"unknown issuing state {state!r}")
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
        return Outcome(Changes(issuing=True))

    def raise_alert(self, source: str, kind: str, message: str, *, now: datetime) -> Outcome:
        """A kiosk or printer problem that staff must see in the counter app's status bar."""
        with self.store.transaction():
            self.store.add_alert(to_ts(now), source, kind, message)
        return Outcome(Changes(alerts=True))

    def resolve_alerts(
        self, *, now: datetime, alert_id: int | None = None, source: str | None = None
    ) -> Outcome:
        with self.store.transaction():
            self.store.resolve_alerts(to_ts(now), alert_id=alert_id, source=source)
        return Outcome(Changes(alerts=True))

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
