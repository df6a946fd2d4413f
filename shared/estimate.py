"""Estimated waits: the one core function the kiosk, display, status JSON and phone page call.

It delegates to the calibrated predictor in :mod:`shared.predict.model` (pooled counter capacity, staffing profile,
elapsed service times, priorities, absent visitors, route steps and transfers). The calibration is learned from
this office's own event log of the last days, once per business day, and stored in the DB so every process shares
it; on day one the office profile's ``service_min`` is used. A range (80%) is always given, skewed long.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass
from datetime import date, datetime

from shared.engine import QueueEngine
from shared.errors import StorageError
from shared.models import Ticket
from shared.predict.calibrate import Calibration, defaults
from shared.predict.evaluate import train
from shared.predict.model import Prediction, Target, predict
from shared.predict.state import Snapshot
from shared.storage.predict_state import engine_snapshot, event_days, load_model, save_model
from shared.timeutil import to_ts

HISTORY_DAYS = 10  # days of event log the calibration learns from
SAME_WEEKDAY = 3  # with at least this many past same weekdays (e.g. Mondays), learn from those only
LOOKBACK_DAYS = 42
_CACHE: dict[tuple[int, str], Calibration] = {}


@dataclass(frozen=True)
class Estimate:
    ahead: int
    minutes: float  # point estimate
    low: float  # 80% range
    high: float

    def label_ja(self) -> str:
        lo, hi = round_5(self.low), round_5(self.high)
        if hi <= 0:
            return "まもなく"
        return f"約{lo}〜{hi}分" if lo != hi else f"約{hi}分"


def round_5(minutes: float) -> int:
    return int(5 * math.ceil(max(0.0, minutes) / 5))


def _pickup(engine: QueueEngine) -> frozenset[str]:
    return frozenset(s.code for s in engine.config.services if s.pickup)


def history_days(days: list[str], today: str) -> list[str]:
    """Past same-weekday days when there are enough of them (Mondays differ), else the latest days."""
    wd = date.fromisoformat(today).weekday()
    same = [d for d in days if date.fromisoformat(d).weekday() == wd]
    if len(same) >= SAME_WEEKDAY:
        return same[-HISTORY_DAYS:]
    return days[-HISTORY_DAYS:]


def calibration(engine: QueueEngine, now: datetime) -> Calibration:
    """Today's calibration: from memory, else from the DB, else learned from the last days' event log."""
    day = engine.day(now)
    key = (id(engine.store), day)
    cal = _CACHE.get(key)
    if cal is not None:
        return cal
    text = load_model(engine.store, day)
    if text is not None:
        cal = Calibration.from_json(text)
    else:
        days = history_days(event_days(engine.store, day, LOOKBACK_DAYS), day)
        if days:
            logs = [engine.store.events(day=d) for d in days]
            cal = train(
                logs,
                engine.config,
                pickup=_pickup(engine),
                keep_place=engine.config.queue.transfer_keeps_place,
            )
            with contextlib.suppress(StorageError):  # a read-only connection: keep it in memory only
                save_model(engine.store, day, to_ts(now), cal.to_json())
        else:
            cal = defaults(engine.config)
    if len(_CACHE) > 16:
        _CACHE.clear()
    _CACHE[key] = cal
    return cal


def refresh_calibration(engine: QueueEngine, now: datetime) -> Calibration:
    """Re-learn today's calibration now and store it (a job for the scheduler before opening, ~2 s for
    10 days of a busy office), so no kiosk or display pays for it on its first refresh of the day."""
    day = engine.day(now)
    _CACHE.pop((id(engine.store), day), None)
    days = history_days(event_days(engine.store, day, LOOKBACK_DAYS), day)
    if not days:
        return calibration(engine, now)
    logs = [engine.store.events(day=d) for d in days]
    cal = train(
        logs, engine.config, pickup=_pickup(engine), keep_place=engine.config.queue.transfer_keeps_place
    )
    save_model(engine.store, day, to_ts(now), cal.to_json())
    _CACHE[(id(engine.store), day)] = cal
    return cal


def snapshot(engine: QueueEngine, now: datetime) -> Snapshot:
    return engine_snapshot(engine.store, to_ts(now), engine.day(now), _pickup(engine))


def _estimate(p: Prediction | None, ahead: int, mean_s: float) -> Estimate:
    if p is None:  # nobody serves it now or later today: assume a counter opens within half an hour
        point = 30.0 + (ahead + 1) * mean_s / 60.0
        return Estimate(ahead, point, point, point * 1.5 + 5)
    return Estimate(ahead, p.point / 60.0, p.low / 60.0, p.high / 60.0)


def estimate_for(engine: QueueEngine, queue: str, ahead: int, now: datetime) -> Estimate:
    """A ticket in ``queue`` with ``ahead`` people before it (a what-if: the queue as it is, resized)."""
    snap = snapshot(engine, now)
    cal = calibration(engine, now)
    p = predict(snap, cal, Target(queue))
    n_now = len(snap.ahead(queue, 0, snap.ts))
    if p is not None and ahead != n_now:
        f = (ahead + 1) / (n_now + 1)
        p = Prediction(p.point * f, p.low * f, p.high * f, p.ahead * f, p.stratum)
    return _estimate(p, ahead, cal.stats(queue).mean)


def estimate_waits(engine: QueueEngine, now: datetime) -> dict[str, Estimate]:
    """Per service: the wait a ticket issued now can expect."""
    snap = snapshot(engine, now)
    cal = calibration(engine, now)
    out = {}
    for code in engine.services:
        n = len(snap.ahead(code, 0, snap.ts))
        out[code] = _estimate(predict(snap, cal, Target(code)), n, cal.stats(code).mean)
    return out


def estimate_ticket(engine: QueueEngine, ticket: Ticket, now: datetime) -> Estimate | None:
    """The remaining wait of one waiting ticket, or None when it is not waiting."""
    leg = engine.store.open_leg(ticket.id)
    if leg is None or leg.state != "waiting":
        return None
    snap = snapshot(engine, now)
    cal = calibration(engine, now)
    n = len(snap.ahead(leg.queue, ticket.priority, leg.sort_key, leg.id))
    p = predict(snap, cal, Target(leg.queue, ticket.priority, leg.sort_key, leg.id))
    return _estimate(p, n, cal.stats(leg.queue).mean)
