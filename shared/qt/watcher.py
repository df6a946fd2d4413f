"""DbWatcher: the Qt face of :class:`shared.changes.ChangeWatcher`; emits ``changed`` when another connection
commits.

On PostgreSQL it waits on the LISTEN connection's socket with a ``QSocketNotifier`` (no timer at all); on SQLite
it polls ``PRAGMA data_version`` on a timer. When the database cannot be reached it emits ``unavailable`` once,
retries with the watcher's backoff (0.5 s doubling to 10 s), and on recovery emits ``available`` and then
``changed``, so every view re-reads what it missed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from shared.changes import ChangeWatcher
from shared.storage.target import DbTarget

log = logging.getLogger(__name__)


class DbWatcher(QObject):
    changed = Signal()
    unavailable = Signal(str)  # the DB could not be read; the view keeps its last state
    available = Signal()

    def __init__(
        self,
        path: str | Path | DbTarget | None,
        interval_ms: int = 200,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._watcher = ChangeWatcher(path, interval_ms / 1000)
        self._down = False
        self._ready = False
        self._interval_ms = interval_ms
        self._notifier: QSocketNotifier | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.poll)
        if self._watcher.server:
            self._timer.setSingleShot(True)  # only for reconnect attempts
        else:
            self._timer.setInterval(interval_ms)
            self._timer.start()
        QTimer.singleShot(0, self.poll)  # first poll after the caller connected its slots

    @property
    def ready(self) -> bool:
        """True once a poll succeeded: the baseline is recorded (SQLite) or the LISTEN is in place."""
        return self._ready

    @property
    def listening(self) -> bool:
        """True while a socket notifier (PostgreSQL LISTEN) drives the watcher instead of a timer."""
        return self._notifier is not None

    def poll(self) -> None:
        try:
            self._arm()
            changed = self._watcher.poll()
        except Exception as exc:  # noqa: BLE001 - a watcher must never crash the app
            self._disarm()
            if not self._down:
                log.warning("database unavailable: %s", exc)
                self._down = True
                self.unavailable.emit(str(exc))
            if self._watcher.server:  # the next try when the watcher's backoff allows it
                self._timer.start(max(self._interval_ms, int(self._watcher.retry_in() * 1000)))
            return
        self._ready = True
        if self._down:
            self._down = False
            self.available.emit()
            self.changed.emit()
        elif changed:
            self.changed.emit()

    def _arm(self) -> None:
        if not self._watcher.server or self._notifier is not None:
            return
        fd = self._watcher.fileno()
        assert fd is not None
        self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.poll)

    def _disarm(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None

    def stop(self) -> None:
        self._timer.stop()
        self._disarm()
        self._watcher.close()
