"""All queue SQL, behind verbs the engine calls, on either backend (:class:`shared.storage.backend.Database`).

Every method that writes must run inside :meth:`Store.transaction` (SQLite ``BEGIN IMMEDIATE``; PostgreSQL
one advisory write lock per office database, see pg_backend.py for why).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache, lru_cache
from typing import Any, Literal

from shared.models import ACTIVE_LEG_STATES, OPEN_LEG_STATES, Alert, Call, CounterInfo, Leg, Ticket
from shared.storage.backend import Database

_TICKET_COLS = (
    "id, day, display, token, channel, lang, priority, access, request, bundle, route, issued_at, "
    "checked_in, state, outcome, closed_at, force_closed"
)
_LEG_COLS = (
    "id, ticket_id, step, queue, service, stage, state, priority, ready, sort_key, entered_at, counter, "
    "called_at, started_at, ended_at, recalls, parent_leg_id"
)


_COUNTER_COLS = "number, name, state, reason, services, clerk, priority_run, updated_at"
_TICKET_N, _LEG_N, _COUNTER_N = (len(c.split(",")) for c in (_TICKET_COLS, _LEG_COLS, _COUNTER_COLS))
ENTRY_STEP_S = 0.001  # a new entry's sort key is at least this much after the newest waiting one
# :meth:`Store.people_ahead`: waiting legs of queue {q} that the call policy takes before the leg ({p}, {k}, {i})
_AHEAD = (
    "(SELECT count(*) FROM leg a WHERE a.queue = {q} AND a.state = 'waiting' AND a.ready IN (0, 1) "
    "AND a.priority >= {p} AND (a.priority > {p} OR (a.sort_key, a.id) < ({k}, {i})))"
)


@cache  # a handful of (alias, columns) pairs, asked for on every call of a hot read
def _of(alias: str, cols: str) -> str:
    """``_of("t", "id, day")`` → ``"t.id, t.day"`` (a column list qualified for a join)."""
    return ", ".join(f"{alias}.{c.strip()}" for c in cols.split(","))


def _sql_set(states: tuple[str, ...]) -> str:
    """``('waiting', 'called')``: a state tuple of shared.models as an SQL list (the same text the partial
    indexes use, so SQLite can use them)."""
    return "(" + ", ".join(f"'{s}'" for s in states) + ")"


OPEN_SQL = _sql_set(OPEN_LEG_STATES)
ACTIVE_SQL = _sql_set(ACTIVE_LEG_STATES)
# :meth:`Store.counter_at` (a counter with its ticket and leg in hand), built once: it runs on nearly every verb
_COUNTER_AT = (
    f"SELECT {_of('counter', _COUNTER_COLS)}, {_of('t', _TICKET_COLS)}, {_of('leg', _LEG_COLS)} "
    "FROM counter "
    f"LEFT JOIN leg ON leg.counter = counter.number AND leg.state IN {ACTIVE_SQL} "
    "LEFT JOIN ticket t ON t.id = leg.ticket_id WHERE counter.number = ?"
)


# ``json.dumps(x, ensure_ascii=False)`` (the same text) without building an encoder on every call: an event is
# written with every engine verb
_text = json.JSONEncoder(ensure_ascii=False).encode


@lru_cache(maxsize=4096)
def _codes(text: str) -> tuple[str, ...]:
    """A JSON list of codes (a ticket's access needs or route, a counter's services) as a tuple. The same few
    texts come back on row after row, and the tuple is immutable, so each is decoded once."""
    return tuple(json.loads(text))


def _request(text: str) -> dict[str, Any]:
    """A ticket's request (a fresh dict each time: the caller may keep and change it); most are empty."""
    return {} if text == "{}" else json.loads(text)


def _ticket(row: Sequence[Any]) -> Ticket:
    return Ticket(
        id=row[0],
        day=row[1],
        display=row[2],
        token=row[3],
        channel=row[4],
        lang=row[5],
        priority=row[6],
        access=_codes(row[7]),
        request=_request(row[8]),
        bundle=row[9],
        route=_codes(row[10]),
        issued_at=row[11],
        checked_in=bool(row[12]),
        state=row[13],
        outcome=row[14],
        closed_at=row[15],
        force_closed=bool(row[16]),
    )


