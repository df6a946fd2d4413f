"""HTML pages: the office congestion page, the ticket status page (the QR target), and web tickets."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from shared.config import LANGS, OfficeConfig
from shared.models import Ticket
from shared.web.context import WebContext
from shared.web.errors import WebError
from shared.web.i18n import tr
from shared.web.issuing import IssueRequest, issue_web_ticket, web_bundles, web_services, window_open
from shared.web.live import find_ticket, office_payload, ticket_context
from shared.web.rendering import page_context, render, resolve_lang
from shared.web.security import DEVICE_COOKIE, TICKET_COOKIE, client_ip, csrf_ok, csrf_token, device_id
from shared.web.subscriptions import AlertChoice, save_alerts, stop_alerts

FORM_LIMITS: dict[str, Any] = {"max_files": 0, "max_fields": 60, "max_part_size": 4096}


def _https(config: OfficeConfig) -> bool:
    return config.base_url.startswith("https://")


def _with_device(resp: Response, device: str, new: bool, https: bool) -> Response:
    if new:
        resp.set_cookie(
            DEVICE_COOKIE, device, max_age=30 * 86400, httponly=True, samesite="lax", secure=https
        )
    return resp


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def build_pages(ctx: WebContext) -> APIRouter:
    router = APIRouter()
    cfg = ctx.config
    https = _https(cfg)

    # -- office congestion page -------------------------------------------------------------------------
    @router.get("/", include_in_schema=False)
    def office_page(request: Request) -> Response:
        lang = resolve_lang(request)
        payload = office_payload(ctx, lang)
        c = page_context(
            request,
            lang,
            cfg.name,
            live=payload,
            title=tr(lang, "office_title"),
            web_issue=bool(web_services(cfg)),
        )
        return render(request, "office.html", c, lang_cookie=request.query_params.get("lang"), https=https)

    # -- ticket status page ---------------------------------------------------------------------------------
    def ticket_response(
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
            cfg.name,
            csrf=csrf_token(ctx.csrf_key, device),
            notice=notice,
            error=error,
            title=f"{t.display} {tr(lang, 'ticket_title')}",
            **extra,
        )
        resp = render(
            request,
            "ticket.html",
            c,
            status=status,
            lang_cookie=request.query_params.get("lang"),
            https=https,
        )
        return _with_device(resp, device, new, https)

    def not_found(request: Request, lang: str) -> Response:
        c = page_context(
            request,
            lang,
            cfg.name,
            title=tr(lang, "nf_title"),
            heading=tr(lang, "nf_title"),
            message=tr(lang, "nf_body"),
        )
        return render(request, "error.html", c, status=404)

    @router.get("/t/{token}", include_in_schema=False)
    def ticket_page(request: Request, token: str) -> Response:
        t = find_ticket(ctx, token)
        if t is None:
            return not_found(request, resolve_lang(request))
        lang = resolve_lang(request, t.lang)
        notice = {"on": "alert_saved", "off": "alert_stopped", "1": "issued_ok"}.get(
            request.query_params.get("saved", "")
        )
        return ticket_response(request, t, lang, notice=tr(lang, notice) if notice else None)

    @router.post("/t/{token}/alerts", include_in_schema=False)
    async def ticket_alerts(request: Request, token: str) -> Response:
        form = await request.form(**FORM_LIMITS)
        return await run_in_threadpool(_save_alerts, request, token, form)

    def _save_alerts(request: Request, token: str, form: FormData) -> Response:
        t = find_ticket(ctx, token)
        if t is None:
            return not_found(request, resolve_lang(request))
        lang = _form_lang(form, t.lang)
        now = ctx.now()
        try:
            if not csrf_ok(ctx.csrf_key, request, _str(form, "csrf")):
                raise WebError(403, "err_csrf")
            web, engine = ctx.web(), ctx.engine()
            if _str(form, "action") == "off":
                stop_alerts(web, t, now)
                key = "alert_stopped"
            else:
                choice = AlertChoice(
                    channels=tuple(dict.fromkeys(str(x) for x in form.getlist("ch"))),
                    addresses={name: _str(form, f"addr_{name}") or "" for name in ctx.channels},
                    people=_ints(form, "people"),
                    minutes=_ints(form, "minutes"),
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
            if _wants_json(request):
                return JSONResponse(
                    {"ok": False, "error": exc.key, "message": tr(lang, exc.key, **exc.params)},
                    status_code=exc.status,
                )
            return ticket_response(request, t, lang, status=exc.status, error=tr(lang, exc.key, **exc.params))
        if _wants_json(request):
            return JSONResponse({"ok": True, "message": tr(lang, key)})
        saved = "off" if key == "alert_stopped" else "on"
        return RedirectResponse(f"/t/{t.token}?lang={lang}&saved={saved}#alerts", status_code=303)

    # -- web ticket in advance ------------------------------------------------------------------------------
    def issue_response(
        request: Request,
        lang: str,
        *,
        status: int = 200,
        error: str | None = None,
        selected: str | None = None,
    ) -> Response:
        device, new = device_id(request)
        now = ctx.now()
        engine = ctx.engine()
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
        )
        resp = render(
            request, "issue.html", c, status=status, lang_cookie=request.query_params.get("lang"), https=https
        )
        return _with_device(resp, device, new, https)

    @router.get("/issue", include_in_schema=False)
    def issue_page(request: Request) -> Response:
        return issue_response(request, resolve_lang(request))

    @router.post("/issue", include_in_schema=False)
    async def issue_post(request: Request) -> Response:
        form = await request.form(**FORM_LIMITS)
        return await run_in_threadpool(_issue, request, form)

    def _issue(request: Request, form: FormData) -> Response:
        lang = _form_lang(form, resolve_lang(request))
        choice = _str(form, "choice") or ""
        try:
            if not csrf_ok(ctx.csrf_key, request, _str(form, "csrf")):
                raise WebError(403, "err_csrf")
            kind, _, code = choice.partition(":")
            if kind not in ("s", "b") or not code:
                raise WebError(400, "err_choose")
            answers = {}
            if kind == "b":
                for key in form:
                    if key.startswith(f"q_{code}_"):
                        idx = key[len(f"q_{code}_") :]
                        value = _str(form, key)
                        if not idx.isdigit() or len(idx) > 3 or value not in ("yes", "no"):
                            raise WebError(400, "err_bad_request")
                        answers[int(idx)] = value == "yes"
            req = IssueRequest(
                service=code if kind == "s" else None,
                bundle=code if kind == "b" else None,
                answers=answers,
                lang=lang,
            )
            out = issue_web_ticket(
                ctx.engine(),
                ctx.web(),
                ctx.extras,
                req,
                device=request.cookies.get(DEVICE_COOKIE, ""),
                ip=client_ip(request),
                now=ctx.now(),
            )
        except WebError as exc:
            return issue_response(
                request, lang, status=exc.status, error=tr(lang, exc.key, **exc.params), selected=choice
            )
        assert out.ticket is not None
        resp = RedirectResponse(f"/t/{out.ticket.token}?lang={lang}&saved=1", status_code=303)
        resp.set_cookie(
            TICKET_COOKIE, out.ticket.token, max_age=86400, httponly=True, samesite="lax", secure=https
        )
        return resp

    return router


def _str(form: FormData, key: str) -> str | None:
    v = form.get(key)
    if v is None:
        return None
    if not isinstance(v, str) or len(v) > 512:
        raise WebError(400, "err_bad_request")
    return v


def _ints(form: FormData, key: str) -> tuple[int, ...]:
    out = []
    for v in form.getlist(key):
        if not isinstance(v, str) or not v.isdigit() or len(v) > 4:
            raise WebError(400, "err_threshold")
        out.append(int(v))
    return tuple(sorted(set(out), reverse=True))


def _form_lang(form: FormData, default: str) -> str:
    v = form.get("lang")
    return v if isinstance(v, str) and v in LANGS else default
