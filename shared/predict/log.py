"""Per-customer logs: ``customer_id,service,priority,arrived_at,called_at,finished_at,server,outcome``.

The same records come from an external CSV (``madoguchi bench ewt --log``) or from madoguchi's own event log
(one record per leg: a route step or a transfer is a new visit to a queue). Parsing errors name the line.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from shared.errors import MadoguchiError
from shared.timeutil import TOKYO, from_ts

COLUMNS = (
    "customer_id",
    "service",
    "priority",
    "arrived_at",
    "called_at",
    "finished_at",
    "server",
    "outcome",
)
OUTCOMES = ("served", "abandoned", "no_show")


class LogError(MadoguchiError):
    """A per-customer log that cannot be read; the message names the file, the line and the column."""


@dataclass(frozen=True)
class Visit:
    """One customer's visit to one queue."""

    customer_id: str
    service: str
    priority: int
    arrived: float  # UNIX seconds
    called: float | None
    finished: float | None
    server: str | None
    outcome: str  # served | abandoned | no_show
    sort_key: float | None = None  # queue position key when it differs from ``arrived`` (kept place)

    @property
    def day(self) -> date:
        return from_ts(self.arrived).date()

    @property
    def wait_s(self) -> float | None:
        return None if self.called is None else self.called - self.arrived


def _time(text: str, where: str, *, required: bool) -> float | None:
    text = text.strip()
    if not text:
        if required:
            raise LogError(f"{where}: empty time")
        return None
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise LogError(
            f"{where}: cannot read time {text!r} (use ISO-8601, e.g. 2026-11-24T09:05:00+09:00)"
        ) from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=TOKYO)
    return dt.timestamp()


def parse_csv(text: str, name: str = "<csv>") -> list[Visit]:
    """Read a per-customer log. Times without an offset are Asia/Tokyo. Raises LogError naming the line."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise LogError(
            f"{name}: line 1: the file is empty (expected a header: {','.join(COLUMNS)})"
        ) from None
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise LogError(f"{name}: line 1: missing column(s) {', '.join(missing)} (need {','.join(COLUMNS)})")
    idx = {c: header.index(c) for c in COLUMNS}
    out: list[Visit] = []
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num
        if not row or all(not x.strip() for x in row):
            continue
        if len(row) < len(header):
            raise LogError(f"{name}: line {line}: {len(row)} fields, expected {len(header)}")
        get = {c: row[i].strip() for c, i in idx.items()}
        where = f"{name}: line {line}"
        cid = get["customer_id"]
        if not cid:
            raise LogError(f"{where}: customer_id is empty")
        if cid in seen:
            raise LogError(f"{where}: customer_id {cid!r} appears twice")
        seen.add(cid)
        if not get["service"]:
            raise LogError(f"{where}: service is empty")
        try:
            prio = int(get["priority"] or 0)
        except ValueError:
            raise LogError(f"{where}: priority {get['priority']!r} is not a whole number") from None
        outcome = get["outcome"]
        if outcome not in OUTCOMES:
            raise LogError(f"{where}: outcome {outcome!r} must be one of {', '.join(OUTCOMES)}")
        arrived = _time(get["arrived_at"], f"{where}: arrived_at", required=True)
        called = _time(get["called_at"], f"{where}: called_at", required=outcome != "abandoned")
        finished = _time(get["finished_at"], f"{where}: finished_at", required=outcome == "served")
        assert arrived is not None
        if called is not None and called < arrived:
            raise LogError(f"{where}: called_at is before arrived_at")
        if finished is not None and called is not None and finished < called:
            raise LogError(f"{where}: finished_at is before called_at")
        out.append(
            Visit(cid, get["service"], prio, arrived, called, finished, get["server"] or None, outcome)
        )
    if not out:
        raise LogError(f"{name}: no customer rows after the header")
    return sorted(out, key=lambda v: (v.arrived, v.customer_id))


def read_csv(path: str | os.PathLike[str]) -> list[Visit]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            text = f.read()
    except FileNotFoundError:
        raise LogError(f"{path}: file not found") from None
    except UnicodeDecodeError:
        raise LogError(f"{path}: not UTF-8 text") from None
    return parse_csv(text, str(path))


def _iso(ts: float | None) -> str:
    return "" if ts is None else from_ts(ts).isoformat(timespec="seconds")


def write_csv(visits: Iterable[Visit], path: str | os.PathLike[str]) -> int:
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for v in visits:
            w.writerow(
                [
                    v.customer_id,
                    v.service,
                    v.priority,
                    _iso(v.arrived),
                    _iso(v.called),
                    _iso(v.finished),
                    v.server or "",
                    v.outcome,
                ]
            )
            n += 1
    return n


def visits_from_events(events: Sequence[dict[str, Any]]) -> list[Visit]:
    """One visit per leg of madoguchi's own event log (queue = service code, or CODE:pickup)."""
    legs: dict[int, dict[str, Any]] = {}
    prio: dict[int, int] = {}
    display: dict[int, str] = {}
    for e in events:
        typ, lid, data = e["type"], e["leg_id"], e["data"]
        if typ == "issued":
            prio[e["ticket_id"]] = int(data.get("priority", 0))
            display[e["ticket_id"]] = str(data.get("display", e["ticket_id"]))
            legs[lid] = {
                "t": e["ticket_id"],
                "q": e["service"],
                "in": e["ts"],
                "key": e["ts"],
                "day": e["day"],
            }
        elif typ in ("transferred", "finished"):
            if lid in legs:
                legs[lid]["end"] = e["ts"]
                legs[lid]["out"] = "served"
            new = data.get("new_leg")
            if new:
                q = data.get("to") or data.get("next")
                legs[new] = {
                    "t": e["ticket_id"],
                    "q": q,
                    "in": e["ts"],
                    "key": data.get("sort_key"),
                    "day": e["day"],
                }
        elif typ == "called" and lid in legs:
            legs[lid].setdefault("call", e["ts"])
            legs[lid]["server"] = str(e["counter"])
        elif typ == "no_show" and lid in legs:
            legs[lid]["out"] = "no_show"
        elif typ == "reactivated" and lid in legs:
            legs[lid].pop("out", None)
        elif typ in ("cancelled", "expired") and lid in legs and "out" not in legs[lid]:
            legs[lid]["out"] = "abandoned"
    out = []
    for lid, g in legs.items():
        if "out" not in g or g["q"] is None:
            continue
        tid = g["t"]
        out.append(
            Visit(
                f"{g['day']}/{display.get(tid, tid)}/{lid}",
                g["q"],
                prio.get(tid, 0),
                g["in"],
                g.get("call"),
                g.get("end") if g["out"] == "served" else None,
                g.get("server"),
                g["out"],
                g.get("key"),
            )
        )
    return sorted(out, key=lambda v: (v.arrived, v.customer_id))
