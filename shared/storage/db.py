"""Opening the SQLite file: WAL, busy timeout, foreign keys, migrations. SQLite-specific; nothing above uses it."""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from shared.errors import StorageError
from shared.storage.location import check_local_db_path
from shared.storage.migrations import migrations

BUSY_TIMEOUT_S = 10.0
READ_BUSY_MS = 2000
# A commit that crosses this many WAL pages checkpoints inline (tens of ms for the unlucky kiosk or clerk).
# The scheduler checkpoints every few seconds in the background, so this is only the fallback.
WAL_AUTOCHECKPOINT_PAGES = 8000


def connect(
    path: str | Path, *, timeout: float = BUSY_TIMEOUT_S, readonly: bool = False
) -> sqlite3.Connection:
    """A connection in autocommit mode: transactions are opened explicitly with :func:`write`.

    Refuses a server URL or a file on a network drive (location.py) before anything is created."""
    check_local_db_path(path)
    p = Path(path)
    if not readonly:
        p.parent.mkdir(parents=True, exist_ok=True)
    try:
        if readonly:
            conn = sqlite3.connect(
                f"{p.as_uri()}?mode=ro",
                uri=True,
                timeout=timeout,
                isolation_level=None,
                check_same_thread=False,
            )
        else:
            conn = sqlite3.connect(str(p), timeout=timeout, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        # BEGIN IMMEDIATE waits in _begin_immediate; SQLite's handler only covers rare busy reads/commits.
        conn.execute(f"PRAGMA busy_timeout = {READ_BUSY_MS}")
        if not readonly:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                conn.close()
                raise StorageError(
                    f"{p}: このファイルシステムではWALを使えません / WAL is not available here "
                    f"(journal_mode stays {mode}); keep the database on a local disk"
                )
            conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
    except sqlite3.Error as exc:
        raise StorageError(f"データベースを開けません / cannot open database {p}: {exc}") from exc
    return conn


def open_db(path: str | Path, *, timeout: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the database at ``path``."""
    conn = connect(path, timeout=timeout)
    migrate(conn)
    return conn


def migrate(conn: sqlite3.Connection) -> None:
    try:
        with write(conn):
            migrations.apply(Database(conn))
    except sqlite3.Error as exc:
        raise StorageError(f"データベースの更新に失敗しました / migration failed: {exc}") from exc


@contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """The one write path: ``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception.

    Nested use runs inside the outer transaction.
    """
    if conn.in_transaction:
        yield conn
        return
    _begin_immediate(conn)
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            conn.execute("ROLLBACK")
            raise StorageError(f"保存できませんでした / commit failed: {exc}") from exc


def _begin_immediate(conn: sqlite3.Connection, wait_s: float = BUSY_TIMEOUT_S) -> None:
    """Take the write lock, retrying with short, jittered sleeps.

    SQLite's own busy handler backs off to 100 ms sleeps and lets one writer lose again and again
    (stack.md §5); a write transaction here lasts well under a millisecond, so we poll finely instead.
    """
    deadline = time.monotonic() + wait_s
    delay = 0.0002
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise StorageError(f"データベースに書き込めません / cannot write: {exc}") from exc
                if time.monotonic() >= deadline:
                    raise StorageError(
                        f"データベースが使用中です。しばらくしてからもう一度 / database busy: {exc}"
                    ) from exc
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 0.004)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {READ_BUSY_MS}")


def data_version(conn: sqlite3.Connection) -> int:
    """Changes only when *another* connection commits (stack.md §5). 2.4 µs a call."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def checkpoint(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """A PASSIVE WAL checkpoint: copies committed pages into the database file without blocking anyone.
    Returns (busy, wal pages, pages checkpointed)."""
    row = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    return int(row[0]), int(row[1]), int(row[2])


def integrity_ok(conn: sqlite3.Connection) -> bool:
    return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
