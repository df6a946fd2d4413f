"""Training and scoring over whole days of events: replay each day, predict at every ticket issue, compare.

Splits are time-ordered and keep whole days together, because tickets of the same day share their queue and
would leak into each other: calibrate on earlier days, score later ones.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from shared.config import OfficeConfig
from shared.predict.baselines import BASELINES
from shared.predict.calibrate import Calibration, calibrate, fit_correction
from shared.predict.ensemble import MODEL, Combined, Ensemble, Prior, expert_predictions, fit_prior, stratum
from shared.predict.model import Target, predict
from shared.predict.state import Replayer, Snapshot

OURS = "madoguchi (ours)"
ORACLE = "P9 oracle"
Day = Sequence[dict[str, Any]]


@dataclass
class Case:
    cid: str
    day: str
    queue: str
    wait: float | None  # None: never called (abandoned before the call)
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


def prior_of(cal: Calibration) -> Prior:
    return Prior(cal.prior_mse, cal.prior_resid, cal.prior_tau)


class Live:
    """Replays a day's events in order: every join gets the experts' predictions and the combined estimate,
    every first call scores them (the same code serves the benchmark and the live office)."""

    def __init__(
        self, cal: Calibration, *, pickup: frozenset[str], inferred: bool, keep_place: bool = True
    ) -> None:
        self.cal = cal
        self.replayer = _replayer(pickup, cal, inferred, keep_place)
        self.ensemble = Ensemble(prior_of(cal))

    def estimate(self, snap: Snapshot, t: Target) -> tuple[Combined, dict[str, float], int]:
        key = t.sort_key if t.sort_key is not None else math.inf  # a new ticket goes behind everyone waiting
        n = len(snap.ahead(t.queue, t.priority, key, t.leg))
        preds = expert_predictions(snap, self.cal, t)
        if not preds:  # nothing can say anything: the fallback rule, (n+1) turns at one counter
            preds = {"fallback (n+1)·m": (n + 1) * self.cal.stats(t.queue).mean}
        return self.ensemble.combine(preds, n, snap.ts), preds, n

    def apply(self, e: dict[str, Any]) -> tuple[Snapshot, Target, Combined, dict[str, float], int] | None:
        """Apply one event; for a join (``issued``) return what was predicted for it."""
        self.replayer.apply(e)
        typ = e["type"]
        if typ == "issued":
            t = Target(e["service"], int(e["data"].get("priority", 0)), e["ts"], e["leg_id"])
            snap = self.replayer.snapshot()
            c, preds, n = self.estimate(snap, t)
            self.ensemble.join(e["leg_id"], preds, n, c.point)
            return snap, t, c, preds, n
        if typ == "called" and e["data"].get("from", "waiting") == "waiting":
            self.ensemble.called(e["leg_id"], e["ts"], float(e["data"].get("waited_s", 0.0)))
        elif typ in ("cancelled", "expired"):
            self.ensemble.gone(e["leg_id"])
        return None


def train(
    days: Sequence[Day],
    config: OfficeConfig | None,
    *,
    pickup: frozenset[str],
    inferred: bool = False,
    keep_place: bool = True,
) -> Calibration:
    """Calibrate on ``days``; score every expert on them for the ensemble's prior, and fit the pooled model's
    proportional correction. With three days or more this is cross-fitted: each day is replayed with a
    calibration learned from the *other* days, so the model's prior score is out-of-sample like the rules' are
    (in-sample it looked better than it was, and the prior then trusted it on a log it did not fit)."""
    cal = calibrate(days, config, inferred=inferred)
    rows: list[tuple[float, float, float, str, str]] = []
    experts: list[tuple[str, dict[str, float], float, str]] = []
    cross = len(days) >= 3
    for i, d in enumerate(days):
        cal_d = (
            calibrate([x for j, x in enumerate(days) if j != i], config, inferred=inferred) if cross else cal
        )
        waits = first_call_waits(d)
        r = _replayer(pickup, cal, inferred, keep_place)
        for e in d:
            r.apply(e)
            if e["type"] != "issued" or e["leg_id"] not in waits:
                continue
            t = Target(e["service"], int(e["data"].get("priority", 0)), e["ts"], e["leg_id"])
            snap = r.snapshot()
            wait = waits[e["leg_id"]]
            preds = expert_predictions(snap, cal_d, t)
            if MODEL in preds:
                p = predict(snap, cal_d, t)
                assert p is not None
                rows.append((p.point, wait, p.point / math.sqrt(p.ahead + 1.0) + 60.0, p.stratum, e["day"]))
            n = len(snap.ahead(t.queue, t.priority, e["ts"], t.leg))
            experts.append((stratum(n), preds, wait, e["day"]))
    fit_correction(cal, rows)
    for _, preds, _, _ in experts:  # the model's predictions with the correction just fitted (θ' = b·θ)
        if MODEL in preds:
            preds[MODEL] *= cal.b
    prior = fit_prior(experts)
    cal.prior_mse, cal.prior_resid, cal.prior_tau = prior.mse, prior.resid, prior.tau
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
    """Predict every join at its join time (the ensemble learning online from the calls in between); a join that
    is never called is kept with ``wait`` None (it gets a prediction, it cannot be scored)."""
    cases: list[Case] = []
    live = Live(cal, pickup=pickup, inferred=inferred, keep_place=keep_place)
    for d in days:
        waits = first_call_waits(d)
        for e in d:
            got = live.apply(e)
            if got is None:
                continue
            snap, t, comb, preds, n = got
            cid = ids(e) if ids else f"{e['day']}/{e['data'].get('display', e['ticket_id'])}"
            c = Case(cid, e["day"], t.queue, waits.get(e["leg_id"]), n)
            c.preds[OURS] = (comb.point, comb.low, comb.high)
            if baselines:
                for name in [*BASELINES, MODEL]:
                    c.preds[name] = (preds.get(name, comb.point), None, None)
            if oracle is not None and oracle_every > 0 and len(cases) % oracle_every == 0:
                c.preds[ORACLE] = (oracle(snap, t), None, None)
            cases.append(c)
    return cases
