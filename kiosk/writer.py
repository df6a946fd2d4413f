"""DB writes off the GUI thread: a locked database makes the kiosk say "one moment", never freeze.

The writer has its own engine (own SQLite connection) on one worker thread, so writes stay in order. A job is
``fn(engine) -> result``; its result or its error comes back on the GUI thread through ``finished``. The
engine is opened on first use and reopened after a storage error, so a database that was unreachable at
first starts working as soon as it is back.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import sqlite3
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

    def __init__(self, open_engine: Callable[[], QueueEngine], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._open = open_engine
        self._engine: QueueEngine | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-writer")
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Done | None, Failed | None]] = {}
        self.finished.connect(self._deliver)
        self.closed = False

    @property
    def pending(self) -> int:
        return len(self._callbacks)

    def submit(self, job: Job, on_done: Done | None = None, on_error: Failed | None = None) -> int:
        job_id = next(self._ids)
        self._callbacks[job_id] = (on_done, on_error)
        self._pool.submit(self._run, job_id, job)
        return job_id

    def _run(self, job_id: int, job: Job) -> None:
        try:
            if self._engine is None:
                self._engine = self._open()
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
        if self._engine is not None:
            with contextlib.suppress(sqlite3.Error):
                self._engine.store.close()
            self._engine = None

    def _deliver(self, job_id: int, result: Any, error: object) -> None:
        on_done, on_error = self._callbacks.pop(job_id, (None, None))
        if error is not None:
            if on_error is not None:
                on_error(error if isinstance(error, BaseException) else RuntimeError(str(error)))
            else:
                log.error("kiosk write failed: %s", error)
        elif on_done is not None:
            on_done(result)

    def close(self) -> None:
        """Finish the queued writes, then close the worker's connection."""
        self.closed = True
        self._pool.shutdown(wait=True)
        self._drop_engine()
