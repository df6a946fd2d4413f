"""``/t/{token}``: the ticket status page (the QR code's target) and its near-turn alert form."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from shared.models import Ticket
from shared.web.context import WebContext
from shared.web.errors import WebError
from shared.web.i18n import tr
from shared.web.live import find_ticket, ticket_context
from shared.web.rendering import page_context, render, resolve_lang
from shared.web.routes.common import https, not_found, wants_json, with_device
from shared.web.routes.forms import FORM_LIMITS, form_ints, form_lang, form_str
from shared.web.security import DEVICE_COOKIE, client_ip, csrf_ok, csrf_token, device_id
from shared.web.subscriptions import AlertChoice, save_alerts, stop_alerts

NOTICES = {"on": "alert_saved", "off": "alert_stopped", "1": "issued_ok"}  # ?saved= after a redirect


def build(ctx: WebContext) -> APIRouter:
    router = APIRouter()

    @router.get("/t/{token}", include_in_schema=False)
    def ticket_page(request: Request, token: str) -> Response:
        t = find_ticket(ctx, token)
        if t is None:
            return not_found(ctx, request, resolve_lang(request))
        lang = resolve_lang(request, t.lang)
        notice = NOTICES.get(request.query_params.get("saved", ""))
        return ticket_response(ctx, request, t, lang, notice=tr(lang, notice) if notice else None)

    @router.post("/t/{token}/alerts", include_in_schema=False)
    async def ticket_alerts(request: Request, token: str) -> Response:
        form = await request.form(**FORM_LIMITS)
        return await run_in_threadpool(_save_alerts, ctx, request, token, form)

    return router


def ticket_response(
    ctx: WebContext,
    request: Request,
    t: Ticket,
    lang: str,
    *,
    status: int = 200,
    notice: str | None = None,
    error: str | None = None,
) -> Response:
    device, new = device_id(request)
    extra = ticket_context(ctx, t, lang)
    c = page_context(
        request,
        lang,
        ctx.config.name,
        csrf=csrf_token(ctx.csrf_key, device),
        notice=notice,
        error=error,
        title=f"{t.display} {tr(lang, 'ticket_title')}",
        **extra,
    )
    secure = https(ctx.config)
    resp = render(
        request,
        "ticket.html",
        c,
        status=status,
        lang_cookie=request.query_params.get("lang"),
        https=secure,
    )
    return with_device(resp, device, new, secure)


def _save_alerts(ctx: WebContext, request: Request, token: str, form: FormData) -> Response:
    t = find_ticket(ctx, token)
    if t is None:
        return not_found(ctx, request, resolve_lang(request))
    lang = form_lang(form, t.lang)
    now = ctx.now()
    try:
        if not csrf_ok(ctx.csrf_key, request, form_str(form, "csrf")):
            raise WebError(403, "err_csrf")
        web, engine = ctx.web(), ctx.engine()
        if form_str(form, "action") == "off":
            stop_alerts(web, t, now)
            key = "alert_stopped"
        else:
            choice = AlertChoice(
                channels=tuple(dict.fromkeys(str(x) for x in form.getlist("ch"))),
                addresses={name: form_str(form, f"addr_{name}") or "" for name in ctx.channels},
                people=form_ints(form, "people"),
                minutes=form_ints(form, "minutes"),
                lang=lang,
            )
            save_alerts(
                engine,
                web,
                ctx.channels,
                t,
                choice,
                device=request.cookies.get(DEVICE_COOKIE, ""),
                ip=client_ip(request),
                now=now,
            )
            key = "alert_saved"
    except WebError as exc:
        if wants_json(request):
            return JSONResponse(
                {"ok": False, "error": exc.key, "message": tr(lang, exc.key, **exc.params)},
                status_code=exc.status,
            )
        return ticket_response(
            ctx, request, t, lang, status=exc.status, error=tr(lang, exc.key, **exc.params)
        )
    if wants_json(request):
        return JSONResponse({"ok": True, "message": tr(lang, key)})
    saved = "off" if key == "alert_stopped" else "on"
    return RedirectResponse(f"/t/{t.token}?lang={lang}&saved={saved}#alerts", status_code=303)
