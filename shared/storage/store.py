"""All queue SQL, behind verbs the engine calls. A PostgreSQL store would implement the same methods.

Every method that writes must run inside :meth:`Store.transaction` (``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from shared.models import Alert, Call, CounterInfo, Leg, Ticket
from shared.storage.db import data_version, write

_TICKET_COLS = (
    "id, day, display, token, channel, lang, priority, access, request, bundle, route, issued_at, "
    "checked_in, state, outcome, closed_at, force_closed"
)
_LEG_COLS = (
    "id, ticket_id, step, queue, service, stage, state, priority, ready, sort_key, entered_at, counter, "
    "called_at, started_at, ended_at, recalls, parent_leg_id"
)
_OPEN = "('waiting', 'called', 'serving', 'held')"


def _ticket(row: Sequence[Any]) -> Ticket:
    return Ticket(
        id=row[0],
        day=row[1],
        display=row[2],
        token=row[3],
        channel=row[4],
        lang=row[5],
        priority=row[6],
        access=tuple(json.loads(row[7])),
        request=json.loads(row[8]),
        bundle=row[9],
        route=tuple(json.loads(row[10])),
        issued_at=row[11],
        checked_in=bool(row[12]),
        state=row[13],
        outcome=row[14],
        closed_at=row[15],
        force_closed=bool(row[16]),
    )


def _leg(row: Sequence[Any]) -> Leg:
    return Leg(*row[:8], bool(row[8]), *row[9:])


def _counter(row: Sequence[Any]) -> CounterInfo:
    return CounterInfo(
        number=row[0],
        name=row[1],
        state=row[2],
        reason=row[3],
        services=tuple(json.loads(row[4])),
        clerk=row[5],
        priority_run=row[6],
        updated_at=row[7],
    )


class Store:
    """SQLite storage for one office. Holds one connection; not shared between threads at once."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # -- transactions and change detection -------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        with write(self.conn):
            yield

    def data_version(self) -> int:
        return data_version(self.conn)

    def close(self) -> None:
        self.conn.close()

    def _one(self, sql: str, args: Iterable[Any] = ()) -> Any:
        row = self.conn.execute(sql, tuple(args)).fetchone()
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
        self.conn.execute(
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

    def ensure_counter(self, number: int, name: str, services: Sequence[str]) -> None:
        self.conn.execute(
            "INSERT INTO counter(number, name, services) VALUES (?, ?, ?) "
            "ON CONFLICT(number) DO UPDATE SET name = excluded.name",
            (number, name, json.dumps(list(services))),
        )

    # -- numbering and tickets -------------------------------------------------------------------------------
    def next_number(self, seq: str, day: str) -> int:
        return int(
            self._one(
                "INSERT INTO daily_counter(seq, day, last_no) VALUES (?, ?, 1) "
                "ON CONFLICT(seq, day) DO UPDATE SET last_no = last_no + 1 RETURNING last_no",
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
        cur = self.conn.execute(
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
                json.dumps(request, ensure_ascii=False),
                bundle,
                json.dumps(list(route)),
                issued_at,
                int(checked_in),
            ),
        )
        return int(cur.lastrowid or 0)

    def ticket(self, ticket_id: int) -> Ticket | None:
        row = self.conn.execute(f"SELECT {_TICKET_COLS} FROM ticket WHERE id = ?", (ticket_id,)).fetchone()
        return None if row is None else _ticket(row)

    def ticket_by_token(self, token: str) -> Ticket | None:
        row = self.conn.execute(f"SELECT {_TICKET_COLS} FROM ticket WHERE token = ?", (token,)).fetchone()
        return None if row is None else _ticket(row)

    def ticket_by_display(self, day: str, display: str) -> Ticket | None:
        row = self.conn.execute(
            f"SELECT {_TICKET_COLS} FROM ticket WHERE day = ? AND display = ?", (day, display)
        ).fetchone()
        return None if row is None else _ticket(row)

    def tickets_of_day(self, day: str) -> list[Ticket]:
        rows = self.conn.execute(f"SELECT {_TICKET_COLS} FROM ticket WHERE day = ? ORDER BY id", (day,))
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

    def close_ticket(self, ticket_id: int, outcome: str, ts: float, *, forced: bool = False) -> None:
        self.conn.execute(
            "UPDATE ticket SET state = 'closed', outcome = ?, closed_at = ?, force_closed = ? "
            "WHERE id = ? AND state = 'open'",
            (outcome, ts, int(forced), ticket_id),
        )

    def set_route(self, ticket_id: int, route: Sequence[str]) -> bool:
        cur = self.conn.execute(
            "UPDATE ticket SET route = ? WHERE id = ? AND state = 'open'",
            (json.dumps(list(route)), ticket_id),
        )
        return cur.rowcount == 1

    def reopen_ticket(self, ticket_id: int) -> None:
        self.conn.execute(
            "UPDATE ticket SET state = 'open', outcome = NULL, closed_at = NULL WHERE id = ?", (ticket_id,)
        )

    def set_checked_in(self, ticket_id: int) -> bool:
        cur = self.conn.execute(
            "UPDATE ticket SET checked_in = 1 WHERE id = ? AND checked_in = 0", (ticket_id,)
        )
        self.conn.execute("UPDATE leg SET ready = 1 WHERE ticket_id = ?", (ticket_id,))
        return cur.rowcount == 1

    def purge_requests(self, before_day: str) -> int:
        cur = self.conn.execute(
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
        sort_key: float,
        entered_at: float,
        parent_leg_id: int | None = None,
    ) -> int:
        cur = self.conn.execute(
            "INSERT INTO leg(ticket_id, step, queue, service, stage, state, priority, ready, sort_key, entered_at, "
            "parent_leg_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                ticket_id,
                step,
                queue,
                service,
                stage,
                state,
                priority,
                int(ready),
                sort_key,
                entered_at,
                parent_leg_id,
            ),
        )
        return int(cur.lastrowid or 0)

    def leg(self, leg_id: int) -> Leg | None:
        row = self.conn.execute(f"SELECT {_LEG_COLS} FROM leg WHERE id = ?", (leg_id,)).fetchone()
        return None if row is None else _leg(row)

    def legs_of_ticket(self, ticket_id: int) -> list[Leg]:
        rows = self.conn.execute(f"SELECT {_LEG_COLS} FROM leg WHERE ticket_id = ? ORDER BY id", (ticket_id,))
        return [_leg(r) for r in rows]

    def open_leg(self, ticket_id: int) -> Leg | None:
        row = self.conn.execute(
            f"SELECT {_LEG_COLS} FROM leg WHERE ticket_id = ? AND state IN {_OPEN}", (ticket_id,)
        ).fetchone()
        return None if row is None else _leg(row)

    def last_leg(self, ticket_id: int) -> Leg | None:
        row = self.conn.execute(
            f"SELECT {_LEG_COLS} FROM leg WHERE ticket_id = ? ORDER BY id DESC LIMIT 1", (ticket_id,)
        ).fetchone()
        return None if row is None else _leg(row)

    def active_leg_at(self, counter: int) -> Leg | None:
        row = self.conn.execute(
            f"SELECT {_LEG_COLS} FROM leg WHERE counter = ? AND state IN ('called', 'serving')", (counter,)
        ).fetchone()
        return None if row is None else _leg(row)

    def transition_leg(self, leg_id: int, from_states: Sequence[str], to_state: str, **sets: Any) -> bool:
        """The guard: ``UPDATE … WHERE id = ? AND state IN (…)``. False when another process got there first."""
        cols = ["state = ?"] + [f"{k} = ?" for k in sets]
        marks = ", ".join("?" for _ in from_states)
        cur = self.conn.execute(
            f"UPDATE leg SET {', '.join(cols)} WHERE id = ? AND state IN ({marks})",
            (to_state, *sets.values(), leg_id, *from_states),
        )
        return cur.rowcount == 1

    def bump_recall(self, leg_id: int, counter: int) -> bool:
        cur = self.conn.execute(
            "UPDATE leg SET recalls = recalls + 1 WHERE id = ? AND counter = ? "
            "AND state IN ('called', 'serving')",
            (leg_id, counter),
        )
        return cur.rowcount == 1

    def candidates(self, queues: Sequence[str]) -> list[tuple[int, str, int, float]]:
        """The only waiting legs the call policy can pick: per queue, the oldest of the top priority class and
        the oldest normal one (leg_id, queue, priority, sort_key). Index lookups, not a scan of the queue."""
        out = []
        for q in queues:
            top = self._one(
                "SELECT max(priority) FROM leg WHERE queue = ? AND state = 'waiting' AND ready = 1", (q,)
            )
            if top is None:
                continue
            for p in {top, 0}:
                row = self.conn.execute(
                    "SELECT id, queue, priority, sort_key FROM leg WHERE queue = ? AND state = 'waiting' "
                    "AND ready = 1 AND priority = ? ORDER BY sort_key, id LIMIT 1",
                    (q, p),
                ).fetchone()
                if row is not None:
                    out.append(tuple(row))
        return out

    def queue_entries(self, queues: Sequence[str] | None, states: Sequence[str]) -> list[tuple[Ticket, Leg]]:
        # the redundant first term lets SQLite use the partial index of open legs
        where = [f"leg.state IN {_OPEN}", f"leg.state IN ({', '.join('?' for _ in states)})"]
        args: list[Any] = list(states)
        if queues is not None:
            if not queues:
                return []
            where.append(f"leg.queue IN ({', '.join('?' for _ in queues)})")
            args += list(queues)
        tcols = ", ".join(f"t.{c.strip()}" for c in _TICKET_COLS.split(","))
        lcols = ", ".join(f"leg.{c.strip()}" for c in _LEG_COLS.split(","))
        rows = self.conn.execute(
            f"SELECT {tcols}, {lcols} FROM leg JOIN ticket t ON t.id = leg.ticket_id WHERE {' AND '.join(where)} "
            f"ORDER BY leg.sort_key, leg.id",
            args,
        ).fetchall()
        n = len(_TICKET_COLS.split(","))
        return [(_ticket(r[:n]), _leg(r[n:])) for r in rows]

    def waiting_counts(self) -> dict[str, tuple[int, float | None]]:
        """Per queue: (waiting count, oldest sort_key)."""
        rows = self.conn.execute(
            "SELECT queue, count(*), min(entered_at) FROM leg WHERE state = 'waiting' GROUP BY queue"
        ).fetchall()
        return {q: (n, oldest) for q, n, oldest in rows}

    def people_ahead(self, leg: Leg) -> int:
        """Waiting legs in the same queue that the call policy takes first: higher priority, or older."""
        return int(
            self._one(
                "SELECT count(*) FROM leg WHERE queue = ? AND state = 'waiting' AND ready IN (0, 1) AND priority >= ? "
                "AND (priority > ? OR (sort_key, id) < (?, ?))",
                (leg.queue, leg.priority, leg.priority, leg.sort_key, leg.id),
            )
        )

    def open_legs_of_day(self, day: str) -> list[Leg]:
        rows = self.conn.execute(
            f"SELECT {', '.join('leg.' + c.strip() for c in _LEG_COLS.split(','))} FROM leg "
            f"JOIN ticket t ON t.id = leg.ticket_id WHERE t.day <= ? AND leg.state IN {_OPEN}",
            (day,),
        ).fetchall()
        return [_leg(r) for r in rows]

    # -- counters -------------------------------------------------------------------------------------------
    def counter(self, number: int) -> CounterInfo | None:
        row = self.conn.execute(
            "SELECT number, name, state, reason, services, clerk, priority_run, updated_at "
            "FROM counter WHERE number = ?",
            (number,),
        ).fetchone()
        return None if row is None else _counter(row)

    def counters(self) -> list[CounterInfo]:
        rows = self.conn.execute(
            "SELECT number, name, state, reason, services, clerk, priority_run, updated_at "
            "FROM counter ORDER BY number"
        ).fetchall()
        return [_counter(r) for r in rows]

    def update_counter(self, number: int, **sets: Any) -> None:
        if "services" in sets:
            sets["services"] = json.dumps(list(sets["services"]))
        cols = ", ".join(f"{k} = ?" for k in sets)
        self.conn.execute(f"UPDATE counter SET {cols} WHERE number = ?", (*sets.values(), number))

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
    ) -> int:
        cur = self.conn.execute(
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
                json.dumps(data or {}, ensure_ascii=False),
            ),
        )
        return int(cur.lastrowid or 0)

    def events(
        self,
        *,
        ticket_id: int | None = None,
        since_id: int = 0,
        day: str | None = None,
        types: Sequence[str] | None = None,
    ) -> list[dict[str, Any]]:
        where, args = ["id > ?"], [since_id]
        if ticket_id is not None:
            where.append("ticket_id = ?")
            args.append(ticket_id)
        if day is not None:
            where.append("day = ?")
            args.append(day)
        if types:
            where.append(f"type IN ({', '.join('?' for _ in types)})")
            args += list(types)
        rows = self.conn.execute(
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
        cur = self.conn.execute(
            "INSERT INTO call(ts, day, ticket_id, leg_id, display, service, stage, counter, kind, waited_s) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (ts, day, ticket_id, leg_id, display, service, stage, counter, kind, waited_s),
        )
        return Call(
            int(cur.lastrowid or 0), ts, ticket_id, leg_id, display, service, stage, counter, kind, waited_s
        )

    def calls_since(self, last_id: int, limit: int = 1000) -> list[Call]:
        rows = self.conn.execute(
            "SELECT id, ts, ticket_id, leg_id, display, service, stage, counter, kind, waited_s "
            "FROM call WHERE id > ? ORDER BY id LIMIT ?",
            (last_id, limit),
        ).fetchall()
        return [Call(*r) for r in rows]

    def recent_calls(self, limit: int, day: str | None = None) -> list[Call]:
        where, args = "", [limit]
        if day is not None:
            where, args = "WHERE day = ?", [day, limit]
        rows = self.conn.execute(
            f"SELECT id, ts, ticket_id, leg_id, display, service, stage, counter, kind, "
            f"waited_s FROM call {where} ORDER BY id DESC LIMIT ?",
            args,
        ).fetchall()
        return [Call(*r) for r in rows]

    def last_call_id(self) -> int:
        return int(self._one("SELECT coalesce(max(id), 0) FROM call"))

    # -- issuing state, alerts, notices, job runs -----------------------------------------------------------
    def issuing_states(self) -> dict[str, tuple[str, str | None]]:
        return {s: (st, r) for s, st, r in self.conn.execute("SELECT scope, state, reason FROM issuing")}

    def set_issuing(self, scope: str, state: str, reason: str | None, ts: float) -> None:
        self.conn.execute(
            "INSERT INTO issuing(scope, state, reason, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(scope) DO UPDATE SET state = excluded.state, reason = excluded.reason, "
            "updated_at = excluded.updated_at",
            (scope, state, reason, ts),
        )

    def add_alert(self, ts: float, source: str, kind: str, message: str) -> int:
        cur = self.conn.execute(
            "INSERT INTO alert(ts, source, kind, message) VALUES (?, ?, ?, ?)", (ts, source, kind, message)
        )
        return int(cur.lastrowid or 0)

    def resolve_alerts(self, ts: float, *, alert_id: int | None = None, source: str | None = None) -> int:
        if alert_id is not None:
            cur = self.conn.execute(
                "UPDATE alert SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL", (ts, alert_id)
            )
        else:
            cur = self.conn.execute(
                "UPDATE alert SET resolved_at = ? WHERE source = ? AND resolved_at IS NULL", (ts, source)
            )
        return cur.rowcount

    def open_alerts(self) -> list[Alert]:
        rows = self.conn.execute(
            "SELECT id, ts, source, kind, message, resolved_at FROM alert "
            "WHERE resolved_at IS NULL ORDER BY id"
        ).fetchall()
        return [Alert(*r) for r in rows]

    def add_notice(self, ts: float, names: dict[str, str], until_ts: float | None) -> int:
        cur = self.conn.execute(
            "INSERT INTO notice(ts, names, until_ts) VALUES (?, ?, ?)",
            (ts, json.dumps(names, ensure_ascii=False), until_ts),
        )
        return int(cur.lastrowid or 0)

    def notices(self, ts: float) -> list[dict[str, str]]:
        rows = self.conn.execute(
            "SELECT names FROM notice WHERE until_ts IS NULL OR until_ts > ? ORDER BY id", (ts,)
        ).fetchall()
        return [json.loads(r[0]) for r in rows]

    def claim_job(self, job: str, run_key: str, ts: float, owner: str) -> bool:
        """Insert the run row; False if another process already claimed this run (the run-once guard)."""
        cur = self.conn.execute(
            "INSERT INTO job_run(job, run_key, started_at, owner) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(job, run_key) DO NOTHING",
            (job, run_key, ts, owner),
        )
        return cur.rowcount == 1

    def finish_job(self, job: str, run_key: str, ts: float, result: str) -> None:
        self.conn.execute(
            "UPDATE job_run SET finished_at = ?, result = ? WHERE job = ? AND run_key = ?",
            (ts, result, job, run_key),
        )

    def job_runs(self, job: str | None = None) -> list[tuple[str, str, float, float | None, str, str | None]]:
        if job is None:
            return self.conn.execute(
                "SELECT job, run_key, started_at, finished_at, owner, result FROM job_run ORDER BY started_at"
            ).fetchall()
        return self.conn.execute(
            "SELECT job, run_key, started_at, finished_at, owner, result FROM job_run "
            "WHERE job = ? ORDER BY started_at",
            (job,),
        ).fetchall()

    # -- audit ----------------------------------------------------------------------------------------------
    def leg_states(self) -> list[tuple[int, str]]:
        return self.conn.execute("SELECT id, state FROM leg ORDER BY id").fetchall()

    def ticket_states(self) -> list[tuple[int, str, str | None]]:
        return self.conn.execute("SELECT id, state, outcome FROM ticket ORDER BY id").fetchall()

    def call_count(self) -> int:
        return int(self._one("SELECT count(*) FROM call"))
