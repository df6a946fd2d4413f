"""The queue as a predictor sees it: a plain snapshot, built from the live engine or by replaying a log.

The same :class:`Snapshot` comes from three sources, so predictors and metrics run unchanged on real days,
simulated days and external logs:
- :func:`shared.predict.snapshot.engine_snapshot` reads the live office (the kiosk, display and web);
- :class:`Replayer` rebuilds it event by event from madoguchi's event log (the benchmark);
- :func:`visit_events` turns an external per-customer log into such events (desks are then inferred).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from shared.predict.log import Visit

RECENT_S = 2 * 3600.0


@dataclass(frozen=True)
class Waiting:
    leg: int
    queue: str
    priority: int
    sort_key: float
    entered: float
    ticket: int
    rest: tuple[str, ...] = ()  # queues still to visit after this one (life-event route, 交付)


@dataclass(frozen=True)
class Desk:
    number: int
    state: str  # open | paused | closed
    services: tuple[str, ...]
    queue: str | None = None  # the queue of the ticket it has called / is serving
    called: float | None = None
    started: float | None = None
    ticket: int | None = None
    rest: tuple[str, ...] = ()
    last_active: float | None = None


@dataclass(frozen=True)
class RecentCall:
    ts: float
    queue: str
    waited: float
    counter: int


@dataclass
class Snapshot:
    ts: float
    waiting: dict[str, list[Waiting]]  # each list in call order: priority first, then sort key
    desks: dict[int, Desk]
    calls: Sequence[RecentCall] = ()  # recent first calls, oldest first
    inferred: bool = False  # desks inferred from activity (external logs)
    pickup: frozenset[str] = frozenset()
    ticket_keys: dict[int, float] = field(
        default_factory=dict
    )  # desk's ticket -> the key it keeps on its route

    def ahead(self, queue: str, priority: int, sort_key: float, leg: int | None = None) -> list[Waiting]:
        """The tickets in ``queue`` the call order takes before a ticket with this priority and sort key."""
        out = []
        for w in self.waiting.get(queue, ()):
            if w.leg == leg:
                continue
            if w.priority > priority or (
                w.priority == priority and (w.sort_key, w.leg) < (sort_key, leg or 1 << 62)
            ):
                out.append(w)
        return out

    def find(self, leg: int) -> Waiting | None:
        for ws in self.waiting.values():
            for w in ws:
                if w.leg == leg:
                    return w
        return None


def order(ws: Iterable[Waiting]) -> list[Waiting]:
    return sorted(ws, key=lambda w: (-w.priority, w.sort_key, w.leg))


@dataclass
class _Ticket:
    route: tuple[str, ...]
    priority: int
    step: int = 0


@dataclass
class Replayer:
    """Applies event-log rows (dicts as ``Store.events`` returns them) in order and snapshots the queue."""

    pickup: frozenset[str] = frozenset()
    desk_services: dict[int, tuple[str, ...]] = field(default_factory=dict)  # inferred desks: what they serve
    inferred: bool = False
    keep_place: bool = True  # QueueRules.transfer_keeps_place
    ts: float = 0.0
    waiting: dict[int, Waiting] = field(default_factory=dict)
    desks: dict[int, Desk] = field(default_factory=dict)
    tickets: dict[int, _Ticket] = field(default_factory=dict)
    legs: dict[int, Waiting] = field(default_factory=dict)  # every leg seen (for calls and reactivation)
    calls: deque[RecentCall] = field(default_factory=deque)
    first_key: dict[int, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.inferred:  # an external log: every server seen in training is a desk, closed until active
            for c, services in self.desk_services.items():
                self.desks.setdefault(c, Desk(c, "closed", services))

    def _rest(self, tid: int, queue: str) -> tuple[str, ...]:
        t = self.tickets.get(tid)
        if t is None:
            return ()
        rest = list(t.route[t.step + 1 :])
        if not queue.endswith(":pickup") and queue in self.pickup:
            rest.insert(0, f"{queue}:pickup")
        return tuple(rest)

    def apply(self, e: dict[str, Any]) -> None:
        self.ts = e["ts"]
        typ, lid, tid, data = e["type"], e["leg_id"], e["ticket_id"], e["data"]
        w: Waiting | None
        if typ == "issued":
            self.first_key[tid] = e["ts"]
            self.tickets[tid] = _Ticket(
                tuple(data.get("route") or [e["service"]]), int(data.get("priority", 0))
            )
            w = Waiting(lid, e["service"], int(data.get("priority", 0)), e["ts"], e["ts"], tid)
            w = replace(w, rest=self._rest(tid, w.queue))
            self.waiting[lid] = self.legs[lid] = w
        elif typ in ("called", "recalled"):
            w = self.waiting.pop(lid, None) or self.legs.get(lid)
            c = e["counter"]
            d = self._desk(c)
            if w is not None:
                self.desks[c] = replace(
                    d,
                    queue=w.queue,
                    called=e["ts"],
                    started=None,
                    ticket=tid,
                    rest=w.rest,
                    last_active=e["ts"],
                )
                if typ == "called" and data.get("from", "waiting") == "waiting":
                    self.calls.append(RecentCall(e["ts"], w.queue, float(data.get("waited_s", 0.0)), c))
        elif typ == "started":
            c = e["counter"]
            self.desks[c] = replace(self._desk(c), started=e["ts"], last_active=e["ts"])
        elif typ in ("finished", "transferred", "no_show", "held"):
            c = e["counter"]
            if c is not None:
                self.desks[c] = replace(
                    self._desk(c),
                    queue=None,
                    called=None,
                    started=None,
                    ticket=None,
                    rest=(),
                    last_active=e["ts"],
                )
            new = data.get("new_leg")
            if new:
                t = self.tickets.get(tid)
                q = data.get("to") or data.get("next")
                old = self.legs.get(lid)
                if t is not None and typ == "finished" and not str(q).endswith(":pickup"):
                    t.step += 1
                keep = data.get("sort_key")
                if keep is None:
                    kept = self.keep_place and not str(q).endswith(":pickup") and old is not None
                    keep = self._kept_key(tid, e["ts"]) if kept else e["ts"]
                w = Waiting(new, str(q), t.priority if t else 0, float(keep), e["ts"], tid)
                w = replace(w, rest=self._rest(tid, w.queue))
                self.waiting[new] = self.legs[new] = w
        elif typ in ("returned", "reactivated"):
            w = self.legs.get(lid)
            if w is not None:
                self.waiting[lid] = w
        elif typ in ("cancelled", "expired"):
            self.waiting.pop(lid, None)
            c = e.get("counter")
            if c is not None and self.desks.get(c) is not None and self.desks[c].ticket == tid:
                self.desks[c] = replace(self.desks[c], queue=None, called=None, started=None, ticket=None)
        elif typ == "counter":
            c = e["counter"]
            d = self._desk(c)
            action = data.get("action")
            services = tuple(data.get("services") or d.services)
            state = {"open": "open", "resume": "open", "pause": "paused", "close": "closed"}.get(
                action, d.state
            )
            self.desks[c] = replace(d, state=state, services=services)
        while self.calls and self.calls[0].ts < self.ts - RECENT_S:
            self.calls.popleft()

    def _kept_key(self, tid: int, ts: float) -> float:
        return self.first_key.get(tid, ts)

    def _desk(self, c: int) -> Desk:
        d = self.desks.get(c)
        if d is None:
            d = Desk(c, "open" if self.inferred else "closed", self.desk_services.get(c, ()))
            self.desks[c] = d
        return d

    def snapshot(self, ts: float | None = None) -> Snapshot:
        now = self.ts if ts is None else ts
        by: dict[str, list[Waiting]] = {}
        for w in self.waiting.values():
            by.setdefault(w.queue, []).append(w)
        desks = self.desks
        if self.inferred:
            desks = {
                c: replace(
                    d,
                    state="open"
                    if (d.ticket is not None or (d.last_active or -1e18) > now - 1200)
                    else "closed",
                )
                for c, d in desks.items()
            }
        keys = {d.ticket: self._kept_key(d.ticket, now) for d in desks.values() if d.ticket is not None}
        return Snapshot(
            now,
            {q: order(ws) for q, ws in by.items()},
            dict(desks),
            tuple(self.calls),
            self.inferred,
            self.pickup,
            keys,
        )


def visit_events(visits: Sequence[Visit], abandon_after_s: float = 1800.0) -> list[dict[str, Any]]:
    """Events for an external per-customer log: issued, called, finished / no_show / cancelled.

    Servers become desk numbers (in order of first appearance). An abandoned row without a leaving time leaves
    the queue ``abandon_after_s`` after arriving (the log does not say when).
    """
    servers: dict[str, int] = {}
    rows: list[tuple[float, int, dict[str, Any]]] = []
    for i, v in enumerate(visits, start=1):
        day = v.day.isoformat()
        base = {"day": day, "ticket_id": i, "leg_id": i, "service": v.service, "counter": None}
        rows.append(
            (
                v.arrived,
                1,
                {
                    **base,
                    "ts": v.arrived,
                    "type": "issued",
                    "data": {"priority": v.priority, "route": [v.service], "display": v.customer_id},
                },
            )
        )
        c = None
        if v.server is not None:
            c = servers.setdefault(v.server, len(servers) + 1)
        if v.called is not None and c is not None:
            rows.append(
                (
                    v.called,
                    2,
                    {
                        **base,
                        "ts": v.called,
                        "type": "called",
                        "counter": c,
                        "data": {"waited_s": v.called - v.arrived, "from": "waiting"},
                    },
                )
            )
            end = v.finished if v.finished is not None else v.called + 60.0
            typ = {"served": "finished", "no_show": "no_show"}.get(v.outcome, "cancelled")
            rows.append((end, 0, {**base, "ts": end, "type": typ, "counter": c, "data": {}}))
        elif v.outcome == "abandoned":
            end = v.finished if v.finished is not None else v.arrived + abandon_after_s
            rows.append((end, 0, {**base, "ts": end, "type": "cancelled", "data": {}}))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [r[2] for r in rows]


def days_of(events: Iterable[dict[str, Any]]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    cur: str | None = None
    buf: list[dict[str, Any]] = []
    for e in events:
        if e["day"] != cur and buf:
            yield str(cur), buf
            buf = []
        cur = e["day"]
        buf.append(e)
    if buf:
        yield str(cur), buf
