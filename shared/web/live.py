"""Live updates: the payloads the pages refresh from, and the Server-Sent Events stream that pushes them.

A stream sends the current payload at once, then waits on the process's :class:`ChangeHub` and sends again
only when the payload changed (a database commit anywhere, or the clock moving the "updated" minute). A
comment line goes out at least every ``HEARTBEAT_S`` so proxies keep the connection; after ``MAX_STREAM_S``
the server ends the stream and the browser's EventSource reconnects by itself.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import StreamingResponse

from shared.models import Ticket
from shared.web.context import WebContext
from shared.web.i18n import tr, translator
from shared.web.qr import qr_svg
from shared.web.rendering import fragment
from shared.web.security import valid_token_shape
from shared.web.views import history_view, now_calling, office_view, ticket_view

HEARTBEAT_S = 15.0
MAX_STREAM_S = 600.0
STATE_KEYS = {
    "waiting": "state_waiting",
    "pickup": "state_pickup",
    "called": "state_called",
    "serving": "state_serving",
    "held": "state_held",
    "done": "state_done",
    "no_show": "state_no_show",
    "cancelled": "state_cancelled",
    "expired": "state_expired",
}


def find_ticket(ctx: WebContext, token: str) -> Ticket | None:
    """Today's ticket for ``token``, or None (unknown, malformed, or from an earlier day: the page then says a
    ticket is valid on the day it was issued only)."""
    if not valid_token_shape(token):
        return None
    tid = ctx.web().ticket_id_by_token(token)
    if tid is None:
        return None
    engine = ctx.engine()
    t = engine.store.ticket(tid)
    if t is None or t.day != engine.day(ctx.now()):
        return None
    return t


def summary(view: dict[str, Any], lang: str) -> str:
    """One sentence for the screen reader's live region and the browser tab title."""
    state = tr(lang, STATE_KEYS[view["state"]])
    if view["state"] == "called" and view["counter"]:
        return (
            f"{view['number']} {state}: {tr(lang, 'go_to', counter=tr(lang, 'counter_n', n=view['counter']))}"
        )
    if view["state"] == "waiting" and view["ahead"] is not None:
        ahead = tr(lang, "ahead", n=view["ahead"]) if view["ahead"] else tr(lang, "next_is_you")
        return f"{view['number']} {state}: {ahead}"
    return f"{view['number']} {state}"


def ticket_context(ctx: WebContext, t: Ticket, lang: str) -> dict[str, Any]:
    """The status part of the ticket page, as the template and the live payload both use it."""
    web, engine = ctx.web(), ctx.engine()
    with web.snapshot():
        view = ticket_view(engine, web, t, ctx.now(), lang)
    qr = qr_svg(ctx.config.status_url(t.token), label=f"QR {t.display}") if view["checkin_needed"] else None
    return {
        "v": view,
        "qr": qr,
        "state_key": STATE_KEYS[view["state"]],
        "summary": summary(view, lang),
        "channels": [{"name": name, "address": ch.needs_address} for name, ch in ctx.channels.items()],
        "people_choices": list(ctx.config.web.alert_people_ahead),
        "minute_choices": list(ctx.config.web.alert_minutes),
    }


def ticket_payload(ctx: WebContext, token: str, lang: str) -> dict[str, Any] | None:
    t = find_ticket(ctx, token)
    if t is None:
        return None
    c = ticket_context(ctx, t, lang)
    v = c["v"]
    html = fragment("_ticket.html", {"t": translator(lang), "lang": lang, **c})
    return {
        "html": html,
        "state": v["state"],
        "counter": v["counter"],
        "number": v["number"],
        "summary": c["summary"],
        "alerts": v["alerts"],
        "updated": v["updated_iso"],
    }


