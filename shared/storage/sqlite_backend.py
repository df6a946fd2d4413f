"""The SQLite implementation of :class:`Database`: one file on this PC, WAL, ``BEGIN IMMEDIATE`` (db.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Literal

from shared.errors import StorageError
from shared.storage.backend import Args, ConstraintError, Cursor, Database
from shared.storage.db import checkpoint, connect, data_version, open_db, open_readonly, storage_error, write
from shared.storage.target import DbTarget


class SqliteDatabase(Database):
    dialect: Literal["sqlite", "postgresql"] = "sqlite"

    def __init__(
        self,
        target: DbTarget,
        *,
        readonly: bool = False,
        create: bool = True,
        verify: bool = False,
        migrate: bool = True,
    ) -> None:
        """``readonly``: no write lock, refused if migrations are pending; else opened (created only with
        ``create``) and, with ``migrate``, brought up to date. ``verify`` runs SQLite's page check first."""
        assert target.path is not None
        self.target = target
        self.path = target.path
        self.readonly = readonly
        if readonly:
            self.conn = open_readonly(target.path, verify=verify)
        elif migrate:
            self.conn = open_db(target.path, create=create, verify=verify)
        else:
            self.conn = connect(target.path, create=create)

    @classmethod
    def wrap(cls, conn: sqlite3.Connection, target: DbTarget) -> SqliteDatabase:
        """A Database over an open connection (tests and the bench build odd ones)."""
        assert target.path is not None
        self = cls.__new__(cls)
        self.target, self.path, self.readonly, self.conn = target, target.path, False, conn
        return self

    def execute(self, sql: str, args: Args = ()) -> Cursor:
        try:
            return self.conn.execute(sql, args)
        except sqlite3.IntegrityError as exc:
            raise ConstraintError(f"保存できませんでした / refused by the database: {exc}") from exc
        except sqlite3.Error as exc:
            raise storage_error(exc, self.path, "database error") from exc

    def executemany(self, sql: str, rows: Iterable[Args]) -> None:
        try:
            self.conn.executemany(sql, rows)
        except sqlite3.IntegrityError as exc:
            raise ConstraintError(f"保存できませんでした / refused by the database: {exc}") from exc
        except sqlite3.Error as exc:
            raise storage_error(exc, self.path, "database error") from exc

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        with write(self.conn):
            yield self

    @contextmanager
    def snapshot(self) -> Iterator[Database]:
        if self.conn.in_transaction:
            yield self
            return
        self.conn.execute("BEGIN")
        try:
            yield self
        finally:
            self.conn.execute("COMMIT")

    @property
    def in_transaction(self) -> bool:
        return self.conn.in_transaction

    def data_version(self) -> int:
        try:
            return data_version(self.conn)
        except sqlite3.Error as exc:
            raise StorageError(f"データベースを読めません / cannot read {self.path}: {exc}") from exc

    def close(self) -> None:
        self.conn.close()

    def table_exists(self, name: str) -> bool:
        return (
            self.scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)) is not None
        )

    # SQLite-only maintenance (the scheduler's checkpoint)
    def checkpoint(self) -> tuple[int, int, int]:
        return checkpoint(self.conn)
