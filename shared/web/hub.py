"""One change detector per web process: ``PRAGMA data_version`` on a dedicated read-only connection.

Live pages (SSE) wait on :meth:`ChangeHub.wait`; a single asyncio task polls every ``poll_s`` (a few µs per
poll) and wakes them all (one ``asyncio.Event`` per version) when any connection, in this process or another,
has committed. Caches key their
entries on :meth:`ChangeHub.version`.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import threading
from pathlib import Path

from shared.errors import StorageError
from shared.storage.db import connect, data_version


class ChangeHub:
    def __init__(self, db_path: Path, poll_s: float = 0.05) -> None:
        self.db_path = db_path
        self.poll_s = poll_s
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._seen: int | None = None
        self._version = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._event: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None

    def version(self) -> int:
        """A counter that moves whenever the database changed since the last look. Thread-safe."""
        with self._lock:
            try:
                if self._conn is None:
                    self._conn = connect(self.db_path, readonly=True)
                v = data_version(self._conn)
            except (sqlite3.Error, StorageError):
                if self._conn is not None:
                    self._conn.close()
                self._conn = None
                self._version += 1  # unknown state: treat as changed so nothing stale is served
                return self._version
            if v != self._seen:
                self._seen = v
                self._version += 1
            return self._version

    def _ensure_task(self) -> None:
        loop = asyncio.get_running_loop()
        if self._loop is not loop or self._event is None or self._task is None or self._task.done():
            self._loop = loop
            self._event = asyncio.Event()
            self._task = loop.create_task(self._poll())

    async def _poll(self) -> None:
        last = self.version()
        while True:
            await asyncio.sleep(self.poll_s)
            v = self.version()
            if v != last:
                last = v
                # wake everyone waiting on the old event; later waiters get a fresh one
                fired, self._event = self._event, asyncio.Event()
                if fired is not None:
                    fired.set()

    async def wait(self, seen: int, timeout: float) -> int:
        """Return as soon as the version differs from ``seen``, or after ``timeout`` seconds."""
        self._ensure_task()
        event = self._event
        if self.version() != seen or event is None:
            return self._version
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout)
        return self._version

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, RuntimeError):
                await self._task
        self._task = None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
