"""The schema: one ordered list of migrations, applied by every process at start-up on either backend.

Each migration is a function registered with ``@migrations()`` (feature areas add theirs in
``shared/storage/schema_<area>.py``). Scripts are written once, in SQLite's dialect (STRICT tables,
``INTEGER PRIMARY KEY``); the PostgreSQL backend translates the DDL (``Database.ddl``). The names of the applied
migrations are recorded in the database itself (``schema_migrations``), each in the same transaction as its
changes. A database that holds a migration this code does not know was made by a newer madoguchi: it is
refused with a clear message instead of being used half-understood.

Times are UNIX seconds (REAL); ``day`` is the Asia/Tokyo business date as 'YYYY-MM-DD'.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass

from shared.errors import StorageError
from shared.storage.backend import Database

MigrationFn = Callable[[Database], None]
LEGACY_TABLE = "_sqlite_migrations"  # sqlite-utils' record, in files made before the PostgreSQL backend


@dataclass(frozen=True)
class Migration:
    name: str
    fn: MigrationFn


class Migrations:
    """The ordered list. ``@migrations()`` / ``@migrations(name=…)`` appends a function to it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.items: list[Migration] = []

    def __call__(self, *, name: str | None = None) -> Callable[[MigrationFn], MigrationFn]:
        def inner(fn: MigrationFn) -> MigrationFn:
            n = name or fn.__name__
            if any(m.name == n for m in self.items):
                raise ValueError(f"migration {n!r} is registered twice")
            self.items.append(Migration(n, fn))
            return fn

        return inner

    def names(self) -> list[str]:
        return [m.name for m in self.items]


migrations = Migrations("madoguchi")


def run_script(db: Database, script: str) -> None:
    """Run statements one by one inside the migration's transaction (``executescript`` would commit early)."""
    buf = ""
    for line in db.ddl(script).splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            db.execute(buf)
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buf[:80]!r}")


def applied(db: Database) -> list[str]:
    """Names of the migrations recorded in ``db``, in the order they were applied (a SQLite file made before
    ``schema_migrations`` existed: sqlite-utils' record of them)."""
    if db.table_exists("schema_migrations"):
        names = [r[0] for r in db.execute("SELECT name FROM schema_migrations ORDER BY seq")]
        if names:
            return names
    if db.dialect == "sqlite" and db.table_exists(LEGACY_TABLE):
        return [
            r[0]
            for r in db.execute(
                f"SELECT name FROM {LEGACY_TABLE} WHERE migration_set = 'madoguchi' ORDER BY rowid"
            )
        ]
    return []


def check_not_newer(db: Database, names: list[str]) -> None:
    """Refuse a database that holds a migration this code does not know (the same words as db.py's check)."""
    unknown = [n for n in names if n not in set(migrations.names())]
    if unknown:
        raise StorageError(
            f"{db.target}: 新しい版の madoguchi で作られたデータベースです。madoguchi を更新してください / this "
            f"database is from a newer madoguchi ({unknown[0]}): upgrade madoguchi on this PC (nothing was written)"
        )


def migrate_database(db: Database) -> list[str]:
    """Apply every pending migration, in order; returns the names applied now. Safe to run from several
    processes at once (SQLite: the write lock; PostgreSQL: an advisory lock, then a re-check)."""
    try:
        done = applied(db)
    except StorageError:
        done = []
    check_not_newer(db, done)
    if len(done) == len(migrations.items):
        return []
    now_applied: list[str] = []
    with db.transaction():
        if db.dialect == "postgresql":
            db.execute("SELECT pg_advisory_xact_lock(4242001)")  # one migrating process at a time
        db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (seq INTEGER NOT NULL, name TEXT PRIMARY KEY, "
            "applied_at REAL NOT NULL)"
        )
        done = applied(db)
        if done and not db.scalar("SELECT count(*) FROM schema_migrations"):
            for i, n in enumerate(done):  # an older SQLite file: sqlite-utils' record, copied over once
                db.execute(
                    "INSERT INTO schema_migrations(seq, name, applied_at) VALUES (?, ?, ?)",
                    (i, n, time.time()),
                )
        check_not_newer(db, done)
        seq = len(done)
        for m in migrations.items:
            if m.name in done:
                continue
            m.fn(db)
            db.execute(
                "INSERT INTO schema_migrations(seq, name, applied_at) VALUES (?, ?, ?)",
                (seq, m.name, time.time()),
            )
            now_applied.append(m.name)
            seq += 1
    return now_applied


