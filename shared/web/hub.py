"""The web process's side of the one change detector (:class:`shared.changes.ChangeWatcher`).

Live pages (SSE) wait on :meth:`ChangeHub.wait`; one asyncio task per process wakes them all (one
``asyncio.Event`` per version) when any connection, in this process or another, has committed. On PostgreSQL
the task waits on the LISTEN socket (``loop.add_reader``); on SQLite it polls ``data_version`` every ``poll_s``.
Caches key their entries on :meth:`ChangeHub.version`.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from typing import Any

from shared.changes import ChangeWatcher
from shared.errors import StorageError


class ChangeHub:
    def __init__(self, db: Any, poll_s: float = 0.05) -> None:
        self.db = db
        self.poll_s = poll_s
        self._lock = threading.Lock()
        self._watcher = ChangeWatcher(db, poll_s)
        self._version = 0
        self._fired = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._event: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None

    def version(self) -> int:
        """A counter that moves whenever the database changed since the last look. Thread-safe."""
        with self._lock:
            try:
                changed = self._watcher.poll()
            except StorageError:
                changed = True  # unknown state: treat as changed so nothing stale is served
            if changed:
                self._version += 1
            version = self._version
        loop = self._loop
        if changed and loop is not None and not loop.is_closed():
            # whoever noticed the change (a request thread or the watch task), the live pages wake up
            loop.call_soon_threadsafe(self._fire_if_moved)
        return version

    def _ensure_task(self) -> None:
        loop = asyncio.get_running_loop()
        if self._loop is not loop or self._event is None or self._task is None or self._task.done():
            self._loop = loop
            self._event = asyncio.Event()
            self._task = loop.create_task(self._watch())

    def _fire_if_moved(self) -> None:
        if self._version == self._fired:
            return
        self._fired = self._version
        # wake everyone waiting on the old event; later waiters get a fresh one
        fired, self._event = self._event, asyncio.Event()
        if fired is not None:
            fired.set()

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        self._fired = self.version()
        while True:
            try:
                with self._lock:
                    fd = self._watcher.fileno()
            except StorageError:
                fd = None  # down: retry below; version() counts the failure, which wakes the pages
            if fd is None:
                # SQLite: the next poll; PostgreSQL: the next connection attempt the watcher's backoff allows
                await asyncio.sleep(max(self.poll_s, self._watcher.retry_in()))
            else:
                readable: asyncio.Future[None] = loop.create_future()

                def wake(f: asyncio.Future[None] = readable) -> None:
                    if not f.done():
                        f.set_result(None)

                loop.add_reader(fd, wake)
                try:
                    await readable
                finally:
                    loop.remove_reader(fd)
            self.version()

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
            self._watcher.close()
