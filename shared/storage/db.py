"""Opening the SQLite file: WAL, busy timeout, foreign keys, migrations. SQLite-specific; used by sqlite_backend.py."""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from shared.errors import DiskFullError, StorageError
from shared.storage.location import check_local_db_path
from shared.storage.migrations import migrations

BUSY_TIMEOUT_S = 10.0
READ_BUSY_MS = 2000
# A commit that crosses this many WAL pages checkpoints inline (tens of ms for the unlucky kiosk or clerk).
# The scheduler checkpoints every few seconds in the background, so this is only the fallback.
WAL_AUTOCHECKPOINT_PAGES = 8000
# The file-format generation this madoguchi writes (PRAGMA user_version); a larger one comes from a newer version.
USER_VERSION = 1
DISK_FULL_BYTES = 256 * 1024  # below this much free space an I/O error is reported as a full disk
# SQLite primary result codes (sqlite3.Error.sqlite_errorcode & 0xff)
SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_CANTOPEN, SQLITE_FULL, SQLITE_NOTADB = (
    8,
    10,
    11,
    14,
    13,
    26,
)


def connect(
    path: str | Path,
    *,
    timeout: float = BUSY_TIMEOUT_S,
    readonly: bool = False,
    create: bool = True,
) -> sqlite3.Connection:
    """A connection in autocommit mode: transactions are opened explicitly with :func:`write`.

    Refuses a server URL, a file on a network drive (location.py) and a file that cannot be an office database
    (:func:`check_file`) before anything is created or written. Without ``create`` a missing file is an error
    (only ``madoguchi init`` creates an office). A ``readonly`` connection never takes the write lock."""
    p = check_file(path, create=create and not readonly, readonly=readonly)
    try:
        if readonly:
            conn = _connect_readonly(p, timeout)
        else:
            conn = sqlite3.connect(str(p), timeout=timeout, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        # BEGIN IMMEDIATE waits in _begin_immediate; SQLite's handler only covers rare busy reads/commits.
        conn.execute(f"PRAGMA busy_timeout = {READ_BUSY_MS}")
        conn.execute(
            "SELECT count(*) FROM sqlite_master"
        ).fetchone()  # reads the schema: a damaged file fails here
        _check_version(conn, p)
        if not readonly:
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                conn.close()
                raise StorageError(
                    f"{p}: このファイルシステムではWALを使えません / WAL is not available here "
                    f"(journal_mode stays {mode}); keep the database on a local disk"
                )
            conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
    except sqlite3.Error as exc:
        raise storage_error(exc, p, "cannot open") from exc
    return conn


def _connect_readonly(p: Path, timeout: float) -> sqlite3.Connection:
    """``mode=ro``; a WAL file in a folder this user cannot write (no -shm to create) is opened immutable."""
    uri = p.absolute().as_uri()
    try:
        conn = sqlite3.connect(
            f"{uri}?mode=ro", uri=True, timeout=timeout, isolation_level=None, check_same_thread=False
        )
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        if os.access(p.parent, os.W_OK) or Path(f"{p}-wal").exists():
            raise
    return sqlite3.connect(
        f"{uri}?mode=ro&immutable=1", uri=True, timeout=timeout, isolation_level=None, check_same_thread=False
    )


def check_file(path: str | Path, *, create: bool = False, readonly: bool = False) -> Path:
    """The absolute path of an office database that SQLite may open, or a one-line :class:`StorageError` that
    names the file and what to do. Looks only at the file's metadata; writes nothing unless ``create`` (then
    only the missing folder)."""
    check_local_db_path(path)
    p = Path(path).absolute()
    for folder in p.parents:
        if folder.exists():
            if not folder.is_dir():
                raise StorageError(
                    f"{p}: {folder} はフォルダーではなくファイルです / {folder} is a file, not a folder: "
                    "check the --db path"
                )
            break
    if p.is_dir():
        raise StorageError(
            f"{p}: フォルダーです / this is a folder, not a database file: check the --db path"
        )
    if not p.exists():
        if not create:
            raise StorageError(
                f"{p}: データベースがありません。新しい窓口なら先に init を / no database here (a mistyped "
                f"--db?): to start a new office, run `madoguchi --db {p} init` first"
            )
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                f"{p}: フォルダーを作れません / cannot create the folder: {exc.strerror}"
            ) from exc
        return p
    # Never open() the file here: closing any descriptor of it drops this process's SQLite (POSIX) locks.
    # SQLite itself reports a file that is not a database (SQLITE_NOTADB) when it first reads it.
    if not os.access(p, os.R_OK):
        raise StorageError(
            f"{p}: 読み取れません。アクセス権を直してください / cannot read the database file: fix the file's "
            "permissions"
        )
    if p.stat().st_size == 0:
        raise StorageError(
            f"{p}: 空のファイル（0バイト）です。夜間バックアップから復元してください / an empty (zero-byte) file, "
            "not an office database: restore the nightly backup (madoguchi scheduler restore), or delete the "
            "file and run init for a new office"
        )
    if not readonly and not (os.access(p, os.W_OK) and os.access(p.parent, os.W_OK)):
        what = "the file" if not os.access(p, os.W_OK) else f"its folder {p.parent}"
        raise StorageError(
            f"{p}: 書き込めません。アクセス権を直してください / read-only: madoguchi cannot write {what}; "
            "fix the permissions (the file and its folder must be writable by this user)"
        )
    return p


