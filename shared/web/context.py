"""What every request handler needs: config, clock, one engine per worker thread, the change hub, a cache.

A database connection must not be used by two threads at once, so each worker thread of the server gets its own
engine on first use (``threading.local``). On SQLite that engine holds its own connection (a file handle). On
PostgreSQL the engines borrow server connections from two ``psycopg_pool`` pools (writers, and the read-only
status pages), one per transaction or read: the server sees a few connections however many request threads
the server runs (FastAPI's thread pool has 40), idle ones are closed after a while, and dead ones (a server
restart, a network drop) are replaced in the background. The database is migrated and the office profile synced
once, when the context is created.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any, TypeVar

from shared.alerts.channels import AlertChannel, load_channels
from shared.alerts.mail import EmailChannel
from shared.config import OfficeConfig
from shared.engine import QueueEngine
from shared.errors import MadoguchiError
from shared.office import open_office
from shared.profile import ProfileFollower, ProfileUpdate
from shared.storage.backend import open_database
from shared.storage.store import Store
from shared.storage.target import DbTarget, parse_target
from shared.storage.web_code_store import EmailCodeStore
from shared.storage.web_store import WebStore
from shared.timeutil import now_tokyo, to_ts
from shared.web.hub import ChangeHub

T = TypeVar("T")
READ_THREADS = 4  # the public status pages, on read-only connections of their own
# PostgreSQL: server connections for the request threads' writes and reads. Writes take the office's one write
# lock in turn, so more connections would only wait on the server; a request waits for a free one instead.
WRITE_CONNECTIONS = 8
log = logging.getLogger(__name__)


class WebContext:
    def __init__(
        self,
        db_path: str | os.PathLike[str] | DbTarget,
        config: OfficeConfig,
        *,
        clock: Callable[[], datetime] = now_tokyo,
        channels: dict[str, AlertChannel] | None = None,
        hub_poll_s: float = 0.05,
        create: bool = True,
    ) -> None:
        self.db_path = parse_target(db_path)
        self.config = config
        self.clock = clock
        self.channels = channels if channels is not None else load_channels(config, config.web.alert_channels)
        # the e-mail one-time code step (None when [web] email_code is off); the same SMTP code as the alerts
        self.mailer: EmailChannel | None = EmailChannel.from_config(config) if config.web.email_code else None
        # migrates and syncs the profile once; ``madoguchi web`` passes create=False (only init makes an office)
        first = open_office(self.db_path, config, create=create, verify=not create)
        try:
            self.csrf_key = WebStore(first.store.db).secret("csrf", to_ts(clock()))
            # keys the hashes of addresses and codes; created only for an office that uses the codes
            self.email_key = (
                WebStore(first.store.db).secret("email_code", to_ts(clock())) if self.mailer else b""
            )
        finally:
            first.store.close()
        self.hub = ChangeHub(self.db_path, poll_s=hub_poll_s)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._pools: dict[bool, Any] = {}  # readonly → PgPool (PostgreSQL only), made on first use
        # a new office-profile version is taken between requests: each thread's engine switches to it on its
        # next request; [web] itself (host, port, SMTP, codes) is read once at start and needs a restart
        self._profile_lock = threading.Lock()
        self._profile_seen = self.hub.version()
        self.profile_follower = ProfileFollower(self.open_engine(), restart=("web",))
        self.restart_note = ""
        self._engines: list[QueueEngine] = []
        self._cache: dict[Any, tuple[int, float, Any]] = {}
        # Public reads (/api/status, the office page) run here, not in the request thread pool that web-ticket
        # writes can fill while they wait for a locked database; each thread reads on a read-only connection.
        self._reads = ThreadPoolExecutor(READ_THREADS, "web-read", initializer=self._mark_reader)

    def now(self) -> datetime:
        return self.clock()

    def open_engine(self) -> QueueEngine:
        """A new engine on its own connection (for a thread the caller owns)."""
        return QueueEngine(
            Store(open_database(self.db_path, migrate=False, create=False, pool=self._pool(False))),
            self.config,
        )

    def _pool(self, readonly: bool) -> Any:
        """The server connection pool for writers or readers (None on SQLite)."""
        if not self.db_path.is_pg:
            return None
        with self._lock:
            pool = self._pools.get(readonly)
            if pool is None:
                from shared.storage.pg_backend import PgPool

                size = READ_THREADS if readonly else WRITE_CONNECTIONS
                name = "madoguchi-web-read" if readonly else "madoguchi-web"
                pool = self._pools[readonly] = PgPool(
                    self.db_path, readonly=readonly, max_size=size, name=name
                )
            return pool

    def _mark_reader(self) -> None:
        self._local.readonly = True

    async def read(self, fn: Callable[[], T]) -> T:
        """Run a read-only ``fn`` on the read pool: it never queues behind requests waiting for the write lock."""
        return await asyncio.get_running_loop().run_in_executor(self._reads, fn)

    def engine(self) -> QueueEngine:
        self.follow_profile()
        e: QueueEngine | None = getattr(self._local, "engine", None)
        if e is None:
            if getattr(self._local, "readonly", False):
                e = QueueEngine(
                    Store(open_database(self.db_path, readonly=True, pool=self._pool(True))), self.config
                )
            else:
                e = self.open_engine()
            self._local.engine = e
            self._local.web = WebStore(e.store.db)
            with self._lock:
                self._engines.append(e)
        if e.config is not self.config:
            e.use_config(self.config)
        return e

    def follow_profile(self) -> ProfileUpdate | None:
        """After a database change, look for a new office-profile version (one indexed read)."""
        version = self.hub.version()
        if version == self._profile_seen:
            return None
        with self._profile_lock:
            if version == self._profile_seen:
                return None
            try:
                update = self.profile_follower.check()
            except MadoguchiError as exc:
                log.debug("profile check failed: %s", exc)
                return None
            self._profile_seen = version
        if update is not None:
            if update.applied:
                self.config = update.config
            else:
                self.restart_note = update.message()
        return update

    def web(self) -> WebStore:
        self.engine()
        web: WebStore = self._local.web
        return web

    def codes(self) -> EmailCodeStore:
        """The e-mail code store on this thread's connection (the same transactions as :meth:`web`)."""
        return EmailCodeStore(self.web().conn)

    def cached(self, key: Any, ttl_s: float, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per database change (and at most every ``ttl_s`` seconds of wall time)."""
        version = self.hub.version()
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == version and hit[1] > now:
                return hit[2]
        value = compute()
        with self._lock:
            if len(self._cache) > 256:
                self._cache.clear()
            self._cache[key] = (version, now + ttl_s, value)
        return value

    def close(self) -> None:
        self._reads.shutdown(wait=True)  # a fresh pool (and fresh connections) if the app is started again
        self._reads = ThreadPoolExecutor(READ_THREADS, "web-read", initializer=self._mark_reader)
        with self._lock:
            engines, self._engines = self._engines, []
        for e in engines:
            e.store.close()
        self.profile_follower.engine.store.close()
        self.hub.close()
        with self._lock:
            pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            pool.close()
