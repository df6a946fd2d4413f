"""The wait estimate every screen shows: an online, scored combination of simple predictors and the pooled model.

Why it cannot be fooled the way the single model was
----------------------------------------------------
The old estimate was one model (:mod:`shared.predict.model`) with knobs fitted on a few training days: inferred
staffing profiles, hour factors and a linear correction ``a + b·θ``. When the model was wrong for a log (fewer
counters than it believed, a slope it could not reach), the correction's intercept ``a`` absorbed the error of the
long waits and was added to *everyone*, so a visitor with nobody ahead and a free counter got 5–7 minutes. Nothing
looked at how the estimate was actually doing that day.

Here every estimate is a weighted mean of **experts**: the classic rules (n·m/s, QL, QL with idle counters,
throughput-QL, Erlang-A, HOL, LES, rolling mean of 10, the priority fluid rule, the office rules of thumb) and the
pooled-capacity model. Each expert's prediction for a ticket is remembered when the ticket joins the queue; when
it is called the true wait is known and every expert is charged its squared error. Losses are kept per stratum of
people ahead (0 / 1–5 / 6–15 / 16+), discounted with a half-life of an hour, and start from the experts' errors on
the training days (a prior worth ``PRIOR_N`` visitors). The weights are exponential in the relative loss
(``w_k ∝ exp(−η·(MSE_k / MSE_best − 1))``), the regret-minimising exponentially weighted forecaster on a
scale-free loss. So:

- if the model's assumptions break on some log, its loss rises within the hour and its weight falls to the
  level of the best simple rule; the combination can never stay much worse than the best expert for long
  (the usual regret bound of exponential weights), whatever the log;
- nothing is added to a nobody-ahead estimate except what the nobody-ahead experts earned on nobody-ahead visitors;
- the 80% range is not a model assumption: it is the 10th–90th percentile of the recent standardised residuals
  ``(W − θ̂)/(θ̂ + 2 min)`` of the same stratum (an empirical, split-conformal interval); with an atom of zero waits
  the upper level is lowered so the range still covers 80%, not 90%.

A cold start (no history, nobody called yet) has no scores: it uses the pooled model on the profile's
``service_min`` and says so (:attr:`Combined.cold`), with a wide range.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from shared.predict.baselines import BASELINES, _n, _s
from shared.predict.calibrate import Calibration
from shared.predict.model import Target, predict
from shared.predict.state import Snapshot

MODEL = "P8 pooled-capacity model"
QL_IDLE = "P2 QL idle-aware"
HALF_LIFE_S = 3600.0
ETA = 10.0
PRIOR_N = 20.0
SCALE_S = 120.0  # residuals are standardised by (θ̂ + 2 min)
RESID_KEEP = 400
RESID_PRIOR_MASS = 40.0
RECENT_MASS = 40.0
COVER = 0.8
TAU_MIN = 0.06
DAY_FLOOR_S = 60.0
STRATA = ("0", "1-5", "6-15", "16+")

Expert = Callable[[Snapshot, Calibration, Target], float | None]


def stratum(n_ahead: int) -> str:
    return "0" if n_ahead <= 0 else "1-5" if n_ahead <= 5 else "6-15" if n_ahead <= 15 else "16+"


def idle_desks(snap: Snapshot, queue: str) -> int:
    return sum(
        1 for d in snap.desks.values() if queue in d.services and d.state == "open" and d.ticket is None
    )


def ql_idle(snap: Snapshot, cal: Calibration, t: Target) -> float:
    """QL that knows a free counter takes the next visitor at once: max(0, n + 1 − idle)·m/s."""
    n, idle = _n(snap, t), idle_desks(snap, t.queue)
    return max(0, n + 1 - idle) * cal.stats(t.queue).mean / _s(snap, t)


def pooled_model(snap: Snapshot, cal: Calibration, t: Target) -> float | None:
    p = predict(snap, cal, t)
    return None if p is None else p.point


EXPERTS: dict[str, Expert] = {**BASELINES, QL_IDLE: ql_idle, MODEL: pooled_model}


def expert_predictions(snap: Snapshot, cal: Calibration, t: Target) -> dict[str, float]:
    out = {}
    for name, fn in EXPERTS.items():
        v = fn(snap, cal, t)
        if v is not None and math.isfinite(v):
            out[name] = max(0.0, float(v))
    return out


@dataclass(frozen=True)
class Combined:
    point: float  # seconds
    low: float
    high: float
    stratum: str
    cold: bool  # no history and nobody scored yet: a rough figure from the profile's service minutes
    weights: Mapping[str, float] = field(default_factory=dict)


@dataclass
class Prior:
    """What the training days say: each expert's MSE (min²) per stratum and the standardised residuals."""

    mse: dict[str, dict[str, float]] = field(default_factory=dict)
    resid: dict[str, list[float]] = field(default_factory=dict)  # within-day: each day's mean shift removed
    tau: float = TAU_MIN  # day-to-day relative shift of the waits (a busy Monday, a slow clerk)

    @property
    def empty(self) -> bool:
        return not self.mse


