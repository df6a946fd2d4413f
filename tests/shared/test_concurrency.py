"""Real processes against one office database (SQLite file or PostgreSQL): numbers stay unique and contiguous,
no ticket is called twice."""

from __future__ import annotations

import multiprocessing as mp
from datetime import timedelta

import pytest

from shared.office import open_office
from shared.replay import verify
from tests.conftest import NOW

PROCS = 8


def _issue_worker(db: str, service: str, n: int, start, q) -> None:
    e = open_office(db)
    start.wait()
    got = [e.issue(service, now=NOW + timedelta(seconds=i)).ticket.display for i in range(n)]
    q.put(got)


def _call_worker(db: str, counter: int, start, q) -> None:
    e = open_office(db)
    start.wait()
    seen = []
    t = NOW + timedelta(minutes=30)
    while True:
        out = e.call_next(counter, now=t)
        if out.ticket is None:
            break
        seen.append(out.ticket.display)
        e.finish(counter, now=t)
    q.put((counter, seen))


def _run(target, args_list):
    ctx = mp.get_context("spawn")
    start, q = ctx.Barrier(len(args_list)), ctx.Queue()  # every process is ready before any begins
    procs = [ctx.Process(target=target, args=(*a, start, q)) for a in args_list]
    for p in procs:
        p.start()
    results = [q.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    return results


def test_eight_processes_issue_unique_contiguous_numbers(db_path):
    db = str(db_path)
    open_office(db).store.close()
    n = 40
    results = _run(_issue_worker, [(db, "RES" if i % 2 else "TAX", n) for i in range(PROCS)])
    res = sorted(x for r in results for x in r if x.startswith("A"))
    tax = sorted(x for r in results for x in r if x.startswith("C"))
    assert res == [f"A{i:03d}" for i in range(1, PROCS // 2 * n + 1)]
    assert tax == [f"C{i:03d}" for i in range(1, PROCS // 2 * n + 1)]
    for r in results:  # each process saw its own numbers increase
        nums = [int(x[1:]) for x in r]
        assert nums == sorted(nums)


@pytest.mark.slow
def test_eight_processes_call_no_ticket_twice_or_lost(db_path):
    db = str(db_path)
    e = open_office(db)
    for c in range(1, PROCS + 1):
        e.open_counter(c, now=NOW, services=["RES", "TAX"])
    total = 600
    for i in range(total):
        e.issue("RES" if i % 3 else "TAX", now=NOW + timedelta(seconds=i))
    results = _run(_call_worker, [(db, c) for c in range(1, PROCS + 1)])
    called = [x for _, seen in results for x in seen]
    assert len(called) == total and len(set(called)) == total
    assert sum(1 for _, seen in results if seen) >= 2  # the work really was shared
    calls = e.store.calls_since(0, limit=10_000)
    assert len(calls) == total and len({c.leg_id for c in calls}) == total
    assert all(t.outcome == "served" for t in e.store.tickets_of_day("2026-11-24"))
    assert verify(e.store) == []
