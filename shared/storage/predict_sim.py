"""SQLite settings for throw-away simulation databases (never the office's own file)."""

from __future__ import annotations

from shared.storage.store import Store


def fast_writes(store: Store) -> None:
    """A simulated day's temp DB needs no fsync: a crash only loses the simulation, which is re-run."""
    store.conn.execute("PRAGMA synchronous = OFF")
