"""Nightly backup of a PostgreSQL office database with ``pg_dump -Fc``, verified like the SQLite one.

- The row count of every table is read inside a REPEATABLE READ transaction whose snapshot is exported
  (``pg_export_snapshot``) and handed to ``pg_dump --snapshot``: the dump and the counts see the same data
  while the counters keep working.
- The dump is written to a ``.part`` file, restored into a scratch database on the same server
  (``pg_restore --exit-on-error``, needs CREATEDB), counted there, and only renamed into place when every
  count matches; the scratch database is dropped either way. The oldest generations beyond ``keep`` go.
- The password never reaches a command line (``ps`` would show it): it is passed to the tools in
  ``PGPASSWORD``; everything else of the URL (host, port, ``sslmode`` …) goes as a conninfo string.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
from pathlib import Path
from typing import Any

from shared.errors import StorageError
from shared.storage.target import DbTarget, mask

NAME = re.compile(r"^madoguchi-(\d{8}-\d{6})\.dump$")
TOOL_TIMEOUT_S = 3600


def tool(name: str) -> str:
    """The path of a PostgreSQL client program, or a clear error saying how to install it."""
    found = shutil.which(name)
    if found is None:
        raise StorageError(
            f"{name} が見つかりません / {name} not found: install the PostgreSQL client programs "
            "(Debian/Ubuntu: apt install postgresql-client; Windows: the PostgreSQL installer's command line "
            "tools) and put them on PATH"
        )
    return found


def _conninfo(url: str, dbname: str | None = None) -> tuple[str, dict[str, str]]:
    """(a conninfo without the password, the environment carrying it) for a client program."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = {k: str(v) for k, v in conninfo_to_dict(url).items() if v is not None}
    env = dict(os.environ)
    password = params.pop("password", None)
    if password:
        env["PGPASSWORD"] = password
    if dbname is not None:
        params["dbname"] = dbname
    return make_conninfo("", **params), env


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    try:
        r = subprocess.run(args, env=env, capture_output=True, text=True, timeout=TOOL_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise StorageError(f"{what}に失敗しました / {what} failed: {exc}") from exc
    if r.returncode != 0:
        lines = [x for x in (r.stderr or r.stdout).strip().splitlines() if x.strip()]
        detail = mask(lines[0]) if lines else f"exit code {r.returncode}"
        raise StorageError(f"{os.path.basename(args[0])}: {detail}")


def table_counts(db: Any) -> dict[str, int]:
    names = [
        r[0]
        for r in db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    ]
    return {t: int(db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in names}


def pg_backup(target: DbTarget, dest: Path) -> dict[str, int]:
    """Dump the office database into ``dest`` (must not exist), verified by a restore; returns the counts."""
    from shared.storage.backend import open_database

    assert target.url is not None
    pg_dump, pg_restore = tool("pg_dump"), tool("pg_restore")
    if dest.exists():
        raise StorageError(f"バックアップ先が既にあります / {dest} exists")
    tmp = dest.with_name(f".{dest.name}.part")
    tmp.unlink(missing_ok=True)
    conninfo, env = _conninfo(target.url)
    db = open_database(target, migrate=False)
    try:
        db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snap = db.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = table_counts(db)
        _run(
            [
                pg_dump,
                "-Fc",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snap}",
                "-f",
                str(tmp),
                "-d",
                conninfo,
            ],
            env,
            "バックアップ / pg_dump",
        )
        db.execute("ROLLBACK")
        verify_dump(db, target, tmp, counts, pg_restore)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    finally:
        db.close()
        tmp.unlink(missing_ok=True)
    return counts


def verify_dump(db: Any, target: DbTarget, dump: Path, expected: dict[str, int], pg_restore: str) -> None:
    """Restore ``dump`` into a scratch database on the same server and compare every table's row count."""
    from shared.storage.backend import open_database

    assert target.url is not None
    scratch = f"madoguchi_verify_{secrets.token_hex(4)}"
    try:
        db.execute(f'CREATE DATABASE "{scratch}"')
    except StorageError as exc:
        raise StorageError(
            f"検証用のデータベースを作れません / cannot create a scratch database to verify the backup ({exc}); "
            "the database role needs CREATEDB (ALTER ROLE … CREATEDB)"
        ) from exc
    try:
        conninfo, env = _conninfo(target.url, scratch)
        _run(
            [pg_restore, "--exit-on-error", "--no-owner", "--no-privileges", "-d", conninfo, str(dump)],
            env,
            "検証 / pg_restore",
        )
        from psycopg.conninfo import make_conninfo

        check = open_database(
            DbTarget("postgresql", url=make_conninfo(target.url, dbname=scratch)), migrate=False
        )
        try:
            counts = table_counts(check)
        finally:
            check.close()
    finally:
        db.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    if counts != expected:
        diff = {
            t: (expected.get(t), counts.get(t))
            for t in set(expected) | set(counts)
            if expected.get(t) != counts.get(t)
        }
        raise StorageError(f"行数が一致しません / row counts differ in the restored backup: {diff}")


def generations(backup_dir: Path) -> list[Path]:
    """This office's dumps in ``backup_dir``, oldest first (madoguchi-YYYYMMDD-HHMMSS.dump)."""
    if not backup_dir.is_dir():
        return []
    return sorted(p for p in backup_dir.iterdir() if p.is_file() and NAME.match(p.name))


def prune(backup_dir: Path, keep: int) -> tuple[Path, ...]:
    old = generations(backup_dir)
    removed = tuple(old[: max(0, len(old) - keep)])
    for p in removed:
        p.unlink()
    for p in backup_dir.glob(".madoguchi-*.dump.part"):
        p.unlink(missing_ok=True)
    return removed


def pg_restore_into(dump: Path, target: DbTarget, *, force: bool = False) -> dict[str, int]:
    """Restore a dump into the database ``target`` in one transaction; refused if it holds any table unless
    ``force`` (then its tables are dropped first, inside the same transaction). Returns the restored counts."""
    from shared.storage.backend import open_database

    assert target.url is not None
    pg_restore = tool("pg_restore")
    if not dump.is_file():
        raise StorageError(f"バックアップがありません / {dump} not found")
    db = open_database(target, migrate=False)
    try:
        present = table_counts(db)
        if present and not force:
            raise StorageError(
                f"{target} は空ではありません（上書きは --force） / {target} holds {len(present)} tables; "
                "use --force to replace them"
            )
        conninfo, env = _conninfo(target.url)
        args = [pg_restore, "--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges"]
        if present:
            args += ["--clean", "--if-exists"]
        _run([*args, "-d", conninfo, str(dump)], env, "復元 / pg_restore")
        return table_counts(db)
    finally:
        db.close()