def _leg(row: Sequence[Any]) -> Leg:
    lid, ticket_id, step, queue, service, stage, state, priority, ready, *rest = row
    return Leg(lid, ticket_id, step, queue, service, stage, state, priority, bool(ready), *rest)


def _counter(row: Sequence[Any]) -> CounterInfo:
    return CounterInfo(
        number=row[0],
        name=row[1],
        state=row[2],
        reason=row[3],
        services=_codes(row[4]),
        clerk=row[5],
        priority_run=row[6],
        updated_at=row[7],
    )


@lru_cache(maxsize=64)
def _candidates_sql(n_queues: int) -> str:
    """:meth:`Store.candidates`' statement for ``n_queues`` queues (four ``?`` per queue), built once per count."""
    walk_in = (
        "SELECT id, queue, priority, sort_key, slot_ts, ticket_id FROM leg "
        "WHERE queue = ? AND state = 'waiting' "
        "AND ready = 1 AND slot_ts IS NULL AND priority = {p} ORDER BY sort_key, id LIMIT 1"
    )
    top = (
        "(SELECT max(priority) FROM leg WHERE queue = ? AND state = 'waiting' AND ready = 1 "
        "AND slot_ts IS NULL)"
    )
    booked = (  # 来庁予約 (shared.booking): the appointment that is due first
        "SELECT id, queue, priority, sort_key, slot_ts, ticket_id FROM leg "
        "WHERE queue = ? AND state = 'waiting' "
        "AND ready = 1 AND slot_ts IS NOT NULL ORDER BY slot_ts, id LIMIT 1"
    )
    arms: list[str] = []
    for _ in range(n_queues):
        arms += [walk_in.format(p=top), walk_in.format(p="0"), booked]
    union = " UNION ALL ".join(f"SELECT * FROM ({a}) c{i}" for i, a in enumerate(arms))
    return (
        f"SELECT c.id, c.queue, c.priority, c.sort_key, c.slot_ts, {_of('t', _TICKET_COLS)} FROM ({union}) c "
        "JOIN ticket t ON t.id = c.ticket_id"
    )


