"""Round trips to the server, counted on the wire (tests/pg/proxy.py counts each simple query and each Sync).

A verb's latency on PostgreSQL is its round trips, and the write lock is held for all of them: the backend adds
exactly one (the COMMIT) to the statements the engine runs. BEGIN and the advisory lock ride with the first
statement, the xid with the first write, and the writes nobody reads back (event rows, a counter's run count:
``Database.defer``) with the next statement or the COMMIT. Each verb's count is pinned: a statement added back
to a hot verb fails here with the number it now costs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from shared.engine import QueueEngine
from shared.office import open_office
from shared.storage.backend import ConstraintError
from tests.conftest import NOW
from tests.pg.proxy import CommitCutter

pytestmark = pytest.mark.backends("postgresql")

# issue: issuing states, number, ticket, leg (its place and the people ahead in the same INSERT), COMMIT (+ event)
# call_next: counter with its current ticket, the candidates with their tickets, the guarded UPDATE … RETURNING
# the leg, the call row, COMMIT (+ the counter's priority run, the event)
# finish: counter with its current ticket, the guarded UPDATE … RETURNING, the ticket's close … RETURNING, COMMIT
# (+ event). Before: 8, 12, 9.
ROUND_TRIPS = {"issue": 5, "call_next": 5, "finish": 4}


@pytest.fixture
def wire(pg_cluster: Any) -> Iterator[CommitCutter]:
    c = CommitCutter(pg_cluster.port)
    yield c
    c.close()


def _via_proxy(url: str, port: int) -> str:
    host, rest = url.rsplit("@", 1)
    return f"{host}@127.0.0.1:{port}/{rest.split('/', 1)[1]}"


class _Counted:
    """Counts the statements a verb hands to the Database (the engine's own work)."""

    def __init__(self, engine: QueueEngine) -> None:
        self.n = 0
        db = engine.store.db
        inner = db.execute

        def execute(sql: str, args: Any = ()) -> Any:
            self.n += 1
            return inner(sql, args)

        db.execute = execute  # type: ignore[method-assign]


def _measure(wire: CommitCutter, counted: _Counted, fn: Any) -> tuple[int, int]:
    r0, s0 = wire.round_trips, counted.n
    fn()
    return wire.round_trips - r0, counted.n - s0


def test_a_write_transaction_costs_its_statements_plus_the_commit(
    backend: str, db_path: str, wire: CommitCutter
) -> None:
    setup = open_office(db_path)
    setup.open_counter(4, now=NOW)
    setup.store.close()
    e = open_office(_via_proxy(db_path, wire.port))
    counted = _Counted(e)
    for _ in range(6):  # warm: psycopg prepares a statement on its 6th run (one extra round trip, once)
        e.issue("MOVE", now=NOW)
        e.call_next(4, now=NOW)
        e.finish(4, now=NOW)
    e.issue("MOVE", now=NOW)
    for name, verb in (
        ("issue", lambda: e.issue("MOVE", now=NOW)),
        ("call_next", lambda: e.call_next(4, now=NOW)),
        ("finish", lambda: e.finish(4, now=NOW)),
    ):
        trips, statements = _measure(wire, counted, verb)
        assert trips == statements + 1, f"{name}: {trips} round trips for {statements} statements"
        assert trips == ROUND_TRIPS[name], f"{name}: {trips} round trips, pinned at {ROUND_TRIPS[name]}"
    e.store.close()


def test_a_transaction_with_nothing_in_it_costs_nothing_and_a_read_only_one_no_probe(
    backend: str, db_path: str, wire: CommitCutter
) -> None:
    e = open_office(_via_proxy(db_path, wire.port))
    db = e.store.db
    r0 = wire.round_trips
    with db.transaction():
        pass
    with db.snapshot():
        pass
    assert wire.round_trips == r0
    with db.snapshot():
        db.execute("SELECT count(*) FROM ticket").fetchone()
        db.execute("SELECT count(*) FROM leg").fetchone()
    assert wire.round_trips == r0 + 3  # BEGIN with the first read, the second read, COMMIT
    e.store.close()


def _events(db: Any) -> int:
    return int(db.scalar("SELECT count(*) FROM event WHERE id > ?", (0,)))  # bound: a deferred % is escaped


def _event(db: Any, data: str = "{}") -> None:
    db.defer(
        "INSERT INTO event(ts, day, type, ticket_id, leg_id, service, counter, actor, data) "
        "VALUES (?, ?, ?, NULL, NULL, NULL, NULL, NULL, ?)",
        (1.0, "2026-11-24", "notice", data),
    )


def test_a_deferred_write_rides_with_the_next_statement_and_is_seen_by_it(
    backend: str, db_path: str, wire: CommitCutter
) -> None:
    e = open_office(_via_proxy(db_path, wire.port))
    db = e.store.db
    before = _events(db)
    r0 = wire.round_trips
    with db.transaction():
        assert _events(db) == before  # BEGIN rides with it
        _event(db, '{"text": "50% off; it\'s -- not a comment ?"}')
        _event(db)
        assert wire.round_trips == r0 + 1  # held back: no round trip of their own
        assert _events(db) == before + 2  # sent ahead of this read, in its query
        _event(db)
    assert wire.round_trips == r0 + 3  # the last one went with the COMMIT
    assert _events(db) == before + 3
    texts = [r[0] for r in db.execute("SELECT data FROM event ORDER BY id DESC LIMIT 3").fetchall()]
    assert '{"text": "50% off; it\'s -- not a comment ?"}' in texts  # bound once, not re-bound with the next
    e.store.close()


def test_deferred_writes_go_with_a_rolled_back_savepoint_or_transaction_and_a_failing_one_fails_the_commit(
    backend: str, db_path: str, wire: CommitCutter
) -> None:
    e = open_office(_via_proxy(db_path, wire.port))
    db = e.store.db
    before = _events(db)
    with db.transaction():
        _events(db)
        _event(db)  # before the savepoint: kept
        with pytest.raises(RuntimeError), db.transaction():
            _event(db)  # inside it: undone with it
            raise RuntimeError
        _event(db)
    assert _events(db) == before + 2
    with pytest.raises(RuntimeError), db.transaction():
        _events(db)
        _event(db)
        raise RuntimeError
    assert _events(db) == before + 2
    e.store.ensure_counter(99, "x", [])
    with pytest.raises(ConstraintError), db.transaction():  # the unique key refuses it at COMMIT: all undone
        _events(db)
        _event(db)
        db.defer("INSERT INTO counter(number, name, services) VALUES (99, 'y', '[]')")
    assert _events(db) == before + 2
    with db.transaction():  # the connection is usable again
        _event(db)
    assert _events(db) == before + 3
    e.store.close()


def test_a_recurring_first_statement_is_prepared_by_name_and_survives_a_deallocate_all(
    backend: str, db_path: str, wire: CommitCutter
) -> None:
    e = open_office(_via_proxy(db_path, wire.port))
    e.open_counter(4, now=NOW)
    db = e.store.db
    conn = db.conn  # type: ignore[attr-defined]
    for _ in range(4):
        e.call_next(4, now=NOW)  # nobody waiting: only the counter read (with its BEGIN) and the COMMIT
    names = [r[0] for r in conn.execute("SELECT statement FROM pg_prepared_statements").fetchall()]
    assert any("FROM counter LEFT JOIN leg" in n for n in names), names
    conn.execute("DEALLOCATE ALL")  # what psycopg does after a rollback when it holds statements of its own
    e.issue("MOVE", now=NOW)
    r0 = wire.round_trips
    assert e.call_next(4, now=NOW).ticket is not None  # begun again with the plain statement
    assert wire.round_trips == r0 + ROUND_TRIPS["call_next"] + 2  # the failed start and its ROLLBACK, once
    assert e.current(4) is not None
    e.store.close()
