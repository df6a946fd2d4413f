"""Training and scoring over whole days of events: replay each day, predict at every ticket issue, compare.

Splits are time-ordered and keep whole days together (wait-time.md §5): calibrate on earlier days, score later ones.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from shared.config import OfficeConfig
from shared.predict.baselines import BASELINES
from shared.predict.calibrate import Calibration, calibrate, fit_correction
from shared.predict.model import Prediction, Target, predict
from shared.predict.state import Replayer, Snapshot

OURS = "madoguchi (ours)"
ORACLE = "P9 oracle"
Day = Sequence[dict[str, Any]]


@dataclass
class Case:
    cid: str
    day: str
    queue: str
    wait: float
    n_same: int
    preds: dict[str, tuple[float, float | None, float | None]] = field(default_factory=dict)


def first_call_waits(events: Day) -> dict[int, float]:
    """Issued leg -> seconds from issue to its first call (no-shows included; never-called legs left out)."""
    issued: dict[int, float] = {}
    out: dict[int, float] = {}
    for e in events:
        if e["type"] == "issued":
            issued[e["leg_id"]] = e["ts"]
        elif e["type"] == "called" and e["leg_id"] in issued and e["leg_id"] not in out:
            out[e["leg_id"]] = e["ts"] - issued[e["leg_id"]]
    return out


def _replayer(pickup: frozenset[str], cal: Calibration, inferred: bool, keep_place: bool) -> Replayer:
    desk_services = {c: tuple(v) for c, v in cal.desk_services.items()} if inferred else {}
    return Replayer(pickup=pickup, desk_services=desk_services, inferred=inferred, keep_place=keep_place)


def replay(
    day: Day,
    cal: Calibration,
    on_issue: Callable[[Snapshot, Target, dict[str, Any], float], None],
    *,
    pickup: frozenset[str],
    inferred: bool,
    keep_place: bool = True,
) -> None:
    waits = first_call_waits(day)
    r = _replayer(pickup, cal, inferred, keep_place)
    for e in day:
        r.apply(e)
        if e["type"] == "issued" and e["leg_id"] in waits:
            t = Target(e["service"], int(e["data"].get("priority", 0)), e["ts"], e["leg_id"])
            on_issue(r.snapshot(), t, e, waits[e["leg_id"]])


def train(
    days: Sequence[Day],
    config: OfficeConfig | None,
    *,
    pickup: frozenset[str],
    inferred: bool = False,
    keep_place: bool = True,
) -> Calibration:
    """Calibrate on ``days``, then fit the point correction and the 80% bands on the same days' replays."""
    cal = calibrate(days, config, inferred=inferred)
    rows: list[tuple[float, float, float, str, str]] = []

    def collect(snap: Snapshot, t: Target, e: dict[str, Any], wait: float) -> None:
        p = predict(snap, cal, t)
        if p is not None:
            rows.append((p.point, wait, p.point / math.sqrt(p.ahead + 1.0) + 60.0, p.stratum, e["day"]))

    for d in days:
        replay(d, cal, collect, pickup=pickup, inferred=inferred, keep_place=keep_place)
    fit_correction(cal, rows)
    return cal


def score_days(
    days: Sequence[Day],
    cal: Calibration,
    *,
    pickup: frozenset[str],
    inferred: bool = False,
    keep_place: bool = True,
    ids: Callable[[dict[str, Any]], str] | None = None,
    baselines: bool = True,
    oracle: Callable[[Snapshot, Target], float] | None = None,
    oracle_every: int = 0,
) -> list[Case]:
    cases: list[Case] = []

    def one(snap: Snapshot, t: Target, e: dict[str, Any], wait: float) -> None:
        key = t.sort_key if t.sort_key is not None else snap.ts
        n = len(snap.ahead(t.queue, t.priority, key, t.leg))
        cid = ids(e) if ids else f"{e['day']}/{e['data'].get('display', e['ticket_id'])}"
        c = Case(cid, e["day"], t.queue, wait, n)
        p: Prediction | None = predict(snap, cal, t)
        if p is None:
            return
        c.preds[OURS] = (p.point, p.low, p.high)
        if baselines:
            for name, fn in BASELINES.items():
                c.preds[name] = (fn(snap, cal, t), None, None)
        if oracle is not None and oracle_every > 0 and len(cases) % oracle_every == 0:
            c.preds[ORACLE] = (oracle(snap, t), None, None)
        cases.append(c)

    for d in days:
        replay(d, cal, one, pickup=pickup, inferred=inferred, keep_place=keep_place)
    return cases
