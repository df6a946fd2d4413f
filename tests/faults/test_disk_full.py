"""A full disk: one clear line everywhere, nothing half-written, every reported ticket stored, and the office
works again by itself once space is freed.

On a real 3 MiB tmpfs when this machine lets us mount (CI runs as root); the file-size-limit test
(RLIMIT_FSIZE, any user) always runs, so the fault is covered on every machine.
"""

from __future__ import annotations

import contextlib
import logging
import resource
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.errors import DiskFullError
from shared.office import open_office
from shared.replay import verify
from shared.timeutil import now_tokyo
from tests.faults.conftest import fill, new_office, one_line_error, run_cli, tmpfs

FULL_TEXT = "the disk is full"


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "disk", "3m") as where:
        if where is None:
            pytest.skip("cannot mount a tmpfs here (not root); test_file_size_limit covers the full disk")
        yield where


def test_a_full_disk_gives_one_line_and_loses_nothing(disk: Path, profile: Path) -> None:
    db = disk / "office.db"
    new_office(db, profile)
    engine = open_office(db, profile, create=False)  # a kiosk that was running when the disk filled
    reported = [engine.issue("RES", now=now_tokyo()).ticket.display for _ in range(3)]
    filler = fill(disk)
    filler.unlink()
    # leave ~160 KB: issuing now stops by itself when the WAL can no longer grow, as in a real office
    fill_to = disk / "almost.bin"
    fill_to.write_bytes(b"\0" * max(0, _free(disk) - 160 * 1024))
    failures = 0
    for _ in range(5000):
        try:
            reported.append(engine.issue("RES", now=now_tokyo()).ticket.display)
        except DiskFullError as exc:
            failures += 1
            assert FULL_TEXT in str(exc) and "\n" not in str(exc)
            if failures == 3:
                break
    assert failures == 3, "the disk never filled"
    err = one_line_error(run_cli("--db", str(db), "issue", "RES", config=profile))
    assert FULL_TEXT in err and str(db) in err
    print(f"\ndisk full after {len(reported)} tickets on a 3 MiB tmpfs; the CLI said: {err}")
    fill_to.unlink()  # staff free some space
    after = engine.issue("RES", now=now_tokyo()).ticket.display
    r = run_cli("--db", str(db), "issue", "RES", "--json", config=profile)
    assert r.returncode == 0, r.stderr
    stored = {t.display for t in engine.store.tickets_of_day(engine.day(now_tokyo()))}
    assert set(reported) | {after} <= stored  # every ticket the kiosk showed exists
    assert len(stored) == len(reported) + 2  # and nothing else: no ticket from a failed attempt
    assert (
        verify(engine.store) == [] and engine.store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    )
    engine.store.close()


def _free(folder: Path) -> int:
    import shutil

    return shutil.disk_usage(folder).free


@contextlib.contextmanager
def file_size_limit(nbytes: int) -> Iterator[None]:
    """This process may not grow any file past ``nbytes`` (SIGXFSZ ignored: the write fails with EFBIG)."""
    old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (nbytes, old_limit[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
        signal.signal(signal.SIGXFSZ, old_handler)


def test_file_size_limit_reads_as_a_full_disk(tmp_path: Path, profile: Path) -> None:
    """Any machine, any user: the same one line and the same recovery when a file-size limit stops SQLite."""
    db = tmp_path / "office.db"
    new_office(db, profile)
    engine = open_office(db, profile, create=False)
    reported = [engine.issue("RES", now=now_tokyo()).ticket.display]
    size = max(db.stat().st_size, Path(f"{db}-wal").stat().st_size)
    caught = None
    with file_size_limit(size + 48 * 1024):
        for _ in range(2000):
            try:
                reported.append(engine.issue("RES", now=now_tokyo()).ticket.display)
            except DiskFullError as exc:
                caught = exc
                break
    assert caught is not None and FULL_TEXT in str(caught)
    reported.append(engine.issue("RES", now=now_tokyo()).ticket.display)  # the limit is gone: works again
    stored = {t.display for t in engine.store.tickets_of_day(engine.day(now_tokyo()))}
    assert stored == set(reported) and verify(engine.store) == []
    engine.store.close()


def test_the_kiosk_on_a_full_disk_asks_for_staff_and_alerts_them(
    disk: Path, profile: Path, qtbot, caplog: pytest.LogCaptureFixture
) -> None:
    from kiosk.window import KioskWindow
    from shared.config import load_config
    from tests.kiosk.conftest import RecordingPrinter, with_printer

    db = disk / "office.db"
    new_office(db, profile)
    printer = RecordingPrinter()
    cfg = with_printer(load_config(profile), {"kind": "qt", "pdf_path": "unused.pdf"})
    w = KioskWindow(cfg, db, printer_make=lambda _s: printer, watch=False, guard_s=0, create=False)
    qtbot.addWidget(w)
    w.controller._db_alert_retry.setInterval(100)
    w.show()
    staff = open_office(db, profile, create=False)  # the counter app's view of the alerts
    filler = fill(disk)
    caplog.set_level(logging.INFO)
    try:
        w.controller.issue_service("RES")
        qtbot.waitUntil(lambda: w.flash_banner.isVisible(), timeout=5000)
        assert "係員" in w.flash_banner.text.text() and w.current() != "ticket"
        assert w.controller.db_alert is not None and printer.images == []  # nothing printed
        errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert len(errors) == 1 and "staff alert" in errors[0] and FULL_TEXT in errors[0]  # logged once
        assert staff.alerts() == []  # the disk cannot take the alert yet: it waits in memory and the log
    finally:
        filler.unlink()
    qtbot.waitUntil(lambda: [a.kind for a in staff.alerts()] == ["disk_full"], timeout=5000)  # written later
    w.controller.issue_service("RES")
    qtbot.waitUntil(lambda: w.current() == "ticket", timeout=5000)
    qtbot.waitUntil(lambda: staff.alerts() == [], timeout=5000)  # resolved by the next stored ticket
    qtbot.waitUntil(lambda: len(printer.images) == 1, timeout=5000)
    w.shutdown()
    staff.store.close()


def test_the_counter_on_a_full_disk_says_so_in_one_line(disk: Path, profile: Path, qtbot) -> None:
    from counter.window import CounterWindow

    db = disk / "office.db"
    new_office(db, profile)
    kiosk = open_office(db, profile, create=False)
    t = kiosk.issue("RES", now=now_tokyo()).ticket
    clerk = open_office(db, profile, create=False)
    clerk.open_counter(1, now=now_tokyo())
    w = CounterWindow(clerk, db_path=db, clock=now_tokyo, watch_ms=40)
    qtbot.addWidget(w)
    w.show()
    w.start(1)
    filler = fill(disk)
    try:
        w.call_next()  # the console's background writer saves it; the result comes back as an event
        qtbot.waitUntil(lambda: w.writer.pending == 0, timeout=15000)
        text = w.message.text()
        assert "ディスクがいっぱい" in text and "\n" not in text and clerk.current(1) is None
    finally:
        filler.unlink()
    w.call_next()  # space freed: the same button works
    qtbot.waitUntil(lambda: w.writer.pending == 0, timeout=15000)
    assert clerk.current(1)[0].id == t.id
    w.close()
    kiosk.store.close()
    clerk.store.close()
