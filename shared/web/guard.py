"""The web server against idle and slow connections: read timeouts, a connection cap within the process's file
descriptors, and logs that say a repeated error once per interval instead of once per occurrence.

uvicorn reads a request with no deadline of its own: a client that opens a socket and sends nothing (or half a
body) keeps a file descriptor forever, and a thousand of them exhaust the process's descriptors, after which
nothing answers. :class:`GuardedH11Protocol` closes a connection that has sent nothing for
:data:`READ_TIMEOUT_S` while the server waits for it (headers or body; never while the server itself is busy or
streaming), and refuses connections beyond :func:`connection_cap`, which stays below ``ulimit -n`` with room for
the database, logs and the thread pool.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import os
import time
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

READ_TIMEOUT_S = 10.0  # a request's headers, or the next piece of its body, must arrive within this
KEEP_ALIVE_S = 5  # an idle keep-alive connection is closed after this (uvicorn's own timer)
MAX_CONNECTIONS = 1000
# asyncio accepts up to ``backlog`` connections each time the listening socket is readable, and an accepted
# socket reaches ``connection_made`` (where the cap is applied) two loop turns later, its descriptor freed one turn
# after that; the listening socket may fire on each of those turns, so up to about three bursts are open beyond
# the cap. The listen backlog is kept small and the reserve covers four bursts plus SQLite files, logs and pipes.
BACKLOG = 32
FD_RESERVE = 4 * BACKLOG + 64
REPEAT_INTERVAL_S = 60.0

log = logging.getLogger("madoguchi.web.guard")


def connection_cap(max_connections: int = MAX_CONNECTIONS) -> int:
    """How many connections this process may hold: ``max_connections``, lowered to fit ``ulimit -n``."""
    try:
        import resource
    except ImportError:  # Windows: no descriptor limit of this kind
        return max_connections
    soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if soft == resource.RLIM_INFINITY:
        return max_connections
    return max(8, min(max_connections, int(soft) - FD_RESERVE))


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a read timeout and a connection cap (``madoguchi web`` passes it as ``http``)."""

    read_timeout_s = float(os.environ.get("MADOGUCHI_WEB_READ_TIMEOUT", READ_TIMEOUT_S))
    cap: int | None = None  # computed on first use from the descriptor limit
    refused = 0
    evicted = 0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        cls = type(self)
        if cls.cap is None:
            cls.cap = connection_cap()
        self._read_timer: asyncio.TimerHandle | None = None
        self._last_data = time.monotonic()
        if len(self.connections) > cls.cap and not self._evict_idle():
            cls.refused += 1
            log.warning("connection limit %d reached, every connection busy: refusing a new one", cls.cap)
            transport.abort()
            return
        self._arm()

    def _evict_idle(self) -> bool:
        """Make room by closing the connection that has waited longest for its client's bytes (an idle or
        slow client), so a burst of idle sockets can never lock out a visitor. False if every one is busy."""
        idle = [
            c
            for c in self.connections
            if c is not self
            and isinstance(c, GuardedH11Protocol)
            and not c.transport.is_closing()
            and c._waiting_for_client()
        ]
        if not idle:
            return False
        oldest = min(idle, key=lambda c: c._last_data)
        type(self).evicted += 1
        log.warning("connection limit %d reached: closing the longest idle connection", type(self).cap)
        oldest.transport.abort()
        return True

    def data_received(self, data: bytes) -> None:
        self._last_data = time.monotonic()
        self._arm()
        super().data_received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        if getattr(self, "_read_timer", None) is not None:
            self._read_timer.cancel()  # type: ignore[union-attr]
            self._read_timer = None
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._read_timer is not None:
            self._read_timer.cancel()
        self._read_timer = self.loop.call_later(self.read_timeout_s, self._read_timed_out)

    def _waiting_for_client(self) -> bool:
        """True while the server waits for the client's bytes: a request's headers, or the rest of its body."""
        cycle = self.cycle
        if cycle is None or cycle.response_complete:
            return True
        return bool(cycle.more_body) and not cycle.response_started

    def _read_timed_out(self) -> None:
        self._read_timer = None
        if self.transport.is_closing():
            return
        if self._waiting_for_client():
            log.info("closed a connection that sent nothing for %.0f s", self.read_timeout_s)
            self.transport.close()
        else:
            self._arm()  # the server is working or streaming: look again later


class RepeatFilter(logging.Filter):
    """Lets a message through once per ``interval_s`` (by logger and message template); the next one that
    passes says how many were held back. A flood of one error becomes one line a minute."""

    def __init__(self, interval_s: float = REPEAT_INTERVAL_S, clock: Any = time.monotonic) -> None:
        super().__init__()
        self.interval_s = interval_s
        self.clock = clock
        self._seen: dict[tuple[str, str], tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, str(record.msg))
        now = self.clock()
        last = self._seen.get(key)
        if last is not None and now - last[0] < self.interval_s:
            self._seen[key] = (last[0], last[1] + 1)
            return False
        held = last[1] if last is not None else 0
        if len(self._seen) > 1000:
            self._seen.clear()
        self._seen[key] = (now, 0)
        if held:
            record.msg = f"{record.msg} (repeated {held} more times in the last {self.interval_s:.0f} s)"
        return True


def log_config(level: str) -> dict[str, Any]:
    """uvicorn's logging set-up plus the app's own loggers (root), every handler behind one
    :class:`RepeatFilter`: a flood of one error (a full descriptor table, a locked database) is one line a
    minute, not megabytes of tracebacks."""
    from uvicorn.config import LOGGING_CONFIG

    cfg = copy.deepcopy(LOGGING_CONFIG)
    cfg["filters"] = {"once_per_interval": {"()": RepeatFilter}}
    cfg["formatters"]["app"] = {"format": "%(asctime)s %(name)s %(levelname)s %(message)s"}
    cfg["handlers"]["app"] = {
        "class": "logging.StreamHandler",
        "formatter": "app",
        "stream": "ext://sys.stderr",
    }
    for name, handler in cfg["handlers"].items():
        if name != "access":  # each request's access line is its own message
            handler["filters"] = ["once_per_interval"]
    cfg["root"] = {"handlers": ["app"], "level": level.upper()}
    return cfg
