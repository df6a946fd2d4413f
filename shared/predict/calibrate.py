"""Calibration from history: what a counter's turn costs per 業務 and hour, who is absent, when counters are open.

Everything is learned from the event log of earlier days (or an external per-customer log turned into events);
with no history the defaults come from the office profile (``service_min``, lognormal SCV 0.5), so day one works.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from shared.config import OfficeConfig

# quantile levels of a service-time distribution: dense in the tail, where a long turn's remainder is decided
PROBS = np.concatenate([np.linspace(0.0, 0.95, 39), [0.96, 0.97, 0.98, 0.99, 0.995, 0.999, 1.0]])
SLOT_S = 300  # desk-open profile resolution
SLOTS = 86400 // SLOT_S
JST = 9 * 3600
# The 80% band: within-day residual quantiles, combined with the day-to-day spread (Calibration.tau).
BAND_Q = (0.09, 0.91)
TAU_MIN = 0.1
HOLD_NEAR_CLOSING = 6  # slots (30 min): counters whose day ends this close to the last one are "closing"  # a few similar training days understate how different the next day can be


def _norm_ppf(p: float) -> float:
    lo, hi = -8.0, 8.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if 0.5 * math.erfc(-mid / math.sqrt(2)) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


_Z = np.array([_norm_ppf(min(max(p, 1e-4), 1 - 1e-4)) for p in PROBS])


def lognormal_quantiles(mean_s: float, scv: float = 0.5) -> list[float]:
    s = math.sqrt(math.log1p(scv))
    mu = math.log(mean_s) - s * s / 2
    return [float(x) for x in np.exp(mu + s * _Z)]


def sec_of_day(ts: float) -> float:
    return (ts + JST) % 86400


@dataclass
class ServiceStats:
    quantiles: list[float]  # seconds a counter's turn takes (call → free), at PROBS
    mean: float
    hour: dict[int, float] = field(default_factory=dict)  # hour of day -> multiplier
    n: int = 0
    p_noshow: float = 0.03
    p_abandon: float = 0.02
    prio_rate: dict[int, float] = field(default_factory=dict)  # priority tickets per second by hour
    transfer: dict[str, float] = field(default_factory=dict)  # P(transfer to) per turn

    def factor(self, ts: float) -> float:
        return self.hour.get(int(sec_of_day(ts) // 3600), 1.0)


@dataclass
class Calibration:
    services: dict[str, ServiceStats]
    desk_profile: dict[int, list[float]] = field(default_factory=dict)  # P(open) per 5-min slot
    desk_services: dict[int, list[str]] = field(default_factory=dict)  # inferred desks: what they serve
    days: int = 0
    a: float = 0.0  # always 0 now (an intercept harmed nobody-ahead visitors); kept for stored models
    b: float = 1.0  # point correction: θ' = b·θ
    bands: dict[str, list[float]] = field(default_factory=dict)  # stratum -> [z10, z90] of (D − θ')/σ
    tau: float = 0.1  # day-to-day relative error of the point (between-day spread)
    default_mean: float = 600.0
    prior_mse: dict[str, dict[str, float]] = field(
        default_factory=dict
    )  # the experts' training MSE by stratum
    prior_resid: dict[str, list[float]] = field(default_factory=dict)  # standardised residuals by stratum
    prior_tau: float = 0.05  # the ensemble's day-to-day relative spread

    def stats(self, queue: str) -> ServiceStats:
        s = self.services.get(queue)
        if s is None:
            s = ServiceStats(lognormal_quantiles(self.default_mean), self.default_mean)
            self.services[queue] = s
        return s

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Calibration:
        d = json.loads(text)
        services = {}
        for k, v in d.pop("services").items():
            v["hour"] = {int(h): x for h, x in v["hour"].items()}
            v["prio_rate"] = {int(h): x for h, x in v["prio_rate"].items()}
            services[k] = ServiceStats(**v)
        d["desk_profile"] = {int(k): v for k, v in d["desk_profile"].items()}
        d["desk_services"] = {int(k): v for k, v in d["desk_services"].items()}
        return cls(services=services, **d)


def defaults(config: OfficeConfig | None, pickup_min: float = 3.0) -> Calibration:
    services: dict[str, ServiceStats] = {}
    if config is not None:
        for s in config.services:
            m = s.service_min * 60.0 + 30.0  # plus calling and walking up
            services[s.code] = ServiceStats(lognormal_quantiles(m), m)
            if s.pickup:
                p = pickup_min * 60.0 + 30.0
                services[f"{s.code}:pickup"] = ServiceStats(lognormal_quantiles(p, 0.3), p)
    return Calibration(services)


def _shrink(x: float, n: int, prior: float, k: float) -> float:
    return (x * n + prior * k) / (n + k)


def calibrate(
    days: Sequence[Sequence[dict[str, Any]]], config: OfficeConfig | None = None, *, inferred: bool = False
) -> Calibration:
    """Learn from whole days of events (each a list of event dicts in order)."""
    cal = defaults(config)
    turns: dict[str, list[tuple[float, float]]] = {}  # queue -> [(call ts, seconds)]
    calls: dict[str, int] = {}
    noshow: dict[str, int] = {}
    issued: dict[str, int] = {}
    abandoned: dict[str, int] = {}
    prio: dict[str, dict[int, int]] = {}
    transfers: dict[str, dict[str, int]] = {}
    desk_open: dict[int, list[np.ndarray]] = {}
    desk_served: dict[int, dict[str, int]] = {}
    for events in days:
        leg_q: dict[int, str] = {}
        open_call: dict[int, tuple[str, float]] = {}  # counter -> (queue, call ts)
        state: dict[int, tuple[str, float]] = {}
        day_open: dict[int, np.ndarray] = {}
        t0 = events[0]["ts"] - sec_of_day(events[0]["ts"]) if events else 0.0
        for e in events:
            typ, lid, c, data = e["type"], e["leg_id"], e["counter"], e["data"]
            if typ == "issued":
                leg_q[lid] = e["service"]
                issued[e["service"]] = issued.get(e["service"], 0) + 1
                if int(data.get("priority", 0)) > 0:
                    h = int(sec_of_day(e["ts"]) // 3600)
                    prio.setdefault(e["service"], {})[h] = prio.setdefault(e["service"], {}).get(h, 0) + 1
            elif typ in ("finished", "transferred") and data.get("new_leg"):
                leg_q[data["new_leg"]] = str(data.get("to") or data.get("next"))
            if typ == "called" and lid in leg_q:
                q = leg_q[lid]
                open_call[c] = (q, e["ts"])
                calls[q] = calls.get(q, 0) + 1
                desk_served.setdefault(c, {})[q] = desk_served.setdefault(c, {}).get(q, 0) + 1
                if inferred:
                    day_open.setdefault(c, np.zeros(SLOTS))
                    s = int(sec_of_day(e["ts"]) // SLOT_S)
                    day_open[c][max(0, s - 2) : s + 3] = 1.0
            elif typ in ("finished", "transferred", "no_show") and c in open_call:
                q, t = open_call.pop(c)
                turns.setdefault(q, []).append((t, e["ts"] - t))
                if typ == "no_show":
                    noshow[q] = noshow.get(q, 0) + 1
                if typ == "transferred":
                    to = str(data.get("to"))
                    transfers.setdefault(q, {})[to] = transfers.setdefault(q, {}).get(to, 0) + 1
            elif typ in ("cancelled", "expired") and lid in leg_q and data.get("from", "waiting") != "called":
                q = leg_q[lid]
                abandoned[q] = abandoned.get(q, 0) + 1
            elif typ == "counter" and not inferred:
                action = data.get("action")
                now_state = {"open": "open", "resume": "open", "pause": "paused", "close": "closed"}.get(
                    action
                )
                if now_state:
                    prev = state.get(c)
                    if prev is not None and prev[0] == "open":
                        _mark(day_open.setdefault(c, np.zeros(SLOTS)), prev[1] - t0, e["ts"] - t0)
                    state[c] = (now_state, e["ts"])
        if not inferred and events:
            end = events[-1]["ts"]
            for c, (desk_state, since) in state.items():
                if desk_state == "open":
                    _mark(day_open.setdefault(c, np.zeros(SLOTS)), since - t0, end - t0)
        for c, arr in day_open.items():
            desk_open.setdefault(c, []).append(arr)
    n_days = len(days)
    for q, xs in turns.items():
        secs = np.array([x for _, x in xs])
        base = cal.stats(q)
        mean = max(float(secs.mean()), 1.0)
        m = _shrink(mean, len(secs), base.mean, 10)
        qs = np.quantile(secs, PROBS) if len(secs) >= 20 else np.array(base.quantiles) * (m / base.mean)
        hours: dict[int, list[float]] = {}
        for t, x in xs:
            hours.setdefault(int(sec_of_day(t) // 3600), []).append(x)
        hf = _hour_factors(hours, mean, float(np.var(secs)) / mean**2)
        st = ServiceStats(
            [float(x) for x in qs * (m / max(float(np.mean(qs)), 1e-9))]
            if len(secs) >= 20
            else [float(x) for x in qs],
            m,
            hf,
            len(secs),
        )
        st.p_noshow = _shrink(noshow.get(q, 0) / max(1, calls.get(q, 0)), calls.get(q, 0), 0.03, 20)
        st.transfer = {to: k / max(1, len(secs)) for to, k in transfers.get(q, {}).items()}
        cal.services[q] = st
    for q, n in issued.items():
        st = cal.stats(q)
        st.p_abandon = _shrink(abandoned.get(q, 0) / n, n, 0.02, 20)
    for q, hours_ in prio.items():
        cal.stats(q).prio_rate = {h: k / max(1, n_days) / 3600.0 for h, k in hours_.items()}
    profiles = {
        c: np.mean(arrs + [np.zeros(SLOTS)] * (n_days - len(arrs)), axis=0) for c, arrs in desk_open.items()
    }
    closing = max((_last_open(p) for p in profiles.values()), default=-1)
    cal.desk_profile = {
        c: _hold_tail(p) if _last_open(p) >= closing - HOLD_NEAR_CLOSING else [float(x) for x in p]
        for c, p in profiles.items()
    }
    for c, served in desk_served.items():
        tot = sum(served.values())
        cal.desk_services[c] = sorted(q for q, k in served.items() if k >= 0.05 * tot)
    cal.days = n_days
    return cal


def _hour_factors(hours: dict[int, list[float]], mean: float, scv: float) -> dict[int, float]:
    """Service-time multipliers by hour: empirical-Bayes shrunk toward 1 (prior spread 10%), and only where the
    hour differs by more than three standard errors (noise in a factor hurts most when the queue is long)."""
    out = {}
    k = max(scv, 0.05) / 0.01
    for h, v in hours.items():
        n = len(v)
        f = float(np.mean(v)) / mean
        if abs(f - 1.0) > 3.0 * math.sqrt(max(scv, 0.05) / n):
            out[h] = _shrink(f, n, 1.0, k)
    return out


def _last_open(prof: np.ndarray) -> int:
    idx = np.nonzero(prof >= 0.5)[0]
    return int(idx[-1]) if len(idx) else -1


def _hold_tail(prof: np.ndarray) -> list[float]:
    """Counters do not close on people holding tickets: after the last usually-open slot of the day, keep the
    level of the day's last open hour (the profile only says when closing *starts*). Only for counters that
    stop near the office's closing: a clerk whose shift ends at noon does not come back for the afternoon
    (held open, the model counted 14 counters where 6 worked)."""
    out = prof.copy()
    open_idx = np.nonzero(prof >= 0.5)[0]
    if len(open_idx):
        last = int(open_idx[-1])
        level = float(np.max(prof[max(0, last - 36) : last + 1]))
        top = np.nonzero(prof[: last + 1] >= 0.95 * level)[0]
        out[int(top[-1]) + 1 :] = level
    return [float(x) for x in out]


def _mark(arr: np.ndarray, a: float, b: float) -> None:
    i0, i1 = int(max(0.0, a) // SLOT_S), int(min(86399.0, b) // SLOT_S)
    if i1 >= i0:
        arr[i0 : i1 + 1] = 1.0


def _slope(th: np.ndarray, d: np.ndarray) -> float:
    """Least-squares slope through the origin, kept within 0.7–1.4."""
    return float(np.clip(float(np.dot(th, d) / max(float(np.dot(th, th)), 1e-9)), 0.7, 1.4))


def fit_correction(cal: Calibration, rows: Iterable[tuple[float, float, float, str, str]]) -> None:
    """From (θ, D, σ, stratum, day) on training days: a proportional point correction θ' = b·θ, kept only if it
    lowers the leave-one-day-out error, and residual bands.

    There is no intercept. An intercept fitted over all tickets absorbs the error of the long waits (when the
    slope it needs is out of reach) and adds it to everyone: a visitor with nobody ahead and a free counter got
    5–7 minutes from it on an external log. A proportional correction keeps θ = 0 at 0."""
    data = list(rows)
    if len(data) < 50:
        return
    th = np.array([r[0] for r in data])
    d = np.array([r[1] for r in data])
    days = np.array([r[4] for r in data])
    a, b = 0.0, 1.0
    if len(set(days.tolist())) >= 3:
        cv = np.empty_like(th)
        for day in set(days.tolist()):
            m = days == day
            cv[m] = _slope(th[~m], d[~m]) * th[m]
        if np.mean((cv - d) ** 2) < 0.97 * np.mean((th - d) ** 2):
            b = _slope(th, d)
    cal.a, cal.b = a, b
    # day-level shocks (a busy morning, a slow clerk): the spread of each training day's mean relative error
    point = a + b * th
    rel: dict[str, float] = {}
    for day in set(days.tolist()):
        m = days == day
        rel[day] = float(np.mean((d[m] - point[m]) / np.maximum(point[m], 300.0)))
    if len(rel) >= 3:
        cal.tau = max(TAU_MIN, float(np.std(list(rel.values()), ddof=1) * math.sqrt(1 + 1 / len(rel))))
    # within-day residuals, standardised, give the band's shape per stratum
    z_all = []
    by: dict[str, list[float]] = {}
    for t, dd, sig, stratum, day in data:
        p = a + b * t
        z = (dd - p - rel.get(day, 0.0) * max(p, 300.0) * (len(rel) >= 3)) / sig
        by.setdefault(stratum, []).append(z)
        z_all.append(z)
    lo, hi = BAND_Q
    cal.bands = {"all": [float(np.quantile(z_all, lo)), float(np.quantile(z_all, hi))]}
    for k, zs in by.items():
        if len(zs) >= 40:
            cal.bands[k] = [float(np.quantile(zs, lo)), float(np.quantile(zs, hi))]
