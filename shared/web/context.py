"""What every request handler needs: config, clock, one engine per worker thread, the change hub, a cache.

sqlite3 connections must not be used by two threads at once, so each worker thread of the server gets its own
connection and engine on first use (``threading.local``). The database is migrated and the office profile
synced once, when the context is created.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from shared.alerts.channels import AlertChannel, load_channels
from shared.alerts.mail import EmailChannel
from shared.config import OfficeConfig, WebSettings
from shared.engine import QueueEngine
from shared.office import open_office
from shared.storage.db import connect
from shared.storage.store import Store
from shared.storage.web_code_store import EmailCodeStore
from shared.storage.web_store import WebStore
from shared.timeutil import now_tokyo, to_ts
from shared.web.hub import ChangeHub


class WebContext:
    def __init__(
        self,
        db_path: str | Path,
        config: OfficeConfig,
        *,
        clock: Callable[[], datetime] = now_tokyo,
        channels: dict[str, AlertChannel] | None = None,
        extras: WebSettings | None = None,
        hub_poll_s: float = 0.05,
    ) -> None:
        self.db_path = Path(db_path)
        self.config = config
        self.clock = clock
        self.extras = extras if extras is not None else config.web
        self.channels = (
            channels if channels is not None else load_channels(config, self.extras.alert_channels)
        )
        # the e-mail one-time code step (None when [web] email_code is off); the same SMTP code as the alerts
        self.mailer: EmailChannel | None = EmailChannel.from_config(config) if config.web.email_code else None
        first = open_office(self.db_path, config)  # creates, migrates and syncs the profile once
        try:
            self.csrf_key = WebStore(first.store.conn).secret("csrf", to_ts(clock()))
            # keys the hashes of addresses and codes; created only for an office that uses the codes
            self.email_key = (
                WebStore(first.store.conn).secret("email_code", to_ts(clock())) if self.mailer else b""
            )
        finally:
            first.store.close()
        self.hub = ChangeHub(self.db_path, poll_s=hub_poll_s)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._engines: list[QueueEngine] = []
        self._cache: dict[Any, tuple[int, float, Any]] = {}

    def now(self) -> datetime:
        return self.clock()

    def open_engine(self) -> QueueEngine:
        """A new engine on its own connection (for a thread the caller owns)."""
        return QueueEngine(Store(connect(self.db_path)), self.config)

    def engine(self) -> QueueEngine:
        e: QueueEngine | None = getattr(self._local, "engine", None)
        if e is None:
            e = self.open_engine()
            self._local.engine = e
            self._local.web = WebStore(e.store.conn)
            with self._lock:
                self._engines.append(e)
        return e

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
        with self._lock:
            engines, self._engines = self._engines, []
        for e in engines:
            e.store.close()
        self.hub.close()
