"""``madoguchi copy``: a busy SQLite office moves to a real PostgreSQL server and back; the replay check shows the
same tickets, legs, events and calls; a non-empty target is refused with nothing written; the copy keeps
working (new ids do not collide with copied ones)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared import cli
from shared.errors import StorageError
from shared.office import open_office
from shared.office_copy import check_copy, copy_office
from shared.storage import copy_tables as ct
from shared.storage.backend import open_database
from shared.storage.web_store import WebStore
from shared.timeutil import to_ts
from tests.conftest import NOW, always_open


def _busy_office(db: Path | str, office_config) -> dict[str, int]:
    """A morning's work: tickets on several services, calls, recalls, a transfer, finishes, a no-show, a
    paused counter, a web secret and an office-profile version (first start)."""
    open_office(db).store.close()  # stores the profile v1, as any first start does
    e = open_office(db, always_open(office_config))
    try:
        for n in (1, 4, 7):
            e.open_counter(n, now=NOW)
        for code in ("RES", "RES", "TAX", "MOVE", "NHI", "RES", "KOSEKI_CERT", "NHI"):
            e.issue(code, now=NOW)
        e.call_next(1, now=NOW)
        e.start(1, now=NOW)
        e.finish(1, now=NOW)
        e.call_next(1, now=NOW)
        e.recall(1, now=NOW)
        e.no_show(1, now=NOW)
        e.call_next(4, now=NOW)
        e.start(4, now=NOW)
        e.transfer(4, "NHI", now=NOW)
        e.call_next(7, now=NOW)
        e.pause_counter(7, "休憩", now=NOW)
        WebStore(e.store.db).secret("csrf", to_ts(NOW))
        with open_database(db) as d:
            return {t: ct.count(d, t) for t in ct.tables(d)}
    finally:
        e.store.close()


def test_sqlite_to_postgresql_and_back(tmp_path, pg_cluster, office_config, capsys, monkeypatch):
    src = tmp_path / "office.db"
    counts = _busy_office(src, office_config)
    assert counts["ticket"] == 8 and counts["event"] > 10 and counts["call"] >= 4
    pg = pg_cluster.new_database(empty=True)  # a bare database: copy creates the schema
    monkeypatch.setenv("MADOGUCHI_DB", "unused")
    with_password = pg_cluster.url(pg.rsplit("/", 1)[1], password="s3cret-pw")  # (trust: not checked)
    assert cli.main(["copy", "--from", str(src), "--to", with_password]) == 0
    out = capsys.readouterr().out
    assert "replay check OK: 8 tickets" in out
    assert "s3cret-pw" not in out and "***" in out
    with open_database(pg) as d:
        assert {t: ct.count(d, t) for t in ct.tables(d)} == counts

    back = tmp_path / "back.db"
    report = copy_office(pg, back)
    assert report.ok, report.problems
    assert report.tickets == 8 and report.calls == counts["call"] and report.events == counts["event"]
    with open_database(src) as a, open_database(back) as b:
        assert check_copy(a, b) == []

    # both copies keep working: new rows get fresh ids (the identity counters moved past the copied ones)
    for db in (pg, back):
        e = open_office(db, always_open(office_config))
        try:
            out2 = e.issue("RES", now=NOW)
            assert out2.ticket is not None and out2.ticket.id == 9
            assert e.call_next(1, now=NOW).ticket is not None
        finally:
            e.store.close()
    pg_cluster.drop(pg)


def test_refuses_a_target_that_is_not_empty(tmp_path, pg_cluster, office_config):
    src = tmp_path / "office.db"
    _busy_office(src, office_config)
    pg = pg_cluster.new_database()
    e = open_office(pg)  # someone already started an office there
    e.store.close()
    with open_database(pg) as d:
        before = {t: ct.count(d, t) for t in ct.tables(d)}
    with pytest.raises(StorageError, match="not empty"):
        copy_office(src, pg)
    with open_database(pg) as d:
        assert {t: ct.count(d, t) for t in ct.tables(d)} == before  # nothing was written
    with pytest.raises(StorageError, match="same database"):
        copy_office(src, src)
    pg_cluster.drop(pg)


def test_check_finds_a_difference(tmp_path, office_config):
    """The replay check is not a formality: one changed event in the copy is reported."""
    src, dst = tmp_path / "a.db", tmp_path / "b.db"
    _busy_office(src, office_config)
    assert copy_office(src, dst).ok
    with open_database(dst) as d, d.transaction():
        d.execute("UPDATE leg SET state = 'held' WHERE state = 'called'")
    with open_database(src) as a, open_database(dst) as b:
        problems = check_copy(a, b)
    assert any(p.startswith("leg:") for p in problems), problems
    assert any(p.startswith("copy: leg") for p in problems), problems
