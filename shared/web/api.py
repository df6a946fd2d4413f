"""JSON and live endpoints. ``/api/status`` is public (CORS *) so the city's website can embed it; the ticket
endpoints answer only to the ticket's own unguessable token and show only that ticket plus public counts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from shared.calendar import opening_span
from shared.timeutil import TOKYO
from shared.web.context import WebContext
from shared.web.errors import WebError
from shared.web.live import find_ticket, office_payload, office_step, sse, ticket_payload, ticket_step
from shared.web.rendering import STATIC, resolve_lang
from shared.web.views import history_view, office_view, public_ticket, ticket_view

STATUS_VERSION = 1  # /api/status: fields are only ever added within a version (README: the public status API)
PUBLIC = {"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=5"}
PRIVATE = {"Cache-Control": "no-store"}


def public_status(ctx: WebContext) -> dict[str, Any]:
    def compute() -> dict[str, Any]:
        engine, web, now = ctx.engine(), ctx.web(), ctx.now()
        with web.snapshot():
            o = office_view(engine, now, "ja")
        history = ctx.cached(
            ("history", engine.day(now), now.hour), 600.0, lambda: history_view(engine, web, now)
        )
        span = opening_span(now.astimezone(TOKYO).date(), engine.config.hours)
        return {
            "version": STATUS_VERSION,
            "office": engine.config.name,
            "office_code": engine.config.code,
            "updated": o["updated_iso"],
            "open": o["open"],
            "hours_today": {"open": span[0].strftime("%H:%M"), "close": span[1].strftime("%H:%M")}
            if span is not None
            else None,
            "services": [
                {
                    "code": s["code"],
                    "names": s["names"],
                    "waiting": s["waiting"],
                    "pickup_waiting": s["pickup_waiting"],
                    "estimate_min": s["estimate_min"],
                    "now_calling": s["now_calling"],
                    "issuing": s["issuing"],
                    "web_ticket": s["web"],
                }
                for s in o["services"]
            ],
            "usually_busy": {
                "weekday": history["weekday"],
                "days": history["days"],
                "hours": [
                    {"hour": b["hour"], "mean_tickets": b["mean"], "mean_wait_min": b["wait"]}
                    for b in history["bars"]
                ],
            },
        }

    doc: dict[str, Any] = ctx.cached(("api-status",), 2.0, compute)
    return {**doc, "served_at": ctx.now().isoformat(timespec="seconds")}


def build_api(ctx: WebContext) -> APIRouter:
    router = APIRouter(prefix="/api")

    @router.get("/status", summary="Public congestion: waiting counts, estimated waits, numbers now called")
    async def api_status() -> Response:
        return JSONResponse(await ctx.read(lambda: public_status(ctx)), headers=PUBLIC)

    @router.get("/status/live", summary="The office page's live fragment (for polling)")
    async def api_status_live(request: Request, lang: str | None = None) -> Response:
        chosen = resolve_lang(request)
        return JSONResponse(await ctx.read(lambda: office_payload(ctx, chosen)), headers=PRIVATE)

    @router.get("/status/stream", summary="Server-Sent Events: the office page's live fragment")
    def api_status_stream(request: Request, lang: str | None = None) -> Response:
        chosen = resolve_lang(request)
        return sse(ctx, request, office_step(ctx, chosen))

    @router.get("/t/{token}", summary="One ticket's own state and public counts")
    def api_ticket(token: str) -> Response:
        t = find_ticket(ctx, token)
        if t is None:
            raise WebError(404, "nf_title")
        web, engine = ctx.web(), ctx.engine()
        with web.snapshot():
            view = ticket_view(engine, web, t, ctx.now(), t.lang)
        return JSONResponse(public_ticket(view), headers=PRIVATE)

    @router.get("/t/{token}/live", summary="The ticket page's live fragment (for polling)")
    def api_ticket_live(request: Request, token: str, lang: str | None = None) -> Response:
        t = find_ticket(ctx, token)
        if t is None:
            raise WebError(404, "nf_title")
        payload = ticket_payload(ctx, token, resolve_lang(request, t.lang))
        if payload is None:
            raise WebError(404, "nf_title")
        return JSONResponse(payload, headers=PRIVATE)

    @router.get("/t/{token}/stream", summary="Server-Sent Events: the ticket page's live fragment")
    def api_ticket_stream(request: Request, token: str, lang: str | None = None) -> Response:
        t = find_ticket(ctx, token)
        if t is None:
            raise WebError(404, "nf_title")
        chosen = resolve_lang(request, t.lang)
        return sse(ctx, request, ticket_step(ctx, token, chosen))

    return router


def build_misc(ctx: WebContext) -> APIRouter:
    router = APIRouter()

    @router.get("/healthz", include_in_schema=False)
    async def healthz() -> Response:
        def check() -> str:
            engine = ctx.engine()
            engine.store.data_version()
            return engine.day(ctx.now())

        return JSONResponse({"ok": True, "day": await ctx.read(check)}, headers=PRIVATE)

    @router.get("/sw.js", include_in_schema=False)
    def service_worker() -> Response:
        return Response(
            (STATIC / "sw.js").read_bytes(),
            media_type="application/javascript",
            headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
        )

    @router.get("/robots.txt", include_in_schema=False)
    def robots() -> Response:
        return PlainTextResponse("User-agent: *\nDisallow: /t/\nDisallow: /api/t/\n")

    return router
