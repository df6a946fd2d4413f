"""``madoguchi bench core``: engine throughput against a raw-SQLite minimal ticket transaction, and latency
percentiles at a paced, realistic office load (8 kiosks, 30 counters), all measured in one run."""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing as mp
import sqlite3
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from shared.config import OfficeConfig, load_config
from shared.office import open_office
from shared.timeutil import TOKYO

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=TOKYO)
COUNTER_PROCS = (
    4  # 30 consoles' worth of calls from 4 processes: 2 cores cannot schedule 30 busy interpreters
)


def _config() -> OfficeConfig:
    cfg = load_config()
    services = tuple(dataclasses.replace(s, daily_cap=None, cutoff=None) for s in cfg.services)
    return dataclasses.replace(cfg, services=services, hours=dataclasses.replace(cfg.hours, always_open=True))


def _raw_db(path: str) -> sqlite3.Connection:
    """The baseline: plain sqlite3 with SQLite's own 10 s busy handler, WAL, the same synchronous=FULL."""
    conn = sqlite3.connect(path, timeout=10, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    return conn


def _raw_schema(path: str) -> None:
    conn = _raw_db(path)
    conn.execute(
        "CREATE TABLE IF NOT EXISTS raw_counter(seq TEXT, day TEXT, last_no INTEGER, "
        "PRIMARY KEY(seq, day)) STRICT, WITHOUT ROWID"
    )
    conn.execute(
        "CREATE TABLE IF NOT EXISTS raw_ticket(id INTEGER PRIMARY KEY, seq TEXT, day TEXT, "
        "number INTEGER, issued_at REAL, UNIQUE(seq, day, number)) STRICT"
    )
    conn.close()


def _raw_worker(path: str, seconds: float, start: Any, q: Any) -> None:
    conn = _raw_db(path)
    start.wait()
    n, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        conn.execute("BEGIN IMMEDIATE")
        no = conn.execute(
            "INSERT INTO raw_counter(seq, day, last_no) VALUES ('A', '2026-11-24', 1) "
            "ON CONFLICT DO UPDATE SET last_no = last_no + 1 RETURNING last_no"
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO raw_ticket(seq, day, number, issued_at) VALUES ('A', '2026-11-24', ?, ?)",
            (no, time.time()),
        )
        conn.execute("COMMIT")
        n += 1
    q.put(n)


def _issue_worker(path: str, seconds: float, start: Any, q: Any) -> None:
    e = open_office(path, _config())
    codes = [s.code for s in e.config.services]  # a kiosk spreads tickets over every service
    start.wait()
    n, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        e.issue(codes[n % len(codes)], now=T0 + timedelta(milliseconds=n))
        n += 1
    q.put(n)


def _call_worker(path: str, seconds: float, counter: int, start: Any, q: Any) -> None:
    e = open_office(path, _config())
    start.wait()
    n, end = 0, time.perf_counter() + seconds
    now = T0 + timedelta(hours=1)
    while time.perf_counter() < end:
        if e.call_next(counter, now=now).ticket is None:
            break
        e.finish(counter, now=now)
        n += 1
    q.put(n)


def _run(target: Any, args: list[tuple[Any, ...]]) -> int:
    ctx = mp.get_context("spawn")
    start, q = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=target, args=(*a, start, q)) for a in args]
    for p in procs:
        p.start()
    time.sleep(0.5)
    start.set()
    total = sum(q.get(timeout=120) for _ in procs)
    for p in procs:
        p.join()
    return total


def throughput(workdir: Path, seconds: float) -> list[dict[str, Any]]:
    rows = []
    for procs in (1, 4):
        _raw_schema(str(workdir / f"raw{procs}.db"))
        raw = _run(_raw_worker, [(str(workdir / f"raw{procs}.db"), seconds)] * procs) / seconds
        db = str(workdir / f"issue{procs}.db")
        open_office(db, _config()).store.close()
        issued = _run(_issue_worker, [(db, seconds)] * procs) / seconds
        cdb = workdir / f"call{procs}.db"
        e = open_office(cdb, _config())
        for c in range(1, procs + 1):
            e.open_counter(c, now=T0, services=["RES"])
        need = int(max(issued, 1000) * seconds * 1.2)
        for i in range(need):
            e.issue("RES", now=T0 + timedelta(milliseconds=i))
        e.store.close()
        called = _run(_call_worker, [(str(cdb), seconds, c) for c in range(1, procs + 1)]) / seconds
        rows.append(
            {
                "processes": procs,
                "raw_tx_s": raw,
                "issue_s": issued,
                "call_s": called,
                "issue_ratio": issued / raw,
                "call_ratio": called / raw,
            }
        )
    return rows


def _paced_kiosk(path: str, seconds: float, interval: float, seed: int, start: Any, q: Any) -> None:
    import random

    e = open_office(path, _config())
    rnd = random.Random(seed)
    codes = [s.code for s in e.config.services]
    lat: list[float] = []
    for c in codes:  # a kiosk runs all day: warm the calendar (holiday tables) and the statement cache first
        e.issuing_reason(c, datetime.now(TOKYO))
    start.wait()
    end = time.perf_counter() + seconds
    nxt = time.perf_counter() + rnd.uniform(0, interval)
    while True:
        now_p = time.perf_counter()
        if now_p >= end:
            break
        if now_p < nxt:
            time.sleep(min(nxt - now_p, end - now_p))
            continue
        t = time.perf_counter()
        e.issue(rnd.choice(codes), now=datetime.now(TOKYO))
        lat.append(time.perf_counter() - t)
        nxt += rnd.expovariate(1 / interval)
    q.put(("issue", lat))


