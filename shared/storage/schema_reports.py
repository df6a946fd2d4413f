"""Tables of the reports area: per-day KPI facts derived from the event log, and the refresh watermark.

``kpi_day`` is a cache: one row per business day holding that day's per-leg, per-visit and peak-queue facts
as packed little-endian column arrays (see shared/reports/facts.py for the layout). It can always be rebuilt
from ``ticket``/``leg``/``event``; deleting it loses nothing.
"""

from __future__ import annotations

from shared.storage.backend import Database
from shared.storage.migrations import migrations, run_script


@migrations(name="reports_m001_kpi")
def reports_m001_kpi(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE kpi_day (
            day TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            legs INTEGER NOT NULL,
            visits INTEGER NOT NULL,
            codebook TEXT NOT NULL,
            leg_data BLOB NOT NULL,
            visit_data BLOB NOT NULL,
            peak_data BLOB NOT NULL,
            built_at REAL NOT NULL
        ) STRICT;

        CREATE TABLE kpi_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) STRICT;
        """,
    )
