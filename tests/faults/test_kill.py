"""kill -9 under load: issuing kiosks and calling counters as real processes, killed one by one and then all at
once. Afterwards every ticket a process reported exists, numbers are unique and contiguous, no leg was called
twice, the event log replays to the tables and SQLite's integrity check passes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from shared.office import open_office
from shared.replay import verify
from shared.timeutil import now_tokyo
from tests.faults.conftest import ROOT, new_office

ISSUERS = 4
COUNTERS = (1, 7)
WORKER = r"""
import sys
from shared.office import open_office
from shared.errors import MadoguchiError
from shared.timeutil import now_tokyo
role, db, cfg = sys.argv[1], sys.argv[2], sys.argv[3]
e = open_office(db, cfg, create=False)
codes = ["RES", "TAX", "NHI"]
n = int(sys.argv[4])
print("ready", flush=True)
for i in range(200000):
    try:
        if role == "issue":
            out = e.issue(codes[i % 3], now=now_tokyo(), channel="kiosk")
            print("T", out.ticket.token, out.ticket.display, flush=True)
        else:
            out = e.call_next(n, now=now_tokyo())
            if out.leg is not None:
                print("C", out.leg.id, flush=True)
                e.finish(n, now=now_tokyo())
    except MadoguchiError as exc:
        print("E", exc, flush=True)
"""


def _spawn(role: str, db: Path, cfg: Path, n: int, out: Path) -> subprocess.Popen[bytes]:
    with out.open("ab") as f:
        return subprocess.Popen(
            [sys.executable, "-c", WORKER, role, str(db), str(cfg), str(n)],
            cwd=ROOT,
            stdout=f,
            stderr=subprocess.STDOUT,
        )


def _wait_ready(out: Path, deadline: float) -> None:
    while b"ready" not in out.read_bytes():
        assert time.monotonic() < deadline, out.read_text()
        time.sleep(0.05)


def test_kill_9_under_load_loses_nothing(tmp_path: Path, profile: Path) -> None:
    db = new_office(tmp_path / "office.db", profile)
    e = open_office(db, profile, create=False)
    for n in COUNTERS:
        e.open_counter(n, now=now_tokyo())
    e.store.close()
    procs: list[subprocess.Popen[bytes]] = []
    outs: list[Path] = []
    kills = 0
    try:
        for i in range(ISSUERS):
            outs.append(tmp_path / f"issue{i}.out")
            procs.append(_spawn("issue", db, profile, 0, outs[-1]))
        for n in COUNTERS:
            outs.append(tmp_path / f"counter{n}.out")
            procs.append(_spawn("call", db, profile, n, outs[-1]))
        deadline = time.monotonic() + 60
        for out in outs:
            _wait_ready(out, deadline)
        for round_ in range(3):  # kill one issuer and one counter mid-load, start them again
            time.sleep(0.4)
            for victim in (round_ % ISSUERS, ISSUERS + round_ % len(COUNTERS)):
                os.kill(procs[victim].pid, signal.SIGKILL)
                procs[victim].wait(10)
                kills += 1
                role = "issue" if victim < ISSUERS else "call"
                n = 0 if victim < ISSUERS else COUNTERS[victim - ISSUERS]
                procs[victim] = _spawn(role, db, profile, n, outs[victim])
        time.sleep(0.5)
        for p in procs:  # and then every process at once
            os.kill(p.pid, signal.SIGKILL)
            kills += 1
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
            p.wait(10)
    reported: dict[str, str] = {}
    called: list[int] = []
    for out in outs:
        for line in out.read_text(errors="replace").splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] == "T":
                reported[parts[1]] = parts[2]
            elif len(parts) == 2 and parts[0] == "C":
                called.append(int(parts[1]))
    assert len(reported) > 20 and called, "the load never got going"
    e = open_office(db, profile, create=False, verify=True)
    try:
        stored = dict(e.store.db.execute("SELECT token, display FROM ticket").fetchall())
        assert {t: stored.get(t) for t in reported} == reported  # every reported ticket exists, same number
        for (seq,) in e.store.db.execute("SELECT DISTINCT seq FROM ticket"):
            numbers = [
                n for (n,) in e.store.db.execute("SELECT number FROM ticket WHERE seq = ? ORDER BY 1", (seq,))
            ]
            assert numbers == list(range(1, len(numbers) + 1)), seq  # unique and no gaps
        assert len(called) == len(set(called))  # no leg called twice
        calls = e.store.db.execute("SELECT leg_id, count(*) FROM call WHERE kind = 'call' GROUP BY leg_id")
        assert all(n == 1 for _leg, n in calls)
        assert verify(e.store) == []
        assert e.store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        print(
            f"\nkill -9: {kills} kills, {len(reported)} tickets reported, {len(stored)} stored, "
            f"{len(called)} calls reported; replay and integrity ok"
        )
    finally:
        e.store.close()
    assert sqlite3.connect(db).execute("PRAGMA quick_check").fetchone()[0] == "ok"
