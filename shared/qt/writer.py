"""The one way an app writes: engine verbs off the GUI thread, so a locked database never freezes a screen.

The writer has its own engine (own SQLite connection) on one worker thread, so writes are serialised and stay in
order. A job is ``fn(engine) -> result`` (a verb callable); its result or its error comes back on the GUI thread
through ``finished`` and the job's callbacks; ``pending`` counts jobs not yet delivered (the counter ignores a
second press while it is not zero; the kiosk keeps its own guard around issuing). The engine is opened on first
use and reopened after a storage error, so a database that was unreachable at first works as soon as it is back.
The views then re-read: the app's own write, like any other process's, moves ``PRAGMA data_version``.
"""

from __future__ import annotations

import contextlib
import inspect
import itertools
import logging
import sqlite3
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

from shared.engine import QueueEngine
from shared.errors import StorageError

log = logging.getLogger(__name__)

Job = Callable[[QueueEngine], Any]
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class Writer(QObject):
    finished = Signal(int, object, object)  # job id, result, error (None on success)

    def __init__(
        self,
        open_engine: Callable[[], QueueEngine],
        parent: QObject | None = None,
        name: str = "writer",
        *,
        owns_engine: bool = True,
    ) -> None:
        """``owns_engine=False``: ``open_engine`` hands out an engine someone else closes (never closed here).
        A bound method is held weakly, so the app's window and its writer form no reference cycle."""
        super().__init__(parent)
        self._open: Callable[[], Callable[[], QueueEngine] | None] = (
            weakref.WeakMethod(open_engine) if inspect.ismethod(open_engine) else lambda: open_engine
        )
        self._owns = owns_engine
        self._engine: QueueEngine | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Done | None, Failed | None]] = {}
        self.finished.connect(self._deliver)
        self.closed = False

    @property
    def pending(self) -> int:
        """Jobs submitted whose result has not been delivered yet."""
        return len(self._callbacks)

    def submit(self, job: Job, on_done: Done | None = None, on_error: Failed | None = None) -> int:
        job_id = next(self._ids)
        self._callbacks[job_id] = (on_done, on_error)
        self._pool.submit(self._run, job_id, job)
        return job_id

    def _run(self, job_id: int, job: Job) -> None:
        try:
            if self._engine is None:
                opener = self._open()
                if opener is None:
                    raise RuntimeError("the app that owned this writer is gone")
                self._engine = opener()
            result = job(self._engine)
        except BaseException as exc:  # noqa: BLE001 - every error goes back to the GUI thread
            if isinstance(exc, StorageError | sqlite3.Error | OSError):
                self._drop_engine()
            self._emit(job_id, None, exc)
            return
        self._emit(job_id, result, None)

    def _emit(self, job_id: int, result: Any, error: BaseException | None) -> None:
        if not self.closed:
            # RuntimeError: the QObject was deleted while the job ran (shutdown)
            with contextlib.suppress(RuntimeError):
                self.finished.emit(job_id, result, error)

    def _drop_engine(self) -> None:
        if self._engine is not None and self._owns:
            with contextlib.suppress(sqlite3.Error):
                self._engine.store.close()
        self._engine = None

    def _deliver(self, job_id: int, result: Any, error: object) -> None:
        on_done, on_error = self._callbacks.pop(job_id, (None, None))
        if error is not None:
            if on_error is not None:
                on_error(error if isinstance(error, BaseException) else RuntimeError(str(error)))
            else:
                log.error("write failed: %s", error)
        elif on_done is not None:
            on_done(result)

    def close(self) -> None:
        """Finish the queued writes, then close the worker's connection."""
        self.closed = True
        self._pool.shutdown(wait=True)
        self._drop_engine()
        self._callbacks.clear()  # undelivered callbacks hold the app's objects
