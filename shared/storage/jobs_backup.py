"""Online backup and verified restore of the office database with SQLite's backup API.

A backup is taken from a read snapshot while apps keep writing (WAL), written to a temporary file, checked
(``PRAGMA integrity_check`` and the row count of every table equal to the snapshot's) and only then renamed
into place; the oldest generations beyond ``keep`` are removed. A restore copies a verified backup into a
new file the same way.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

from shared.errors import StorageError

NAME = re.compile(r"^madoguchi-(\d{8}-\d{6})\.db$")


def _tables(conn: sqlite3.Connection) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]


def row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in _tables(conn)}


def verify(path: Path, expected: dict[str, int] | None = None) -> dict[str, int]:
    """integrity_check and (optionally) exact row counts of ``path``; returns its counts."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StorageError(f"バックアップを開けません / cannot open {path}: {exc}") from exc
    try:
        check = conn.execute("PRAGMA integrity_check").fetchall()
        if check != [("ok",)]:
            raise StorageError(f"整合性チェックに失敗 / integrity check failed for {path}: {check[:3]}")
        counts = row_counts(conn)
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"壊れたデータベースです / {path} is not a usable database: {exc}") from exc
    finally:
        conn.close()
    if expected is not None and counts != expected:
        diff = {
            t: (expected.get(t), counts.get(t))
            for t in set(expected) | set(counts)
            if expected.get(t) != counts.get(t)
        }
        raise StorageError(f"行数が一致しません / row counts differ in {path}: {diff}")
    return counts


def _copy(src: sqlite3.Connection, dest: Path) -> None:
    """Copy ``src`` (inside its current read snapshot) into a fresh single-file DB at ``dest``."""
    dst = sqlite3.connect(str(dest))
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        dst.commit()
    finally:
        dst.close()


def online_backup(db_path: Path, dest: Path) -> dict[str, int]:
    """Back up a live database into ``dest`` (must not exist); returns the verified row counts."""
    if dest.exists():
        raise StorageError(f"バックアップ先が既にあります / {dest} exists")
    tmp = dest.with_name(f".{dest.name}.part")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        src.execute("BEGIN")  # one read snapshot for the counts and the copy
        counts = row_counts(src)
        _copy(src, tmp)
        src.execute("COMMIT")
        verify(tmp, counts)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except sqlite3.Error as exc:
        raise StorageError(f"バックアップに失敗しました / backup failed: {exc}") from exc
    finally:
        src.close()
        tmp.unlink(missing_ok=True)
    return counts


def generations(backup_dir: Path) -> list[Path]:
    """This office's backups in ``backup_dir``, oldest first (only files named madoguchi-YYYYMMDD-HHMMSS.db)."""
    if not backup_dir.is_dir():
        return []
    return sorted(p for p in backup_dir.iterdir() if p.is_file() and NAME.match(p.name))


def prune(backup_dir: Path, keep: int) -> tuple[Path, ...]:
    """Delete the oldest generations beyond ``keep`` (and stale .part files); returns what was removed."""
    old = generations(backup_dir)
    removed = tuple(old[: max(0, len(old) - keep)])
    for p in removed:
        p.unlink()
    for p in backup_dir.glob(".madoguchi-*.db.part"):
        p.unlink(missing_ok=True)
    return removed


def restore(backup: Path, target: Path, *, force: bool = False) -> dict[str, int]:
    """Copy a verified backup to ``target``; the copy is verified again before it replaces anything.

    Stop every madoguchi process using ``target`` first. Without ``force`` an existing target is refused.
    """
    expected = verify(backup)
    if target.exists() and not force:
        raise StorageError(
            f"{target} は既にあります（上書きは --force） / {target} exists; use --force to replace it"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.restore")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        _copy(src, tmp)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(f"復元に失敗しました / restore failed: {exc}") from exc
    finally:
        src.close()
    try:
        verify(tmp, expected)
        for side in ("-wal", "-shm"):  # a stale WAL next to the new file would be replayed into it
            Path(f"{target}{side}").unlink(missing_ok=True)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return expected