def office_payload(ctx: WebContext, lang: str) -> dict[str, Any]:
    def compute() -> dict[str, Any]:
        web, engine = ctx.web(), ctx.engine()
        now = ctx.now()
        with web.snapshot():
            view = office_view(engine, now, lang)
        history = ctx.cached(
            ("history", engine.day(now), now.hour), 600.0, lambda: history_view(engine, web, now)
        )
        html = fragment("_office.html", {"t": translator(lang), "lang": lang, "o": view, "history": history})
        return {"html": html, "updated": view["updated_iso"]}

    payload: dict[str, Any] = ctx.cached(("office", lang), 2.0, compute)
    return payload


Step = Callable[[Any, bool], tuple[Any, dict[str, Any] | None | object]]
SKIP = object()


def ticket_key(ctx: WebContext, token: str) -> tuple[Any, ...] | None:
    """A cheap fingerprint of what the ticket page shows (a few indexed queries, versus a full render with the
    wait estimate). None when the ticket is gone."""
    t = find_ticket(ctx, token)
    if t is None:
        return None
    engine, web = ctx.engine(), ctx.web()
    with web.snapshot():
        leg = engine.store.open_leg(t.id) or engine.store.last_leg(t.id)
        ahead = engine.people_ahead(t)
        alerts = tuple((a.id, a.state) for a in web.alerts_of_ticket(t.id, "page"))
        subs = tuple((s.channel, s.active) for s in web.subscriptions_of_ticket(t.id))
    queue = leg.queue if leg is not None else None
    calling = ctx.cached(
        ("calling", queue),
        2.0,
        lambda: tuple((c["number"], c["counter"]) for c in now_calling(engine, queue, engine.day(ctx.now()))),
    )
    counters = ctx.cached(
        ("counters",), 2.0, lambda: tuple((c.number, c.state, c.services) for c in engine.counters())
    )
    notices = ctx.cached(
        ("notices",), 2.0, lambda: tuple(tuple(sorted(n.items())) for n in engine.notices(ctx.now()))
    )
    legkey = (leg.id, leg.state, leg.counter, leg.queue) if leg is not None else None
    return (
        t.state,
        t.outcome,
        t.checked_in,
        legkey,
        ahead,
        alerts,
        subs,
        calling,
        counters,
        notices,
        ctx.now().strftime("%H:%M"),
    )


def ticket_step(ctx: WebContext, token: str, lang: str) -> Step:
    """Render the ticket again only when its fingerprint moved, or when ``force`` (the heartbeat: the estimate
    also follows changes elsewhere, e.g. in a queue that shares its counters)."""

    def step(last_key: Any, force: bool) -> tuple[Any, dict[str, Any] | None | object]:
        key = ticket_key(ctx, token)
        if key is not None and key == last_key and not force:
            return key, SKIP
        return key, ticket_payload(ctx, token, lang)

    return step


def office_step(ctx: WebContext, lang: str) -> Step:
    def step(last_key: Any, force: bool) -> tuple[Any, dict[str, Any] | None | object]:
        return None, office_payload(ctx, lang)  # cached per database change: cheap for every watcher

    return step


def sse(ctx: WebContext, request: Request, step: Step) -> StreamingResponse:
    async def events() -> AsyncIterator[str]:
        started = time.monotonic()
        last, key, rendered_at = None, None, 0.0
        yield "retry: 2000\n\n"
        while time.monotonic() - started < MAX_STREAM_S:
            version = ctx.hub.version()
            force = time.monotonic() - rendered_at >= HEARTBEAT_S
            key, payload = await run_in_threadpool(step, key, force)
            if payload is None:
                yield "event: gone\ndata: {}\n\n"
                return
            if payload is not SKIP:
                rendered_at = time.monotonic()
                data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
                if data != last:
                    last = data
                    yield f"event: update\ndata: {data}\n\n"
                else:
                    yield ": keepalive\n\n"
            if await request.is_disconnected():
                return
            await ctx.hub.wait(version, max(0.05, HEARTBEAT_S - (time.monotonic() - rendered_at)))

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
