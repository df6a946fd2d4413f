"""Cross-process change detection without a broker: poll ``PRAGMA data_version`` on a dedicated connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from shared.storage.db import connect, data_version


class ChangeWatcher:
    """``poll()`` is True once after another connection committed. Costs a few µs; poll as often as you like."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._version: int | None = None

    def poll(self) -> bool:
        """True if another process committed since the last poll. Raises StorageError if the DB is unreachable."""
        if self._conn is None:
            self._conn = connect(self.path, readonly=True)
        try:
            v = data_version(self._conn)
        except sqlite3.Error:
            self.close()
            raise
        changed = self._version is not None and v != self._version
        self._version = v
        return changed

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
            self._version = None