@migrations()
def m001_core(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE service (
            code TEXT PRIMARY KEY,
            prefix TEXT NOT NULL,
            grp TEXT NOT NULL,
            name_ja TEXT NOT NULL,
            names TEXT NOT NULL DEFAULT '{}',
            target_wait_min INTEGER NOT NULL,
            service_min REAL NOT NULL,
            pickup INTEGER NOT NULL DEFAULT 0
        ) STRICT;

        CREATE TABLE daily_counter (
            seq TEXT NOT NULL,
            day TEXT NOT NULL,
            last_no INTEGER NOT NULL,
            PRIMARY KEY (seq, day)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE ticket (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,
            seq TEXT NOT NULL,
            number INTEGER NOT NULL,
            display TEXT NOT NULL,
            token TEXT NOT NULL UNIQUE,
            channel TEXT NOT NULL CHECK (channel IN ('kiosk', 'web', 'staff')),
            lang TEXT NOT NULL DEFAULT 'ja',
            priority INTEGER NOT NULL DEFAULT 0,
            access TEXT NOT NULL DEFAULT '[]',
            request TEXT NOT NULL DEFAULT '{}',
            bundle TEXT,
            route TEXT NOT NULL DEFAULT '[]',
            issued_at REAL NOT NULL,
            checked_in INTEGER NOT NULL DEFAULT 1,
            state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
            outcome TEXT,
            closed_at REAL,
            force_closed INTEGER NOT NULL DEFAULT 0,
            UNIQUE (day, display)  -- a duplicate number fails loudly; also "find ticket A012 today"
        ) STRICT;

        CREATE TABLE leg (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL REFERENCES ticket(id),
            step INTEGER NOT NULL,
            queue TEXT NOT NULL,
            service TEXT NOT NULL,
            stage TEXT NOT NULL CHECK (stage IN ('service', 'pickup')),
            state TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'serving', 'held', 'done', 'no_show',
                                                 'cancelled', 'transferred', 'expired')),
            priority INTEGER NOT NULL DEFAULT 0,  -- copied from the ticket: the call order reads one index
            ready INTEGER NOT NULL DEFAULT 1,  -- 0 while a web ticket waits for check-in (keeps its place)
            sort_key REAL NOT NULL,
            entered_at REAL NOT NULL,
            counter INTEGER,
            called_at REAL,
            started_at REAL,
            ended_at REAL,
            recalls INTEGER NOT NULL DEFAULT 0,
            parent_leg_id INTEGER REFERENCES leg(id)
        ) STRICT;
        CREATE INDEX leg_waiting ON leg(queue, ready, priority, sort_key) WHERE state = 'waiting';
        CREATE INDEX leg_ticket ON leg(ticket_id);
        -- a counter holds at most one ticket; a ticket has at most one open leg
        CREATE UNIQUE INDEX leg_one_per_counter ON leg(counter) WHERE state IN ('called', 'serving');
        CREATE UNIQUE INDEX leg_one_open_per_ticket ON leg(ticket_id)
            WHERE state IN ('waiting', 'called', 'serving', 'held');

        CREATE TABLE counter (
            number INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'closed' CHECK (state IN ('open', 'paused', 'closed')),
            reason TEXT,
            services TEXT NOT NULL DEFAULT '[]',
            clerk TEXT,
            priority_run INTEGER NOT NULL DEFAULT 0,
            updated_at REAL
        ) STRICT;

        CREATE TABLE event (
            id INTEGER PRIMARY KEY,
            ts REAL NOT NULL,
            day TEXT NOT NULL,
            type TEXT NOT NULL,
            ticket_id INTEGER REFERENCES ticket(id),
            leg_id INTEGER REFERENCES leg(id),
            service TEXT,
            counter INTEGER,
            actor TEXT,
            data TEXT NOT NULL DEFAULT '{}'
        ) STRICT;
        CREATE INDEX event_day ON event(day, type);
        CREATE INDEX event_ticket ON event(ticket_id);

        CREATE TABLE call (
            id INTEGER PRIMARY KEY,
            ts REAL NOT NULL,
            day TEXT NOT NULL,
            ticket_id INTEGER NOT NULL REFERENCES ticket(id),
            leg_id INTEGER NOT NULL REFERENCES leg(id),
            display TEXT NOT NULL,
            service TEXT NOT NULL,
            stage TEXT NOT NULL,
            counter INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('call', 'recall')),
            waited_s REAL NOT NULL
        ) STRICT;

        CREATE TABLE issuing (
            scope TEXT PRIMARY KEY,
            state TEXT NOT NULL CHECK (state IN ('open', 'paused', 'closed')),
            reason TEXT,
            updated_at REAL NOT NULL
        ) STRICT;

        CREATE TABLE alert (
            id INTEGER PRIMARY KEY,
            ts REAL NOT NULL,
            source TEXT NOT NULL,
            kind TEXT NOT NULL,
            message TEXT NOT NULL,
            resolved_at REAL
        ) STRICT;

        CREATE TABLE notice (
            id INTEGER PRIMARY KEY,
            ts REAL NOT NULL,
            names TEXT NOT NULL,
            until_ts REAL
        ) STRICT;

        CREATE TABLE job_run (
            job TEXT NOT NULL,
            run_key TEXT NOT NULL,
            started_at REAL NOT NULL,
            finished_at REAL,
            owner TEXT NOT NULL,
            result TEXT,
            PRIMARY KEY (job, run_key)
        ) STRICT;
        """,
    )


# Feature areas add their tables in their own modules (``shared/storage/schema_<area>.py``), each decorating
# further functions with the same ``migrations`` set. They are imported here so every process applies them.
def _load_extensions() -> None:
    import importlib
    import pkgutil

    import shared.storage as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if info.name.startswith("schema_"):
            importlib.import_module(f"shared.storage.{info.name}")


_load_extensions()
