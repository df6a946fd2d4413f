"""``/issue``: web tickets in advance (事前WEB発券), the form and its post."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from shared.alternatives import Offer, offer_for_service
from shared.i18n.alternatives import alt_text
from shared.timeutil import to_ts
from shared.web.context import WebContext
from shared.web.errors import WebError
from shared.web.i18n import tr
from shared.web.issuing import (
    asked_steps,
    check_rate,
    issue_web_ticket,
    route_of,
    web_bundles,
    web_services,
    window_open,
)
from shared.web.live import find_ticket
from shared.web.qr import qr_svg
from shared.web.rendering import page_context, render, resolve_lang
from shared.web.routes.common import https, to_ticket, with_device
from shared.web.routes.email_code import send_code_response
from shared.web.routes.forms import FORM_LIMITS, form_lang, form_str, issue_request, raw_answers
from shared.web.security import DEVICE_COOKIE, TICKET_COOKIE, client_ip, csrf_ok, csrf_token, device_id


def build(ctx: WebContext) -> APIRouter:
    router = APIRouter()

    @router.get("/issue", include_in_schema=False)
    def issue_page(request: Request) -> Response:
        lang = resolve_lang(request)
        event = request.query_params.get("event")
        if event is not None and event not in {b.code for b in web_bundles(ctx.config)}:
            raise WebError(404, "err_choose")
        return issue_response(ctx, request, lang, event=event)

    @router.post("/issue", include_in_schema=False)
    async def issue_post(request: Request) -> Response:
        form = await request.form(**FORM_LIMITS)
        return await run_in_threadpool(_issue, ctx, request, form)

    @router.post("/issue/divert", include_in_schema=False)
    async def divert_post(request: Request) -> Response:
        form = await request.form(**FORM_LIMITS)
        return await run_in_threadpool(_divert, ctx, request, form)

    return router


def _choices(ctx: WebContext, lang: str, now: datetime) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The services and life events a phone may take a ticket for, each with the reason it cannot now."""
    cfg, engine = ctx.config, ctx.engine()
    services = []
    for s in web_services(cfg):
        reason = engine.issuing_reason(s.code, now)
        services.append({"value": f"s:{s.code}", "name": s.name(lang), "reason": reason})
    bundles = []
    for b in web_bundles(cfg):
        reason = engine.issuing_reason(b.steps[0].service, now)
        questions = [
            {"index": i, "text": st.ask.get(lang) or st.ask["ja"]}
            for i, st in enumerate(b.steps)
            if st.ask is not None
        ]
        bundles.append(
            {
                "value": f"b:{b.code}",
                "name": b.names.get(lang) or b.names["ja"],
                "reason": reason,
                "questions": questions,
            }
        )
    return services, bundles


def issue_response(
    ctx: WebContext,
    request: Request,
    lang: str,
    *,
    status: int = 200,
    error: str | None = None,
    selected: str | None = None,
    email: str | None = None,
    retry_after: int | None = None,
    event: str | None = None,
    answers: dict[int, str] | None = None,
) -> Response:
    """The /issue form: the services and life events (step 1), or with ``event`` the questions of that life
    event only (step 2), each answered yes, no or unsure and none chosen in advance."""
    cfg = ctx.config
    device, new = device_id(request)
    now = ctx.now()
    services, bundles = _choices(ctx, lang, now)
    chosen = next((b for b in bundles if b["value"] == f"b:{event}"), None) if event else None
    mine = None
    held = request.cookies.get(TICKET_COOKIE)
    if held:
        t = find_ticket(ctx, held)
        if t is not None and t.state == "open":
            mine = {"number": t.display, "url": f"/t/{t.token}?lang={lang}"}
    start, end = cfg.web.issue_hours
    c = page_context(
        request,
        lang,
        cfg.name,
        title=tr(lang, "issue_title"),
        services=services,
        bundles=bundles,
        open=window_open(cfg, now),
        mine=mine,
        error=error,
        selected=selected,
        hours=tr(lang, "issue_hours", start=start.strftime("%H:%M"), end=end.strftime("%H:%M")),
        csrf=csrf_token(ctx.csrf_key, device),
        email_code=ctx.mailer is not None,
        email=email,
        event=chosen,
        answers=answers or {},
    )
    secure = https(cfg)
    resp = render(
        request, "issue.html", c, status=status, lang_cookie=request.query_params.get("lang"), https=secure
    )
    if retry_after is not None:
        resp.headers["Retry-After"] = str(retry_after)
    return with_device(resp, device, new, secure)


