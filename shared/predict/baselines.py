"""The baselines every estimate is compared with: P0 the office rule of thumb (about 2 min a person, as Sakai
中区 publishes: https://www.city.sakai.lg.jp/naka/annai/madoguchikonzatsu/shiminkakonzatu.html) … the rolling
mean of the last 10 waits.

Each takes the same snapshot, calibration and target as madoguchi's predictor and returns seconds.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from shared.predict.calibrate import Calibration
from shared.predict.model import Target
from shared.predict.state import Snapshot

WINDOW_S = 1800.0
NOSHOW_TURN_S = 150.0  # a recall and the 不在 mark cost the counter about this long
PATIENCE_S = 1800.0


def _n(snap: Snapshot, t: Target) -> int:
    return len(snap.ahead(t.queue, t.priority, math.inf if t.sort_key is None else t.sort_key, t.leg))


def _s(snap: Snapshot, t: Target) -> int:
    return max(1, sum(1 for d in snap.desks.values() if t.queue in d.services and d.state == "open"))


def p0_rule(snap: Snapshot, cal: Calibration, t: Target) -> float:
    """About 2 minutes per person ahead, whatever the counters (Sakai's published table)."""
    return 120.0 * _n(snap, t)


def p0_buckets(snap: Snapshot, cal: Calibration, t: Target) -> float:
    """Sakai's buckets: 1–5 waiting ≈ 10 min, 6–10 ≈ 20, …"""
    return 600.0 * math.ceil(_n(snap, t) / 5)


def p1_naive(snap: Snapshot, cal: Calibration, t: Target) -> float:
    return _n(snap, t) * cal.stats(t.queue).mean / _s(snap, t)


def p2_ql(snap: Snapshot, cal: Calibration, t: Target) -> float:
    return (_n(snap, t) + 1) * cal.stats(t.queue).mean / _s(snap, t)


def _recent(snap: Snapshot, queue: str) -> list[float]:
    return [c.ts for c in snap.calls if c.queue == queue and c.ts >= snap.ts - WINDOW_S]


def p2_throughput(snap: Snapshot, cal: Calibration, t: Target) -> float:
    """(n+1)·Δ̂, Δ̂ = the mean interval between calls of this queue over the last 30 min."""
    calls = _recent(snap, t.queue)
    if len(calls) < 2:
        return p2_ql(snap, cal, t)
    span = max(snap.ts - calls[0], 60.0)
    return (_n(snap, t) + 1) * span / len(calls)


def p3_noshow(snap: Snapshot, cal: Calibration, t: Target) -> float:
    """QL where each person ahead shows with p, an absent one costs a recall time τ, and waiting people leave
    at rate α (Erlang-A: Σ 1/(sμ + iα))."""
    st = cal.stats(t.queue)
    n, s = _n(snap, t), _s(snap, t)
    p = 1.0 - st.p_noshow
    m = p * st.mean + (1 - p) * NOSHOW_TURN_S
    alpha = st.p_abandon / PATIENCE_S
    return sum(1.0 / (s / m + i * alpha) for i in range(n + 1))


def _head_wait(snap: Snapshot, t: Target) -> float | None:
    ws = snap.waiting.get(t.queue, [])
    heads = [w for w in ws if w.leg != t.leg]
    if not heads:
        return None
    return snap.ts - heads[0].entered


def p4_hol(snap: Snapshot, cal: Calibration, t: Target) -> float:
    h = _head_wait(snap, t)
    return p2_ql(snap, cal, t) if h is None or _n(snap, t) == 0 else h


def p4_hol_corrected(snap: Snapshot, cal: Calibration, t: Target) -> float:
    """ρ̂·(n+1)/n·w_HOL, ρ̂ from the recent call rate."""
    n = _n(snap, t)
    h = _head_wait(snap, t)
    if h is None or n == 0:
        return p2_ql(snap, cal, t)
    calls = _recent(snap, t.queue)
    rho = 1.0
    if calls:
        rate = len(calls) / max(snap.ts - calls[0], 60.0)
        rho = min(1.0, rate * cal.stats(t.queue).mean / _s(snap, t))
    return rho * (n + 1) / n * h


def p5_les(snap: Snapshot, cal: Calibration, t: Target) -> float:
    for c in reversed(snap.calls):
        if c.queue == t.queue:
            return c.waited
    return p2_ql(snap, cal, t)


def rolling10(snap: Snapshot, cal: Calibration, t: Target) -> float:
    w = [c.waited for c in snap.calls if c.queue == t.queue][-10:]
    return sum(w) / len(w) if w else p2_ql(snap, cal, t)


def p7_priority(snap: Snapshot, cal: Calibration, t: Target) -> float:
    """Fluid priority rule: θ_L ≈ (n+1)·m / (s − λ_H·m)."""
    st = cal.stats(t.queue)
    s = _s(snap, t)
    lam = st.prio_rate.get(int(((snap.ts + 9 * 3600) % 86400) // 3600), 0.0) if t.priority == 0 else 0.0
    return (_n(snap, t) + 1) * st.mean / max(0.25 * s, s - lam * st.mean)


BASELINES: dict[str, Callable[[Snapshot, Calibration, Target], float]] = {
    "P0 2min/person": p0_rule,
    "P0 Sakai buckets": p0_buckets,
    "P1 naive n·m/s": p1_naive,
    "P2 QL": p2_ql,
    "P2' throughput-QL": p2_throughput,
    "P3 QL+no-show/aband.": p3_noshow,
    "P4 HOL": p4_hol,
    "P4 HOL ρ-corrected": p4_hol_corrected,
    "P5 LES": p5_les,
    "R10 rolling mean": rolling10,
    "P7 priority fluid": p7_priority,
}
