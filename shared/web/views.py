"""Plain data for the pages and the JSON API, built from the engine. No HTTP here, no SQL."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from shared.calendar import is_open, opening_span
from shared.engine import QueueEngine
from shared.estimate import Estimate, estimate_ticket, estimate_waits, round_5
from shared.models import LegState, Ticket
from shared.storage.web_store import WebStore
from shared.timeutil import TOKYO, business_day

HISTORY_WEEKS = 8


def estimate_range(e: Estimate | None) -> dict[str, Any] | None:
    """Rounded to 5 minutes, biased long (the display shows a band, never a point)."""
    if e is None:
        return None
    lo, hi = round_5(e.low), round_5(e.high)
    return {"low": lo, "high": hi, "soon": hi <= 0}


def ticket_state(engine: QueueEngine, t: Ticket) -> tuple[str, Any]:
    """(state, leg): waiting | pickup | called | serving | held | done | no_show | cancelled | expired."""
    leg = engine.store.open_leg(t.id) or engine.store.last_leg(t.id)
    if t.state == "closed" or leg is None:
        return {"served": "done", "no_show": "no_show", "cancelled": "cancelled"}.get(
            t.outcome or "", "expired"
        ), leg
    if leg.state == LegState.WAITING:
        return ("pickup" if leg.stage == "pickup" else "waiting"), leg
    return str(leg.state), leg


def now_calling(engine: QueueEngine, queue: str | None) -> list[dict[str, Any]]:
    """Tickets of ``queue`` (every queue when None) being called at a counter right now, newest first."""
    out = []
    for c in engine.counters():
        if queue is not None and queue not in c.services:
            continue
        cur = engine.current(c.number)
        if cur is not None and cur[1].state == LegState.CALLED and (queue is None or cur[1].queue == queue):
            out.append(
                {
                    "number": cur[0].display,
                    "counter": c.number,
                    "queue": cur[1].queue,
                    "since": cur[1].called_at or 0.0,
                }
            )
    return sorted(out, key=lambda x: -x["since"])


def ticket_view(engine: QueueEngine, web: WebStore, t: Ticket, now: datetime, lang: str) -> dict[str, Any]:
    state, leg = ticket_state(engine, t)
    service_code = leg.service if leg is not None else (t.route[0] if t.route else "")
    svc = engine.services.get(service_code)
    waiting = state == "waiting"
    est = estimate_range(estimate_ticket(engine, t, now)) if waiting else None
    ahead = engine.people_ahead(t) if waiting else None
    route = []
    if len(t.route) > 1:
        step = leg.step if leg is not None else len(t.route)
        for i, code in enumerate(t.route):
            s = engine.services.get(code)
            status = "done" if i < step or state == "done" else ("now" if i == step else "next")
            route.append({"code": code, "name": s.name(lang) if s else code, "status": status})
    page_alerts = [
        {"id": a.id, "title": a.title, "body": a.body, "kind": a.kind}
        for a in web.alerts_of_ticket(t.id, "page")
        if a.state == "sent"
    ]
    subs = {s.channel: s for s in web.subscriptions_of_ticket(t.id) if s.active}
    return {
        "number": t.display,
        "service": {"code": service_code, "name": svc.name(lang) if svc else service_code},
        "state": state,
        "stage": leg.stage if leg is not None else "service",
        "counter": leg.counter if leg is not None and state in ("called", "serving") else None,
        "ahead": ahead,
        "estimate_min": est,
        "checkin_needed": t.channel == "web" and not t.checked_in and t.state == "open",
        "checked_in": t.checked_in,
        "channel": t.channel,
        "route": route,
        "now_calling": now_calling(engine, leg.queue if leg is not None else None)[:6],
        "alerts": page_alerts[-3:],
        "subscribed": {ch: {"people": list(s.people), "minutes": list(s.minutes)} for ch, s in subs.items()},
        "open": t.state == "open",
        "updated": now.astimezone(TOKYO).strftime("%H:%M"),
        "updated_iso": now.isoformat(timespec="seconds"),
    }


def public_ticket(view: dict[str, Any]) -> dict[str, Any]:
    """The ticket as the JSON API shows it: its own state and public counts only."""
    keys = (
        "number",
        "service",
        "state",
        "stage",
        "counter",
        "ahead",
        "estimate_min",
        "checkin_needed",
        "route",
        "now_calling",
        "open",
        "updated_iso",
    )
    doc = {k: view[k] for k in keys}
    doc["now_calling"] = [{"number": c["number"], "counter": c["counter"]} for c in view["now_calling"]]
    doc["updated"] = doc.pop("updated_iso")
    return doc


def office_view(engine: QueueEngine, now: datetime, lang: str) -> dict[str, Any]:
    counts = engine.store.waiting_counts()
    estimates = estimate_waits(engine, now)
    calls = now_calling(engine, None)
    services = []
    for s in engine.config.services:
        queues = {s.code} | ({f"{s.code}:pickup"} if s.pickup else set())
        n = counts.get(s.code, (0, None))[0]
        services.append(
            {
                "code": s.code,
                "name": s.name(lang),
                "names": s.names,
                "waiting": n,
                "pickup_waiting": counts.get(f"{s.code}:pickup", (0, None))[0] if s.pickup else None,
                "estimate_min": estimate_range(estimates[s.code]),
                "now_calling": [
                    {"number": c["number"], "counter": c["counter"]} for c in calls if c["queue"] in queues
                ][:4],
                "issuing": engine.issuing_reason(s.code, now) or "open",
                "web": s.web,
            }
        )
    return {
        "office": engine.config.name.get(lang) or engine.config.name.get("ja", ""),
        "open": is_open(now, engine.config.hours),
        "services": services,
        "updated": now.astimezone(TOKYO).strftime("%H:%M"),
        "updated_iso": now.isoformat(timespec="seconds"),
    }


def history_view(engine: QueueEngine, web: WebStore, now: datetime) -> dict[str, Any]:
    """The "usually busy" chart: mean tickets per hour on this weekday over the past weeks, and mean waits."""
    today = business_day(now, engine.config.queue.day_rollover)
    since = today - timedelta(weeks=HISTORY_WEEKS)
    rows = web.hourly_history(today.weekday(), since.isoformat(), today.isoformat())
    span = opening_span(today, engine.config.hours) or engine.config.hours.weekday
    first = span[0].hour
    last = span[1].hour - (0 if span[1].minute else 1)
    if engine.config.hours.always_open:
        hours = sorted(rows) or list(range(9, 17))
        first, last = hours[0], hours[-1]
    peak = max((r[0] for r in rows.values()), default=0.0)
    bars = []
    for h in range(first, last + 1):
        mean, wait, _ = rows.get(h, (0.0, None, 0))
        share = mean / peak if peak else 0.0
        level = "low" if share < 0.34 else ("mid" if share < 0.67 else "high")
        bars.append(
            {
                "hour": h,
                "mean": round(mean, 1),
                "wait": round(wait) if wait is not None else None,
                "pct": round(100 * share),
                "level": level,
                "now": h == now.astimezone(TOKYO).hour,
            }
        )
    days = max((r[2] for r in rows.values()), default=0)
    return {"weekday": today.weekday(), "days": days, "bars": bars if days else []}
