"""The PostgreSQL implementation of :class:`Database` (psycopg 3), for an office whose PCs share one server.

Locking: every write transaction takes one transaction-scoped advisory lock of the office database
(``pg_advisory_xact_lock``), so writers run one at a time, exactly as SQLite's ``BEGIN IMMEDIATE`` makes
them. Why this and not row locks or SERIALIZABLE:

- Every verb already was written for one-writer-at-a-time: it reads, decides (call policy, daily cap, web
  rate limits, e-mail code state, job claims), then writes. Under READ COMMITTED with row locks each of those
  reads would need its own ``FOR UPDATE`` reasoning (the e-mail code and double-tap tests showed two
  requests both reading "pending"); one lock keeps every guarantee in every module at once.
- SERIALIZABLE would also keep them, but turns contention into aborted transactions that must be re-run as
  a whole verb, and a commit-in-doubt retry on top of that is hard to reason about.
- The cost is throughput, and an office needs little: a write transaction holds the lock for about a
  millisecond on a LAN (``madoguchi bench core`` measures it), a ward office makes a few per second at peak.
  Readers (displays, the phone page, reports) never take it.

The database still enforces the invariants itself, whatever a client does: ``UNIQUE (day, display)`` and the
per-(sequence, day) counter row (``INSERT … ON CONFLICT DO UPDATE … RETURNING``, rolled back with its
transaction, so numbers stay contiguous and are never reused); partial unique indexes (a counter holds ≤ 1
ticket, a ticket is at ≤ 1 counter); each transition a conditional ``UPDATE … WHERE state IN (…)``. A lost
race gives the same :class:`ConflictError` as on SQLite; a constraint violation becomes
:class:`ConstraintError`.

A crashed or powered-off client cannot hold its locks for long: every session runs with
``idle_in_transaction_session_timeout``, so the server ends a transaction left open (locks released,
nothing committed). TCP keepalives notice a dead server.

**Commit in doubt.** Before COMMIT the transaction's id is known (``pg_current_xact_id_if_assigned``). If the
connection breaks during COMMIT the client cannot know whether it happened; it reconnects with backoff and
asks the server (``pg_xact_status``): *committed* → the verb succeeded (its returned ids are real, nothing
is redone); *aborted* → :class:`StorageError`, nothing was written, a retry is safe; no answer in time →
:class:`CommitUnknownError`. So a retry never makes a duplicate ticket or a double call.

**Change signal.** Every transaction that wrote something sends ``NOTIFY madoguchi`` before COMMIT (delivered only if it
commits); :meth:`PgDatabase.data_version` counts notifications on a dedicated ``LISTEN`` connection.

**Round trips.** On a LAN (and even on one PC) a transaction's cost is its round trips, one per statement, plus
the commit's fsync, and the write lock is held for all of them. So nothing costs a round trip of its own that
can ride with another, and without psycopg's pipeline mode (measured slower than the round trip it saves on a
local server): the BEGIN, the advisory lock and the transaction's id (``pg_current_xact_id()``, assigned at
once, so commit in doubt needs no extra question) go in one simple query with the transaction's first
statement, whose arguments are bound client-side for it; ``NOTIFY`` goes in one simple query with ``COMMIT``,
and only if a statement changed a row (its row count), so a transaction that changed nothing wakes nobody. A
transaction that ran no statement sends nothing. A write whose result nobody reads (an event row, a counter's
run count: :meth:`PgDatabase.defer`) is bound client-side and sent ahead of the transaction's next statement in
the same simple query, or ahead of the ``COMMIT``. Session settings are set once per connection, never per
transaction; psycopg prepares every later statement after it ran 5 times on a connection (its default), which
an app's few hot statements reach within minutes. On the engine's side a transition reads its row back with
``RETURNING`` instead of a second SELECT, a new leg's place and the people ahead of it are worked out by its
INSERT, a counter is read with its current ticket in one join, and the call policy's candidates in one UNION.
An ``issue`` is 5 round trips (was 10, then 8), ``call_next`` 5 (was 14, then 12), ``finish`` 4 (was 11, then
9): the engine's statements plus the COMMIT (tests/pg/test_round_trips.py counts them on the wire and pins
them, so a new one shows up).

**Connections and pooling.** A handle without a pool (kiosk, counter, display, scheduler, CLI: one thread of
work each, or one handle per thread) keeps one connection of its own for its life: nothing to gain from a pool
there, and it reconnects by itself between transactions when the server dropped it. A multi-threaded server
(``madoguchi web``: FastAPI runs sync handlers on a 40-thread pool) gives its per-thread handles one
:class:`PgPool` (``psycopg_pool.ConnectionPool``) instead: a handle borrows a connection for one transaction
or one standalone read and gives it back, so the server sees at most the pool's few connections (they would
only queue on the write lock anyway), idle ones are closed after ``POOL_MAX_IDLE_S``, and a request waits for
a free one up to ``POOL_WAIT_S`` before a worded "busy / cannot connect" error. The pool is not asked to test
each connection it hands out (``check=`` would add a round trip to every transaction): a connection found dead
on its first statement (nothing of the transaction has happened yet) is given back, the pool tests its idle
ones (``ConnectionPool.check``: after a restart they are all dead) and the statement runs again on a live one,
once. The advisory lock is transaction-scoped, so it never outlives a borrow; LISTEN is session state, so it
stays on a dedicated connection that is never pooled; commit in doubt asks on a fresh connection of its own.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal

import psycopg
from psycopg import errors as pg_errors
from psycopg.adapt import Loader

from shared.errors import StorageError
from shared.storage.backend import Args, CommitUnknownError, ConstraintError, Cursor, Database
from shared.storage.target import DbTarget, mask

log = logging.getLogger(__name__)

CHANNEL = "madoguchi"
CONNECT_TIMEOUT_S = 5
IDLE_IN_TX_TIMEOUT = "15s"  # a client that died inside a transaction releases its locks after this
LOCK_TIMEOUT = "10s"  # the same wait the SQLite backend allows for its write lock
WRITE_LOCK = 7_311_001  # pg_advisory_xact_lock key: one writer at a time per office database
IN_DOUBT_WAIT_S = 20.0  # how long a commit in doubt keeps asking the server before giving up
POOL_WAIT_S = 10.0  # how long a pooled caller waits for a connection (the server is down, or all are busy)
POOL_MAX_IDLE_S = 300.0  # a pooled connection unused this long is closed (the pool shrinks to min_size)
POOL_RECONNECT_S = 24 * 3600.0  # a pool keeps trying to reconnect (with backoff) through any outage
_SESSION = (
    f"SET idle_in_transaction_session_timeout = '{IDLE_IN_TX_TIMEOUT}'; SET lock_timeout = '{LOCK_TIMEOUT}'; "
    "SET TIME ZONE 'UTC'"
)
_CONNECT_DEFAULTS = {
    "connect_timeout": str(CONNECT_TIMEOUT_S),
    "application_name": "madoguchi",
    "keepalives": "1",
    "keepalives_idle": "10",
    "keepalives_interval": "3",
    "keepalives_count": "3",
}


class _FloatLoader(Loader):
    """numeric (sum/avg of integers) as float, the way SQLite returns it."""

    def load(self, data: Any) -> float:
        return float(bytes(data).decode())


@functools.lru_cache(maxsize=2048)
def translate(sql: str) -> str:
    """``?`` placeholders → ``%s``; a literal ``%`` → ``%%`` (string literals and comments kept as they are)."""
    out: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch == "'":
            j = i + 1
            while j < n:
                if sql[j] == "'":
                    if j + 1 < n and sql[j + 1] == "'":
                        j += 2
                        continue
                    break
                j += 1
            out.append(sql[i : j + 1].replace("%", "%%"))
            i = j + 1
            continue
        if ch == "-" and sql.startswith("--", i):
            j = sql.find("\n", i)
            j = n if j < 0 else j
            i = j
            continue
        if ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


_DDL_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\)\s*STRICT\s*,\s*WITHOUT\s+ROWID\s*;", re.I), ");"),
    (re.compile(r"\)\s*WITHOUT\s+ROWID\s*,\s*STRICT\s*;", re.I), ");"),
    (re.compile(r"\)\s*STRICT\s*;", re.I), ");"),
    (re.compile(r"\)\s*WITHOUT\s+ROWID\s*;", re.I), ");"),
    (
        re.compile(r"\bINTEGER\s+PRIMARY\s+KEY\s+AUTOINCREMENT\b", re.I),
        "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    ),
    (re.compile(r"\bINTEGER\s+PRIMARY\s+KEY\b", re.I), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b", re.I), "BIGINT"),
    (re.compile(r"\bREAL\b", re.I), "DOUBLE PRECISION"),
    (re.compile(r"\bBLOB\b", re.I), "BYTEA"),
)


def ddl_for_pg(script: str) -> str:
    """A migration written for SQLite (STRICT tables, ``INTEGER PRIMARY KEY``) as PostgreSQL DDL.

    Columns keep their meaning: INTEGER → BIGINT, REAL → DOUBLE PRECISION, BLOB → BYTEA, and a SQLite rowid
    key (``INTEGER PRIMARY KEY``) → an identity column. Only DDL goes through this."""
    script = re.sub(r"--[^\n]*", "", script)
    for pattern, repl in _DDL_RULES:
        script = pattern.sub(repl, script)
    return script


def _message(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return mask(text)


def _lost(target: DbTarget, what: str) -> str:
    return f"データベースサーバーとの接続が切れました / {what} ({target})"


def _conninfo(target: DbTarget, defaults: dict[str, str]) -> str:
    url = target.url or ""
    given = psycopg.conninfo.conninfo_to_dict(url)
    return psycopg.conninfo.make_conninfo(url, **{k: v for k, v in defaults.items() if k not in given})


def _configure(readonly: bool) -> Callable[[psycopg.Connection[Any]], None]:
    """What every new connection runs once (never per transaction): loaders and the session settings."""

    def configure(conn: psycopg.Connection[Any]) -> None:
        conn.adapters.register_loader("numeric", _FloatLoader)
        conn.execute(_SESSION + ("; SET default_transaction_read_only = on" if readonly else ""))

    return configure


# A statement that only reads changes nothing for the watchers: a transaction that ran only such statements
# commits without NOTIFY. Anything else (a write, DDL, a locking or sequence-moving SELECT) counts as a write.
_READ = re.compile(
    r"\s*(?:(?:SAVEPOINT|RELEASE|ROLLBACK)\b|\(*\s*SELECT\b(?!.*\b(?:FOR\s+(?:UPDATE|SHARE|NO\s+KEY|KEY)|setval|"
    r"nextval|pg_notify|pg_current_xact_id)\b))",
    re.I | re.S,
)


@functools.lru_cache(maxsize=2048)
def _only_reads(sql: str) -> bool:
    return _READ.match(sql) is not None


PREPARE_AFTER = 3  # a statement that rides in a simple query this often on one connection is prepared there
PREPARED_MAX = 200  # by name, up to this many per connection


def _numbered(query: str) -> str:
    """``%s`` placeholders as ``$1, $2 …`` and ``%%`` as ``%`` (a statement's text for ``PREPARE``)."""
    numbers = iter(range(1, 1 << 16))
    return re.sub(r"%([%s])", lambda m: "%" if m.group(1) == "%" else f"${next(numbers)}", query)


class _Named:
    """One connection's statements that ride with a transaction's BEGIN in one simple query: psycopg prepares
    only what it sends alone, so these were parsed and planned on every run (a counter read with its current
    ticket, a join, costs more to plan than to run). Once one recurs it is prepared by name (``PREPARE``, sent on
    its own before a transaction begins: a statement whose parameter types the server cannot infer just stays
    unprepared) and then rides as ``EXECUTE name(arguments)``. psycopg may ``DEALLOCATE ALL`` (after a
    rollback, when it holds prepared statements of its own): the next ``EXECUTE`` then fails at once, before
    anything of its transaction happened, and the transaction is begun again with the plain statement."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.seen: dict[str, int] = {}
        self.due: list[str] = []

    def riding(self, query: str, params: Sequence[Any] | None) -> str:
        """The text to send for ``query`` (``%s`` placeholders, bound client-side with ``params``)."""
        name = self.names.get(query)
        if name is not None:
            return f"EXECUTE {name}({', '.join('%s' for _ in params)})" if params else f"EXECUTE {name}"
        n = self.seen.get(query, 0) + 1
        if n <= PREPARE_AFTER:
            self.seen[query] = n
            if n == PREPARE_AFTER and len(self.names) + len(self.due) < PREPARED_MAX:
                self.due.append(query)
        return query

    def forget(self) -> None:
        self.names.clear()
        self.seen.clear()
        self.due.clear()

    def prepare_due(self, conn: psycopg.Connection[Any]) -> None:
        """Outside any transaction: ``PREPARE`` what recurred (one round trip each, once per connection)."""
        due, self.due = self.due, []
        for query in due:
            name = f"madoguchi_{len(self.names) + 1}"
            try:
                conn.execute(f"PREPARE {name} AS {_numbered(query)}", prepare=False)
            except psycopg.Error:
                if conn.broken:
                    raise
                log.debug("not prepared (stays a plain statement): %s", query, exc_info=True)
                continue
            self.names[query] = name


_NAMED: weakref.WeakKeyDictionary[psycopg.Connection[Any], _Named] = weakref.WeakKeyDictionary()
_NAMED_LOCK = threading.Lock()


def _named(conn: psycopg.Connection[Any]) -> _Named:
    with _NAMED_LOCK:
        named = _NAMED.get(conn)
        if named is None:
            named = _NAMED[conn] = _Named()
        return named


_PROBE = "SELECT x, pg_notify(%s, '') FROM (SELECT pg_current_xact_id_if_assigned()::text AS x) s WHERE x IS NOT NULL"
# a writer's xid is assigned at once: known before COMMIT for commit in doubt, at no round trip of its own (an
# xid with nothing written makes COMMIT write a commit record but no fsync)
_BEGIN_WRITE = ("BEGIN", f"SELECT pg_advisory_xact_lock({WRITE_LOCK}), pg_current_xact_id()::text AS xid")
_BEGIN_SNAPSHOT = ("BEGIN ISOLATION LEVEL REPEATABLE READ",)


class _Rows:
    """A statement's whole result, read before its pooled connection goes back to the pool."""

    def __init__(self, cur: psycopg.Cursor[Any]) -> None:
        self.rowcount = cur.rowcount
        self._rows = cur.fetchall() if cur.description is not None else []
        self._i = 0

    def fetchone(self) -> Any:
        if self._i >= len(self._rows):
            return None
        self._i += 1
        return self._rows[self._i - 1]

    def fetchall(self) -> list[Any]:
        rows, self._i = self._rows[self._i :], len(self._rows)
        return rows

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


class PgPool:
    """A ``psycopg_pool.ConnectionPool`` for one office database, shared by the :class:`PgDatabase` handles of a
    process's threads (a handle borrows a connection per transaction or standalone read and gives it back).

    Connections are made and configured (``_SESSION``) in the pool's background workers, closed after
    ``max_idle`` s unused (down to ``min_size``), replaced when found broken; a caller waits up to ``timeout``
    for one and then gets a worded :class:`StorageError` (the server is down or every connection is busy)."""

    def __init__(
        self,
        target: DbTarget,
        *,
        readonly: bool = False,
        min_size: int = 1,
        max_size: int = 8,
        timeout: float = POOL_WAIT_S,
        max_idle: float = POOL_MAX_IDLE_S,
        name: str = "madoguchi",
    ) -> None:
        from psycopg_pool import ConnectionPool

        self.target, self.readonly = target, readonly
        self.pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
            _conninfo(target, {**_CONNECT_DEFAULTS, "application_name": name}),
            kwargs={"autocommit": True},
            min_size=min_size,
            max_size=max_size,
            timeout=timeout,
            max_idle=max_idle,
            reconnect_timeout=POOL_RECONNECT_S,
            configure=_configure(readonly),
            name=name,
            open=False,
        )
        self.pool.open(wait=False)

    def getconn(self) -> psycopg.Connection[Any]:
        from psycopg_pool import PoolTimeout

        try:
            return self.pool.getconn()
        except PoolTimeout as exc:
            raise StorageError(
                _lost(self.target, f"サーバーに接続できません / no connection to the server: {_message(exc)}")
            ) from exc

    def putconn(self, conn: psycopg.Connection[Any]) -> None:
        """Back to the pool (a broken one is discarded and replaced there; an open transaction rolled back)."""
        self.pool.putconn(conn)

    def found_broken(self) -> None:
        """A borrowed connection was dead (the server restarted, the network dropped): the idle ones that were
        opened before the same event are likely dead too; test them now, so the retry gets a live one."""
        self.pool.check()

    def stats(self) -> dict[str, int]:
        return self.pool.get_stats()

    def close(self) -> None:
        self.pool.close(timeout=5.0)


