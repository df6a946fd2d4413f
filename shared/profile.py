"""The office profile lives in the database, so thirty PCs cannot drift apart.

- ``madoguchi init --config office.toml`` validates the TOML and stores it as a new version (who, when, the
  text, its SHA-256); an unchanged profile (same hash) adds no version.
- Every app reads the current version from the database (:func:`office_profile`). A database that has none yet
  (a new single-PC office, the demo, the tests) gets ``--config`` / ``$MADOGUCHI_CONFIG`` / the built-in
  profile stored as version 1 on first start, so SQLite and PostgreSQL take one code path.
- For any other command ``--config`` does not override the database: a file that differs from the current
  version gets a one-line warning that says how to make it current (``init --config``).
- A running app learns of a new version through the one change signal (:mod:`shared.changes`);
  :class:`ProfileFollower` applies it at once when only sections the app re-reads changed, and otherwise
  reports that a restart is needed (the app says so on screen).
"""

from __future__ import annotations

import dataclasses
import getpass
import hashlib
import logging
import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from shared.config import OfficeConfig, load_config, parse_config, read_config_text
from shared.errors import ConfigError, MadoguchiError, StorageError
from shared.storage.profile_store import ProfileRow, ProfileStore
from shared.timeutil import to_ts

log = logging.getLogger(__name__)

# Sections the core re-reads at every verb (call order, hours, web rules): safe to swap in any app.
CORE_LIVE: frozenset[str] = frozenset({"queue", "hours", "web", "base_url", "notices"})
# the top-level sections of a profile (its file name and the warnings derived from it are not settings)
SECTIONS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(OfficeConfig) if f.name not in ("path", "warnings")
)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def who() -> str:
    """``user@host`` of the person storing a profile (recorded with the version)."""
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (a service account without one): still record the host
        user = "?"
    return f"{user}@{socket.gethostname()}"


def source_name(row: ProfileRow) -> str:
    """How errors and logs name a stored version."""
    return f"office_profile v{row.version} ({Path(row.source).name})"


def config_of(row: ProfileRow) -> OfficeConfig:
    return parse_config(row.toml, source_name(row))


def store_profile(
    db: Any, text: str, source: str, *, now: datetime, by: str | None = None
) -> tuple[ProfileRow, bool]:
    """Validate ``text`` and store it as the next version unless it equals the current one.

    Returns (the current version, True if it was added now). A bad profile raises ConfigError and stores
    nothing."""
    parse_config(text, source)
    h = digest(text)
    store = ProfileStore(db)
    with db.transaction():
        cur = store.current()
        if cur is not None and cur.sha256 == h:
            return cur, False
        version = store.append(
            created_at=to_ts(now), created_by=by or who(), source=source, sha256=h, toml=text
        )
    row = store.get(version)
    assert row is not None
    log.info("office profile v%d stored from %s by %s", row.version, source, row.created_by)
    return row, True


def explicit_config() -> str | None:
    """The profile file the user named (``--config`` is passed on as ``$MADOGUCHI_CONFIG``), or None."""
    return os.environ.get("MADOGUCHI_CONFIG") or None


def office_profile(
    db: Any, config: str | os.PathLike[str] | None = None, *, now: datetime
) -> tuple[OfficeConfig, ProfileRow, str | None]:
    """The current profile of the office in ``db``: (config, its version, a warning or None).

    With no version stored yet, ``config`` (else ``$MADOGUCHI_CONFIG``, else the built-in profile) becomes
    version 1. Otherwise a named file that differs from the current version gives the warning."""
    store = ProfileStore(db)
    row = store.current()
    named = os.fspath(config) if config is not None else explicit_config()
    if row is None:
        text, source = read_config_text(named)
        for _ in range(3):  # two apps starting at once on a new database: one stores, the other reads it
            try:
                row, _added = store_profile(db, text, source, now=now, by=f"{who()} (first start)")
                break
            except StorageError:
                row = store.current()
                if row is not None:
                    break
        if row is None:
            raise StorageError("プロファイルを保存できません / cannot store the office profile")
    warning = None
    if named is not None:
        try:
            text, source = read_config_text(named)
        except ConfigError as exc:
            warning = f"{exc} (the database's profile v{row.version} is used)"
        else:
            if digest(text) != row.sha256:
                warning = (
                    f"{source} は現在の設定 v{row.version} と異なります / {source} differs from the office profile "
                    f"in the database (v{row.version}, used); to make it current: madoguchi init --config {source}"
                )
    return config_of(row), row, warning


def stored_or_file(db: Any, config: str | os.PathLike[str] | None = None) -> OfficeConfig:
    """The current version without writing anything (a read-only open, e.g. ``status``): the database's, or
    the named file (else the built-in profile) while none is stored or the file predates the profile table."""
    try:
        row = ProfileStore(db).current()
    except StorageError:
        row = None
    return config_of(row) if row is not None else load_config(config)


def changed_sections(old: OfficeConfig, new: OfficeConfig) -> set[str]:
    """Top-level sections of the profile that differ (``services``, ``hours`` …)."""
    return {s for s in SECTIONS if getattr(old, s) != getattr(new, s)}


@dataclass(frozen=True)
class ProfileUpdate:
    """A new version seen by a running app: applied now, or waiting for a restart (``restart`` names why)."""

    version: int
    config: OfficeConfig
    sections: frozenset[str]
    restart: frozenset[str]

    @property
    def applied(self) -> bool:
        return not self.restart

    def message(self) -> str:
        if self.applied:
            return f"設定 v{self.version} を適用しました / office profile v{self.version} applied"
        return (
            f"設定 v{self.version} が保存されました。再起動すると反映されます / office profile v{self.version} "
            f"changed {', '.join(sorted(self.restart))}: restart this app to apply it"
        )


class ProfileFollower:
    """Follows the current profile version for one running app.

    ``check()`` is called on every change signal: one indexed read when nothing changed. ``live`` names the
    sections the app re-reads on its own (beyond :data:`CORE_LIVE`), ``restart`` those of CORE_LIVE it cannot
    (the web server's own [web] settings); any other changed section means restart.
    """

    def __init__(self, engine: Any, live: Iterable[str] = (), restart: Iterable[str] = ()) -> None:
        self.engine = engine
        self.live = (CORE_LIVE | frozenset(live)) - frozenset(restart)
        self.version = self._current_version()
        self.pending: ProfileUpdate | None = None

    def _current_version(self) -> int:
        try:
            return ProfileStore(self.engine.store.db).current_version()
        except MadoguchiError:
            return 0

    def check(self) -> ProfileUpdate | None:
        """A new version since the last check, already applied to the engine if it could be; else None."""
        store = ProfileStore(self.engine.store.db)
        if store.current_version() == self.version:
            return None
        row = store.current()
        if row is None:
            return None
        self.version = row.version
        try:
            new = config_of(row)
        except ConfigError as exc:  # stored by a newer madoguchi with keys this one does not know
            log.error("office profile v%d cannot be used by this version: %s", row.version, exc)
            return None
        sections = changed_sections(self.engine.config, new)
        restart = frozenset(sections - self.live)
        update = ProfileUpdate(row.version, new, frozenset(sections), restart)
        if update.applied:
            self.engine.use_config(new)
            log.info(
                "office profile v%d applied (%s)", row.version, ", ".join(sorted(sections)) or "no change"
            )
        else:
            self.pending = update
            log.warning("%s", update.message())
        return update
