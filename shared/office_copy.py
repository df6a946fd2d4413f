"""``madoguchi copy --from A --to B``: move a whole office between databases (SQLite ↔ PostgreSQL, or the same
engine), then prove the copy with a replay check.

- Both sides are brought to this version's schema first (the migrations); the target must be empty: any row
  in any table refuses the copy before anything is written.
- The source is read in one consistent snapshot; the target is written in one transaction, so a failure
  leaves it empty. Tables go in foreign-key order; PostgreSQL identity counters move past the copied ids.
- The check: every table has the same rows on both sides (count and content hash), the event log of the
  copy replays to the copy's own tables (:func:`shared.replay.verify`), and the replay of both logs gives the
  same tickets, legs, calls and counters.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from shared.errors import StorageError
from shared.replay import replay, verify
from shared.storage import copy_tables as ct
from shared.storage.backend import Database, open_database
from shared.storage.store import Store
from shared.storage.target import DbTarget, parse_target


@dataclass
class CopyReport:
    source: str
    target: str
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    tickets: int = 0
    legs: int = 0
    events: int = 0
    calls: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


def _same(a: DbTarget, b: DbTarget) -> bool:
    if a.is_pg != b.is_pg:
        return False
    if a.is_pg:
        return a.url == b.url
    assert a.path is not None and b.path is not None
    return os.path.abspath(a.path) == os.path.abspath(b.path)


def copy_office(src: str | os.PathLike[str] | DbTarget, dst: str | os.PathLike[str] | DbTarget) -> CopyReport:
    """Copy every table of ``src`` into the empty ``dst`` and check the copy. Raises StorageError (nothing
    written) if ``dst`` is not empty, names the same database, or lacks a table."""
    s_target, d_target = parse_target(src), parse_target(dst)
    if _same(s_target, d_target):
        raise StorageError(
            f"コピー元とコピー先が同じです / source and target are the same database ({s_target})"
        )
    t0 = time.perf_counter()
    s = open_database(s_target, create=False)  # the source must exist; the target is made if need be
    try:
        d = open_database(d_target)
    except BaseException:
        s.close()
        raise
    report = CopyReport(str(s_target), str(d_target))
    try:
        names = ct.tables(s)
        missing = sorted(set(names) - set(ct.tables(d)))
        if missing:
            raise StorageError(f"コピー先に表がありません / the target lacks tables: {', '.join(missing)}")
        filled = {t: n for t in ct.tables(d) if (n := ct.count(d, t))}
        if filled:
            what = ", ".join(f"{t} {n}" for t, n in sorted(filled.items())[:4])
            raise StorageError(
                f"コピー先が空ではありません。何もコピーしていません / the target database is not empty "
                f"({what} rows); nothing was copied"
            )
        order = ct.in_fk_order(s, names)
        with ct.snapshot(s), d.transaction():
            for t in order:
                cols = ct.columns(s, t)
                if cols != ct.columns(d, t):
                    raise StorageError(f"表 {t} の列が違います / table {t} has other columns in the target")
                report.rows[t] = ct.copy_table(s, d, t, cols)
                ct.reset_identity(d, t)
        report.problems = check_copy(s, d, report)
    finally:
        s.close()
        d.close()
    report.seconds = time.perf_counter() - t0
    return report


def check_copy(s: Database, d: Database, report: CopyReport | None = None) -> list[str]:
    """Differences between two offices' databases that should be copies of each other; [] when equal."""
    problems: list[str] = []
    with ct.snapshot(s), ct.snapshot(d):
        for t in ct.tables(s):
            cols = ct.columns(s, t)
            a, b = ct.fingerprint(s, t, cols), ct.fingerprint(d, t, cols)
            if a != b:
                problems.append(
                    f"{t}: source {a[0]} rows, copy {b[0]} rows, contents differ"
                    if a[0] == b[0]
                    else f"{t}: source {a[0]} rows, copy {b[0]} rows"
                )
        src_store, dst_store = Store(s), Store(d)
        src_events, dst_events = src_store.events(), dst_store.events()
        problems += [f"copy: {p}" for p in verify(dst_store)]
        rs, rd = replay(src_events), replay(dst_events)
        for what in ("tickets", "legs", "calls", "counters"):
            if getattr(rs, what) != getattr(rd, what):
                problems.append(f"replay: the {what} of the copy differ from the source's")
    if report is not None:
        report.tickets, report.legs, report.calls, report.events = (
            len(rd.tickets),
            len(rd.legs),
            rd.calls,
            len(dst_events),
        )
    return problems
