"""The one change detector (shared.changes) on both backends: it sees another process's and another
connection's commits, not a rollback; on PostgreSQL it waits on the LISTEN socket (no timer) and recovers after
the server cut its connection, and the web hub wakes its live pages from the same signal."""

from __future__ import annotations

import asyncio
import select
import subprocess
import sys

import pytest

from shared.changes import ChangeWatcher
from shared.office import open_office
from tests.conftest import NOW


def _readable(w: ChangeWatcher, timeout: float = 2.0) -> None:
    """Wait the way an app does: on the socket (PostgreSQL) or one poll interval (SQLite)."""
    fd = w.fileno()
    if fd is None:
        return
    r, _, _ = select.select([fd], [], [], timeout)
    assert r, "no notification arrived on the LISTEN socket"


def test_watcher_sees_other_process_commit(db_path):
    open_office(db_path).store.close()
    w = ChangeWatcher(db_path)
    assert w.poll() is False
    assert w.poll() is False
    code = (
        "import sys; from shared.office import open_office; from tests.conftest import NOW; "
        f"open_office({str(db_path)!r}).issue('RES', now=NOW)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    _readable(w)
    assert w.poll() is True
    assert w.poll() is False  # once per change
    w.close()


def test_watcher_same_process_other_connection(db_path):
    e = open_office(db_path)
    w = ChangeWatcher(db_path)
    w.poll()
    e.issue("RES", now=NOW)
    _readable(w)
    assert w.poll() is True
    e.store.close()
    w.close()


def test_rolled_back_write_is_no_change(db_path):
    e = open_office(db_path)
    w = ChangeWatcher(db_path)
    w.poll()
    with pytest.raises(RuntimeError), e.store.transaction():
        e.store.db.execute("UPDATE counter SET name = 'x' WHERE number = 1")
        raise RuntimeError("abort")
    assert w.wait(0.3) is False
    e.issue("RES", now=NOW)
    assert w.wait(2.0) is True
    e.store.close()
    w.close()


def test_qt_watcher_emits(qtbot, db_path):
    from shared.qt.watcher import DbWatcher

    e = open_office(db_path)
    w = DbWatcher(db_path, interval_ms=20)
    qtbot.waitUntil(lambda: w.ready, timeout=5000)  # the first poll has recorded the version (or listens)
    with qtbot.waitSignal(w.changed, timeout=5000):
        e.issue("RES", now=NOW)
    w.stop()
    e.store.close()


@pytest.mark.backends("postgresql")
def test_qt_watcher_listens_without_a_timer(qtbot, db_path):
    """On PostgreSQL the socket notifier drives the watcher: no polling loop runs."""
    from shared.qt.watcher import DbWatcher

    e = open_office(db_path)
    w = DbWatcher(db_path, interval_ms=20)
    qtbot.waitUntil(lambda: w.listening, timeout=2000)
    assert not w._timer.isActive()
    got: list[int] = []
    w.changed.connect(lambda: got.append(1))
    for _ in range(3):
        before = len(got)
        e.issue("RES", now=NOW)
        qtbot.waitUntil(lambda b=before: len(got) > b, timeout=2000)
    assert not w._timer.isActive()
    w.stop()
    e.store.close()


@pytest.mark.backends("postgresql")
def test_qt_watcher_recovers_after_the_server_cut_it(qtbot, db_path, pg_cluster):
    """pg_terminate_backend on the LISTEN connection: unavailable, then back with a re-read (changed)."""
    from shared.qt.watcher import DbWatcher

    e = open_office(db_path)
    w = DbWatcher(db_path, interval_ms=20)
    qtbot.waitUntil(lambda: w.listening, timeout=2000)
    events: list[str] = []
    w.unavailable.connect(lambda _msg: events.append("down"))
    w.available.connect(lambda: events.append("up"))
    w.changed.connect(lambda: events.append("changed"))
    assert pg_cluster.terminate(db_path.rsplit("/", 1)[1], application_name="madoguchi-watch") == 1
    qtbot.waitUntil(lambda: "up" in events, timeout=5000)
    assert events[:3] == ["down", "up", "changed"]  # the view re-reads whatever it missed meanwhile
    n = len(events)
    e.issue("RES", now=NOW)
    qtbot.waitUntil(lambda: len(events) > n, timeout=2000)
    assert w.listening
    w.stop()
    e.store.close()


def test_qt_watcher_reports_missing_db_then_recovers(qtbot, tmp_path):
    from shared.qt.watcher import DbWatcher

    db = tmp_path / "later" / "office.db"
    watcher = DbWatcher(db, interval_ms=20)
    down: list[str] = []
    polls: list[int] = []
    watcher.unavailable.connect(down.append)
    watcher._timer.timeout.connect(lambda: polls.append(1))
    qtbot.waitUntil(lambda: len(down) == 1, timeout=5000)
    seen = len(polls)
    qtbot.waitUntil(lambda: len(polls) >= seen + 5, timeout=5000)  # five more polls of the missing file
    assert len(down) == 1  # reported once, not on every poll
    with qtbot.waitSignal(watcher.available, timeout=3000):
        open_office(db).store.close()
    watcher.stop()


def test_hub_wakes_live_pages(db_path):
    """The web hub: a page waiting on the version wakes within the timeout when another connection commits."""
    from shared.web.hub import ChangeHub

    e = open_office(db_path)
    hub = ChangeHub(db_path, poll_s=0.02)

    async def scenario() -> tuple[int, int, float]:
        seen = hub.version()
        loop = asyncio.get_running_loop()
        waiter = asyncio.create_task(hub.wait(seen, 5.0))
        await asyncio.sleep(0.1)
        t0 = loop.time()
        await loop.run_in_executor(None, lambda: e.issue("RES", now=NOW))
        after = await waiter
        took = loop.time() - t0
        await hub.stop()
        return seen, after, took

    seen, after, took = asyncio.run(scenario())
    assert after != seen
    assert took < 2.0  # woken by the change, not by the 5 s timeout
    hub.close()
    e.store.close()
