"""Scheduled daily operations as plain functions. Each takes the engine (or paths) and ``now``, does its work
idempotently, and returns a one-line summary; :func:`run_once` adds the cross-process run-once guard.

The day plan (:func:`plan_day`) follows the office calendar (shared/calendar.py): no opening or closing jobs
on public holidays, 年末年始 or ordinary Saturdays, and Saturday hours on the 2nd/4th Saturday.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time as _time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from shared.booking import BookingDesk, no_show_sweeps
from shared.calendar import is_open, opening_span
from shared.config import OfficeConfig
from shared.engine import QueueEngine
from shared.errors import DomainError, MadoguchiError
from shared.models import CounterState
from shared.plan_steps import run_due
from shared.reports import facts, output
from shared.reports.build import Built, ReportError, build_report
from shared.reports.catalog import Catalog
from shared.reports.compare import baseline_range
from shared.reports.visits import write_day
from shared.storage import jobs_backup
from shared.storage.target import DbTarget, default_sqlite_path, parse_target
from shared.storage.web_code_store import EmailCodeStore
from shared.timeutil import TOKYO, at, from_ts, to_ts

AUTO = "auto:"  # reason prefix of issuing switches set by these jobs (staff pauses are left alone)


@dataclass(frozen=True)
class JobSettings:
    backup_dir: Path
    report_dir: Path
    keep: int = 14
    report_formats: tuple[str, ...] = ("html", "csv", "xlsx")
    retention_days: int = 30
    expire_grace_min: int = 60
    reports_after_min: int = 15
    backup_at: time = time(2, 0)
    purge_at: time = time(3, 0)

    @classmethod
    def beside(cls, db: DbTarget | str | os.PathLike[str], **kw: Any) -> JobSettings:
        """Defaults next to the database file: <db dir>/backups and <db dir>/reports (for a server database,
        in this PC's madoguchi data folder)."""
        db = parse_target(db)
        home = db.path.parent if db.path is not None else default_sqlite_path().parent
        return replace(cls(backup_dir=home / "backups", report_dir=home / "reports"), **kw)


@dataclass(frozen=True, order=True)
class Planned:
    at: datetime
    job: str
    run_key: str
    service: str | None = field(default=None, compare=False)


def plan_day(config: OfficeConfig, d: date, settings: JobSettings) -> list[Planned]:
    """Every job of calendar day ``d`` with its local time and run key, in time order."""
    key = d.isoformat()
    rollover = at(d, config.queue.day_rollover)
    out = [
        Planned(rollover, "rollover", key),
        Planned(rollover + timedelta(minutes=5), "calibrate", key),
        Planned(rollover + timedelta(minutes=settings.reports_after_min), "reports", key),
        Planned(at(d, settings.backup_at), "backup", key),
        Planned(at(d, settings.purge_at), "purge", key),
    ]
    span = None if config.hours.always_open else opening_span(d, config.hours)
    if span is not None:
        opening, closing = at(d, span[0]), at(d, span[1])
        out.append(Planned(opening, "open", key))
        for s in config.services:
            if s.cutoff is not None and span[0] < s.cutoff < span[1]:
                out.append(Planned(at(d, s.cutoff), "cutoff", f"{key}:{s.code}", s.code))
        out.append(Planned(closing, "close", key))
        grace = min(closing + timedelta(minutes=settings.expire_grace_min), at(d, time(23, 59)))
        out.append(Planned(grace, "expire", key))
    for t in no_show_sweeps(config, d):  # 来庁予約: unclaimed slots become no-shows, their seats return
        out.append(Planned(t, "no_shows", f"{key}:{t:%H%M}"))
    return sorted(out)


# -- the jobs ----------------------------------------------------------------------------------------------
def _local(now: datetime) -> datetime:
    return now.astimezone(TOKYO)


def _switch(engine: QueueEngine, scope: str, state: str, reason: str, now: datetime) -> None:
    """Set an issuing switch; the engine logs it (event type 'issuing')."""
    engine.set_issuing(scope, state, now=now, reason=reason, actor="scheduler")


def open_issuing(engine: QueueEngine, now: datetime) -> str:
    """Opening time: issuing opens, and services closed by yesterday's cut-off reopen. Pauses set by staff
    stay (they carry a reason the office chose); they are listed in the summary."""
    if opening_span(_local(now).date(), engine.config.hours) is None:
        return "閉庁日のため何もしません / office closed today"
    states = engine.store.issuing_states()
    opened, kept = [], []
    if states.get("all", ("open", None))[0] != "open":
        _switch(engine, "all", "open", AUTO + "open", now)
        opened.append("all")
    for scope, (state, reason) in sorted(states.items()):
        if scope == "all" or state == "open":
            continue
        if (reason or "").startswith(AUTO):
            _switch(engine, scope, "open", AUTO + "open", now)
            opened.append(scope)
        else:
            kept.append(f"{scope}({state}: {reason or '-'})")
    msg = f"発券開始 / issuing open: {', '.join(opened) or 'already open'}"
    return msg + (f"; 職員による停止を継続 / staff pauses kept: {', '.join(kept)}" if kept else "")


def cutoff_service(engine: QueueEngine, service: str, now: datetime) -> str:
    """A service's own intake cut-off (e.g. 転入 16:45): its issuing closes (the engine enforces the time too)."""
    state = engine.store.issuing_states().get(service, ("open", None))[0]
    if opening_span(_local(now).date(), engine.config.hours) is None:
        return "閉庁日のため何もしません / office closed today"
    if state != "open":
        return f"{service}: already {state}"
    _switch(engine, service, "closed", AUTO + "cutoff", now)
    return f"{service}: 受付終了 / intake closed at its cut-off"


def close_issuing(engine: QueueEngine, now: datetime) -> str:
    """Closing time: no new tickets. Visitors already waiting are still served (staff stay to finish)."""
    if opening_span(_local(now).date(), engine.config.hours) is None:
        return "閉庁日のため何もしません / office closed today"
    if engine.store.issuing_states().get("all", ("open", None))[0] == "closed":
        return "already closed"
    _switch(engine, "all", "closed", AUTO + "closing", now)
    return "発券終了 / issuing closed"


def expire_leftovers(engine: QueueEngine, now: datetime) -> str:
    """After closing plus a grace period: tickets still open are expired and flagged force-closed."""
    n = engine.expire_open(now=now, actor="scheduler:expire")
    return f"未完了 {n} 件を強制終了 / {n} open legs expired (force-closed, flagged)"


def booking_no_shows(engine: QueueEngine, now: datetime) -> str:
    """Bookings nobody checked in for by the end of their grace time: no-shows; their seats return."""
    n = BookingDesk(engine).expire(now)
    return f"予約の不在 {n} 件 / {n} booking(s) marked no-show"


def rollover(engine: QueueEngine, now: datetime) -> str:
    """Start of a business day: earlier days' leftovers are expired (flagged; history is never deleted),
    counters left open overnight are closed, and the KPI facts catch up. Numbers restart by themselves:
    they are counted per business day."""
    today = date.fromisoformat(engine.day(now))
    n = engine.expire_open(
        now=now,
        actor="scheduler:rollover",
        through_day=(today - timedelta(days=1)).isoformat(),
        keep_at_counters=True,  # a visitor at a counter at the rollover stays with the clerk
    )
    closed = []
    if not is_open(now, engine.config.hours):
        for c in engine.counters():
            if c.state != CounterState.CLOSED:
                try:
                    engine.close_counter(c.number, now=now)
                    closed.append(str(c.number))
                except DomainError:
                    pass  # still serving a ticket of today: leave it
    r = facts.refresh(engine.store.db)
    return (
        f"{today}: 前日までの未完了 {n} 件を強制終了, 窓口を閉局 {','.join(closed) or '-'}, "
        f"KPI {r.days} 日分を更新 / expired {n}, closed counters {','.join(closed) or '-'}, facts {r.days} days"
    )


def nightly_reports(engine: QueueEngine, now: datetime, out_dir: Path, formats: tuple[str, ...]) -> str:
    """Report files for the business day that just ended; weekly ones on Mondays and monthly ones on the
    1st (compared with the same weeks last year when there is data for them); and the day's anonymised visit
    export for the city report (``city/madoguchi-visits_<office>_<day>.csv``, header only on a day without visits)."""
    today = date.fromisoformat(engine.day(now))
    jobs: list[tuple[Path, date, date, bool]] = []
    y = today - timedelta(days=1)
    jobs.append((out_dir / "daily" / f"{y:%Y}" / y.isoformat(), y, y, False))
    if today.weekday() == 0:
        mon = today - timedelta(days=7)
        iso = mon.isocalendar()
        jobs.append(
            (out_dir / "weekly" / f"{iso.year}-W{iso.week:02d}", mon, today - timedelta(days=1), True)
        )
    if today.day == 1:
        first = y.replace(day=1)
        jobs.append((out_dir / "monthly" / f"{first:%Y-%m}", first, y, True))
    written, skipped = [], []
    for stem, start, end, vs in jobs:
        try:
            built = _build(engine, start, end, vs)
        except ReportError:
            skipped.append(f"{start}…{end}")
            continue
        stem.parent.mkdir(parents=True, exist_ok=True)
        for fmt in formats:
            output.write(built, fmt, stem.with_suffix(f".{fmt}"), _local(now))
        written.append(stem.name)
    export = write_day(
        engine.store.db,
        Catalog(engine.config, engine.store.db),
        engine.config.code or "office",
        y,
        out_dir / "city",
    )
    written.append(export.name)
    return (
        f"written {', '.join(written) or '-'}"
        + (f"; no visits {', '.join(skipped)}" if skipped else "")
        + f" in {out_dir}"
    )


def _build(engine: QueueEngine, start: date, end: date, compare: bool) -> Built:
    conn, cfg = engine.store.db, engine.config
    if compare:
        try:
            return build_report(conn, cfg, start, end, baseline=baseline_range(start, end, "last-year"))
        except ReportError:
            pass  # no data a year ago: the report alone
    return build_report(conn, cfg, start, end)


def backup(db: DbTarget | str | os.PathLike[str], backup_dir: Path, now: datetime, keep: int) -> str:
    """Online backup into ``backup_dir``, verified, keeping ``keep`` generations: SQLite's backup API
    (``.db``), or ``pg_dump -Fc`` restored into a scratch database to check it (``.dump``, pg_backup.py)."""
    if keep < 1:
        raise MadoguchiError("keep must be at least 1")
    db = parse_target(db)
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = f"madoguchi-{_local(now):%Y%m%d-%H%M%S}"
    if db.is_pg:
        from shared.storage import pg_backup

        dest = backup_dir / f"{stamp}.dump"
        counts = pg_backup.pg_backup(db, dest)
        removed = pg_backup.prune(backup_dir, keep)
        return (
            f"{dest.name}: pg_dump, restored into a scratch database, {sum(counts.values()):,} rows in "
            f"{len(counts)} tables verified ({dest.stat().st_size / 1e6:.1f} MB); removed {len(removed)} old "
            "generation(s)"
        )
    assert db.path is not None
    dest = backup_dir / f"{stamp}.db"
    counts = jobs_backup.online_backup(db.path, dest)
    removed = jobs_backup.prune(backup_dir, keep)
    return (
        f"{dest.name}: {sum(counts.values()):,} rows in {len(counts)} tables verified "
        f"({dest.stat().st_size / 1e6:.1f} MB); removed {len(removed)} old generation(s)"
    )


def purge_requests(engine: QueueEngine, now: datetime, keep_days: int) -> str:
    """Retention: request details (what a visitor asked for) older than ``keep_days`` days are blanked, and
    expired web one-time codes (keyed hashes only) are deleted."""
    before = (date.fromisoformat(engine.day(now)) - timedelta(days=keep_days)).isoformat()
    with engine.store.transaction():
        n = engine.store.purge_requests(before)
        codes = EmailCodeStore(engine.store.db).purge_expired(to_ts(now))
    return (
        f"{n} 件の申請内容を消去（{before} より前）、期限切れの確認コード {codes} 件を削除 / purged request "
        f"details of {n} tickets before {before} and {codes} expired e-mail codes"
    )


# -- run once, across processes ------------------------------------------------------------------------------
@dataclass(frozen=True)
class RunResult:
    job: str
    run_key: str
    ran: bool
    ok: bool
    result: str


def calibrate(engine: QueueEngine, now: datetime) -> str:
    """Re-learn the wait predictor from recent days, so no kiosk or display pays for it at opening."""
    from shared.estimate import refresh_calibration

    refresh_calibration(engine, now)
    return "待ち時間予測を更新 / wait-time model refreshed"


def plan_steps(engine: QueueEngine, now: datetime) -> str:
    """The floor manager's scheduled counter changes that are due (shared/plan_steps.py); every few seconds, so
    "close counter 5 at 12:00" happens at 12:00 even when no supervisor console is open."""
    ran = run_due(engine, now)
    return ", ".join(f"{r.step.counter}:{r.step.kind} {r.state}" for r in ran) or "nothing due"


def owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run_once(
    engine: QueueEngine, job: str, run_key: str, fn: Callable[[], str], now: datetime, who: str | None = None
) -> RunResult:
    """Claim (job, run_key) in job_run; only the process that inserts the row runs ``fn``. A failure is
    recorded as the run's result and raised as a staff alert; it never propagates."""
    with engine.store.transaction():
        claimed = engine.store.claim_job(job, run_key, to_ts(now), who or owner())
    if not claimed:
        return RunResult(job, run_key, False, True, "already run (another scheduler or an earlier run)")
    t0 = _time.perf_counter()
    ok = True
    try:
        result = fn()
    except Exception as exc:  # noqa: BLE001 - the scheduler must outlive any one job
        ok, result = False, f"error: {type(exc).__name__}: {exc}"
        with contextlib.suppress(MadoguchiError):
            engine.raise_alert(
                "scheduler", "job_failed", f"定時処理 {job} ({run_key}) に失敗: {exc}", now=now
            )
    with engine.store.transaction():
        engine.store.finish_job(job, run_key, to_ts(now) + (_time.perf_counter() - t0), result)
    return RunResult(job, run_key, True, ok, result)


def job_function(
    p: Planned,
    engine: QueueEngine,
    db_path: DbTarget | str | os.PathLike[str],
    settings: JobSettings,
    now: datetime,
) -> Callable[[], str]:
    table: dict[str, Callable[[], str]] = {
        "open": lambda: open_issuing(engine, now),
        "cutoff": lambda: cutoff_service(engine, p.service or "", now),
        "close": lambda: close_issuing(engine, now),
        "expire": lambda: expire_leftovers(engine, now),
        "rollover": lambda: rollover(engine, now),
        "calibrate": lambda: calibrate(engine, now),
        "reports": lambda: nightly_reports(engine, now, settings.report_dir, settings.report_formats),
        "backup": lambda: backup(db_path, settings.backup_dir, now, settings.keep),
        "purge": lambda: purge_requests(engine, now, settings.retention_days),
        "no_shows": lambda: booking_no_shows(engine, now),
    }
    return table[p.job]


def run_planned(
    engine: QueueEngine,
    p: Planned,
    db_path: DbTarget | str | os.PathLike[str],
    settings: JobSettings,
    now: datetime,
    who: str | None = None,
) -> RunResult:
    return run_once(engine, p.job, p.run_key, job_function(p, engine, db_path, settings, now), now, who)


def due(engine: QueueEngine, plan: list[Planned], now: datetime) -> list[Planned]:
    """Planned jobs whose time has come and that no process has claimed yet."""
    done = {(j, k) for j, k, *_ in engine.store.job_runs()}
    return [p for p in plan if p.at <= now and (p.job, p.run_key) not in done]


def catch_up(
    engine: QueueEngine,
    db_path: DbTarget | str | os.PathLike[str],
    settings: JobSettings,
    now: datetime,
    who: str | None = None,
) -> list[RunResult]:
    """Run today's due jobs in time order (after a restart, or from ``madoguchi scheduler catch-up``)."""
    plan = plan_day(engine.config, _local(now).date(), settings)
    return [run_planned(engine, p, db_path, settings, now, who) for p in due(engine, plan, now)]


def describe(ts: float | None) -> str:
    return "-" if ts is None else from_ts(ts).strftime("%Y-%m-%d %H:%M:%S")
