"""The one read/write interface to an office database, whichever engine holds it.

Everything above ``shared/storage`` (the engine, estimates, reports, jobs, the web and the apps) talks to a
:class:`Database`: ``execute`` with ``?`` placeholders, ``insert`` returning the new id, ``transaction()`` for
every write, ``data_version()`` for change detection, ``close()``. Two implementations:

- :class:`shared.storage.sqlite_backend.SqliteDatabase`: one SQLite file on this PC (WAL, ``BEGIN IMMEDIATE``);
- :class:`shared.storage.pg_backend.PgDatabase`: a PostgreSQL server on the office LAN (psycopg 3).

SQL written above this layer is the common subset of both dialects (``ON CONFLICT``, ``RETURNING``, row
values, ``coalesce`` …). What differs (placeholders, DDL types, date functions, ``greatest``) is translated
here or branched on :attr:`Database.dialect` inside ``shared/storage`` only. Driver exceptions never leave
this layer: they become :class:`StorageError` (``ConstraintError`` for a unique/check violation), with any
password masked.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Literal, Protocol

from shared.errors import StorageError
from shared.storage.target import DbTarget, parse_target


class ConstraintError(StorageError):
    """A unique, check or foreign-key constraint refused the write (another process got there first, or a bug)."""


class CommitUnknownError(StorageError):
    """The connection was lost during COMMIT and the server could not be asked in time whether it happened."""


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


Args = Sequence[Any]


class Database(ABC):
    """One connection to the office database. Not shared between threads at once (open one per thread)."""

    dialect: Literal["sqlite", "postgresql"]
    target: DbTarget

    @abstractmethod
    def execute(self, sql: str, args: Args = ()) -> Cursor:
        """Run one statement with ``?`` placeholders."""

    @abstractmethod
    def executemany(self, sql: str, rows: Iterable[Args]) -> None: ...

    def insert(self, sql: str, args: Args = (), *, key: str = "id") -> int:
        """An ``INSERT`` that returns the new row's ``key`` (both engines support ``RETURNING``)."""
        row = self.execute(f"{sql} RETURNING {key}", args).fetchone()
        return int(row[0])

    def defer(self, sql: str, args: Args = ()) -> None:
        """A write inside :meth:`transaction` whose result nobody reads (an event row, a counter's run count).
        SQLite runs it now; PostgreSQL sends it with the transaction's next statement or with its COMMIT, so it
        costs no round trip of its own. Its failure fails that statement (or the commit): the whole transaction
        rolls back, as if it had failed at once."""
        self.execute(sql, args)

    def scalar(self, sql: str, args: Args = ()) -> Any:
        row = self.execute(sql, args).fetchone()
        return None if row is None else row[0]

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Database]:
        """The one write path: a transaction that commits on exit and rolls back on an exception. Nested use
        joins the outer transaction."""

    @abstractmethod
    def snapshot(self) -> AbstractContextManager[Database]:
        """A read transaction: every SELECT inside sees one committed state. Nested use joins the outer one."""

    @property
    @abstractmethod
    def in_transaction(self) -> bool: ...

    def after_bulk_insert(self, tables: Sequence[str]) -> None:  # noqa: B027 (a no-op on SQLite)
        """Rows were inserted with explicit ids: let the engine's id generator continue after them."""

    @abstractmethod
    def data_version(self) -> int:
        """A number that moves when another connection commits a change (cheap; polled by watchers)."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def table_exists(self, name: str) -> bool: ...

    def ddl(self, script: str) -> str:
        """A migration script (written in SQLite's dialect) in this engine's dialect."""
        return script

    def greatest(self, a: str, b: str) -> str:
        """SQL for the larger of two values (SQLite: two-argument ``max``; PostgreSQL: ``greatest``)."""
        return f"max({a}, {b})"

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_database(
    db: str | os.PathLike[str] | DbTarget | None = None,
    *,
    readonly: bool = False,
    migrate: bool = True,
    create: bool = True,
    verify: bool = False,
    pool: Any = None,
) -> Database:
    """Open the office database named by ``--db`` / ``MADOGUCHI_DB`` and bring its schema up to date.

    ``create=False`` (every entry point but ``init``): a missing SQLite file, or a server database without the
    madoguchi tables, is an error that says to run ``init``, so a mistyped ``--db`` never starts a second office.
    ``readonly`` connections (``status``, watchers) are never migrated and are refused while a migration is
    pending. ``verify`` runs SQLite's page check first (a server checks its own pages). ``pool``: a
    :class:`shared.storage.pg_backend.PgPool` of the same server database (and the same ``readonly``) to borrow
    connections from, for a multi-threaded server; ignored on SQLite, whose connections are a file handle."""
    target = parse_target(db)
    if not target.is_pg:
        from shared.storage.sqlite_backend import SqliteDatabase

        return SqliteDatabase(target, readonly=readonly, create=create, verify=verify, migrate=migrate)
    from shared.storage.migrations import applied, check_not_newer, migrate_database, migrations
    from shared.storage.pg_backend import PgDatabase

    database = PgDatabase(target, readonly=readonly, pool=pool)
    try:
        done = applied(database)
        check_not_newer(database, done)
        if not done and not create and (readonly or migrate):
            raise StorageError(
                f"{target}: madoguchi のデータベースではありません。新しい窓口なら先に init を / no madoguchi "
                f"office in this database (a mistyped --db?): to start one, run `madoguchi --db URL init` first"
            )
        if readonly and len(done) < len(migrations.items):
            raise StorageError(
                f"{target}: データベースの更新が必要です / the database needs updating: run `madoguchi init` once"
            )
        if migrate and not readonly:
            migrate_database(database)
    except BaseException:
        database.close()
        raise
    return database


def fresh_database(db: str | os.PathLike[str] | DbTarget) -> bool:
    """True if ``db`` holds no office yet: a SQLite file that does not exist, or a server database without
    tickets (tools that write a whole new office — the simulator — refuse anything else)."""
    target = parse_target(db)
    if not target.is_pg:
        return target.path is not None and not target.path.exists()
    with open_database(target, migrate=False) as database:
        if not database.table_exists("ticket"):
            return True
        return database.scalar("SELECT count(*) FROM ticket") == 0
