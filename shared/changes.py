"""The one change detector for every app, the web and the alert runner: "another connection committed".

- SQLite: ``PRAGMA data_version`` on a dedicated read-only connection. It moves only when another connection
  commits and costs a few µs, so the caller polls it on a timer (:attr:`ChangeWatcher.interval_s`).
- PostgreSQL: every write transaction sends ``NOTIFY madoguchi`` inside itself, just before COMMIT
  (pg_backend.py), so it is delivered only if the commit happened; the watcher ``LISTEN``s on its own
  connection. :meth:`ChangeWatcher.fileno` is then the socket to wait on (Qt: ``QSocketNotifier``, asyncio:
  ``add_reader``, a thread: :meth:`ChangeWatcher.wait`); there is no polling loop.

:meth:`ChangeWatcher.poll` is True once per batch of changes and raises :class:`StorageError` when the database
cannot be reached; the next ``poll`` reconnects. A caller that saw an error re-reads everything after the next
good poll (displays read the call log by id, so nothing missed while the link was down is lost).
"""

from __future__ import annotations

import contextlib
import os
import select
import time
from typing import Any

from shared.errors import StorageError
from shared.storage.target import DbTarget, mask, parse_target

SQLITE_POLL_S = 0.05  # data_version costs µs; 50 ms keeps call → screen well under 100 ms
BACKOFF_MIN_S, BACKOFF_MAX_S = 0.5, 10.0  # between connection attempts while the database is unreachable


def _reason(exc: BaseException) -> str:
    """The first line of a driver error (libpq's messages run over several lines)."""
    text = str(exc).strip().splitlines()
    return mask(text[0]) if text else type(exc).__name__


class ChangeWatcher:
    """``poll()`` is True once after another connection committed. ``fileno()`` is a socket to wait on, or
    None when the caller must poll every :attr:`interval_s` seconds (SQLite)."""

    def __init__(
        self, db: str | os.PathLike[str] | DbTarget | None, interval_s: float = SQLITE_POLL_S
    ) -> None:
        self.target = parse_target(db)
        self.server = self.target.is_pg
        self.interval_s = interval_s
        self._conn: Any = None
        self._version: int | None = None
        self._delay = 0.0
        self._retry_at = 0.0
        self._down: StorageError | None = None

    # -- the two sources ------------------------------------------------------------------------------------
    def _open(self) -> None:
        """Connect, unless the last try failed less than a backoff ago (0.5 s doubling to 10 s): a screen or a
        web request thread asking while the server is away gets the last error at once, instead of waiting
        for a connect timeout, and the server is not hammered."""
        if self._down is not None and time.monotonic() < self._retry_at:
            raise self._down
        self._version = None
        try:
            if self.server:
                from shared.storage.pg_listen import listen

                self._conn = listen(self.target)
            else:
                from shared.storage.backend import open_database

                self._conn = open_database(self.target, readonly=True)
        except (
            Exception
        ) as exc:  # StorageError, or sqlite3 / psycopg errors (psycopg is not imported on SQLite)
            raise self._backoff(exc) from exc

    def _backoff(self, exc: BaseException) -> StorageError:
        self._delay = min(BACKOFF_MAX_S, max(BACKOFF_MIN_S, self._delay * 2))
        self._retry_at = time.monotonic() + self._delay
        reason = str(exc) if isinstance(exc, StorageError) else _reason(exc)
        self._down = StorageError(
            f"変更を監視できません / cannot watch the database: {reason} — 再接続中… / reconnecting in "
            f"{self._delay:.1f} s"
        )
        return self._down

    def retry_in(self) -> float:
        """Seconds until the next connection attempt (0 when connected or due)."""
        return max(0.0, self._retry_at - time.monotonic()) if self._down is not None else 0.0

    def fileno(self) -> int | None:
        """The socket that becomes readable on a change (PostgreSQL, once connected), else None."""
        if not self.server:
            return None
        if self._conn is None:
            self._open()
        return int(self._conn.fileno())

    def poll(self) -> bool:
        """True if another connection committed since the last poll. Never blocks.

        The first poll after (re)connecting records the baseline and is False: commits made while no one
        listened are not queued anywhere, so a caller that saw an error re-reads everything once it is back."""
        if self._conn is None:
            self._open()
        try:
            if self.server:
                from shared.storage.pg_listen import drain

                notified = drain(self._conn)
            else:
                v = self._conn.data_version()
        except Exception as exc:  # sqlite3 or psycopg errors, without importing psycopg on SQLite
            self.close()
            raise self._backoff(exc) from exc
        self._delay, self._down = 0.0, None
        if self.server:
            return notified
        changed = self._version is not None and v != self._version
        self._version = v
        return changed

    def wait(self, timeout: float) -> bool:
        """Block up to ``timeout`` seconds for a change (for a thread of its own). Raises StorageError."""
        deadline = time.monotonic() + timeout
        fd = self.fileno()
        while True:
            if self.poll():
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            if fd is None:
                time.sleep(min(self.interval_s, left))
            else:
                select.select([fd], [], [], left)

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(
                Exception
            ):  # closing a broken connection may fail; it is gone either way
                self._conn.close()
            self._conn = None
            self._version = None
