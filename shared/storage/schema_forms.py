"""Tables of the plan's indicators (issue #20): the monthly convenience-store 住民票 counts an office imports.

``konbini_month``: one row per calendar month, the number of 住民票 the city's convenience-store service
issued for this office that month (``madoguchi import konbini FILE.csv``); importing a month again replaces
its count. The hand-written forms per step live on the ``finished`` event (data["forms"], engine.py) and the
diversions in the event log (``offered`` / ``diverted``): neither needs a table.
"""

from __future__ import annotations

from shared.storage.backend import Database
from shared.storage.migrations import migrations, run_script


@migrations(name="forms_m001_konbini")
def forms_m001_konbini(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE konbini_month (
            month TEXT PRIMARY KEY,
            count INTEGER NOT NULL CHECK (count >= 0),
            source TEXT NOT NULL DEFAULT '',
            imported_at REAL NOT NULL
        ) STRICT;
        """,
    )
