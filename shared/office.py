"""Opening an office: config + database + engine, the one entry point every app and command uses."""

from __future__ import annotations

import os
from pathlib import Path

from shared.config import OfficeConfig, load_config
from shared.engine import QueueEngine
from shared.paths import default_db_path
from shared.storage.db import open_db
from shared.storage.store import Store


def open_office(
    db: str | os.PathLike[str] | None = None,
    config: str | os.PathLike[str] | OfficeConfig | None = None,
) -> QueueEngine:
    """Open (create, migrate) the DB and sync the office profile into it."""
    cfg = config if isinstance(config, OfficeConfig) else load_config(config)
    path = Path(db) if db is not None else default_db_path()
    engine = QueueEngine(Store(open_db(path)), cfg)
    engine.sync_config()
    return engine