class PgDatabase(Database):
    dialect: Literal["sqlite", "postgresql"] = "postgresql"

    def __init__(self, target: DbTarget, *, readonly: bool = False, pool: PgPool | None = None) -> None:
        assert target.url is not None
        if pool is not None and pool.readonly != readonly:
            raise ValueError("a read-only handle takes a read-only pool, and a writer a writer's pool")
        self.target = target
        self.readonly = readonly
        self.pool = pool
        self._in_tx = False
        self._savepoints = 0
        self._begin: tuple[str, ...] = ()  # the transaction's BEGIN, sent with its first statement
        self._xid: str | None = None
        self._wrote = False  # a statement changed a row in this transaction: NOTIFY with the COMMIT
        self._deferred: list[str] = []  # writes bound client-side, sent with the next statement or the COMMIT
        self._listener: psycopg.Connection[Any] | None = None
        self._version = 0
        self._lock = threading.Lock()
        # without a pool: one connection of our own, kept for the handle's life (kiosk, counter, display …)
        self.conn: psycopg.Connection[Any] | None = None if pool is not None else self._connect()

    # -- connections ---------------------------------------------------------------------------------------
    def _connect(self) -> psycopg.Connection[Any]:
        try:
            conn = psycopg.connect(_conninfo(self.target, _CONNECT_DEFAULTS), autocommit=True)
            _configure(self.readonly)(conn)
        except psycopg.Error as exc:
            raise StorageError(
                f"データベースサーバーに接続できません / cannot connect to the database server {self.target}: "
                f"{_message(exc)}"
            ) from exc
        return conn

    def _acquire(self) -> psycopg.Connection[Any]:
        """The connection for one transaction or standalone statement: borrowed from the pool, or our own
        (reconnected first if the server dropped it; only ever between transactions)."""
        if self.pool is not None:
            self.conn = self.pool.getconn()
            return self.conn
        if self.conn is None or self.conn.closed or self.conn.broken:
            self.conn = self._connect()
        return self.conn

    def _release(self) -> None:
        """A borrowed connection goes back to the pool (our own stays)."""
        if self.pool is not None and self.conn is not None:
            conn, self.conn = self.conn, None
            self.pool.putconn(conn)

    def _replace_broken(self) -> psycopg.Connection[Any]:
        """The connection turned out dead before anything was sent on it in this transaction: a live one."""
        self._release()
        if self.pool is not None:
            self.pool.found_broken()
        return self._acquire()

    def _lost_text(self, what: str) -> str:
        return _lost(self.target, what)

    # -- statements ----------------------------------------------------------------------------------------
    def execute(self, sql: str, args: Args = ()) -> Cursor:
        query, params = translate(sql), (tuple(args) if args else None)
        try:
            if self._in_tx:
                return self._execute_in_tx(sql, query, params)
            return self._execute_alone(query, params)
        except psycopg.IntegrityError as exc:  # unique, check, foreign key, not null (23xxx)
            raise ConstraintError(f"保存できませんでした / refused by the database: {_message(exc)}") from exc
        except (
            pg_errors.LockNotAvailable,
            pg_errors.DeadlockDetected,
            pg_errors.SerializationFailure,
        ) as exc:
            raise StorageError(
                f"データベースが使用中です。しばらくしてからもう一度 / database busy: {_message(exc)}"
            ) from exc
        except psycopg.OperationalError as exc:
            raise StorageError(self._lost_text(_message(exc))) from exc
        except pg_errors.IdleInTransactionSessionTimeout as exc:
            # the network was gone longer than the server waits inside a transaction: it ended the session
            raise StorageError(self._lost_text(_message(exc) + "; nothing was saved")) from exc
        except psycopg.Error as exc:
            raise StorageError(f"データベースエラー / database error: {_message(exc)}") from exc

    def _execute_alone(self, query: str, params: tuple[Any, ...] | None) -> Cursor:
        """Outside a transaction only reads run (every write is inside transaction()): a connection the server
        dropped since its last use is replaced and the read asked again, once."""
        conn = self._acquire()
        try:
            try:
                cur = conn.execute(query, params)
            except psycopg.OperationalError:
                if not conn.broken:
                    raise
                conn = self._replace_broken()
                cur = conn.execute(query, params)
            return cur if self.pool is None else _Rows(cur)
        finally:
            self._release()

    def _execute_in_tx(self, sql: str, query: str, params: tuple[Any, ...] | None) -> Cursor:
        """One round trip per statement. The transaction's first statement also carries its BEGIN (for a
        writer: the advisory lock and the xid) in the same simple query, with its arguments bound client-side
        (a multi-statement query cannot take server-side parameters)."""
        conn = self.conn
        assert conn is not None
        if not self._begin:
            if not self._deferred:
                return self._note_write(sql, conn.execute(query, params))
            pending, self._deferred = self._deferred, []
            cur = psycopg.ClientCursor(conn)
            # the deferred writes are bound already: a literal % in them must survive this statement's binding
            cur.execute("; ".join((*(p.replace("%", "%%") if params else p for p in pending), query)), params)
            for _ in pending:
                cur.nextset()
            return self._note_write(sql, cur)
        begin, self._begin = self._begin, ()  # sent now: from here on a failure means a rollback
        first = True
        while True:
            named, text = _named(conn), query
            try:
                if named.due:  # before BEGIN: a PREPARE that fails harms no transaction
                    named.prepare_due(conn)
                text = named.riding(query, params)
                cur = psycopg.ClientCursor(conn)
                cur.execute("; ".join((*begin, text)), params)
                break
            except pg_errors.InvalidSqlStatementName:
                if text == query:
                    raise
                # deallocated behind our back: only BEGIN and the lock happened, and are undone here; again
                # with the plain statement (prepared afresh once it recurs)
                named.forget()
                self._rollback(conn)
            except psycopg.OperationalError:
                if not (first and conn.broken):
                    raise
                # dead before the transaction began (the server restarted since this connection's last use):
                # nothing was sent that could have happened, so begin again on a live connection, once
                conn = self._replace_broken()
                first = False
        for _ in begin:  # past the BEGIN's own results to the statement's
            cur.nextset()
            if cur.description is not None and cur.description[-1].name == "xid":
                self._xid = str(cur.fetchone()[-1])  # type: ignore[index]
        return self._note_write(sql, cur)

    def _note_write(self, sql: str, cur: psycopg.Cursor[Any]) -> psycopg.Cursor[Any]:
        """Remember that the transaction changed something (it then NOTIFYs with its COMMIT): a statement that
        is not a plain read and touched a row (DDL, a multi-statement script: always). A DELETE of nothing — an
        alert pass with nothing to erase — changes nothing, and must not wake every watcher, itself included."""
        if not self._wrote and not _only_reads(sql) and (cur.rowcount != 0 or ";" in sql):
            self._wrote = True
        return cur

    def defer(self, sql: str, args: Args = ()) -> None:
        """Held back and sent in the same simple query as the transaction's next statement or its COMMIT. Only
        in a write transaction that has begun (its xid known, so commit in doubt still has its answer); anything
        else runs at once."""
        if not (self._in_tx and self._xid is not None and not self._begin and self.conn is not None):
            self.execute(sql, args)
            return
        try:
            bound = psycopg.ClientCursor(self.conn).mogrify(translate(sql), tuple(args))
        except psycopg.Error as exc:
            raise StorageError(f"データベースエラー / database error: {_message(exc)}") from exc
        self._deferred.append(bound)
        self._wrote = True

    def executemany(self, sql: str, rows: Iterable[Args]) -> None:
        if not self._in_tx:
            with self.transaction():
                self.executemany(sql, rows)
            return
        self.execute("SELECT 1")  # sends the pending BEGIN, if this is the transaction's first statement
        self._wrote = True
        conn = self.conn
        assert conn is not None
        try:
            with conn.cursor() as cur:
                cur.executemany(translate(sql), [tuple(r) for r in rows])
        except psycopg.IntegrityError as exc:  # unique, check, foreign key, not null (23xxx)
            raise ConstraintError(f"保存できませんでした / refused by the database: {_message(exc)}") from exc
        except psycopg.Error as exc:
            raise StorageError(f"データベースエラー / database error: {_message(exc)}") from exc

    def after_bulk_insert(self, tables: Sequence[str]) -> None:
        for t in tables:
            self.execute(
                f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), coalesce((SELECT max(id) FROM {t}), 0) + 1, "
                "false)"
            )

    # -- transactions --------------------------------------------------------------------------------------
    @contextmanager
    def snapshot(self) -> Iterator[Database]:
        if self._in_tx:
            yield self
            return
        with self._top(_BEGIN_SNAPSHOT):
            yield self

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        if not self._in_tx:
            with self._top(_BEGIN_WRITE):
                yield self
            return
        # nested (a write inside a snapshot or another transaction): a savepoint, so a failure undoes only this
        # part and the outer transaction goes on, as a failed statement leaves SQLite's intact
        self._savepoints += 1
        name = f"madoguchi_sp{self._savepoints}"
        self.execute(f"SAVEPOINT {name}")
        try:
            yield self
        except BaseException:
            conn = self.conn
            self._deferred = []  # held back since the SAVEPOINT (which carried the earlier ones): undone too
            if conn is not None and not (conn.closed or conn.broken):
                with contextlib.suppress(psycopg.Error):
                    conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
            raise
        else:
            self.execute(f"RELEASE SAVEPOINT {name}")
        finally:
            self._savepoints -= 1

    @contextmanager
    def _top(self, begin: tuple[str, ...]) -> Iterator[None]:
        """A top-level transaction on one connection (borrowed for its whole length). Nothing is sent yet: its
        BEGIN goes with its first statement, so a transaction that runs none costs no round trip at all."""
        self._acquire()
        self._in_tx, self._begin, self._xid, self._wrote, self._deferred = True, begin, None, False, []
        try:
            try:
                yield
                sent = not self._begin
                xid = self._pre_commit() if sent else None
            except BaseException:
                self._in_tx = False
                if not self._begin and self.conn is not None:
                    self._rollback(self.conn)
                raise
            self._in_tx = False
            if sent:
                assert self.conn is not None  # the first statement may have replaced a dead connection
                self._commit(self.conn, xid)
        finally:
            self._in_tx, self._begin, self._deferred = False, (), []
            self._release()

    def _pre_commit(self) -> str | None:
        """The transaction id, known since BEGIN in a write transaction. A snapshot (no xid asked for) that wrote
        through a nested transaction asks for it here, and sends the change notification with it."""
        if self._xid is not None or not self._wrote:
            return self._xid
        assert self.conn is not None
        try:
            row = self.conn.execute(_PROBE, (CHANNEL,)).fetchone()
        except psycopg.OperationalError as exc:
            raise StorageError(self._lost_text(_message(exc) + "; nothing was saved")) from exc
        except psycopg.Error as exc:
            raise StorageError(f"データベースエラー / database error: {_message(exc)}") from exc
        return None if row is None else str(row[0])

    def _rollback(self, conn: psycopg.Connection[Any]) -> None:
        if conn.closed or conn.broken:
            return
        try:
            conn.execute("ROLLBACK", prepare=False)
        except psycopg.Error:
            log.debug("rollback failed", exc_info=True)

    def _commit(self, conn: psycopg.Connection[Any], xid: str | None) -> None:
        # the change notification rides with COMMIT (delivered only if it commits); a transaction that ran
        # only reads sends none. One simple query: the transaction's last round trip.
        notify = self._wrote and self._xid is not None  # (a snapshot that wrote sent it in _pre_commit)
        pending, self._deferred = self._deferred, []  # the writes held back go first, in the same query
        try:
            conn.execute(
                "; ".join((*pending, *((f"NOTIFY {CHANNEL}",) if notify else ()), "COMMIT")), prepare=False
            )
            return
        except (psycopg.IntegrityError, pg_errors.SerializationFailure) as exc:
            self._rollback(conn)
            raise ConstraintError(f"保存できませんでした / refused by the database: {_message(exc)}") from exc
        except psycopg.OperationalError as exc:
            if xid is None or not self._wrote:
                raise StorageError(self._lost_text("nothing to save was lost")) from exc
            lost = exc
        except psycopg.Error as exc:
            self._rollback(conn)
            raise StorageError(f"保存できませんでした / commit failed: {_message(exc)}") from exc
        status = self.resolve_in_doubt(xid)
        if status == "committed":
            log.warning("connection lost during COMMIT; the server confirms transaction %s committed", xid)
            return
        if status == "aborted":
            raise StorageError(self._lost_text("the commit did not happen; nothing was saved")) from lost
        raise CommitUnknownError(
            self._lost_text("保存されたか確認できません / cannot confirm whether the change was saved")
        ) from lost

    def resolve_in_doubt(self, xid: str, wait_s: float = IN_DOUBT_WAIT_S) -> str | None:
        """Reconnect with backoff and ask whether transaction ``xid`` committed: 'committed', 'aborted', or
        None if the server cannot be reached (or cannot tell) within ``wait_s``. Asked on a connection of its
        own, so neither a pool's wait nor its stale connections stand in the way."""
        deadline = time.monotonic() + wait_s
        delay = 0.05
        while True:
            try:
                with self._connect() as conn:
                    row = conn.execute("SELECT pg_xact_status(%s::xid8)", (xid,)).fetchone()
                status = None if row is None else row[0]
                if status in ("committed", "aborted"):
                    return str(status)
                if status is None:
                    return None
            except (StorageError, psycopg.Error):
                log.debug("commit in doubt: server not reachable yet", exc_info=True)
            if time.monotonic() >= deadline:
                return None
            time.sleep(delay)
            delay = min(delay * 2, 1.0)

    @property
    def in_transaction(self) -> bool:
        return self._in_tx

    # -- change detection ----------------------------------------------------------------------------------
    def data_version(self) -> int:
        """Counts ``NOTIFY madoguchi`` on a dedicated connection (never a pooled one: LISTEN is a session's).
        A (re)connect of that connection also moves the number, so a watcher re-reads whatever it may have
        missed while it was away."""
        with self._lock:
            try:
                if self._listener is None or self._listener.closed or self._listener.broken:
                    self._listener = self._connect()
                    self._listener.execute(f"LISTEN {CHANNEL}")
                    self._version += 1
                for _ in self._listener.notifies(timeout=0):
                    self._version += 1
            except psycopg.Error as exc:
                if self._listener is not None:
                    self._listener.close()
                self._listener = None
                raise StorageError(self._lost_text(_message(exc))) from exc
            return self._version

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        if self.pool is None and self.conn is not None:
            self.conn.close()

    def table_exists(self, name: str) -> bool:
        return self.scalar("SELECT to_regclass(?) IS NOT NULL", (name,)) is True

    def ddl(self, script: str) -> str:
        return ddl_for_pg(script)

    def greatest(self, a: str, b: str) -> str:
        return f"greatest({a}, {b})"
