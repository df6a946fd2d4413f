"""DbWatcher: a QObject that emits ``changed`` when another process commits to the DB."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from shared.errors import StorageError
from shared.watcher import ChangeWatcher

log = logging.getLogger(__name__)


class DbWatcher(QObject):
    changed = Signal()
    unavailable = Signal(str)  # the DB could not be read; the view keeps its last state
    available = Signal()

    def __init__(self, path: str | Path, interval_ms: int = 200, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher = ChangeWatcher(path)
        self._down = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        self._timer.start()
        QTimer.singleShot(0, self.poll)  # first poll after the caller connected its slots

    def poll(self) -> None:
        try:
            changed = self._watcher.poll()
        except (StorageError, OSError, Exception) as exc:  # noqa: BLE001 - a watcher must never crash the app
            if not self._down:
                log.warning("database unavailable: %s", exc)
                self._down = True
                self.unavailable.emit(str(exc))
            return
        if self._down:
            self._down = False
            self.available.emit()
            self.changed.emit()
        elif changed:
            self.changed.emit()

    def stop(self) -> None:
        self._timer.stop()
        self._watcher.close()
