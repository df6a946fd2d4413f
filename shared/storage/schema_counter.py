"""Indexes for the counter console's per-counter reads (today's served count and call count)."""

from __future__ import annotations

from shared.storage.backend import Database
from shared.storage.migrations import migrations, run_script


@migrations()
def counter_001_stats_indexes(db: Database) -> None:
    run_script(
        db,
        """
        CREATE INDEX IF NOT EXISTS leg_counter_ended ON leg(counter, ended_at);
        CREATE INDEX IF NOT EXISTS call_counter_day ON call(counter, day);
        """,
    )


@migrations()
def counter_002_held_index(db: Database) -> None:
    """Held legs are few; this keeps the console's queue read off a full scan of the leg history."""
    run_script(db, "CREATE INDEX IF NOT EXISTS leg_held ON leg(queue) WHERE state = 'held';")


@migrations()
def counter_003_partial_counter_index(db: Database) -> None:
    """Only legs that reached a counter belong in the per-counter index: issuing a ticket then writes one
    index page less (the issue transaction is fsync-bound, page count is its cost)."""
    run_script(
        db,
        """
        DROP INDEX IF EXISTS leg_counter_ended;
        CREATE INDEX leg_counter_ended ON leg(counter, ended_at) WHERE counter IS NOT NULL;
        """,
    )
