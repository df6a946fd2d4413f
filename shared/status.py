"""The office at a glance, as plain data: what ``madoguchi status --json`` prints and the web API serves."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shared.calendar import is_open
from shared.engine import QueueEngine
from shared.estimate import estimate_waits
from shared.estimate_text import as_json
from shared.models import CounterState
from shared.timeutil import to_ts


def office_status(engine: QueueEngine, now: datetime) -> dict[str, Any]:
    ts = to_ts(now)
    counts = engine.store.waiting_counts()
    counters = engine.counters()
    estimates = estimate_waits(engine, now)
    current: dict[str, list[dict[str, Any]]] = {}
    for c in counters:
        cur = engine.current(c.number)
        if cur is not None:
            t, leg = cur
            current.setdefault(leg.service, []).append(
                {"number": t.display, "counter": c.number, "state": leg.state, "stage": leg.stage}
            )
    services = []
    for s in engine.config.services:
        n, oldest = counts.get(s.code, (0, None))
        e = estimates[s.code]
        services.append(
            {
                "code": s.code,
                "name": s.names["ja"],
                "names": s.names,
                "group": s.group,
                "waiting": n,
                "oldest_wait_s": round(ts - oldest, 1) if oldest is not None else None,
                "pickup_waiting": counts.get(f"{s.code}:pickup", (0, None))[0] if s.pickup else None,
                "current_calls": current.get(s.code, []),
                "open_counters": [
                    c.number for c in counters if c.state == CounterState.OPEN and s.code in c.services
                ],
                "issuing": engine.issuing_reason(s.code, now) or "open",
                "ahead": e.ahead,
                "estimate_min": as_json(e),
            }
        )
    return {
        "office": engine.config.name.get("ja", ""),
        "now": now.isoformat(),
        "day": engine.day(now),
        "open": is_open(now, engine.config.hours),
        "services": services,
        "counters": [
            {
                "number": c.number,
                "name": c.name,
                "state": c.state,
                "reason": c.reason,
                "services": list(c.services),
            }
            for c in counters
        ],
    }