class Store:
    """The queue tables of one office. Holds one connection; not shared between threads at once."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- transactions and change detection -------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.db.transaction():
            yield

    def data_version(self) -> int:
        return self.db.data_version()

    def close(self) -> None:
        self.db.close()

    def _one(self, sql: str, args: Iterable[Any] = ()) -> Any:
        row = self.db.execute(sql, tuple(args)).fetchone()
        return None if row is None else row[0]

    # -- reference data --------------------------------------------------------------------------------------
    def upsert_service(
        self,
        code: str,
        prefix: str,
        group: str,
        name_ja: str,
        names: dict[str, str],
        target_wait_min: int,
        service_min: float,
        pickup: bool,
    ) -> None:
        self.db.execute(
            "INSERT INTO service(code, prefix, grp, name_ja, names, target_wait_min, service_min, pickup) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(code) DO UPDATE SET prefix=excluded.prefix, "
            "grp=excluded.grp, name_ja=excluded.name_ja, names=excluded.names, "
            "target_wait_min=excluded.target_wait_min, service_min=excluded.service_min, pickup=excluded.pickup",
            (
                code,
                prefix,
                group,
                name_ja,
                json.dumps(names, ensure_ascii=False),
                target_wait_min,
                service_min,
                int(pickup),
            ),
        )

    def reference_rows(self) -> tuple[dict[str, tuple[Any, ...]], dict[int, str]]:
        """What :meth:`upsert_service` and :meth:`ensure_counter` stored: per service code its row (in their
        argument order), per counter number its name."""
        services = {
            r[0]: (r[1], r[2], r[3], json.loads(r[4]), r[5], r[6], bool(r[7]))
            for r in self.db.execute(
                "SELECT code, prefix, grp, name_ja, names, target_wait_min, service_min, pickup FROM service"
            )
        }
        counters = {int(r[0]): str(r[1]) for r in self.db.execute("SELECT number, name FROM counter")}
        return services, counters

    def ensure_counter(self, number: int, name: str, services: Sequence[str]) -> None:
        self.db.execute(
            "INSERT INTO counter(number, name, services) VALUES (?, ?, ?) "
            "ON CONFLICT(number) DO UPDATE SET name = excluded.name",
            (number, name, json.dumps(list(services))),
        )

    # -- numbering and tickets -------------------------------------------------------------------------------
    def next_number(self, seq: str, day: str) -> int:
        return int(
            self._one(
                "INSERT INTO daily_counter(seq, day, last_no) VALUES (?, ?, 1) "
                "ON CONFLICT(seq, day) DO UPDATE SET last_no = daily_counter.last_no + 1 RETURNING last_no",
                (seq, day),
            )
        )

    def insert_ticket(
        self,
        *,
        day: str,
        seq: str,
        number: int,
        display: str,
        token: str,
        channel: str,
        lang: str,
        priority: int,
        access: Sequence[str],
        request: dict[str, Any],
        bundle: str | None,
        route: Sequence[str],
        issued_at: float,
        checked_in: bool,
    ) -> int:
        return self.db.insert(
            "INSERT INTO ticket(day, seq, number, display, token, channel, lang, priority, access, request, bundle, "
            "route, issued_at, checked_in) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                day,
                seq,
                number,
                display,
                token,
                channel,
                lang,
                priority,
                json.dumps(list(access)),
                _text(request),
                bundle,
                json.dumps(list(route)),
                issued_at,
                int(checked_in),
            ),
        )

    def ticket(self, ticket_id: int) -> Ticket | None:
        row = self.db.execute(f"SELECT {_TICKET_COLS} FROM ticket WHERE id = ?", (ticket_id,)).fetchone()
        return None if row is None else _ticket(row)

    def ticket_by_token(self, token: str) -> Ticket | None:
        row = self.db.execute(f"SELECT {_TICKET_COLS} FROM ticket WHERE token = ?", (token,)).fetchone()
        return None if row is None else _ticket(row)

    def ticket_by_display(self, day: str, display: str) -> Ticket | None:
        row = self.db.execute(
            f"SELECT {_TICKET_COLS} FROM ticket WHERE day = ? AND display = ?", (day, display)
        ).fetchone()
        return None if row is None else _ticket(row)

    def tickets_of_day(self, day: str) -> list[Ticket]:
        rows = self.db.execute(f"SELECT {_TICKET_COLS} FROM ticket WHERE day = ? ORDER BY id", (day,))
        return [_ticket(r) for r in rows]

    def count_issued(self, day: str, service: str) -> int:
        """Tickets whose first leg is at ``service`` today (the daily cap counts these)."""
        return int(
            self._one(
                "SELECT count(*) FROM leg JOIN ticket t ON t.id = leg.ticket_id "
                "WHERE t.day = ? AND leg.service = ? AND leg.step = 0 AND leg.parent_leg_id IS NULL",
                (day, service),
            )
        )

    def close_ticket(self, ticket_id: int, outcome: str, ts: float, *, forced: bool = False) -> Ticket | None:
        """The ticket as closed (read back in the same statement), or None if it was not open."""
        row = self.db.execute(
            "UPDATE ticket SET state = 'closed', outcome = ?, closed_at = ?, force_closed = ? "
            f"WHERE id = ? AND state = 'open' RETURNING {_TICKET_COLS}",
            (outcome, ts, int(forced), ticket_id),
        ).fetchall()
        return _ticket(row[0]) if row else None

    def set_route(self, ticket_id: int, route: Sequence[str]) -> bool:
        cur = self.db.execute(
            "UPDATE ticket SET route = ? WHERE id = ? AND state = 'open'",
            (json.dumps(list(route)), ticket_id),
        )
        return cur.rowcount == 1

    def reopen_ticket(self, ticket_id: int) -> None:
        self.db.execute(
            "UPDATE ticket SET state = 'open', outcome = NULL, closed_at = NULL WHERE id = ?", (ticket_id,)
        )

    def set_checked_in(self, ticket_id: int) -> bool:
        cur = self.db.execute(
            "UPDATE ticket SET checked_in = 1 WHERE id = ? AND checked_in = 0", (ticket_id,)
        )
        self.db.execute("UPDATE leg SET ready = 1 WHERE ticket_id = ?", (ticket_id,))
        return cur.rowcount == 1

    def purge_requests(self, before_day: str) -> int:
        cur = self.db.execute(
            "UPDATE ticket SET request = '{}' WHERE day < ? AND request <> '{}'", (before_day,)
        )
        return cur.rowcount

    # -- legs -----------------------------------------------------------------------------------------------
    def insert_leg(
        self,
        *,
        ticket_id: int,
        step: int,
        queue: str,
        service: str,
        stage: str,
        state: str,
        priority: int,
        ready: bool,
        sort_key: float | Literal["entry", "first"],
        entered_at: float,
        parent_leg_id: int | None = None,
    ) -> Leg:
        """The new leg as stored, in one statement. ``sort_key``: its place in the queue, given, or worked out
        by the same statement: "entry" (a visitor entering now: ``entered_at``, but never before anyone already
        waiting, so the order of the queue does not depend on one PC's wall clock: after an NTP step back, or
        on a kiosk whose clock is behind, a new ticket still goes behind everyone waiting), "first" (the
        ticket's place when it was issued: its first leg's key)."""
        args = dict(
            ticket_id=ticket_id,
            step=step,
            queue=queue,
            service=service,
            stage=stage,
            state=state,
            priority=priority,
            ready=ready,
            sort_key=sort_key,
            entered_at=entered_at,
            parent_leg_id=parent_leg_id,
        )
        return self._insert_leg(args, ahead=False)[0]

    def issue_leg(
        self,
        *,
        ticket_id: int,
        queue: str,
        service: str,
        priority: int,
        ready: bool,
        entered_at: float,
    ) -> tuple[Leg, int]:
        """A new ticket's first leg (waiting, "entry" place) and the people ahead of it
        (:meth:`people_ahead`), in one statement."""
        args = dict(
            ticket_id=ticket_id,
            step=0,
            queue=queue,
            service=service,
            stage="service",
            state="waiting",
            priority=priority,
            ready=ready,
            sort_key="entry",
            entered_at=entered_at,
            parent_leg_id=None,
        )
        leg, ahead = self._insert_leg(args, ahead=True)
        assert ahead is not None
        return leg, ahead

    def _insert_leg(self, a: dict[str, Any], *, ahead: bool) -> tuple[Leg, int | None]:
        key, key_args = "?", [a["sort_key"]]
        if a["sort_key"] == "entry":
            key = (
                "(SELECT CASE WHEN max(sort_key) IS NULL OR ? > max(sort_key) THEN ? ELSE max(sort_key) + ? END "
                "FROM leg WHERE state = 'waiting')"
            )
            key_args = [a["entered_at"], a["entered_at"], ENTRY_STEP_S]
        elif a["sort_key"] == "first":
            key = (
                "coalesce((SELECT sort_key FROM leg WHERE ticket_id = ? ORDER BY id LIMIT 1), "
                "(SELECT issued_at FROM ticket WHERE id = ?))"
            )
            key_args = [a["ticket_id"], a["ticket_id"]]
        # the count sees the legs before this one (PostgreSQL's RETURNING sees the statement's snapshot, SQLite's
        # the new row too: the strict (sort_key, id) < excludes it either way)
        count = (
            f", {_AHEAD.format(q='leg.queue', p='leg.priority', k='leg.sort_key', i='leg.id')}"
            if ahead
            else ""
        )
        rows = self.db.execute(
            "INSERT INTO leg(ticket_id, step, queue, service, stage, state, priority, ready, sort_key, entered_at, "
            f"parent_leg_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, {key}, ?, ?) RETURNING {_LEG_COLS}{count}",
            (
                a["ticket_id"],
                a["step"],
                a["queue"],
                a["service"],
                a["stage"],
                a["state"],
                a["priority"],
                int(a["ready"]),
                *key_args,
                a["entered_at"],
                a["parent_leg_id"],
            ),
        ).fetchall()
        row = rows[0]
        return _leg(row[:_LEG_N]), (int(row[_LEG_N]) if ahead else None)

    def leg(self, leg_id: int) -> Leg | None:
        row = self.db.execute(f"SELECT {_LEG_COLS} FROM leg WHERE id = ?", (leg_id,)).fetchone()
        return None if row is None else _leg(row)

    def legs_of_ticket(self, ticket_id: int) -> list[Leg]:
        rows = self.db.execute(f"SELECT {_LEG_COLS} FROM leg WHERE ticket_id = ? ORDER BY id", (ticket_id,))
        return [_leg(r) for r in rows]

    def open_leg(self, ticket_id: int) -> Leg | None:
        row = self.db.execute(
            f"SELECT {_LEG_COLS} FROM leg WHERE ticket_id = ? AND state IN {OPEN_SQL}", (ticket_id,)
        ).fetchone()
        return None if row is None else _leg(row)

    def last_leg(self, ticket_id: int) -> Leg | None:
        row = self.db.execute(
            f"SELECT {_LEG_COLS} FROM leg WHERE ticket_id = ? ORDER BY id DESC LIMIT 1", (ticket_id,)
        ).fetchone()
        return None if row is None else _leg(row)

    def active_legs(self) -> list[Leg]:
        """The leg each counter has called or is serving (≤ 1 per counter, by the partial unique index)."""
        rows = self.db.execute(
            f"SELECT {_LEG_COLS} FROM leg WHERE counter IS NOT NULL AND state IN ('called', 'serving')"
        ).fetchall()
        return [_leg(r) for r in rows]

    def tickets_by_id(self, ids: Sequence[int]) -> dict[int, Ticket]:
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        rows = self.db.execute(
            f"SELECT {_TICKET_COLS} FROM ticket WHERE id IN ({marks})", tuple(ids)
        ).fetchall()
        return {t.id: t for t in map(_ticket, rows)}

    def counter_at(self, number: int) -> tuple[CounterInfo, tuple[Ticket, Leg] | None] | None:
        """A counter and the ticket it has called or is serving (with that leg), in one statement."""
        row = self.db.execute(_COUNTER_AT, (number,)).fetchone()
        if row is None:
            return None
        c, n = _counter(row), _COUNTER_N
        if row[n] is None:
            return c, None
        return c, (_ticket(row[n : n + _TICKET_N]), _leg(row[n + _TICKET_N :]))

    def active_leg_at(self, counter: int) -> Leg | None:
        row = self.db.execute(
            f"SELECT {_LEG_COLS} FROM leg WHERE counter = ? AND state IN {ACTIVE_SQL}", (counter,)
        ).fetchone()
        return None if row is None else _leg(row)

    def transition_leg(
        self, leg_id: int, from_states: Sequence[str], to_state: str, **sets: Any
    ) -> Leg | None:
        """The guard: ``UPDATE … WHERE id = ? AND state IN (…)``. The leg as updated (read back in the same
        statement), or None when another process got there first."""
        cols = ["state = ?"] + [f"{k} = ?" for k in sets]
        marks = ", ".join("?" for _ in from_states)
        rows = self.db.execute(
            f"UPDATE leg SET {', '.join(cols)} WHERE id = ? AND state IN ({marks}) RETURNING {_LEG_COLS}",
            (to_state, *sets.values(), leg_id, *from_states),
        ).fetchall()
        return _leg(rows[0]) if rows else None

    def bump_recall(self, leg_id: int, counter: int) -> bool:
        cur = self.db.execute(
            f"UPDATE leg SET recalls = recalls + 1 WHERE id = ? AND counter = ? AND state IN {ACTIVE_SQL}",
            (leg_id, counter),
        )
        return cur.rowcount == 1

    def candidates(
        self, queues: Sequence[str]
    ) -> list[tuple[tuple[int, str, int, float, float | None], Ticket]]:
        """The only waiting legs the call policy can pick: per queue, the oldest walk-in of the top priority
        class, the oldest normal one, and the booked leg with the earliest slot ((leg_id, queue, priority,
        sort_key, slot_ts), with the leg's ticket). One statement of index lookups, not a scan of the queue."""
        if not queues:
            return []
        rows = self.db.execute(_candidates_sql(len(queues)), [q for q in queues for _ in range(4)]).fetchall()
        out, seen = [], set()
        for r in rows:
            if r[0] not in seen:  # the top class is 0: its oldest walk-in came twice
                seen.add(r[0])
                out.append((tuple(r[:5]), _ticket(r[5:])))
        return out

    def queue_entries(self, queues: Sequence[str] | None, states: Sequence[str]) -> list[tuple[Ticket, Leg]]:
        # the redundant first term lets SQLite use the partial index of open legs
        where = [f"leg.state IN {OPEN_SQL}", f"leg.state IN ({', '.join('?' for _ in states)})"]
        args: list[Any] = list(states)
        if queues is not None:
            if not queues:
                return []
            where.append(f"leg.queue IN ({', '.join('?' for _ in queues)})")
            args += list(queues)
        rows = self.db.execute(
            f"SELECT {_of('t', _TICKET_COLS)}, {_of('leg', _LEG_COLS)} FROM leg JOIN ticket t ON t.id = leg.ticket_id "
            f"WHERE {' AND '.join(where)} "
            f"ORDER BY leg.sort_key, leg.id",
            args,
        ).fetchall()
        n = _TICKET_N
        return [(_ticket(r[:n]), _leg(r[n:])) for r in rows]

    def waiting_counts(self) -> dict[str, tuple[int, float | None]]:
        """Per queue: (waiting count, oldest sort_key)."""
        rows = self.db.execute(
            "SELECT queue, count(*), min(entered_at) FROM leg WHERE state = 'waiting' GROUP BY queue"
        ).fetchall()
        return {q: (n, oldest) for q, n, oldest in rows}

    def people_ahead(self, leg: Leg) -> int:
        """Waiting legs in the same queue that the call policy takes first: higher priority, or older."""
        return int(
            self._one(
                "SELECT " + _AHEAD.format(q="?", p="?", k="?", i="?"),
                (leg.queue, leg.priority, leg.priority, leg.sort_key, leg.id),
            )
        )

    def open_legs_of_day(self, day: str) -> list[Leg]:
        rows = self.db.execute(
            f"SELECT {_of('leg', _LEG_COLS)} FROM leg "
            # SQLite's CROSS JOIN fixes the order: the few open legs first (partial index), not every ticket of
            # every earlier day; PostgreSQL's planner needs no hint (and has no CROSS JOIN … ON)
            f"{'CROSS JOIN' if self.db.dialect == 'sqlite' else 'JOIN'} ticket t ON t.id = leg.ticket_id "
            f"WHERE t.day <= ? AND leg.state IN {OPEN_SQL}",
            (day,),
        ).fetchall()
        return [_leg(r) for r in rows]

    # -- counters -------------------------------------------------------------------------------------------
    def counter(self, number: int) -> CounterInfo | None:
        row = self.db.execute(f"SELECT {_COUNTER_COLS} FROM counter WHERE number = ?", (number,)).fetchone()
        return None if row is None else _counter(row)

    def counters(self) -> list[CounterInfo]:
        rows = self.db.execute(f"SELECT {_COUNTER_COLS} FROM counter ORDER BY number").fetchall()
        return [_counter(r) for r in rows]

    def update_counter(self, number: int, **sets: Any) -> None:
        if "services" in sets:
            sets["services"] = json.dumps(list(sets["services"]))
        cols = ", ".join(f"{k} = ?" for k in sets)
        self.db.defer(f"UPDATE counter SET {cols} WHERE number = ?", (*sets.values(), number))

    # -- events and calls -----------------------------------------------------------------------------------
    def add_event(
        self,
        *,
        ts: float,
        day: str,
        type: str,
        ticket_id: int | None,
        leg_id: int | None,
        service: str | None,
        counter: int | None,
        actor: str | None,
        data: dict[str, Any] | None = None,
    ) -> None:
        """Appended to the event log; on PostgreSQL sent with the transaction's next statement or its COMMIT
        (:meth:`Database.defer`: nobody reads its id)."""
        self.db.defer(
            "INSERT INTO event(ts, day, type, ticket_id, leg_id, service, counter, actor, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                ts,
                day,
                type,
                ticket_id,
                leg_id,
                service,
                counter,
                actor,
                _text(data or {}),
            ),
        )

    def events(
        self,
        *,
        ticket_id: int | None = None,
        since_id: int = 0,
        day: str | None = None,
        types: Sequence[str] | None = None,
    ) -> list[dict[str, Any]]:
        where: list[str] = ["id > ?"]
        args: list[Any] = [since_id]
        if ticket_id is not None:
            where.append("ticket_id = ?")
            args.append(ticket_id)
        if day is not None:
            where.append("day = ?")
            args.append(day)
        if types:
            where.append(f"type IN ({', '.join('?' for _ in types)})")
            args += list(types)
        rows = self.db.execute(
            "SELECT id, ts, day, type, ticket_id, leg_id, service, counter, actor, data FROM event "
            f"WHERE {' AND '.join(where)} ORDER BY id",
            args,
        ).fetchall()
        keys = ("id", "ts", "day", "type", "ticket_id", "leg_id", "service", "counter", "actor", "data")
        out = []
        for r in rows:
            d = dict(zip(keys, r, strict=True))
            d["data"] = json.loads(d["data"])
            out.append(d)
        return out

    def add_call(
        self,
        *,
        ts: float,
        day: str,
        ticket_id: int,
        leg_id: int,
        display: str,
        service: str,
        stage: str,
        counter: int,
        kind: str,
        waited_s: float,
    ) -> Call:
        call_id = self.db.insert(
            "INSERT INTO call(ts, day, ticket_id, leg_id, display, service, stage, counter, kind, waited_s) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (ts, day, ticket_id, leg_id, display, service, stage, counter, kind, waited_s),
        )
        return Call(call_id, ts, ticket_id, leg_id, display, service, stage, counter, kind, waited_s)

    def calls_since(self, last_id: int, limit: int = 1000) -> list[Call]:
        rows = self.db.execute(
            "SELECT id, ts, ticket_id, leg_id, display, service, stage, counter, kind, waited_s "
            "FROM call WHERE id > ? ORDER BY id LIMIT ?",
            (last_id, limit),
        ).fetchall()
        return [Call(*r) for r in rows]

    def recent_calls(self, limit: int, day: str | None = None) -> list[Call]:
        where, args = "", list[Any]([limit])
        if day is not None:
            where, args = "WHERE day = ?", [day, limit]
        rows = self.db.execute(
            f"SELECT id, ts, ticket_id, leg_id, display, service, stage, counter, kind, "
            f"waited_s FROM call {where} ORDER BY id DESC LIMIT ?",
            args,
        ).fetchall()
        return [Call(*r) for r in rows]

    def last_call_id(self) -> int:
        return int(self._one("SELECT coalesce(max(id), 0) FROM call"))

    # -- issuing state, alerts, notices, job runs -----------------------------------------------------------
    def issuing_states(self) -> dict[str, tuple[str, str | None]]:
        return {s: (st, r) for s, st, r in self.db.execute("SELECT scope, state, reason FROM issuing")}

    def set_issuing(self, scope: str, state: str, reason: str | None, ts: float) -> None:
        self.db.execute(
            "INSERT INTO issuing(scope, state, reason, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(scope) DO UPDATE SET state = excluded.state, reason = excluded.reason, "
            "updated_at = excluded.updated_at",
            (scope, state, reason, ts),
        )

    def add_alert(self, ts: float, source: str, kind: str, message: str) -> int:
        return self.db.insert(
            "INSERT INTO alert(ts, source, kind, message) VALUES (?, ?, ?, ?)", (ts, source, kind, message)
        )

    def resolve_alerts(self, ts: float, *, alert_id: int | None = None, source: str | None = None) -> int:
        if alert_id is not None:
            cur = self.db.execute(
                "UPDATE alert SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL", (ts, alert_id)
            )
        else:
            cur = self.db.execute(
                "UPDATE alert SET resolved_at = ? WHERE source = ? AND resolved_at IS NULL", (ts, source)
            )
        return cur.rowcount

    def open_alerts(self) -> list[Alert]:
        rows = self.db.execute(
            "SELECT id, ts, source, kind, message, resolved_at FROM alert "
            "WHERE resolved_at IS NULL ORDER BY id"
        ).fetchall()
        return [Alert(*r) for r in rows]

    def add_notice(self, ts: float, names: dict[str, str], until_ts: float | None) -> int:
        return self.db.insert(
            "INSERT INTO notice(ts, names, until_ts) VALUES (?, ?, ?)",
            (ts, json.dumps(names, ensure_ascii=False), until_ts),
        )

    def notices(self, ts: float) -> list[dict[str, str]]:
        rows = self.db.execute(
            "SELECT names FROM notice WHERE until_ts IS NULL OR until_ts > ? ORDER BY id", (ts,)
        ).fetchall()
        return [json.loads(r[0]) for r in rows]

    def end_day_notices(self, ts: float) -> int:
        """End every notice that runs until a set time (today's notices); standing ones (no end) stay."""
        cur = self.db.execute(
            "UPDATE notice SET until_ts = ? WHERE until_ts IS NOT NULL AND until_ts > ?", (ts, ts)
        )
        return cur.rowcount

    def day_notice(self, ts: float) -> dict[str, str] | None:
        """Today's notice (the newest one with an end time still ahead), or None."""
        row = self.db.execute(
            "SELECT names FROM notice WHERE until_ts IS NOT NULL AND until_ts > ? ORDER BY id DESC LIMIT 1",
            (ts,),
        ).fetchone()
        return None if row is None else json.loads(row[0])

    def claim_job(self, job: str, run_key: str, ts: float, owner: str) -> bool:
        """Insert the run row; False if another process already claimed this run (the run-once guard)."""
        cur = self.db.execute(
            "INSERT INTO job_run(job, run_key, started_at, owner) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(job, run_key) DO NOTHING",
            (job, run_key, ts, owner),
        )
        return cur.rowcount == 1

    def finish_job(self, job: str, run_key: str, ts: float, result: str) -> None:
        self.db.execute(
            "UPDATE job_run SET finished_at = ?, result = ? WHERE job = ? AND run_key = ?",
            (ts, result, job, run_key),
        )

    def job_runs(self, job: str | None = None) -> list[tuple[str, str, float, float | None, str, str | None]]:
        if job is None:
            return self.db.execute(
                "SELECT job, run_key, started_at, finished_at, owner, result FROM job_run ORDER BY started_at"
            ).fetchall()
        return self.db.execute(
            "SELECT job, run_key, started_at, finished_at, owner, result FROM job_run "
            "WHERE job = ? ORDER BY started_at",
            (job,),
        ).fetchall()

    # -- audit ----------------------------------------------------------------------------------------------
    def leg_states(self) -> list[tuple[int, str]]:
        return self.db.execute("SELECT id, state FROM leg ORDER BY id").fetchall()

    def ticket_states(self) -> list[tuple[int, str, str | None]]:
        return self.db.execute("SELECT id, state, outcome FROM ticket ORDER BY id").fetchall()

    def call_count(self) -> int:
        return int(self._one("SELECT count(*) FROM call"))
