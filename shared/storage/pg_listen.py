"""The listening side of PostgreSQL change notification. Every write transaction sends ``NOTIFY madoguchi``
before its COMMIT (pg_backend.py), so the notification arrives only if it committed; a watcher ``LISTEN``s
on a connection of its own and waits on that connection's socket."""

from __future__ import annotations

from typing import Any

from shared.storage.pg_backend import CHANNEL
from shared.storage.target import DbTarget

# a watcher holds its connection for days: keepalives notice a dead server or a cut cable within ~20 s
_LISTEN_DEFAULTS = {
    "connect_timeout": "5",
    "application_name": "madoguchi-watch",
    "keepalives": "1",
    "keepalives_idle": "10",
    "keepalives_interval": "3",
    "keepalives_count": "3",
}


def listen(target: DbTarget) -> Any:
    """A dedicated autocommit connection that LISTENs on the change channel."""
    import psycopg

    url = target.url or ""
    given = psycopg.conninfo.conninfo_to_dict(url)
    extra = {k: v for k, v in _LISTEN_DEFAULTS.items() if k not in given}
    conn = psycopg.connect(psycopg.conninfo.make_conninfo(url, **extra), autocommit=True)
    conn.execute(f"LISTEN {CHANNEL}")
    return conn


def drain(conn: Any) -> bool:
    """Read every pending notification without blocking; True if there was at least one."""
    return sum(1 for _ in conn.notifies(timeout=0)) > 0  # drain them all, not just the first
