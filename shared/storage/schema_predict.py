"""Tables of the wait predictor: the calibrated model, rebuilt once a day from the event log."""

from __future__ import annotations

from shared.storage.backend import Database
from shared.storage.migrations import migrations, run_script


@migrations(name="predict_m001_model")
def predict_m001_model(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE predict_model (
            key TEXT PRIMARY KEY,   -- the business day it was built for, e.g. '2026-11-24'
            built_at REAL NOT NULL,
            model TEXT NOT NULL     -- JSON: service-time quantiles, desk profiles, corrections
        ) STRICT;
        """,
    )