@dataclass
class _Loss:
    ts: float = 0.0
    n: float = 0.0
    sq: dict[str, float] = field(default_factory=dict)

    def decay(self, ts: float) -> None:
        if ts > self.ts:
            f = 0.5 ** ((ts - self.ts) / HALF_LIFE_S)
            self.n *= f
            for k in self.sq:
                self.sq[k] *= f
            self.ts = ts


def weighted_quantile(x: np.ndarray, w: np.ndarray, q: float) -> float:
    order = np.argsort(x)
    xs, ws = x[order], w[order]
    c = np.cumsum(ws)
    i = int(np.searchsorted(c, q * c[-1], side="left"))
    return float(xs[min(i, len(xs) - 1)])


def band(z: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """The 10th percentile and the level that covers 80% above it (lowered when many residuals tie there)."""
    lo = weighted_quantile(z, w, (1 - COVER) / 2)
    below = float(np.sum(w[z < lo - 1e-9]) / np.sum(w))
    hi = weighted_quantile(z, w, min(0.995, below + COVER))
    return lo, max(lo, hi)


class Ensemble:
    """Online scores of the experts and the combined estimate. Feed it joins and calls in time order."""

    def __init__(self, prior: Prior | None = None) -> None:
        self.prior = prior or Prior()
        self.loss: dict[str, _Loss] = {s: _Loss() for s in (*STRATA, "all")}
        self.resid: dict[str, deque[tuple[float, float]]] = {
            s: deque(maxlen=RESID_KEEP) for s in (*STRATA, "all")
        }
        self.pending: dict[int, tuple[str, dict[str, float], float]] = {}
        self.scored = 0

    # --- the weights -------------------------------------------------------------------------------------
    def weights(self, s: str, ts: float, names: list[str]) -> dict[str, float]:
        lo = self.loss[s]
        lo.decay(ts)
        pri = self.prior.mse.get(s) or self.prior.mse.get("all") or {}
        mse: dict[str, float] = {}
        for k in names:
            num, den = lo.sq.get(k, 0.0), lo.n
            if k in pri:
                num += PRIOR_N * pri[k]
                den += PRIOR_N
            elif den <= 0.5:
                continue
            if den > 0:
                mse[k] = num / den
        if not mse:  # a cold start: the pooled model on the profile's service minutes
            return {MODEL: 1.0} if MODEL in names else {names[0]: 1.0}
        best = max(min(mse.values()), 1e-4)
        raw = {k: math.exp(-ETA * (v / best - 1.0)) for k, v in mse.items()}
        tot = sum(raw.values())
        return {k: v / tot for k, v in raw.items() if v / tot > 1e-4}

    def is_cold(self, s: str) -> bool:
        return self.prior.empty and self.scored == 0

    # --- estimate ---------------------------------------------------------------------------------------
    def combine(self, preds: Mapping[str, float], n_ahead: int, ts: float) -> Combined:
        s = stratum(n_ahead)
        w = self.weights(s, ts, list(preds))
        tot = sum(w.values())
        point = sum(preds[k] * v for k, v in w.items()) / tot if tot > 0 else 0.0
        cold = self.is_cold(s)
        z, zw = self._residuals(s, ts)
        if cold or len(z) < 10:  # no evidence: a wide, honest range
            low, high = point * 0.5, point * 1.8 + SCALE_S
        else:
            zlo, zhi = band(z, zw)
            day = (
                1.2816 * self.prior.tau * max(point, DAY_FLOOR_S)
            )  # the day-to-day part, not in a day's residuals
            low = point - math.hypot(min(0.0, zlo) * (point + SCALE_S), day)
            high = point + math.hypot(max(0.0, zhi) * (point + SCALE_S), day)
        low = max(0.0, min(low, point))
        high = max(high, point, low)
        return Combined(point, low, high, s, cold, w)

    def _residuals(self, s: str, ts: float) -> tuple[np.ndarray, np.ndarray]:
        recent = [z for t, z in self.resid[s] if t >= ts - 3 * 3600.0]
        prior = self.prior.resid.get(s) or self.prior.resid.get("all") or []
        zs = np.array(recent + prior, dtype=float)
        # today's residuals are correlated (one busy morning): together they weigh at most RECENT_MASS
        each = min(1.0, RECENT_MASS / len(recent)) if recent else 0.0
        ws = np.array(
            [each] * len(recent) + ([RESID_PRIOR_MASS / len(prior)] * len(prior) if prior else []),
            dtype=float,
        )
        return zs, ws

    # --- learning ---------------------------------------------------------------------------------------
    def join(self, leg: int, preds: dict[str, float], n_ahead: int, point: float) -> None:
        self.pending[leg] = (stratum(n_ahead), preds, point)

    def called(self, leg: int, ts: float, wait: float) -> None:
        got = self.pending.pop(leg, None)
        if got is None:
            return
        s, preds, point = got
        lo = self.loss[s]
        lo.decay(ts)
        lo.n += 1.0
        for k, v in preds.items():
            lo.sq[k] = lo.sq.get(k, 0.0) + ((v - wait) / 60.0) ** 2
        self.resid[s].append((ts, (wait - point) / (point + SCALE_S)))
        self.scored += 1

    def gone(self, leg: int) -> None:
        """A ticket left without being called (cancelled, expired): it teaches nothing about the wait."""
        self.pending.pop(leg, None)


def fit_prior(rows: list[tuple[str, dict[str, float], float, str]]) -> Prior:
    """From training rows (stratum, expert predictions, wait, day): per-stratum MSE, the within-day residuals of
    the combination those MSEs would give, and the day-to-day spread."""
    by: dict[str, list[tuple[dict[str, float], float, str]]] = {}
    for s, preds, wait, day in rows:
        by.setdefault(s, []).append((preds, wait, day))
        by.setdefault("all", []).append((preds, wait, day))
    prior = Prior()
    for s, xs in by.items():
        if len(xs) < 20:
            continue
        sq: dict[str, list[float]] = {}
        for preds, wait, _ in xs:
            for k, v in preds.items():
                sq.setdefault(k, []).append(((v - wait) / 60.0) ** 2)
        prior.mse[s] = {k: float(np.mean(v)) for k, v in sq.items() if len(v) >= 0.9 * len(xs)}
    ens = Ensemble(prior)
    points: dict[str, list[float]] = {}
    for s, xs in by.items():
        if s not in prior.mse:
            continue
        for preds, _, _ in xs:
            w = ens.weights(s, 0.0, list(preds))
            tot = sum(w.values())
            points.setdefault(s, []).append(sum(preds[k] * v for k, v in w.items()) / tot if tot > 0 else 0.0)
    shift: dict[str, float] = {}
    if "all" in points:
        rows_of: dict[str, list[tuple[float, float]]] = {}
        for (_, wait, day), p in zip(by["all"], points["all"], strict=True):
            rows_of.setdefault(day, []).append((wait - p, max(p, DAY_FLOOR_S)))
        noise: list[float] = []
        for d, pairs in rows_of.items():  # each day's relative shift, weighted by the waits at stake
            e, den = np.array([x[0] for x in pairs]), np.array([x[1] for x in pairs])
            shift[d] = float(e.sum() / den.sum())
            noise.append(float(np.sum((e - shift[d] * den) ** 2) / den.sum() ** 2))  # its sampling variance
        if len(shift) >= 3:
            # the spread between days beyond what a day's own sampling noise explains (few visitors a day)
            var = float(np.var(list(shift.values()), ddof=1)) - float(np.mean(noise))
            prior.tau = max(TAU_MIN, math.sqrt(max(0.0, var) * (1 + 1 / len(shift))))
        else:
            shift = {}
    for s, ps in points.items():
        zs = [
            (wait - p - shift.get(day, 0.0) * max(p, DAY_FLOOR_S)) / (p + SCALE_S)
            for (_, wait, day), p in zip(by[s], ps, strict=True)
        ]
        step = max(1, math.ceil(len(zs) / RESID_KEEP))  # spread over every training day, not the last one
        prior.resid[s] = [float(z) for z in zs[::step]]
    return prior
