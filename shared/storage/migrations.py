"""The schema: an append-only ``Migrations("madoguchi")`` set, applied by every process at start-up.

Times are UNIX seconds (REAL); ``day`` is the Asia/Tokyo business date as 'YYYY-MM-DD'.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("madoguchi")


def run_script(db: Database, script: str) -> None:
    """Run statements one by one inside the migration's transaction (``executescript`` would commit early)."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            db.execute(buf)
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buf[:80]!r}")


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
