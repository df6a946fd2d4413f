"""Plain data for the pages and the JSON API, built from the engine. No HTTP here, no SQL."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from shared.calendar import is_open, opening_span
from shared.engine import QueueEngine
from shared.estimate import Estimate, estimate_ticket, estimate_waits
from shared.estimate_text import as_json, board, rough_note, with_range
from shared.i18n.fallback import pick
from shared.models import LegState, Ticket
from shared.storage.web_store import WebStore
from shared.timeutil import TOKYO, business_day

HISTORY_WEEKS = 8


def estimate_doc(e: Estimate | None, lang: str, *, room: bool) -> dict[str, Any] | None:
    """The shared decision (:mod:`shared.estimate_text`) plus its words in ``lang``: the phone page has room for
    the range, the office list shows one 目安 like the boards."""
    doc = as_json(e)
    if doc is None or e is None:
        return None
    doc["text"] = with_range(e, lang) if room else board(e, lang)
    doc["rough_note"] = rough_note(lang) if doc["rough"] else None
    return doc


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


def notice_texts(engine: QueueEngine, now: datetime, lang: str) -> list[str]:
    """The office's notices now (the profile's standing ones, then today's from the floor manager), each in the
    visitor's language or its fallback (:mod:`shared.i18n.fallback`, as the kiosk and the display ticker);
    a notice with no text a visitor can read is left out."""
    return [text for text in (pick(n, lang) for n in engine.notices(now)) if text]


def now_calling(engine: QueueEngine, queue: str | None, day: str) -> list[dict[str, Any]]:
    """Today's tickets of ``queue`` (every queue when None) being called at a counter right now, newest first.
    A ticket of an earlier business day still at a counter after the rollover is left out: its number may
    also be one of today's."""
    out = []
    for c in engine.counters():
        if queue is not None and queue not in c.services:
            continue
        cur = engine.current(c.number)
        if cur is None or cur[0].day != day:
            continue
        if cur[1].state == LegState.CALLED and (queue is None or cur[1].queue == queue):
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
    e = estimate_ticket(engine, t, now) if waiting else None
    est = estimate_doc(e, lang, room=True)
    ahead = e.ahead if e is not None else engine.people_ahead(t) if waiting else None
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
        "now_calling": now_calling(engine, leg.queue if leg is not None else None, t.day)[:6],
        "notices": notice_texts(engine, now, lang),
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
    calls = now_calling(engine, None, engine.day(now))
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
                "estimate_min": estimate_doc(estimates[s.code], lang, room=False),
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
        "notices": notice_texts(engine, now, lang),
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