def _applied_names(conn: sqlite3.Connection) -> list[str]:
    """The migrations recorded in the file: ``schema_migrations``, or sqlite-utils' table in older files."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").fetchone():
        names = [str(r[0]) for r in conn.execute("SELECT name FROM schema_migrations ORDER BY seq")]
        if names:
            return names
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'").fetchone():
        return [
            str(r[0])
            for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", (migrations.name,)
            )
        ]
    return []


def _pending(conn: sqlite3.Connection) -> list[str]:
    done = set(_applied_names(conn))
    return [n for n in migrations.names() if n not in done]


def _check_version(conn: sqlite3.Connection, p: Path) -> None:
    """Refuse a database written by a newer madoguchi: its schema stamp or its migrations are unknown here."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    known = set(migrations.names())
    unknown = [n for n in _applied_names(conn) if n not in known]
    if version > USER_VERSION or unknown:
        raise StorageError(
            f"{p}: 新しい版の madoguchi で作られたデータベースです。madoguchi を更新してください / this database "
            f"is from a newer madoguchi (schema {version}{', ' + unknown[0] if unknown else ''}): upgrade "
            "madoguchi on this PC (nothing was written)"
        )


def _damaged(p: Path, why: str) -> StorageError:
    why = " ".join(why.split())[:160]  # quick_check reports on several lines: the message is one
    return StorageError(
        f"{p}: データベースファイルが壊れています。夜間バックアップから復元してください / the database file is "
        f"damaged ({why}): restore the nightly backup (madoguchi scheduler restore BACKUP {p})"
    )


def storage_error(exc: sqlite3.Error, path: str | Path | None, doing: str = "cannot save") -> StorageError:
    """One readable line for an SQLite failure: a full disk, a damaged file, a read-only file, or else ``doing``."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    where = f"{path}: " if path else ""
    # a full disk often surfaces as an I/O error (the -shm or -wal file cannot grow): ask the filesystem
    if code == SQLITE_FULL or (code in (SQLITE_IOERR, SQLITE_CANTOPEN) and path and disk_full(Path(path))):
        return DiskFullError(
            f"{where}ディスクがいっぱいで保存できません。空き容量を作ってください / the disk is full, nothing was "
            "saved: free some space on this PC; madoguchi carries on by itself once there is room"
        )
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return _damaged(Path(path) if path else Path("?"), str(exc))
    if code == SQLITE_READONLY:
        return StorageError(
            f"{where}書き込めません。アクセス権を直してください / read-only ({exc}): fix the permissions of the "
            "database file and its folder"
        )
    if code == SQLITE_IOERR:
        return StorageError(
            f"{where}ディスクの読み書きに失敗しました / disk I/O error ({exc}): check the disk"
        )
    return StorageError(f"{where}データベースを使えません / {doing}: {exc}")


def disk_full(path: Path) -> bool:
    """Less than :data:`DISK_FULL_BYTES` free on the filesystem holding ``path``, or the database (or its
    WAL) has reached this process's file-size limit (``ulimit -f``, a quota the office cannot tell apart)."""
    try:
        if shutil.disk_usage(path.parent).free < DISK_FULL_BYTES:
            return True
    except OSError:
        return False
    try:
        import resource
    except ImportError:  # Windows
        return False
    soft = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    if soft == resource.RLIM_INFINITY:
        return False
    files = (path, Path(f"{path}-wal"))
    return any(f.exists() and f.stat().st_size + DISK_FULL_BYTES >= soft for f in files)


def db_file(conn: sqlite3.Connection) -> str | None:
    """The file behind ``conn`` (for messages); None if SQLite cannot say."""
    try:
        row = conn.execute("PRAGMA database_list").fetchone()
    except sqlite3.Error:
        return None
    return str(row[2]) if row and row[2] else None