def _issue(ctx: WebContext, request: Request, form: FormData) -> Response:
    lang = form_lang(form, resolve_lang(request))
    choice = form_str(form, "choice") or ""
    email: str | None = None
    step2 = form_str(form, "answered") == "1"
    try:
        if ctx.mailer is not None:
            email = form_str(form, "email")
        if not csrf_ok(ctx.csrf_key, request, form_str(form, "csrf")):
            raise WebError(403, "err_csrf")
        req = issue_request(form, choice, lang)
        if req.bundle is not None:
            route_of(ctx.config, req)  # an unknown life event, one not on the web, or a bad answer: 4xx
            asked = asked_steps(ctx.config, req.bundle)
            if asked and not req.answers and not step2:
                # step 1 chose a life event: its questions come next (no JavaScript needed)
                return issue_response(ctx, request, lang, event=req.bundle, email=email)
            if any(i not in req.answers for i in asked):
                raise WebError(400, "err_answer")
        # 行かない: the alternative first, once per visit; 「窓口で手続きする」 comes back with alt=counter
        seen = request.cookies.get(ALT_COOKIE, "").split(".")
        offer = offer_for_service(ctx.config, req.service) if req.service is not None else None
        if offer is not None and form_str(form, "alt") != "counter" and offer.services[0] not in seen:
            route_of(ctx.config, req)  # a service not on the web: 4xx, no offer
            ctx.engine().offer(offer.services, offer.kind, channel="web", now=ctx.now())
            resp = alternative_response(ctx, request, lang, offer, choice, email=email)
            # this phone is not offered this service's alternative again for an hour (a code, no person)
            shown = ".".join(sorted({*seen, *offer.services} - {""}))
            resp.set_cookie(
                ALT_COOKIE, shown, max_age=3600, httponly=True, samesite="lax", secure=https(ctx.config)
            )
            return resp
        if ctx.mailer is not None:
            return send_code_response(ctx, request, req, email, lang)
        out = issue_web_ticket(
            ctx.engine(),
            ctx.web(),
            req,
            device=request.cookies.get(DEVICE_COOKIE, ""),
            ip=client_ip(request),
            now=ctx.now(),
        )
    except WebError as exc:
        bundle = choice[2:] if step2 and choice.startswith("b:") else None
        return issue_response(
            ctx,
            request,
            lang,
            status=exc.status,
            error=tr(lang, exc.key, **exc.params),
            selected=choice,
            email=email,
            retry_after=exc.retry_after,
            event=bundle,
            answers=raw_answers(form, bundle) if bundle else None,
        )
    assert out.ticket is not None
    return to_ticket(ctx, out.ticket.token, lang)


ALT_COOKIE = "mdg_alt"  # the services whose alternative this phone was shown in the last hour (no person)
DIVERT_PER_HOUR = 20  # 'diverted' events one phone may log in an hour (the report's rate is not a bot's)


def _alt_words(offer: Offer, lang: str) -> dict[str, Any]:
    url = offer.url
    return {
        "title": offer.title(lang),
        "text": offer.text(lang).split("\n"),
        "needs_label": alt_text("alt_needs", lang),
        "needs": offer.needs(lang).split("\n"),
        "hours": offer.hours(lang),
        "take": offer.take_label(lang),
        "counter": offer.counter_label(lang),
        "either": alt_text("alt_either", lang),
        "howto": offer.howto(lang),
        "url": url,
        "qr": qr_svg(url, label="QR — " + alt_text("alt_scan", lang)) if url else "",
        "scan": alt_text("alt_scan", lang),
        "no_ticket": alt_text("alt_no_ticket", lang),
    }


def alternative_response(
    ctx: WebContext,
    request: Request,
    lang: str,
    offer: Offer,
    choice: str,
    *,
    email: str | None = None,
    taken: bool = False,
) -> Response:
    """The offer (two equal choices) or, once taken, how to do it (with the QR code and the address)."""
    device, new = device_id(request)
    c = page_context(
        request,
        lang,
        ctx.config.name,
        title=offer.title(lang),
        alt=_alt_words(offer, lang),
        choice=choice,
        email=email,
        taken=taken,
        csrf=csrf_token(ctx.csrf_key, device),
    )
    secure = https(ctx.config)
    return with_device(render(request, "issue_alt.html", c, https=secure), device, new, secure)


def _divert(ctx: WebContext, request: Request, form: FormData) -> Response:
    """「コンビニで取る」 on the phone: no ticket, a 'diverted' event (channel web), and how to do it."""
    lang = form_lang(form, resolve_lang(request))
    choice = form_str(form, "choice") or ""
    try:
        if not csrf_ok(ctx.csrf_key, request, form_str(form, "csrf")):
            raise WebError(403, "err_csrf")
        req = issue_request(form, choice, lang)
        if req.service is None:
            raise WebError(400, "err_choose")
        route_of(ctx.config, req)
        offer = offer_for_service(ctx.config, req.service)
        if offer is None:
            raise WebError(400, "err_choose")
        now = ctx.now()
        web, engine = ctx.web(), ctx.engine()
        device = request.cookies.get(DEVICE_COOKIE, "")
        with web.transaction():
            check_rate(web, "divert_dev", device, DIVERT_PER_HOUR, to_ts(now))
            engine.divert(offer.services, offer.kind, "web", now)
            web.add_hit("divert_dev", device, to_ts(now))
    except WebError as exc:
        return issue_response(
            ctx,
            request,
            lang,
            status=exc.status,
            error=tr(lang, exc.key, **exc.params),
            retry_after=exc.retry_after,
        )
    return alternative_response(ctx, request, lang, offer, choice, taken=True)
