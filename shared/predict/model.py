"""madoguchi's wait predictor: a pooled-capacity hitting time over the counters that can call the ticket.

For a ticket (or a prospective one) in queue q:
1. **Who is ahead** (P7, P8): every waiting ticket of q the call order takes first, plus the older tickets of the
   other queues those counters serve, each weighted by the share of that queue's counters that can call ours.
2. **Who will get ahead**: future priority arrivals (rate by 業務 and hour), route steps of older life-event
   tickets that keep their place (they join q when their current step ends), and expected transfers.
3. **When counters free up** (P6, Whitt's elapsed-time conditioning): the first free counter exactly,
   E[min_j R_j] = ∫ Π_j (1 − F_Rj(t)·õ_j(t)) dt, where R_j is the rest of counter j's current turn given how long it
   has lasted (empirical, by 業務 and hour, absent visitors included) and o_j(t) the chance it is open then (the
   current state now, blending into the staffing profile learned from the last days: lunch rotation, late
   openings; õ its running maximum); after that the pooled turn rate Σ_j o_j(t)/m̄, m̄ = the mean turn of the
   tickets ahead. In M/M/s this is exactly (n+1)/(sμ).
4. The wait is when that capacity has taken everyone ahead (now and future), then a linear correction kept only if
   it lowers the leave-one-day-out error, and an 80% band from within-day residual quantiles by stratum combined
   with the day-to-day spread.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from shared.predict.calibrate import PROBS, SLOT_S, SLOTS, Calibration, sec_of_day
from shared.predict.state import Desk, Snapshot

DT = 20.0
SHARE_WINDOW_S = 3600.0
SHARE_PRIOR = 30.0
HORIZON_S = 8 * 3600.0
GRID = np.arange(0.0, HORIZON_S + DT, DT)
_BLEND = np.exp(-GRID / 600.0)  # how long the current counter state dominates the learned profile


@dataclass(frozen=True)
class Target:
    queue: str
    priority: int = 0
    sort_key: float | None = None  # None: a ticket issued now
    leg: int | None = None


@dataclass(frozen=True)
class Prediction:
    point: float  # seconds
    low: float
    high: float
    ahead: float  # effective tickets ahead (same and other queues)
    stratum: str


def stratum(n_ahead: int) -> str:
    return "0" if n_ahead <= 0 else "1-5" if n_ahead <= 5 else "6-15" if n_ahead <= 15 else "16+"


def _survival(qs: np.ndarray, x: np.ndarray | float) -> np.ndarray:
    return 1.0 - np.interp(x, qs, PROBS, left=0.0, right=1.0)


def residual_cdf(cal: Calibration, queue: str, elapsed: float, ts: float) -> np.ndarray:
    """P(the current turn has ended within t), t on GRID, given it has lasted ``elapsed`` seconds."""
    st = cal.stats(queue)
    qs = np.asarray(st.quantiles) * st.factor(ts)
    s0 = float(_survival(qs, elapsed))
    if s0 < 0.02:  # longer than almost every turn seen: assume a short, uncertain remainder
        return 1.0 - np.exp(-GRID / max(60.0, 0.3 * st.mean))
    return 1.0 - _survival(qs, elapsed + GRID) / s0


def _profile(cal: Calibration, desk: int, ts: float) -> np.ndarray | None:
    prof = cal.desk_profile.get(desk)
    if prof is None or cal.days < 2:
        return None
    idx = ((sec_of_day(ts) + GRID) // SLOT_S).astype(int)
    return np.asarray(prof)[np.minimum(idx, SLOTS - 1)]


def open_curve(cal: Calibration, snap: Snapshot, number: int) -> np.ndarray:
    d = snap.desks[number]
    cur = 1.0 if d.state == "open" else 0.0
    prof = _profile(cal, number, snap.ts)
    if prof is None:
        if snap.inferred:  # an external log with too little history: a server seen before may work now
            return np.ones(GRID.shape)
        if d.state == "paused":  # back from a break, we guess, in about half an hour
            return (GRID >= 1800.0).astype(float)
        return np.full(GRID.shape, cur)
    if snap.inferred and d.ticket is None:  # an idle server in an external log: its state is a guess
        return prof
    return _BLEND * cur + (1.0 - _BLEND) * prof


def predict(snap: Snapshot, cal: Calibration, target: Target) -> Prediction | None:
    """The call wait of ``target``; None when no counter serves its queue."""
    ts = snap.ts
    q = target.queue
    # a ticket issued now goes behind everyone waiting (sort keys never go back, even when a clock does)
    key = math.inf if target.sort_key is None else target.sort_key
    prio = target.priority
    desks = [d for d in snap.desks.values() if q in d.services]
    if not desks:
        return None
    curves = {d.number: open_curve(cal, snap, d.number) for d in desks}
    if all(float(c.max()) < 0.05 for c in curves.values()):
        return None
    weight_now = {n: max(0.15, float(c[:90].mean())) for n, c in curves.items()}  # next 30 min
    # capacity share of each queue the candidate counters serve (P8): counter j gives queue k the share π_jk of
    # its recent calls (smoothed toward 1/|S_j|), weighted by how open it will be in the next half hour
    recent: dict[int, dict[str, int]] = {}
    for c in snap.calls:
        if c.ts >= ts - SHARE_WINDOW_S:
            recent.setdefault(c.counter, {}).setdefault(c.queue, 0)
            recent[c.counter][c.queue] += 1

    def pi(d: Desk, qq: str) -> float:
        r = recent.get(d.number, {})
        return (r.get(qq, 0) + SHARE_PRIOR / len(d.services)) / (sum(r.values()) + SHARE_PRIOR)

    share: dict[str, float] = {}
    for qq in {s for d in desks for s in d.services}:
        if qq == q:
            share[qq] = 1.0
            continue
        serving = [d for d in snap.desks.values() if qq in d.services]
        for d in serving:
            if d.number not in weight_now:
                weight_now[d.number] = max(0.15, float(open_curve(cal, snap, d.number)[:90].mean()))
        ours = sum(weight_now[d.number] * pi(d, qq) for d in serving if q in d.services)
        total = sum(weight_now[d.number] * pi(d, qq) for d in serving)
        share[qq] = min(1.0, ours / total) if total > 0 else 0.0
    # 1. who is ahead now
    ahead = 0.0
    work = 0.0
    n_same = 0
    for qq, sh in share.items():
        st = cal.stats(qq)
        f = st.factor(ts)
        stay = 1.0  # discounting for people ahead who may leave made it worse (they have already stayed)
        for w in snap.waiting.get(qq, ()):
            if w.leg == target.leg:
                continue
            if w.priority > prio or (
                w.priority == prio and (w.sort_key, w.leg) < (key, target.leg or 1 << 62)
            ):
                wt = sh * stay
                ahead += wt
                work += wt * st.mean * f
                if qq == q:
                    n_same += 1
            else:
                break  # each queue is in call order: nobody further back is ahead
    own = cal.stats(q)
    mbar = (work + own.mean * own.factor(ts)) / (ahead + 1.0)
    # 2. who will get ahead: priority arrivals, kept-place route steps and transfers of older tickets
    future = np.zeros_like(GRID)
    if prio == 0:
        lam = sum(
            cal.stats(qq).prio_rate.get(int(sec_of_day(ts) // 3600), 0.0) * sh for qq, sh in share.items()
        )
        future += lam * GRID
    for d in snap.desks.values():
        if d.ticket is None or d.queue is None:
            continue
        st = cal.stats(d.queue)
        elapsed = ts - (d.called or ts)
        eta = max(0.0, float(np.interp(0.5, PROBS, st.quantiles)) * st.factor(ts) - elapsed)
        if d.rest and d.rest[0] in share and not d.rest[0].endswith(":pickup"):
            first = _ticket_key(snap, d.ticket)
            if first is not None and first < key:
                future += share[d.rest[0]] * (eta <= GRID)
        for to, p in st.transfer.items():
            if to in share:
                future += p * share[to] * (eta <= GRID)
    for qq, ws in snap.waiting.items():
        if qq in share:
            continue
        st = cal.stats(qq)
        cap = max(
            0.5,
            sum(1.0 / len(d.services) for d in snap.desks.values() if qq in d.services and d.state == "open"),
        )
        for pos, w in enumerate(ws):
            if w.rest and w.rest[0] in share and w.sort_key < key and not w.rest[0].endswith(":pickup"):
                eta = (pos + 1) * st.mean * st.factor(ts) / cap + st.mean
                future += share[w.rest[0]] * (eta <= GRID)
    # 3. when counters free up: the first one exactly (E[min of residuals]), then the pooled turn rate
    surv = np.ones_like(GRID)
    rate = np.zeros_like(GRID)
    for d in desks:
        o = curves[d.number]
        if d.ticket is not None and d.queue is not None:
            fr = residual_cdf(cal, d.queue, ts - (d.called or ts), ts)
        else:
            fr = np.ones_like(GRID)
        surv *= 1.0 - fr * np.maximum.accumulate(o)
        rate += o
    theta = first_free = float(np.sum(surv[:-1]) * DT)
    i1 = min(int(first_free // DT), len(GRID) - 1)
    cum_cap = np.cumsum(rate) * (DT / mbar)
    done = cum_cap[i1:] - cum_cap[i1]
    hit = np.nonzero(done >= ahead + future[i1:] - 1e-9)[0]
    if len(hit) == 0:
        theta = HORIZON_S
    elif hit[0] > 0:
        j = i1 + int(hit[0])
        theta = float(GRID[j]) + first_free - float(GRID[i1])
    # 4. calibrated point and band
    point = max(0.0, cal.a + cal.b * theta) if cal.days else theta
    sigma = theta / math.sqrt(ahead + 1.0) + 60.0
    s = stratum(n_same)
    z10, z90 = cal.bands.get(s) or cal.bands.get("all") or [-1.1, 1.5]
    day = 1.2816 * cal.tau * max(point, 300.0)
    low = max(0.0, point - math.hypot(z10 * sigma, day))
    high = max(point + math.hypot(z90 * sigma, day), low)
    return Prediction(point, low, high, ahead, s)


def _ticket_key(snap: Snapshot, ticket: int) -> float | None:
    """The sort key a ticket keeps on its next route step: its issue time (the oldest key of its legs)."""
    return snap.ticket_keys.get(ticket) if snap.ticket_keys else None
