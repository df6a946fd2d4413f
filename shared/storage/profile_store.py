"""SQL of the office profile's versions (table ``office_profile``, see schema_profile.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_COLS = "version, created_at, created_by, source, sha256, toml"


@dataclass(frozen=True)
class ProfileRow:
    version: int
    created_at: float
    created_by: str
    source: str
    sha256: str
    toml: str


def _row(r: Any) -> ProfileRow:
    return ProfileRow(int(r[0]), float(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]))


class ProfileStore:
    """Reads and appends profile versions on one connection (a :class:`Database`)."""

    def __init__(self, db: Any) -> None:
        self.db = db

    def current_version(self) -> int:
        """The current version number, 0 if none is stored. One indexed read: cheap on every change signal."""
        row = self.db.execute("SELECT max(version) FROM office_profile").fetchone()
        return 0 if row is None or row[0] is None else int(row[0])

    def current(self) -> ProfileRow | None:
        r = self.db.execute(f"SELECT {_COLS} FROM office_profile ORDER BY version DESC LIMIT 1").fetchone()
        return None if r is None else _row(r)

    def get(self, version: int) -> ProfileRow | None:
        r = self.db.execute(f"SELECT {_COLS} FROM office_profile WHERE version = ?", (version,)).fetchone()
        return None if r is None else _row(r)

    def history(self) -> list[ProfileRow]:
        return [_row(r) for r in self.db.execute(f"SELECT {_COLS} FROM office_profile ORDER BY version")]

    def append(self, *, created_at: float, created_by: str, source: str, sha256: str, toml: str) -> int:
        """Add the next version (inside the caller's transaction). Two writers racing for the same number:
        the primary key refuses the second one, and its transaction rolls back."""
        version = self.current_version() + 1
        self.db.execute(
            f"INSERT INTO office_profile({_COLS}) VALUES (?, ?, ?, ?, ?, ?)",
            (version, created_at, created_by, source, sha256, toml),
        )
        return version
