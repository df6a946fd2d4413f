"""Table of the office profile's versions: the TOML every app of the office reads (``madoguchi init --config``).

Append-only: each ``init`` with a changed profile adds a version; the highest one is current.
"""

from __future__ import annotations

from typing import Any

from shared.storage.migrations import migrations, run_script


@migrations(name="profile_m001_office_profile")
def profile_m001_office_profile(db: Any) -> None:
    run_script(
        db,
        """
        -- who stored which profile when; sha256 of the TOML text tells an unchanged profile from a new one
        CREATE TABLE office_profile (
            version INTEGER PRIMARY KEY,
            created_at REAL NOT NULL,
            created_by TEXT NOT NULL,
            source TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            toml TEXT NOT NULL
        ) STRICT;
        """,
    )
