"""``/``: the office congestion page (waiting counts and estimated waits per service)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from shared.web.context import WebContext
from shared.web.i18n import tr
from shared.web.issuing import web_services
from shared.web.live import office_payload
from shared.web.rendering import page_context, render, resolve_lang
from shared.web.routes.common import https


def build(ctx: WebContext) -> APIRouter:
    router = APIRouter()

    @router.get("/", include_in_schema=False)
    async def office_page(request: Request) -> Response:
        cfg = ctx.config
        lang = resolve_lang(request)
        payload = await ctx.read(
            lambda: office_payload(ctx, lang)
        )  # never behind writers waiting for the lock
        c = page_context(
            request,
            lang,
            cfg.name,
            live=payload,
            title=tr(lang, "office_title"),
            web_issue=bool(web_services(cfg)),
            web_booking=cfg.booking.enabled,  # 来庁予約 (/book)
        )
        return render(
            request, "office.html", c, lang_cookie=request.query_params.get("lang"), https=https(cfg)
        )

    return router