def open_db(
    path: str | Path, *, timeout: float = BUSY_TIMEOUT_S, create: bool = True, verify: bool = False
) -> sqlite3.Connection:
    """Open and migrate the database at ``path`` (creating it only with ``create``). ``verify`` also runs
    SQLite's page-level check first, so nothing is written to a damaged file (init and app start-up)."""
    if verify and Path(path).exists():
        ro = connect(path, timeout=timeout, readonly=True)
        try:
            quick_check(ro, Path(path).absolute())
        finally:
            ro.close()
    conn = connect(path, timeout=timeout, create=create)
    try:
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """SQLite's page-level check (``PRAGMA quick_check``: milliseconds for a day, about a second for years);
    a damaged file gets one line that says to restore the nightly backup."""
    try:
        result = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    except sqlite3.Error as exc:
        raise storage_error(exc, path, "cannot check") from exc
    if result != "ok":
        raise _damaged(path, str(result))


def open_readonly(
    path: str | Path, *, timeout: float = BUSY_TIMEOUT_S, verify: bool = False
) -> sqlite3.Connection:
    """A read-only connection to an up-to-date office database (``status``, live pages): no lock, no write."""
    conn = connect(path, timeout=timeout, readonly=True)
    if verify:
        try:
            quick_check(conn, Path(path).absolute())
        except StorageError:
            conn.close()
            raise
    if _pending(conn):
        conn.close()
        raise StorageError(
            f"{Path(path).absolute()}: データベースの更新が必要です / the database needs updating: run "
            "`madoguchi init` once as a user who can write it"
        )
    return conn


def migrate(conn: sqlite3.Connection) -> None:
    """Apply pending migrations (the one ordered list, shared with PostgreSQL) and stamp the schema generation.
    Takes the write lock only when there is something to do, so starting an app never waits for (or blocks) a
    writer."""
    from shared.storage.migrations import migrate_database
    from shared.storage.sqlite_backend import SqliteDatabase
    from shared.storage.target import DbTarget

    try:
        if not _pending(conn) and int(conn.execute("PRAGMA user_version").fetchone()[0]) == USER_VERSION:
            return
        where = db_file(conn)
        migrate_database(SqliteDatabase.wrap(conn, DbTarget("sqlite", path=Path(where or "office.db"))))
        with write(conn):
            conn.execute(f"PRAGMA user_version = {USER_VERSION}")
    except StorageError:
        raise
    except sqlite3.Error as exc:
        raise storage_error(exc, db_file(conn), "migration failed") from exc


@contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """The one write path: ``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception.

    Nested use runs inside the outer transaction.
    """
    if conn.in_transaction:
        try:
            yield conn
        except sqlite3.Error as exc:
            if _is_storage_fault(exc):
                raise storage_error(exc, db_file(conn)) from exc
            raise
        return
    _begin_immediate(conn)
    try:
        yield conn
    except BaseException as exc:
        _rollback(conn)
        if isinstance(exc, sqlite3.Error) and _is_storage_fault(exc):
            raise storage_error(exc, db_file(conn)) from exc
        raise
    else:
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            # SQLite has usually rolled back already (a full disk): a second ROLLBACK would hide the real error
            _rollback(conn)
            raise storage_error(exc, db_file(conn), "commit failed") from exc


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def _is_storage_fault(exc: sqlite3.Error) -> bool:
    """The disk or the file failed (full, I/O, damaged, read-only), as opposed to a constraint or a bug."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (
        SQLITE_FULL,
        SQLITE_IOERR,
        SQLITE_CORRUPT,
        SQLITE_NOTADB,
        SQLITE_READONLY,
        SQLITE_CANTOPEN,
    )


def _begin_immediate(conn: sqlite3.Connection, wait_s: float = BUSY_TIMEOUT_S) -> None:
    """Take the write lock, retrying with short, jittered sleeps.

    SQLite's own busy handler backs off to 100 ms sleeps and lets one writer lose again and again (measured
    with 4 saturating writer processes: worst waits of seconds); a write transaction here lasts well under a
    millisecond, so we poll finely instead.
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
                    raise storage_error(exc, db_file(conn), "cannot write") from exc
                if time.monotonic() >= deadline:
                    raise StorageError(
                        f"データベースが使用中です。しばらくしてからもう一度 / database busy: {exc}"
                    ) from exc
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 0.004)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {READ_BUSY_MS}")


def data_version(conn: sqlite3.Connection) -> int:
    """Changes only when *another* connection commits (https://www.sqlite.org/pragma.html#pragma_data_version);
    a connection's own writes and others' rollbacks leave it alone. About 2.4 µs a call."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def checkpoint(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """A PASSIVE WAL checkpoint: copies committed pages into the database file without blocking anyone.
    Returns (busy, wal pages, pages checkpointed)."""
    row = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    return int(row[0]), int(row[1]), int(row[2])
