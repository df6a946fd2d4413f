"""The run-once guard with real processes: two schedulers never run the same job twice."""

from __future__ import annotations

import multiprocessing as mp
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shared import jobs
from shared.config import load_config
from shared.office import open_office
from shared.timeutil import TOKYO

ROOT = Path(__file__).resolve().parents[2]


def _racer(db: str, log: str, barrier: mp.synchronize.Barrier, results: mp.Queue) -> None:
    from datetime import datetime

    engine = open_office(db, load_config())
    now = datetime(2026, 11, 24, 2, 0, tzinfo=TOKYO)
    barrier.wait()  # every process claims at the same moment
    ran = []
    for key in range(5):

        def work(key: int = key) -> str:
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(f"{key} {os.getpid()}\n")
            time.sleep(0.05)
            return "ok"

        r = jobs.run_once(engine, "backup", f"race-{key}", work, now)
        if r.ran:
            ran.append(key)
    engine.store.close()
    results.put(ran)


def test_four_processes_racing_on_the_same_runs(db_path: Path, tmp_path: Path) -> None:
    open_office(db_path, load_config()).store.close()
    log = tmp_path / "work.log"
    ctx = mp.get_context("fork")
    barrier, results = ctx.Barrier(4), ctx.Queue()
    procs = [ctx.Process(target=_racer, args=(str(db_path), str(log), barrier, results)) for _ in range(4)]
    for p in procs:
        p.start()
    ran = [results.get(timeout=30) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    assert sorted(k for r in ran for k in r) == [0, 1, 2, 3, 4]  # each run exactly once, in some process
    lines = log.read_text(encoding="utf-8").splitlines()
    assert sorted(int(x.split()[0]) for x in lines) == [0, 1, 2, 3, 4]


@pytest.mark.backends("sqlite")  # the nightly backup job is SQLite-only until pg_dump backups land
def test_two_scheduler_processes_catching_up_the_same_day(db_path: Path, tmp_path: Path) -> None:
    engine = open_office(db_path, load_config())
    engine.store.close()
    cmd = [
        sys.executable,
        "-m",
        "shared.cli",
        "--db",
        str(db_path),
        "scheduler",
        "catch-up",
        "--at",
        "2026-11-24T18:30",
        "--backup-dir",
        str(tmp_path / "backups"),
        "--report-dir",
        str(tmp_path / "reports"),
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    lines = [line for out, _ in outs for line in out.splitlines()]
    ran = sorted(line.split(": ran:")[0] for line in lines if ": ran:" in line)
    assert len(ran) == 11 and len(set(ran)) == 11  # the day's 11 jobs, each by exactly one process
    engine = open_office(db_path, load_config())
    runs = engine.store.job_runs()
    assert len(runs) == 11 and all(r[3] is not None for r in runs)
    assert [e["data"]["state"] for e in engine.store.events(types=["issuing"])] == [
        "closed"
    ] * 4  # 3 cut-offs, close
    assert len(list((tmp_path / "backups").glob("madoguchi-*.db"))) == 1
    engine.store.close()
