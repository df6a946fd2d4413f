"""Estimated waits: the one core function the kiosk, display, status JSON and phone page call.

The figure is the online ensemble of :mod:`shared.predict.ensemble`: the classic rules and the pooled-capacity model,
weighted by how well each did on today's visitors already called (and, before that, on the training days), with
an 80% range from the recent residuals. The calibration is learned from this office's own event log of the last
days, once per business day, and stored in the DB so every process shares it; today's scores are replayed from
today's event log, so every process computes the same figure for the same moment. With no history the office
profile's ``service_min`` is used and the estimate says it is rough (``Estimate.cold``). The words every screen
uses for an estimate live in :mod:`shared.estimate_text`.
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
from shared.predict.evaluate import Live, train
from shared.predict.model import Target
from shared.predict.snapshot import engine_snapshot
from shared.predict.state import Snapshot
from shared.storage.predict_state import event_days, load_model, save_model
from shared.timeutil import to_ts

HISTORY_DAYS = 10  # days of event log the calibration learns from
SAME_WEEKDAY = 3  # with at least this many past same weekdays (e.g. Mondays), learn from those only
LOOKBACK_DAYS = 42
_CACHE: dict[tuple[int, str], Calibration] = {}


@dataclass(frozen=True)
class Estimate:
    """What every screen shows for one queue at one moment (words: :mod:`shared.estimate_text`)."""

    ahead: int  # people the call order takes first (a merged window's other services included)
    minutes: float  # point estimate
    low: float  # 80% range
    high: float
    open: bool = True  # a counter serving this queue is open now
    cold: bool = False  # no history for this queue yet: a rough figure from the profile's service minutes
    waiting: int = 0  # waiting in this queue alone (a board's 待ち人数 per service)


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


@dataclass
class _Today:
    live: Live
    last_id: int = 0
    last_ts: float = 0.0


_TODAY: dict[tuple[int, str], _Today] = {}


def today(engine: QueueEngine, now: datetime) -> Live:
    """Today's online scores: the event log since the morning replayed once, then only the new events."""
    day = engine.day(now)
    cal = calibration(engine, now)
    key = (id(engine.store), day)
    ts = to_ts(now)
    t = _TODAY.get(key)
    if t is None or t.live.cal is not cal or ts < t.last_ts:
        if len(_TODAY) > 8:
            _TODAY.clear()
        live = Live(
            cal, pickup=_pickup(engine), inferred=False, keep_place=engine.config.queue.transfer_keeps_place
        )
        t = _TODAY[key] = _Today(live)
    for e in engine.store.events(since_id=t.last_id, day=day):
        if e["ts"] > ts:
            break
        t.live.apply(e)
        t.last_id, t.last_ts = e["id"], e["ts"]
    return t.live


def people_ahead(engine: QueueEngine, snap: Snapshot, target: Target) -> int:
    """Who the call order takes first: this queue's earlier tickets, and those of the other services every
    counter serving this queue also serves (a merged window calls the oldest across them)."""
    key = (
        math.inf if target.sort_key is None else target.sort_key
    )  # a new ticket goes behind everyone waiting
    ours = {c.number for c in engine.config.counters if target.queue in c.services}
    n = len(snap.ahead(target.queue, target.priority, key, target.leg))
    if not ours:
        return n
    for qq in snap.waiting:
        if qq == target.queue:
            continue
        theirs = {c.number for c in engine.config.counters if qq in c.services}
        if ours <= theirs:
            n += len(snap.ahead(qq, target.priority, key, target.leg))
    return n


def _estimate(engine: QueueEngine, now: datetime, snap: Snapshot, target: Target) -> Estimate:
    live = today(engine, now)
    comb, _, _ = live.estimate(snap, target)
    q = target.queue
    is_open = any(d.state == "open" and q in d.services for d in snap.desks.values())
    no_history = live.cal.stats(q).n == 0 and sum(1 for c in snap.calls if c.queue == q) < 5
    return Estimate(
        people_ahead(engine, snap, target),
        comb.point / 60.0,
        comb.low / 60.0,
        comb.high / 60.0,
        is_open,
        comb.cold or no_history,
        len(
            snap.ahead(
                q, target.priority, math.inf if target.sort_key is None else target.sort_key, target.leg
            )
        ),
    )


def estimate_waits(engine: QueueEngine, now: datetime) -> dict[str, Estimate]:
    """Per service: the wait a ticket issued now can expect."""
    snap = snapshot(engine, now)
    return {code: _estimate(engine, now, snap, Target(code)) for code in engine.services}


def estimate_ticket(engine: QueueEngine, ticket: Ticket, now: datetime) -> Estimate | None:
    """The remaining wait of one waiting ticket, or None when it is not waiting."""
    leg = engine.store.open_leg(ticket.id)
    if leg is None or leg.state != "waiting":
        return None
    snap = snapshot(engine, now)
    return _estimate(engine, now, snap, Target(leg.queue, ticket.priority, leg.sort_key, leg.id))
