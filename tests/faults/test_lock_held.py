"""Another process holds the write lock (a long report, a backup, a stuck tool): reading never waits for it —
``status`` and every app's start-up answer at once — and a writer waits, then succeeds once the lock is free."""

from __future__ import annotations

import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.conftest import new_office, run_cli

HELD_S = 3.0  # how long the lock is held for the writer (well inside its 10 s wait)


class Holder:
    """Another process's write transaction: it holds the lock until :meth:`release`."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("UPDATE counter SET updated_at = 1 WHERE number = 1")

    def release(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")


@pytest.fixture
def locked(tmp_path: Path, profile: Path) -> Iterator[Holder]:
    holder = Holder(new_office(tmp_path / "office.db", profile, tickets=1))
    try:
        yield holder
    finally:
        holder.release()
        holder.conn.close()


def test_status_and_app_start_up_do_not_wait_for_the_write_lock(
    locked: Holder, profile: Path, tmp_path: Path
) -> None:
    db = str(locked.db)
    # each of these used to take the write lock (migration, profile sync) and failed after 10 s
    r = run_cli("--db", db, "status", "--json", config=profile, timeout=8)
    assert r.returncode == 0 and '"waiting": 1' in r.stdout, r.stderr
    env = {"QT_QPA_PLATFORM": "offscreen"}
    for app in (("display", "--screenshot", "d.png"), ("counter", "--screenshot", "c.png", "--counter", "1")):
        r = run_cli("--db", db, *app, config=profile, cwd=tmp_path, env=env, timeout=30)
        assert r.returncode == 0, (app, r.stderr[-500:])
    r = run_cli("kiosk", "--db", db, "--first-frame", config=profile, env=env, timeout=30)
    assert r.returncode == 0, r.stderr[-500:]
    assert (tmp_path / "d.png").stat().st_size > 0 and (tmp_path / "c.png").stat().st_size > 0


def test_a_writer_waits_for_the_lock_and_then_succeeds(locked: Holder, profile: Path) -> None:
    results: list[subprocess.CompletedProcess[str]] = []
    writer = threading.Thread(
        target=lambda: results.append(
            run_cli("--db", str(locked.db), "issue", "RES", "--json", config=profile, timeout=30)
        )
    )
    writer.start()
    writer.join(HELD_S)  # the issue cannot finish while the lock is held ...
    assert writer.is_alive() and results == []
    locked.release()  # ... and finishes once it is free
    writer.join(30)
    r = results[0]
    assert r.returncode == 0 and '"A002"' in r.stdout, r.stderr