def _paced_counters(
    path: str, seconds: float, interval: float, counters: list[int], start: Any, q: Any
) -> None:
    """Several consoles in one process (their PCs' worth of work), each calling every ~``interval`` s."""
    import heapq
    import random

    e = open_office(path, _config())
    rnd = random.Random(counters[0])
    lat: list[float] = []
    for c in counters:
        e.counter(c)  # warm the connection
    start.wait()
    t0 = time.perf_counter()
    end = t0 + seconds
    due = [(t0 + rnd.uniform(0, interval), c) for c in counters]
    heapq.heapify(due)
    while due:
        at, counter = heapq.heappop(due)
        if at >= end:
            break
        wait = at - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        t = time.perf_counter()
        out = e.call_next(counter, now=datetime.now(TOKYO))
        lat.append(time.perf_counter() - t)
        if out.ticket is not None:
            e.finish(counter, now=datetime.now(TOKYO))
        heapq.heappush(due, (at + rnd.expovariate(1 / interval), counter))
    q.put(("call", lat))


def _checkpointer(path: str, seconds: float, start: Any, q: Any) -> None:
    """What the office's scheduler does: a PASSIVE WAL checkpoint every second, off the kiosks' commits."""
    from shared.storage.db import checkpoint, connect

    conn = connect(path)
    start.wait()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        time.sleep(min(1.0, max(0.0, end - time.perf_counter())))
        checkpoint(conn)
    q.put(("checkpoint", []))


def paced(workdir: Path, seconds: float, kiosks: int = 8, counters: int = 30) -> dict[str, list[float]]:
    db = str(workdir / "paced.db")
    e = open_office(db, _config())
    codes = [s.code for s in e.config.services]
    for c in range(1, counters + 1):
        e.store.ensure_counter(c, f"{c}番窓口", [])
        e.open_counter(c, now=T0, services=[codes[c % len(codes)], codes[(c + 3) % len(codes)]])
    e.store.close()
    ctx = mp.get_context("spawn")
    start, q = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_paced_kiosk, args=(db, seconds, 1.0, k, start, q)) for k in range(kiosks)]
    groups = [list(range(1 + g, counters + 1, COUNTER_PROCS)) for g in range(COUNTER_PROCS)]
    procs += [ctx.Process(target=_paced_counters, args=(db, seconds, 2.0, g, start, q)) for g in groups]
    procs.append(ctx.Process(target=_checkpointer, args=(db, seconds, start, q)))
    for p in procs:
        p.start()
    time.sleep(3.0)  # let 38 interpreters finish importing
    start.set()
    out: dict[str, list[float]] = {"issue": [], "call": [], "checkpoint": []}
    for _ in procs:
        kind, lat = q.get(timeout=seconds + 120)
        out[kind] += lat
    for p in procs:
        p.join()
    return out


def disk_floor(workdir: Path, n: int = 300) -> list[float]:
    """The disk's own cost: one lone process committing 48 KB (what an issue writes to the WAL) with fsync."""
    conn = _raw_db(str(workdir / "floor.db"))
    conn.execute("CREATE TABLE IF NOT EXISTS blob(x BLOB)")
    lat = []
    for _ in range(n):
        t = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO blob VALUES (randomblob(48000))")
        conn.execute("COMMIT")
        lat.append(time.perf_counter() - t)
        time.sleep(0.005)
    conn.close()
    return lat


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="madoguchi bench core")
    ap.add_argument("--seconds", type=float, default=3.0, help="per throughput measurement")
    ap.add_argument("--paced-seconds", type=float, default=20.0)
    a = ap.parse_args(argv or [])
    with tempfile.TemporaryDirectory() as d:
        work = Path(d)
        print("madoguchi bench core — SQLite WAL, synchronous=FULL, BEGIN IMMEDIATE")
        print(
            "raw tx = one counter upsert + one ticket insert; a call is call-next followed by its finish (2 tx)"
        )
        print(f"{'procs':>5} {'raw tx/s':>10} {'issue/s':>10} {'ratio':>6} {'calls/s':>10} {'ratio':>6}")
        for r in throughput(work, a.seconds):
            print(
                f"{r['processes']:>5} {r['raw_tx_s']:>10.0f} {r['issue_s']:>10.0f} {r['issue_ratio']:>6.2f} "
                f"{r['call_s']:>10.0f} {r['call_ratio']:>6.2f}"
            )
        floor = [x * 1000 for x in disk_floor(work)]
        print(
            f"disk floor: a lone 48 KB WAL commit with fsync  p50 {pct(floor, 50):.2f} ms  "
            f"p99 {pct(floor, 99):.2f} ms  max {max(floor):.2f} ms"
        )
        lat = paced(work, a.paced_seconds)
        print(
            f"paced load: 8 kiosk processes (a ticket every ~1 s each), 30 counters in 4 processes (a call every ~2 s each), {a.paced_seconds:.0f} s"
        )
        for kind in ("issue", "call"):
            v = [x * 1000 for x in lat[kind]]
            print(
                f"  {kind:<5} n={len(v):>5}  p50 {pct(v, 50):.2f} ms  p99 {pct(v, 99):.2f} ms  "
                f"max {max(v):.2f} ms  mean {statistics.fmean(v):.2f} ms"
            )
    return 0
