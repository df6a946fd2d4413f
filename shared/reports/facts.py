"""Per-day KPI facts derived from the event log: one record per leg, per visit and per (queue, hour) peak.

A *visit* is a ticket; a *leg* is one queue → counter transaction of it (a transfer or the next step of a
life event adds a leg). Definitions, in seconds:

- ``wait``: first call − entering the queue (observed for no-shows too; missing if never called);
- ``walk``: the visitor's start at the counter − the last call before it (missing when the clerk finished or
  transferred without pressing 受付開始, the engine's implicit start);
- ``service``: time in the serving state, summed over stretches split by holds (from the call for an
  implicit start);
- ``hold``: from 保留 to the next call (it includes waiting again after 戻す), summed over the leg's holds;
- ``abandon``: for a leg cancelled before any call, cancel − entering the queue.

Per visit, the hand-written forms (書かない, engine.QueueEngine.forms_question): ``forms`` sums data["forms"]
of the ticket's ``finished`` events (-1 when none has one), ``forms_n`` counts those events and ``fin_n`` the
finished service steps; a visit's count is complete when ``forms_n == fin_n > 0``.

Legs with a hold, a return or a reactivation are replayed from the event log; the others are read from the
leg row, which the engine keeps in step with the log (tests check both paths agree). Tickets force-closed at
day end are kept with ``accurate = 0``: they are counted, and the time KPIs leave them out.

The arrays are stored packed (little-endian, fixed layout ``VERSION``) in ``kpi_day``, so a year of history
loads in milliseconds and is aggregated with numpy.
"""

from __future__ import annotations

import json
import math
import re
import time as _time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import numpy as np

from shared.storage import kpi_store
from shared.storage.backend import Database
from shared.timeutil import TOKYO

VERSION = 3  # 2: negative spans (clock skew between PCs) clamped to 0 and counted; 3: hand-written forms
OFFICE = 255  # the queue index of the office-wide peak

LEG_DTYPE = np.dtype(
    [
        ("ticket", "<i8"),
        ("q", "u1"),
        ("counter", "i1"),
        ("hour", "i1"),
        ("outcome", "u1"),
        ("accurate", "u1"),
        ("recalls", "u1"),
        ("holds", "u1"),
        ("wait", "<f4"),
        ("walk", "<f4"),
        ("service", "<f4"),
        ("hold", "<f4"),
        ("abandon", "<f4"),
    ]
)
VISIT_DTYPE = np.dtype(
    [
        ("ticket", "<i8"),
        ("bundle", "i1"),
        ("q", "u1"),
        ("hour", "i1"),
        ("outcome", "u1"),
        ("forced", "u1"),
        ("legs", "u1"),
        ("channel", "u1"),
        ("qmask", "<u8"),
        ("e2e", "<f4"),
        ("forms", "<i2"),  # hand-written forms over the steps that logged a count; -1: none logged
        ("forms_n", "u1"),  # finished service steps that logged a count
        ("fin_n", "u1"),  # finished service steps (交付 pickups not counted)
    ]
)
PEAK_DTYPE = np.dtype([("q", "u1"), ("hour", "i1"), ("peak", "<u2")])

LEG_OUTCOMES = ("open", "done", "transferred", "no_show", "cancelled", "expired")
VISIT_OUTCOMES = ("open", "served", "no_show", "cancelled", "expired")
CHANNELS = ("kiosk", "web", "staff")
_LEG_OUTCOME = {
    "waiting": 0,
    "called": 0,
    "serving": 0,
    "held": 0,
    "done": 1,
    "transferred": 2,
    "no_show": 3,
    "cancelled": 4,
    "expired": 5,
}
_VISIT_OUTCOME = {None: 0, "served": 1, "no_show": 2, "cancelled": 3, "expired": 4}
NAN = float("nan")


@dataclass(frozen=True)
class DayFacts:
    day: str
    queues: tuple[str, ...]
    bundles: tuple[str, ...]
    legs: np.ndarray
    visits: np.ndarray
    peaks: np.ndarray
    skew: int = 0  # spans that came out negative (one PC's clock behind another's), clamped to 0

    def codebook(self) -> str:
        return json.dumps({"queues": list(self.queues), "bundles": list(self.bundles), "skew": self.skew})


@dataclass
class _LegTimes:
    first_call: float | None = None
    walk: float | None = None
    service: float | None = None
    hold: float = 0.0
    holds: int = 0
    abandon: float | None = None


def _hour_offset(day: str) -> int:
    """Seconds to add to a UNIX time to get Tokyo wall-clock seconds on ``day``."""
    off = datetime.combine(date.fromisoformat(day), time(12), TOKYO).utcoffset()
    return int(off.total_seconds()) if off is not None else 0


