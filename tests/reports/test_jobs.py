"""Every scheduled job with ``now`` passed in: holidays, 2nd/4th Saturdays, 年末年始 and the day boundary."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from shared import jobs
from shared.config import OfficeConfig
from shared.engine import QueueEngine
from shared.errors import DomainError, StorageError
from shared.office import open_office
from shared.storage import jobs_backup
from shared.storage.target import parse_target
from shared.storage.web_code_store import EmailCodeStore
from shared.timeutil import TOKYO, to_ts
from tests.conftest import always_open


def at(d: date, h: int, mi: int = 0, s: int = 0) -> datetime:
    return datetime(d.year, d.month, d.day, h, mi, s, tzinfo=TOKYO)


TUE, HOLIDAY, SAT2, SAT1 = date(2026, 11, 24), date(2026, 11, 23), date(2026, 11, 14), date(2026, 11, 7)


@pytest.fixture
def settings(tmp_path: Path) -> jobs.JobSettings:
    return jobs.JobSettings(backup_dir=tmp_path / "backups", report_dir=tmp_path / "reports", keep=2)


def plan(cfg: OfficeConfig, d: date, settings: jobs.JobSettings) -> list[tuple[str, str, str]]:
    return [(f"{p.at:%H:%M}", p.job, p.run_key) for p in jobs.plan_day(cfg, d, settings)]


def test_plan_follows_the_office_calendar(office_config: OfficeConfig, settings: jobs.JobSettings) -> None:
    tue = plan(office_config, TUE, settings)
    assert [x for x in tue if x[1] in ("open", "cutoff", "close", "expire")] == [
        ("08:45", "open", "2026-11-24"),
        ("16:30", "cutoff", "2026-11-24:MYNA"),
        ("16:45", "cutoff", "2026-11-24:KOSEKI"),
        ("16:45", "cutoff", "2026-11-24:MOVE"),
        ("17:00", "close", "2026-11-24"),
        ("18:00", "expire", "2026-11-24"),
    ]
    nightly = {"rollover", "calibrate", "reports", "backup", "purge"}
    for closed in (HOLIDAY, SAT1, date(2026, 11, 22), date(2026, 12, 29), date(2027, 1, 1), date(2027, 1, 3)):
        assert {x[1] for x in plan(office_config, closed, settings)} == nightly, (
            closed
        )  # 勤労感謝の日, 年末年始…
    sat = plan(office_config, SAT2, settings)  # 2nd Saturday 9–12; every cut-off is after 12:00
    assert [x[:2] for x in sat if x[1] not in nightly] == [
        ("09:00", "open"),
        ("12:00", "close"),
        ("13:00", "expire"),
    ]
    assert ("08:45", "open", "2027-01-04") in plan(office_config, date(2027, 1, 4), settings)
    assert {x[1] for x in plan(always_open(office_config), TUE, settings)} == nightly


def _issuing(e: QueueEngine) -> dict[str, str]:
    return {k: v[0] for k, v in e.store.issuing_states().items()}


def test_open_cutoff_close_expire_on_a_weekday(engine: QueueEngine) -> None:
    e = engine
    e.set_issuing("CHILD", "paused", now=at(TUE, 8), reason="システム停止")  # a staff pause, kept
    assert "closed today" in jobs.open_issuing(e, at(HOLIDAY, 8, 45))
    assert jobs.open_issuing(e, at(TUE, 8, 45)).startswith("発券開始")
    e.open_counter(4, now=at(TUE, 8, 45))
    late = e.issue("MOVE", now=at(TUE, 16, 40)).ticket
    assert jobs.cutoff_service(e, "MOVE", at(TUE, 16, 45)).endswith("cut-off")
    assert _issuing(e)["MOVE"] == "closed"
    assert "already closed" in jobs.cutoff_service(e, "MOVE", at(TUE, 16, 45))
    with pytest.raises(DomainError):
        e.issue("MOVE", now=at(TUE, 16, 50))
    e.issue("RES", now=at(TUE, 16, 55))  # other services still take tickets
    assert jobs.close_issuing(e, at(TUE, 17)) == "発券終了 / issuing closed"
    assert _issuing(e)["all"] == "closed"
    e.call_next(4, now=at(TUE, 17, 5))  # staff stay after 17:00: waiting visitors are still served
    assert e.current(4)[0].id == late.id
    # an hour after closing, whatever is still open is a leftover: the RES ticket, and the MOVE one the clerk
    # never finished; both are flagged force-closed
    assert jobs.expire_leftovers(e, at(TUE, 18)).startswith("未完了 2 件")
    assert e.store.ticket(late.id).force_closed and e.current(4) is None
    log = e.store.events(types=["issuing"])
    assert [(x["data"]["scope"], x["data"]["state"], x["actor"]) for x in log] == [
        ("CHILD", "paused", None),  # staff switches are logged too
        ("MOVE", "closed", "scheduler"),
        ("all", "closed", "scheduler"),
    ]
    # next morning: the scheduler's closures reopen, the staff pause stays
    msg = jobs.open_issuing(e, at(date(2026, 11, 25), 8, 45))
    assert _issuing(e) == {"all": "open", "MOVE": "open", "CHILD": "paused"}
    assert "CHILD(paused: システム停止)" in msg


def test_rollover_at_midnight_expires_only_earlier_days(db_path: Path, office_config: OfficeConfig) -> None:
    e = open_office(db_path, always_open(office_config))
    left = e.issue("RES", now=at(TUE, 23, 59)).ticket
    assert left.display == "A001"
    msg = jobs.rollover(e, at(date(2026, 11, 25), 0, 0))
    assert "2026-11-25" in msg and "expired 1" in msg
    first = e.issue("RES", now=at(date(2026, 11, 25), 0, 0, 30)).ticket
    assert (first.display, first.day) == ("A001", "2026-11-25")  # numbers restart with the business day
    old = e.store.ticket(left.id)
    assert (old.outcome, old.force_closed) == ("expired", True)  # flagged, never deleted
    assert e.store.ticket(first.id).state == "open"
    assert "expired 0" in jobs.rollover(
        e, at(date(2026, 11, 25), 0, 2)
    )  # idempotent, today's ticket untouched
    e.store.close()


def test_rollover_closes_counters_left_open(engine: QueueEngine) -> None:
    engine.open_counter(1, now=at(TUE, 8, 45))
    engine.open_counter(2, now=at(TUE, 8, 45))
    engine.pause_counter(2, "昼休み", now=at(TUE, 12))
    msg = jobs.rollover(engine, at(date(2026, 11, 25), 0, 0))
    assert "closed counters 1,2" in msg
    assert {c.state for c in engine.counters()} == {"closed"}


def test_nightly_reports_daily_weekly_monthly(known: QueueEngine, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    msg = jobs.nightly_reports(known, at(date(2026, 11, 25), 0, 15), out, ("html", "csv"))
    assert "2026-11-24" in msg
    assert sorted(p.name for p in (out / "daily" / "2026").iterdir()) == ["2026-11-24.csv", "2026-11-24.html"]
    msg = jobs.nightly_reports(known, at(date(2026, 11, 30), 0, 15), out, ("xlsx",))  # a Monday
    assert (out / "weekly" / "2026-W48.xlsx").exists() and "no visits 2026-11-29" in msg
    jobs.nightly_reports(known, at(date(2026, 12, 1), 0, 15), out, ("html",))
    assert (out / "monthly" / "2026-11.html").exists()
    assert "no visits" in jobs.nightly_reports(
        known, at(date(2026, 11, 24), 0, 15), tmp_path / "x", ("html",)
    )


def test_purge_requests_after_n_days(engine: QueueEngine, office_config: OfficeConfig) -> None:
    e = engine
    old = e.issue("RES", now=at(date(2026, 10, 1), 9), request={"certificates": {"juminhyo": 2}}).ticket
    new = e.issue("RES", now=at(TUE, 9), request={"certificates": {"juminhyo": 1}}).ticket
    outcome = e.store.ticket(old.id).outcome  # "expired": left waiting on its own day
    assert "1 件" in jobs.purge_requests(e, at(date(2026, 11, 25), 3), keep_days=30)
    assert e.store.ticket(old.id).request == {} and e.store.ticket(new.id).request != {}
    assert e.store.ticket(old.id).outcome == outcome  # history stays; only the details go
    assert "0 件" in jobs.purge_requests(e, at(date(2026, 11, 25), 3), keep_days=30)


def test_purge_deletes_expired_web_codes_only(engine: QueueEngine) -> None:
    codes = EmailCodeStore(engine.store.db)
    now = at(date(2026, 11, 25), 3)
    for challenge, expires in (("old", now - timedelta(minutes=1)), ("live", now + timedelta(minutes=5))):
        with engine.store.transaction():
            codes.add(
                challenge=challenge,
                device_hash=b"d",
                addr_key="k",
                code_hash=b"c",
                request={},
                service="RES",
                ts=to_ts(now - timedelta(minutes=9)),
                expires_at=to_ts(expires),
            )
    assert "1 expired e-mail codes" in jobs.purge_requests(engine, now, keep_days=30)
    assert codes.by_challenge("old") is None and codes.by_challenge("live") is not None


@pytest.mark.backends("sqlite")  # the SQLite backup API; PostgreSQL: the pg_dump test below
def test_backup_keeps_n_generations_and_restores_verified(
    known: QueueEngine, db_path: Path, tmp_path: Path
) -> None:
    bdir = tmp_path / "backups"
    for h in (1, 2, 3):
        assert "verified" in jobs.backup(db_path, bdir, at(date(2026, 11, 25), 2, h), keep=2)
        known.issue("RES", now=at(TUE, 10 + h))  # the office keeps writing between backups
    gens = jobs_backup.generations(bdir)
    assert [p.name for p in gens] == ["madoguchi-20261125-020200.db", "madoguchi-20261125-020300.db"]
    target = tmp_path / "restored" / "office.db"
    counts = jobs_backup.restore(gens[-1], target)
    assert counts["ticket"] == 7 + 2 and counts == jobs_backup.verify(target)
    restored = open_office(target, known.config)
    assert len(restored.store.tickets_of_day("2026-11-24")) == 9
    restored.store.close()
    with pytest.raises(StorageError, match="--force"):
        jobs_backup.restore(gens[-1], target)
    broken = tmp_path / "broken.db"
    data = bytearray(gens[-1].read_bytes())
    data[4096:8192] = b"\xff" * 4096  # a damaged page
    broken.write_bytes(bytes(data))
    with pytest.raises(StorageError):
        jobs_backup.restore(broken, tmp_path / "never.db")
    assert not (tmp_path / "never.db").exists()


def test_run_once_and_failures_become_alerts(engine: QueueEngine, tmp_path: Path) -> None:
    now = at(TUE, 2)
    calls = []
    r1 = jobs.run_once(engine, "backup", "2026-11-24", lambda: calls.append(1) or "done", now, "a")
    r2 = jobs.run_once(engine, "backup", "2026-11-24", lambda: calls.append(2) or "done", now, "b")
    assert (r1.ran, r2.ran, calls) == (True, False, [1])

    def boom() -> str:
        raise OSError("disk full")

    r3 = jobs.run_once(engine, "backup", "2026-11-25", boom, now)
    assert (r3.ran, r3.ok) == (True, False) and "disk full" in r3.result
    assert any("disk full" in a.message for a in engine.alerts())
    assert [row[5] for row in engine.store.job_runs("backup")] == ["done", "error: OSError: disk full"]


def test_catch_up_runs_due_jobs_in_order_once(
    engine: QueueEngine, db_path: Path, settings: jobs.JobSettings
) -> None:
    first = jobs.catch_up(engine, db_path, settings, at(TUE, 12))
    assert [r.job for r in first] == ["rollover", "calibrate", "reports", "backup", "purge", "open"]
    later = jobs.catch_up(engine, db_path, settings, at(TUE, 18, 30))
    assert [r.job for r in later] == ["cutoff", "cutoff", "cutoff", "close", "expire"]
    assert jobs.catch_up(engine, db_path, settings, at(TUE, 23)) == []
    assert _issuing(engine)["all"] == "closed"


def test_settings_beside_the_database(tmp_path: Path) -> None:
    s = jobs.JobSettings.beside(tmp_path / "office.db", keep=3)
    assert (s.backup_dir, s.report_dir, s.keep, s.backup_at) == (
        tmp_path / "backups",
        tmp_path / "reports",
        3,
        time(2, 0),
    )
    assert dataclasses.replace(s, keep=5).keep == 5


@pytest.mark.backends("postgresql")
def test_pg_backup_keeps_n_generations_verified_by_a_scratch_restore(
    known: QueueEngine, db_path: str, tmp_path: Path, pg_cluster, monkeypatch
) -> None:
    from shared.storage import pg_backup

    bdir = tmp_path / "backups"
    for h in (1, 2, 3):
        result = jobs.backup(db_path, bdir, at(date(2026, 11, 25), 2, h), keep=2)
        assert "restored into a scratch database" in result and "verified" in result
        known.issue("RES", now=at(TUE, 10 + h))  # the office keeps writing between backups
    gens = pg_backup.generations(bdir)
    assert [p.name for p in gens] == ["madoguchi-20261125-020200.dump", "madoguchi-20261125-020300.dump"]
    assert not list(bdir.glob(".*part"))
    # the scratch databases are gone again
    assert not pg_cluster.sql("SELECT datname FROM pg_database WHERE datname LIKE 'madoguchi_verify_%'")

    target = pg_cluster.new_database(empty=True)
    counts = pg_backup.pg_restore_into(gens[-1], parse_target(target))
    assert counts["ticket"] == 7 + 2
    restored = open_office(target, known.config)
    assert len(restored.store.tickets_of_day("2026-11-24")) == 9
    restored.store.close()
    with pytest.raises(StorageError, match="--force"):
        pg_backup.pg_restore_into(gens[-1], parse_target(target))
    assert pg_backup.pg_restore_into(gens[0], parse_target(target), force=True)["ticket"] == 8
    pg_cluster.drop(target)

    # no client programs on this PC: one clear line, nothing half-written
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(StorageError, match="pg_dump not found: install the PostgreSQL client"):
        jobs.backup(db_path, bdir, at(date(2026, 11, 26), 2, 0), keep=2)
    assert len(pg_backup.generations(bdir)) == 2
