"""Opening an office: database + office profile + engine, the one entry point every app and command uses."""

from __future__ import annotations

import logging
import os
from datetime import datetime

from shared.config import OfficeConfig, load_config
from shared.engine import QueueEngine
from shared.errors import StorageError
from shared.profile import office_profile, stored_or_file
from shared.storage.backend import open_database
from shared.storage.store import Store
from shared.storage.target import DbTarget
from shared.timeutil import now_tokyo

log = logging.getLogger(__name__)


def open_office(
    db: str | os.PathLike[str] | DbTarget | None = None,
    config: str | os.PathLike[str] | OfficeConfig | None = None,
    *,
    now: datetime | None = None,
    create: bool = True,
    verify: bool = False,
    readonly: bool = False,
) -> QueueEngine:
    """Open (migrate) the DB and run the office on its current profile (shared.profile).

    ``db`` is a SQLite path or a ``postgresql://`` URL (None: ``$MADOGUCHI_DB`` or the per-user file).
    ``config``: a path (or None) means "the database's profile", stored from that file (else
    ``$MADOGUCHI_CONFIG``, else the built-in one) only when the database has none yet; an :class:`OfficeConfig`
    built in code (tests, benchmarks, the simulator) is used as it is. Services and counters are synced into
    the tables.

    Entry points pass ``create=False``: only ``madoguchi init`` (and a demo or test building its own temporary
    office) makes a new database, so a mistyped ``--db`` never starts a second office. ``verify`` checks every
    page before anything is written (init, app start-up). ``readonly`` opens without the write lock and
    without syncing or storing anything (``status``): it works on a read-only file and while another process
    holds the lock."""
    database = (
        open_database(db, readonly=True, verify=verify)
        if readonly
        else open_database(db, create=create, verify=verify)
    )
    try:
        if isinstance(config, OfficeConfig):
            cfg = config
        elif readonly:
            cfg = stored_or_file(database, config)
        else:
            cfg, _row, warning = office_profile(database, config, now=now or now_tokyo())
            if warning:
                log.warning("%s", warning)
        engine = QueueEngine(Store(database), cfg)
        if not readonly:
            engine.sync_config()
    except BaseException:
        database.close()
        raise
    return engine


def current_config(
    db: str | os.PathLike[str] | DbTarget | None = None,
    config: str | os.PathLike[str] | None = None,
    *,
    now: datetime | None = None,
) -> OfficeConfig:
    """The office's current profile, read once before an app builds its windows.

    If the database cannot be reached yet (the server is down when a PC boots), the profile file is used
    (``config``, ``$MADOGUCHI_CONFIG`` or the built-in one) and the app follows the database's version once
    it is back (a different version then arrives as a profile update)."""
    try:
        database = open_database(db, create=False)  # a missing database is init's to make
    except StorageError as exc:
        log.warning("database unavailable, starting on the profile file until it is back: %s", exc)
        return load_config(config)
    try:
        cfg, _row, warning = office_profile(database, config, now=now or now_tokyo())
    finally:
        database.close()
    if warning:
        log.warning("%s", warning)
    return cfg