def replay_leg(
    entered: float, events: Sequence[tuple[float, str]]
) -> tuple[_LegTimes, list[tuple[float, float]]]:
    """A leg's times and its waiting intervals from its own events, in log order."""
    lt = _LegTimes()
    state, wait_since = "waiting", entered
    last_call = serving_since = held_since = None
    service = 0.0
    served = False
    spans: list[tuple[float, float]] = []
    for ts, typ in events:
        if typ == "called":
            if state == "waiting":
                spans.append((wait_since, ts))
            if held_since is not None:
                lt.hold += ts - held_since
                held_since = None
            if lt.first_call is None:
                lt.first_call = ts
            last_call, state = ts, "called"
        elif typ == "started":
            if lt.walk is None and last_call is not None:
                lt.walk = ts - last_call
            serving_since, state = ts, "serving"
        elif typ == "held":
            if state == "serving" and serving_since is not None:
                service += ts - serving_since
                served = True
            held_since, state = ts, "held"
            lt.holds += 1
        elif typ in ("returned", "reactivated"):
            wait_since, state = ts, "waiting"
        elif typ in ("finished", "transferred"):
            if state == "serving" and serving_since is not None:
                service += ts - serving_since
            elif state == "called" and last_call is not None:
                service += ts - last_call  # implicit start: the engine sets started_at = called_at
            served = True
            state = "done"
        elif typ in ("cancelled", "expired", "no_show"):
            if state == "waiting":
                spans.append((wait_since, ts))
                if typ == "cancelled" and lt.first_call is None:
                    lt.abandon = ts - entered
            if held_since is not None:
                lt.hold += ts - held_since
                held_since = None
            state = typ
    if state == "waiting":
        spans.append((wait_since, math.inf))
    lt.service = service if served else None
    return lt, spans


def _peaks(qidx: np.ndarray, starts: np.ndarray, ends: np.ndarray, offset: int) -> np.ndarray:
    """Per (queue, local hour) and office-wide: the most people waiting at once."""
    parts: list[np.ndarray] = []
    groups = [(int(q), qidx == q) for q in np.unique(qidx)] + [(OFFICE, np.ones(len(qidx), dtype=bool))]
    for q, sel in groups:
        s, e = starts[sel], ends[sel]
        e = e[np.isfinite(e)]
        t = np.concatenate([s, e]) + offset
        d = np.concatenate([np.ones(len(s), np.int64), -np.ones(len(e), np.int64)])
        order = np.lexsort((d, t))  # by time; at the same instant a departure before an arrival
        level = np.cumsum(d[order])
        hours = np.floor(t[order] / 3600.0).astype(np.int64)
        span = np.arange(hours[0], hours[-1] + 1)
        first = np.searchsorted(hours, span, "left")
        last = np.searchsorted(hours, span, "right")
        carried = np.where(first > 0, level[np.maximum(first - 1, 0)], 0)  # level when the hour begins
        has = last > first
        inner = np.zeros(len(span), np.int64)
        if has.any():  # hours with events are contiguous runs of the sorted array
            inner[has] = np.maximum.reduceat(level, first[has])
        peak = np.maximum(carried, inner)
        keep = peak > 0
        arr = np.zeros(int(keep.sum()), dtype=PEAK_DTYPE)
        arr["q"], arr["hour"], arr["peak"] = q, span[keep] % 24, np.minimum(peak[keep], 65535)
        parts.append(arr)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=PEAK_DTYPE)


