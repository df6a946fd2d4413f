"""The command-line verbs of the office profile in the database: ``init``, ``config check|export|history`` and
``copy``. ``--config`` (or ``$MADOGUCHI_CONFIG``) names a TOML file only for ``init`` (store it) and ``config
check`` (validate it); every other command reads the database's current version and warns if it differs."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

from shared.config import OfficeConfig, load_config, parse_config, read_config_text
from shared.errors import MadoguchiError
from shared.profile import config_of, explicit_config, store_profile
from shared.storage.backend import open_database
from shared.storage.profile_store import ProfileRow, ProfileStore
from shared.storage.target import parse_target
from shared.timeutil import TOKYO


def _summary(cfg: OfficeConfig) -> str:
    return (
        f"{len(cfg.services)} services, {len(cfg.counters)} counters, {len(cfg.bundles)} life events, "
        f"{len(cfg.displays)} displays"
    )


def _when(row: ProfileRow) -> str:
    return datetime.fromtimestamp(row.created_at, TOKYO).strftime("%Y-%m-%d %H:%M:%S")


def init(db: str | None, now: datetime) -> int:
    """Create or migrate the database; store ``--config`` as a new version (if it changed). Without
    ``--config``, a database with no profile yet gets the built-in one and an existing profile stays."""
    from shared.engine import QueueEngine
    from shared.storage.store import Store

    target = parse_target(db)
    named = explicit_config()
    if named is not None:  # a bad profile is refused before any database is created or touched
        text, source = read_config_text(named)
        parse_config(text, source)
    database = open_database(target, verify=True)  # init: the one command that creates a database
    try:
        current = ProfileStore(database).current()
        if named is not None or current is None:
            text, source = read_config_text(named)
            row, added = store_profile(database, text, os.path.abspath(source), now=now)
        else:
            row, added = current, False
        cfg = config_of(row)
        QueueEngine(Store(database), cfg).sync_config()
    finally:
        database.close()
    state = "stored" if added else "unchanged"
    print(
        f"initialised {target} ({len(cfg.services)} services); office profile v{row.version} {state} ({row.sha256[:12]})"
    )
    return 0


def check(path: str | None, db: str | None) -> int:
    """Validate a TOML file (PATH, else ``--config``), or with neither the database's current version."""
    from shared.alerts.channels import load_channels

    named = path or explicit_config()
    if named is not None:
        cfg, where = load_config(named), named
    else:
        row = _current(db)
        cfg, where = config_of(row), f"office profile v{row.version} in {parse_target(db)}"
    load_channels(cfg, cfg.web.alert_channels)  # the plug-ins the web server would load
    for w in cfg.warnings:
        print(f"警告 / warning: {w}", file=sys.stderr)
    print(f"OK: {where}: {_summary(cfg)}" + (f", {len(cfg.warnings)} warnings" if cfg.warnings else ""))
    return 0


def _current(db: str | None) -> ProfileRow:
    database = open_database(db, create=False)
    try:
        row = ProfileStore(database).current()
    finally:
        database.close()
    if row is None:
        raise MadoguchiError(
            "このデータベースには設定がまだありません / no office profile in this database yet: "
            "run madoguchi init --config office.toml"
        )
    return row


def export(db: str | None, out: str | None) -> int:
    """Write the current version's TOML exactly as it was stored (stdout without ``--out``)."""
    row = _current(db)
    if out is None:
        sys.stdout.write(row.toml)
        return 0
    path = Path(out)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(row.toml, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise MadoguchiError(f"書き込めません / cannot write {out}: {exc.strerror or exc}") from None
    print(f"wrote {out}: office profile v{row.version} ({row.created_by}, {_when(row)})")
    return 0


def history(db: str | None) -> int:
    database = open_database(db, create=False)
    try:
        rows = ProfileStore(database).history()
    finally:
        database.close()
    if not rows:
        print("no office profile stored yet (madoguchi init --config office.toml)")
        return 0
    print(f"{'ver':>4}  {'stored (JST)':<19}  {'by':<28}  {'sha256':<12}  source")
    for r in rows:
        mark = "  ← current" if r is rows[-1] else ""
        print(f"{r.version:>4}  {_when(r):<19}  {r.created_by:<28}  {r.sha256[:12]:<12}  {r.source}{mark}")
    return 0


def copy(src: str, dst: str) -> int:
    from shared.office_copy import copy_office

    report = copy_office(src, dst)
    for t, n in sorted(report.rows.items()):
        if n:
            print(f"  {t:<24} {n:>9,} rows")
    print(
        f"copied {report.source} → {report.target}: {sum(report.rows.values()):,} rows in {len(report.rows)} "
        f"tables, {report.seconds:.1f} s"
    )
    if not report.ok:
        for p in report.problems[:20]:
            print(f"  ✗ {p}", file=sys.stderr)
        raise MadoguchiError(
            f"コピーの検査に失敗しました / the copy check failed ({len(report.problems)} differences)"
        )
    print(
        f"replay check OK: {report.tickets:,} tickets, {report.legs:,} legs, {report.events:,} events, "
        f"{report.calls:,} calls — the same on both sides, and the copy's log replays to its tables"
    )
    return 0
