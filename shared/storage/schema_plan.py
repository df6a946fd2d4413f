"""Table of the floor manager's scheduled plan steps (a what-if plan applied with later changes, e.g. "close
counter 5 at 12:00"): they wait in the database, so a restart of the console loses none, and whichever process
runs them first (the console's timer or the scheduler) claims each one once."""

from __future__ import annotations

from shared.storage.backend import Database
from shared.storage.migrations import migrations, run_script


@migrations(name="plan_m001_plan_step")
def plan_m001_plan_step(db: Database) -> None:
    run_script(
        db,
        """
        -- one counter change of an applied plan, due at due_ts; actor: the supervisor who applied the plan
        CREATE TABLE plan_step (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,
            plan TEXT NOT NULL,
            due_ts REAL NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('open', 'serve', 'close', 'pause', 'resume')),
            counter INTEGER NOT NULL,
            services TEXT NOT NULL DEFAULT '[]',
            actor TEXT NOT NULL,
            created_ts REAL NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'done', 'failed', 'cancelled')),
            done_ts REAL,
            result TEXT,
            cancelled_by TEXT
        ) STRICT;
        CREATE INDEX plan_step_due ON plan_step(state, due_ts);
        CREATE INDEX plan_step_day ON plan_step(day, id);
        """,
    )