def build_day(
    day: str,
    tickets: Sequence[tuple[Any, ...]],
    legs: Sequence[tuple[Any, ...]],
    replays: dict[int, list[tuple[float, str]]],
    forms: dict[int, tuple[int, int]] | None = None,
) -> DayFacts:
    """Facts of one business day from its rows (see kpi_store.tickets_of_days / legs_of_days, without the
    leading day column) and, per leg needing a replay, its (ts, type) events in log order; ``forms``: per
    ticket, (forms, steps with a count) from :func:`forms_by_ticket`."""
    offset = _hour_offset(day)
    nt, nl = len(tickets), len(legs)
    skew = 0
    varr = np.zeros(nt, dtype=VISIT_DTYPE)
    larr = np.zeros(nl, dtype=LEG_DTYPE)
    t_id, issued, closed, t_out, forced, bundle, channel = (
        (list(c) for c in zip(*tickets, strict=True)) if nt else ([],) * 7
    )
    tids = np.array(t_id, np.int64)
    bundles = tuple(dict.fromkeys(b for b in bundle if b))
    if nl:
        lid, ltid, queue, counter, entered, called, started, ended, recalls, out = zip(*legs, strict=True)
        queue_codes, qi = np.unique(np.array(queue, dtype=object), return_inverse=True)
        queues: tuple[str, ...] = tuple(str(q) for q in queue_codes)
        ent, cal = np.array(entered, np.float64), np.array(called, np.float64)
        sta, end = np.array(started, np.float64), np.array(ended, np.float64)
        oc = np.array(out, np.int64)
        has_call, has_start, has_end = cal >= 0, sta >= 0, end >= 0
        finished = ((oc == 1) | (oc == 2)) & has_end
        implicit = finished & (~has_start | ((oc == 1) & (sta == cal)) | ((oc == 2) & (sta == end)))
        wait = np.where(has_call, cal - ent, np.nan)
        service = np.where(
            finished, np.where(implicit, np.where(has_call, end - cal, np.nan), end - sta), np.nan
        )
        walk = np.where(has_start & has_call & ~implicit, sta - cal, np.nan)
        abandon = np.where((oc == 4) & ~has_call & has_end, end - ent, np.nan)
        hold = np.full(nl, np.nan)
        holds = np.zeros(nl, np.int64)
        span_s = [ent]
        span_e = [np.where(has_call, cal, np.where(has_end, end, np.inf))]
        span_q = [qi]
        pos = {v: i for i, v in enumerate(lid)} if replays else {}
        if any(k in pos for k in replays):
            keep = np.ones(nl, dtype=bool)
            extra_s, extra_e, extra_q = [], [], []
            for leg_id, (lt, spans) in (
                (k, replay_leg(ent[pos[k]], ev)) for k, ev in replays.items() if k in pos
            ):
                i = pos[leg_id]
                keep[i] = False
                wait[i] = np.nan if lt.first_call is None else lt.first_call - ent[i]
                walk[i] = np.nan if lt.walk is None else lt.walk
                service[i] = np.nan if lt.service is None else lt.service
                hold[i] = lt.hold if lt.holds else np.nan
                holds[i] = lt.holds
                abandon[i] = np.nan if lt.abandon is None else lt.abandon
                for a, b in spans:
                    extra_s.append(a)
                    extra_e.append(b)
                    extra_q.append(qi[i])
            span_s = [ent[keep], np.array(extra_s, np.float64)]
            span_e = [span_e[0][keep], np.array(extra_e, np.float64)]
            span_q = [qi[keep], np.array(extra_q, np.int64)]
        tpos = np.searchsorted(tids, np.array(ltid, np.int64))
        larr["ticket"], larr["q"], larr["counter"] = ltid, qi, counter
        larr["hour"] = ((ent + offset) // 3600 % 24).astype(np.int64)
        larr["outcome"], larr["accurate"] = oc, 1 - np.array(forced, np.int64)[tpos]
        larr["recalls"], larr["holds"] = np.minimum(recalls, 255), np.minimum(holds, 255)
        times = (wait, walk, service, hold, abandon)
        skew += sum(int(np.count_nonzero(a < 0)) for a in times)  # NaN compares False
        larr["wait"], larr["walk"], larr["service"], larr["hold"], larr["abandon"] = (
            np.where(a < 0, 0.0, a) for a in times
        )
        nlegs = np.bincount(tpos, minlength=nt)
        first_leg = np.full(nt, -1, np.int64)
        first_leg[tpos[::-1]] = np.arange(nl)[::-1]  # the lowest leg id of each ticket wins
        qmask = np.zeros(nt, np.uint64)
        np.bitwise_or.at(qmask, tpos, np.left_shift(np.uint64(1), np.minimum(qi, 63).astype(np.uint64)))
        varr["legs"] = np.minimum(nlegs, 255)
        varr["q"] = np.where(first_leg >= 0, qi[np.maximum(first_leg, 0)], 0)
        varr["qmask"] = qmask
        pickup_q = np.array([str(q).endswith(":pickup") for q in queue_codes], dtype=bool)
        finished_step = (oc == 1) & ~pickup_q[qi]  # a done leg is one "finished" event
        varr["fin_n"] = np.minimum(np.bincount(tpos[finished_step], minlength=nt), 255)
        peaks = _peaks(np.concatenate(span_q), np.concatenate(span_s), np.concatenate(span_e), offset)
    else:
        queues, peaks = (), np.zeros(0, dtype=PEAK_DTYPE)
    if nt:
        iss, clo = np.array(issued, np.float64), np.array(closed, np.float64)
        vout, frc = np.array(t_out, np.int64), np.array(forced, np.int64)
        bidx = {b: i for i, b in enumerate(bundles)}
        varr["ticket"], varr["outcome"], varr["forced"], varr["channel"] = tids, vout, frc, channel
        varr["bundle"] = [bidx.get(b, -1) for b in bundle]
        varr["hour"] = ((iss + offset) // 3600 % 24).astype(np.int64)
        e2e = np.where((vout == 1) & (frc == 0) & (clo >= 0), clo - iss, np.nan)
        skew += int(np.count_nonzero(e2e < 0))
        varr["e2e"] = np.where(e2e < 0, 0.0, e2e)
        varr["forms"] = -1
        if forms:
            got = np.array([forms.get(t, (-1, 0)) for t in t_id], dtype=np.int64).reshape(-1, 2)
            varr["forms"], varr["forms_n"] = np.minimum(got[:, 0], 32767), np.minimum(got[:, 1], 255)
    return DayFacts(day, queues, bundles, larr, varr, peaks, skew)


def _by_leg(events: Sequence[tuple[int, float, str]]) -> dict[int, list[tuple[float, str]]]:
    by_leg: dict[int, list[tuple[float, str]]] = {}
    for leg_id, ts, typ in events:
        by_leg.setdefault(leg_id, []).append((ts, typ))
    return by_leg


_FORMS = re.compile(r'"forms":\s*(\d+)')  # json.dumps writes data["forms"] as '"forms": 3' (no parse needed)


def forms_by_ticket(rows: Sequence[tuple[int, str]]) -> dict[int, tuple[int, int]]:
    """ticket -> (forms summed over its steps that logged a count, steps with a count), from
    kpi_store.forms_of_days rows."""
    out: dict[int, list[int]] = {}
    for ticket, data in rows:
        m = _FORMS.search(data)
        if m is not None:
            acc = out.setdefault(int(ticket), [0, 0])
            acc[0] += int(m.group(1))
            acc[1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def _split(rows: Sequence[tuple[Any, ...]]) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    for r in rows:
        out.setdefault(r[0], []).append(r[1:])
    return out


def read_days(conn: Database, days: Sequence[str], *, replay_all: bool = False) -> list[DayFacts]:
    """Build the facts of ``days`` from the database (``replay_all`` replays every leg from the log: the slow,
    obviously-right path that tests compare the fast one with)."""
    with kpi_store.snapshot(conn):
        tickets = _split(kpi_store.tickets_of_days(conn, days))
        legs = _split(kpi_store.legs_of_days(conn, days))
        replays = _by_leg(kpi_store.replay_events(conn, days, every_leg=replay_all))
        forms = forms_by_ticket(kpi_store.forms_of_days(conn, days))
    return [build_day(d, tickets.get(d, []), legs.get(d, []), replays, forms) for d in days]


def read_day(conn: Database, day: str, *, replay_all: bool = False) -> DayFacts:
    return read_days(conn, [day], replay_all=replay_all)[0]


@dataclass(frozen=True)
class RefreshResult:
    days: int
    seconds: float
    last_event_id: int


def refresh(
    conn: Database,
    *,
    progress: Callable[[int, int, str], None] | None = None,
    rebuild: bool = False,
    chunk: int = 31,
) -> RefreshResult:
    """Bring ``kpi_day`` up to date with the event log; only days touched by new events are rebuilt.

    Days are read and written ``chunk`` at a time (one short write transaction per chunk).
    """
    t0 = _time.perf_counter()
    if rebuild:
        kpi_store.reset_facts(conn)
    upto = kpi_store.max_event_id(conn)
    after = kpi_store.watermark(conn)
    stale = kpi_store.days_to_refresh(conn, after, upto, VERSION)
    for i in range(0, len(stale), chunk):
        days = stale[i : i + chunk]
        now = _time.time()
        kpi_store.replace_days(
            conn,
            [
                (
                    f.day,
                    VERSION,
                    len(f.legs),
                    len(f.visits),
                    f.codebook(),
                    f.legs.tobytes(),
                    f.visits.tobytes(),
                    f.peaks.tobytes(),
                    now,
                )
                for f in read_days(conn, days)
            ],
        )
        if progress is not None:
            progress(i + len(days), len(stale), days[-1])
    if upto != after:
        kpi_store.set_watermark(conn, upto)
    return RefreshResult(len(stale), _time.perf_counter() - t0, upto)


def unpack(
    codebook: str,
    leg_data: bytes,
    visit_data: bytes,
    peak_data: bytes,
) -> tuple[dict[str, Any], np.ndarray, np.ndarray, np.ndarray]:
    return (
        json.loads(codebook),
        np.frombuffer(leg_data, dtype=LEG_DTYPE),
        np.frombuffer(visit_data, dtype=VISIT_DTYPE),
        np.frombuffer(peak_data, dtype=PEAK_DTYPE),
    )
