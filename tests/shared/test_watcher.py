"""The change watcher sees another process's commit, and not its own connection's reads."""

from __future__ import annotations

import subprocess
import sys

from shared.office import open_office
from shared.watcher import ChangeWatcher
from tests.conftest import NOW


def test_watcher_sees_other_process_commit(tmp_path):
    db = tmp_path / "office.db"
    open_office(db).store.close()
    w = ChangeWatcher(db)
    assert w.poll() is False
    assert w.poll() is False
    code = (
        "import sys; from shared.office import open_office; from tests.conftest import NOW; "
        f"open_office({str(db)!r}).issue('RES', now=NOW)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    assert w.poll() is True
    assert w.poll() is False  # once per change
    w.close()


def test_watcher_same_process_other_connection(tmp_path):
    db = tmp_path / "office.db"
    e = open_office(db)
    w = ChangeWatcher(db)
    w.poll()
    e.issue("RES", now=NOW)
    assert w.poll() is True


def test_qt_watcher_emits(qtbot, tmp_path):
    from shared.qt.watcher import DbWatcher

    db = tmp_path / "office.db"
    e = open_office(db)
    w = DbWatcher(db, interval_ms=20)
    qtbot.wait(60)  # the first poll records the version
    with qtbot.waitSignal(w.changed, timeout=2000):
        e.issue("RES", now=NOW)
    w.stop()


def test_qt_watcher_reports_missing_db_then_recovers(qtbot, tmp_path):
    from shared.qt.watcher import DbWatcher

    db = tmp_path / "later" / "office.db"
    watcher = DbWatcher(db, interval_ms=20)
    down: list[str] = []
    watcher.unavailable.connect(down.append)
    qtbot.waitUntil(lambda: len(down) == 1, timeout=2000)
    qtbot.wait(100)
    assert len(down) == 1  # reported once, not on every poll
    with qtbot.waitSignal(watcher.available, timeout=3000):
        open_office(db).store.close()
    watcher.stop()
