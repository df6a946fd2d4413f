"""``madoguchi scheduler``: the headless process that runs the daily jobs of shared/jobs.py on time.

    madoguchi scheduler [run]                 run forever (APScheduler BlockingScheduler, Asia/Tokyo)
    madoguchi scheduler plan [--date D]       today's (or D's) jobs and whether they have run
    madoguchi scheduler catch-up [--at T]     run every job due by T (default now) that has not run, then exit
    madoguchi scheduler once JOB [--at T] [--service CODE]   run one job now, outside the plan
    madoguchi scheduler history [--job JOB]   the job_run log
    madoguchi scheduler restore BACKUP TARGET [--force]      verified restore of a backup file

At start and every night just after midnight the day's plan is scheduled; jobs already due are caught up at
once. Every run is claimed in the job_run table first, so two schedulers never run the same job twice.
This module is the only place that imports APScheduler.
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
from datetime import datetime, time
from pathlib import Path
from typing import Any

from shared import jobs
from shared.errors import MadoguchiError, run_main
from shared.storage import jobs_backup
from shared.storage.profile_store import ProfileStore
from shared.storage.target import parse_target
from shared.timeutil import TOKYO, now_tokyo, parse_hhmm

JOBS = ("open", "cutoff", "close", "expire", "rollover", "reports", "backup", "purge", "no_shows")


CHECKPOINT_S = 1
PROFILE_CHECK_S = 60  # a new office-profile version re-plans today within a minute
PLAN_STEPS_S = 15  # a supervisor's scheduled counter change runs within this many seconds of its time


def _log(msg: str) -> None:
    print(f"{now_tokyo():%Y-%m-%d %H:%M:%S} {msg}", flush=True)


def _at(text: str | None) -> datetime:
    if not text:
        return now_tokyo()
    try:
        t = datetime.fromisoformat(text)
    except ValueError:
        raise MadoguchiError(
            f"--at の日時が読めません: {text!r}（例 2026-11-24T17:00） / cannot read --at"
        ) from None
    return t if t.tzinfo else t.replace(tzinfo=TOKYO)


def _hhmm(text: str) -> time:
    try:
        return parse_hhmm(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _common(p: argparse.ArgumentParser, suppress: bool) -> None:
    def d(v: object) -> object:
        return argparse.SUPPRESS if suppress else v

    p.add_argument("--db", default=d(None), help="SQLite file or postgresql:// URL (default: $MADOGUCHI_DB)")
    p.add_argument(
        "--config", default=d(None), help="office profile (default: $MADOGUCHI_CONFIG or built-in)"
    )
    p.add_argument("--backup-dir", type=Path, default=d(None), help="default: <db dir>/backups")
    p.add_argument("--keep", type=int, default=d(14), help="backup generations to keep (default 14)")
    p.add_argument(
        "--report-dir", type=Path, default=d(None), help="nightly reports (default: <db dir>/reports)"
    )
    p.add_argument(
        "--formats", default=d("html,csv,xlsx"), help="nightly report formats (default html,csv,xlsx)"
    )
    p.add_argument("--retention-days", type=int, default=d(30), help="purge request details older than this")
    p.add_argument(
        "--expire-grace-min",
        type=int,
        default=d(60),
        help="minutes after closing before leftover tickets are expired (default 60)",
    )
    p.add_argument("--backup-at", type=_hhmm, default=d(time(2, 0)), help="HH:MM (default 02:00)")
    p.add_argument("--purge-at", type=_hhmm, default=d(time(3, 0)), help="HH:MM (default 03:00)")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="madoguchi scheduler", description="定時処理 / scheduled daily operations"
    )
    _common(p, suppress=False)
    sub = p.add_subparsers(dest="cmd")
    _common(sub.add_parser("run", help="run forever (the default)"), suppress=True)
    s = sub.add_parser("plan", help="show a day's jobs")
    s.add_argument("--date", help="YYYY-MM-DD (default today)")
    _common(s, suppress=True)
    s = sub.add_parser("catch-up", help="run every due job that has not run yet, then exit")
    s.add_argument("--at", help="act as if it were this local time, e.g. 2026-11-24T17:30")
    _common(s, suppress=True)
    s = sub.add_parser("once", help="run one job now (a manual run, recorded in job_run)")
    s.add_argument("job", choices=JOBS)
    s.add_argument("--at")
    s.add_argument("--service", help="for cutoff: the service code")
    _common(s, suppress=True)
    s = sub.add_parser("history", help="show job runs")
    s.add_argument("--job", choices=JOBS)
    _common(s, suppress=True)
    s = sub.add_parser("restore", help="verified restore of a backup into TARGET")
    s.add_argument("backup", type=Path)
    s.add_argument("target", help="a SQLite file, or a postgresql:// URL for a .dump")
    s.add_argument("--force", action="store_true", help="replace an existing TARGET (stop every app first)")
    return p


class Context:
    def __init__(self, a: argparse.Namespace) -> None:
        self.db = parse_target(a.db)
        self.config_path = a.config or os.environ.get("MADOGUCHI_CONFIG")
        formats = tuple(f.strip() for f in a.formats.split(",") if f.strip())
        bad = [f for f in formats if f not in ("html", "csv", "xlsx", "json")]
        if bad or a.keep < 1 or a.retention_days < 1 or a.expire_grace_min < 0:
            raise MadoguchiError(
                "設定値が不正です / bad option: --formats html,csv,xlsx,json; --keep >= 1; "
                "--retention-days >= 1; --expire-grace-min >= 0"
            )
        defaults = jobs.JobSettings.beside(self.db)
        self.settings = jobs.JobSettings(
            backup_dir=a.backup_dir or defaults.backup_dir,
            report_dir=a.report_dir or defaults.report_dir,
            keep=a.keep,
            report_formats=formats,
            retention_days=a.retention_days,
            expire_grace_min=a.expire_grace_min,
            backup_at=a.backup_at,
            purge_at=a.purge_at,
        )

    def engine(self, *, verify: bool = False) -> Any:
        from shared.office import open_office

        return open_office(self.db, self.config_path, create=False, verify=verify)

    def run(self, p: jobs.Planned, now: datetime) -> jobs.RunResult | None:
        """One planned job with a fresh engine; every error is logged, none escapes."""
        try:
            engine = self.engine()
        except MadoguchiError as exc:
            _log(f"{p.job} {p.run_key}: cannot open the office: {exc}")
            return None
        try:
            r = jobs.run_planned(engine, p, self.db, self.settings, now)
        except MadoguchiError as exc:
            _log(f"{p.job} {p.run_key}: {exc}")
            return None
        finally:
            engine.store.close()
        _log(f"{p.job} {p.run_key}: {r.result}" if r.ran else f"{p.job} {p.run_key}: skipped, {r.result}")
        return r


def _plan(ctx: Context, a: argparse.Namespace) -> int:
    from datetime import date

    d = date.fromisoformat(a.date) if a.date else now_tokyo().date()
    engine = ctx.engine()
    try:
        runs = {(j, k): (f, r) for j, k, _s, f, _o, r in engine.store.job_runs()}
        for p in jobs.plan_day(engine.config, d, ctx.settings):
            fin, res = runs.get((p.job, p.run_key), (None, None))
            state = "-" if (p.job, p.run_key) not in runs else ("running" if fin is None else res or "done")
            print(f"{p.at:%H:%M}  {p.job:<9} {p.run_key:<18} {state}")
    finally:
        engine.store.close()
    return 0


def _catch_up(ctx: Context, now: datetime) -> int:
    engine = ctx.engine()
    try:
        results = jobs.catch_up(engine, ctx.db, ctx.settings, now)
    finally:
        engine.store.close()
    for r in results:
        print(f"{r.job} {r.run_key}: {'ran' if r.ran else 'skipped'}: {r.result}")
    return 0 if all(r.ok for r in results) else 1


def _once(ctx: Context, a: argparse.Namespace) -> int:
    now = _at(a.at)
    if a.job == "cutoff" and not a.service:
        raise MadoguchiError("cutoff には --service が必要です / cutoff needs --service CODE")
    p = jobs.Planned(now, a.job, f"manual:{now.isoformat()}", a.service)
    r = ctx.run(p, now)
    return 0 if r is not None and r.ok else 1


def _history(ctx: Context, a: argparse.Namespace) -> int:
    engine = ctx.engine()
    try:
        for job, key, started, finished, who, result in engine.store.job_runs(a.job):
            print(
                f"{jobs.describe(started)}  {job:<9} {key:<30} {who:<24} {result or ('running' if finished is None else '')}"
            )
    finally:
        engine.store.close()
    return 0


def _serve(ctx: Context) -> int:
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.date import DateTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    from shared.storage.db import checkpoint, connect

    ctx.engine(
        verify=True
    ).store.close()  # a missing, damaged or newer database: one line, before anything runs
    sched = BlockingScheduler(
        timezone=TOKYO,
        executors={"default": ThreadPoolExecutor(1)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 6 * 3600},
    )

    planned_version = [0]  # the office-profile version today's plan was made from

    def schedule_today() -> None:
        now = now_tokyo()
        engine = ctx.engine()
        try:
            planned_version[0] = ProfileStore(engine.store.db).current_version()
            plan = jobs.plan_day(engine.config, now.date(), ctx.settings)
            late = {(p.job, p.run_key) for p in jobs.due(engine, plan, now)}
        finally:
            engine.store.close()
        if late:  # one job, so the missed ones run in plan order (open before close)
            todo = [p for p in plan if (p.job, p.run_key) in late]
            sched.add_job(
                lambda: [ctx.run(p, now_tokyo()) for p in todo],
                id=f"catch-up:{now:%Y-%m-%d}",
                replace_existing=True,
                next_run_time=now,
            )
        for p in plan:
            if (p.job, p.run_key) not in late and p.at > now:
                sched.add_job(
                    lambda p=p: ctx.run(p, now_tokyo()),
                    DateTrigger(run_date=p.at),
                    id=f"{p.job}:{p.run_key}",
                    replace_existing=True,
                )
        _log(f"planned {now:%Y-%m-%d}: " + ", ".join(f"{p.at:%H:%M} {p.job}" for p in plan))

    def stop(signum: int, _frame: object) -> None:
        _log(f"signal {signum}: stopping")
        sched.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    sched.add_job(schedule_today, CronTrigger(hour=0, minute=0, second=5), id="plan", replace_existing=True)

    def follow_profile() -> None:
        """A new office-profile version (other hours, cut-offs): today is planned again from it at once."""
        try:
            engine = ctx.engine()
            try:
                version = ProfileStore(engine.store.db).current_version()
            finally:
                engine.store.close()
        except MadoguchiError as exc:
            _log(f"profile check skipped: {exc}")
            return
        if version != planned_version[0]:
            _log(f"office profile v{version}: planning today again")
            schedule_today()

    sched.add_job(
        follow_profile, IntervalTrigger(seconds=PROFILE_CHECK_S), id="profile", replace_existing=True
    )

    def plan_steps() -> None:
        """The floor manager's scheduled counter changes (each claimed once, whoever runs it first)."""
        try:
            engine = ctx.engine()
            try:
                result = jobs.plan_steps(engine, now_tokyo())
            finally:
                engine.store.close()
        except MadoguchiError as exc:
            _log(f"plan steps skipped: {exc}")
            return
        if result != "nothing due":
            _log(f"plan steps: {result}")

    sched.add_job(plan_steps, IntervalTrigger(seconds=PLAN_STEPS_S), id="plan_steps", replace_existing=True)
    if ctx.db.path is not None:  # SQLite only: a server database checkpoints itself
        wal = connect(ctx.db.path, create=False)

        def checkpoint_wal() -> None:
            """Keep the WAL short in the background, so no kiosk or clerk pays for a checkpoint in its commit."""
            try:
                checkpoint(wal)
            except sqlite3.Error as exc:
                _log(f"checkpoint skipped: {exc}")

        sched.add_job(
            checkpoint_wal, IntervalTrigger(seconds=CHECKPOINT_S), id="checkpoint", replace_existing=True
        )
    schedule_today()
    _log(f"scheduler started (db {ctx.db}, pid {os.getpid()})")
    sched.start()
    return 0


def run(argv: list[str]) -> int:
    a = parser().parse_args(argv)
    if a.cmd == "restore":
        target = parse_target(a.target)
        if target.is_pg:  # a pg_dump file into a server database (empty, or --force)
            from shared.storage import pg_backup

            counts = pg_backup.pg_restore_into(Path(a.backup), target, force=a.force)
            print(f"restored {a.backup} -> {target}: {sum(counts.values()):,} rows in {len(counts)} tables")
            return 0
        assert target.path is not None
        counts = jobs_backup.restore(a.backup, target.path, force=a.force)
        print(
            f"restored {a.backup} -> {a.target}: integrity ok, {sum(counts.values()):,} rows in "
            f"{len(counts)} tables match"
        )
        return 0
    ctx = Context(a)
    if a.cmd == "plan":
        return _plan(ctx, a)
    if a.cmd == "catch-up":
        return _catch_up(ctx, _at(a.at))
    if a.cmd == "once":
        return _once(ctx, a)
    if a.cmd == "history":
        return _history(ctx, a)
    return _serve(ctx)


def main(argv: list[str] | None = None) -> int:
    return run_main(run, argv)
