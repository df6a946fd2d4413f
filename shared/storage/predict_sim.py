"""SQLite settings for throw-away simulation databases (never the office's own file)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from shared.storage.backend import Database
from shared.storage.sqlite_backend import SqliteDatabase
from shared.storage.store import Store
from shared.storage.target import DbTarget


def fast_writes(store: Store) -> None:
    """A simulated day's temp DB needs no fsync: a crash only loses the simulation, which is re-run."""
    store.db.execute("PRAGMA synchronous = OFF")


def memory_image(path: str | Path) -> bytes:
    """The bytes of a SQLite file (a what-if snapshot) to open in memory again and again
    (:meth:`MemoryDatabase.load`). A WAL-mode header is marked rollback-journal (bytes 18-19 = 1): SQLite's
    in-memory database cannot open a WAL image, and the copy has no WAL file anyway (the snapshot was written
    whole by ``VACUUM INTO`` / the office copy)."""
    image = bytearray(Path(path).read_bytes())
    if len(image) >= 20 and image[18] == 2 and image[19] == 2:
        image[18] = image[19] = 1
    return bytes(image)


class MemoryDatabase(SqliteDatabase):
    """A private SQLite database in this process's memory, loaded from an image: the what-if's throw-away copy
    of the office. Nothing else can open it, so a write transaction is a plain ``BEGIN``/``COMMIT`` (no write
    lock to wait for, no busy-timeout juggling), the journal stays in memory (a failed engine verb still rolls
    back whole) and nothing is synced to any disk. Everything above the storage layer sees an ordinary SQLite
    :class:`Database`."""

    @classmethod
    def load(cls, image: bytes, name: str = "whatif") -> MemoryDatabase:
        conn = sqlite3.connect(
            ":memory:", isolation_level=None, check_same_thread=False, cached_statements=512
        )
        try:
            conn.deserialize(image)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = MEMORY")
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error:
            conn.close()
            raise
        db = cls.__new__(cls)
        db.target, db.path, db.readonly, db.conn = (
            DbTarget("sqlite", path=Path(f"{name}.db")),
            Path(name),
            False,
            conn,
        )
        return db

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        conn = self.conn
        if conn.in_transaction:
            yield self
            return
        conn.execute("BEGIN")
        try:
            yield self
        except BaseException:
            if conn.in_transaction:
                with suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
