"""HTML pages: the office congestion page, the ticket status page (the QR target), and web tickets."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from shared.alerts.channels import DeliveryError
from shared.config import LANGS, OfficeConfig
from shared.models import Ticket
from shared.web.context import WebContext
from shared.web.email_code import (
    CodeKeys,
    cancel_code,
    clean_address,
    clean_code,
    request_code,
    send_code,
    verify_code,
)
from shared.web.errors import WebError
from shared.web.i18n import tr
from shared.web.issuing import IssueRequest, issue_web_ticket, web_bundles, web_services, window_open
from shared.web.live import find_ticket, office_payload, ticket_context
from shared.web.rendering import page_context, render, resolve_lang
from shared.web.security import (
    CODE_COOKIE,
    DEVICE_COOKIE,
    TICKET_COOKIE,
    client_ip,
    csrf_ok,
    csrf_token,
    device_id,
    valid_token_shape,
)
from shared.web.subscriptions import AlertChoice, save_alerts, stop_alerts

log = logging.getLogger("madoguchi.web")
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
        email: str | None = None,
        retry_after: int | None = None,
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
            email_code=ctx.mailer is not None,
            email=email,
        )
        resp = render(
            request, "issue.html", c, status=status, lang_cookie=request.query_params.get("lang"), https=https
        )
        if retry_after is not None:
            resp.headers["Retry-After"] = str(retry_after)
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
        email: str | None = None
        try:
            if ctx.mailer is not None:
                email = _str(form, "email")
            if not csrf_ok(ctx.csrf_key, request, _str(form, "csrf")):
                raise WebError(403, "err_csrf")
            req = _issue_request(form, choice, lang)
            if ctx.mailer is not None:
                return _send_code(request, req, email, lang)
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
                request,
                lang,
                status=exc.status,
                error=tr(lang, exc.key, **exc.params),
                selected=choice,
                email=email,
                retry_after=exc.retry_after,
            )
        assert out.ticket is not None
        return _to_ticket(out.ticket.token, lang)

    def _to_ticket(token: str, lang: str) -> Response:
        resp = RedirectResponse(f"/t/{token}?lang={lang}&saved=1", status_code=303)
        resp.set_cookie(TICKET_COOKIE, token, max_age=86400, httponly=True, samesite="lax", secure=https)
        return resp

    # -- the optional e-mail one-time code ([web] email_code) --------------------------------------------------
    def _send_code(request: Request, req: IssueRequest, email: str | None, lang: str) -> Response:
        assert ctx.mailer is not None
        address = clean_address(email)
        keys = CodeKeys(ctx.email_key)
        sent = request_code(
            ctx.engine(),
            ctx.web(),
            ctx.codes(),
            ctx.extras,
            keys,
            req,
            address,
            device=request.cookies.get(DEVICE_COOKIE, ""),
            ip=client_ip(request),
            now=ctx.now(),
        )
        if sent.code is not None:  # None: the same form sent twice; the first one's mail is on its way
            try:
                send_code(
                    ctx.mailer,
                    address,
                    sent.code,
                    lang=lang,
                    office=cfg.name.get(lang) or cfg.name["ja"],
                    minutes=ctx.extras.email_code_minutes,
                )
            except DeliveryError:
                log.warning(
                    "one-time code not sent: SMTP %s:%s failed",
                    ctx.mailer.settings.host,
                    ctx.mailer.settings.port,
                )
                cancel_code(ctx.web(), ctx.codes(), sent)
                raise WebError(503, "err_mail_down", retry_after=60) from None
        resp = RedirectResponse(f"/issue/code?lang={lang}", status_code=303)
        resp.set_cookie(
            CODE_COOKIE,
            sent.challenge,
            max_age=ctx.extras.email_code_minutes * 60,
            path="/issue",
            httponly=True,
            samesite="lax",
            secure=https,
        )
        return resp

    def code_response(
        request: Request, lang: str, *, status: int = 200, error: str | None = None, dead: bool = False
    ) -> Response:
        device, new = device_id(request)
        c = page_context(
            request,
            lang,
            cfg.name,
            title=tr(lang, "code_title"),
            error=error,
            dead=dead,
            minutes=ctx.extras.email_code_minutes,
            csrf=csrf_token(ctx.csrf_key, device),
        )
        resp = render(
            request,
            "issue_code.html",
            c,
            status=status,
            lang_cookie=request.query_params.get("lang"),
            https=https,
        )
        return _with_device(resp, device, new, https)

    def _challenge(request: Request) -> str | None:
        c = request.cookies.get(CODE_COOKIE)
        return c if c and valid_token_shape(c) else None

    @router.get("/issue/code", include_in_schema=False)
    def code_page(request: Request) -> Response:
        if ctx.mailer is None:
            raise StarletteHTTPException(404)
        lang = resolve_lang(request)
        if _challenge(request) is None:
            return code_response(request, lang, status=410, error=tr(lang, "err_code_expired"), dead=True)
        return code_response(request, lang)

    @router.post("/issue/code", include_in_schema=False)
    async def code_post(request: Request) -> Response:
        if ctx.mailer is None:
            raise StarletteHTTPException(404)
        form = await request.form(**FORM_LIMITS)
        return await run_in_threadpool(_verify, request, form)

    def _verify(request: Request, form: FormData) -> Response:
        lang = _form_lang(form, resolve_lang(request))
        try:
            if not csrf_ok(ctx.csrf_key, request, _str(form, "csrf")):
                raise WebError(403, "err_csrf")
            challenge = _challenge(request)
            if challenge is None:
                raise WebError(410, "err_code_expired")
            code = clean_code(_str(form, "code"))
            done = verify_code(
                ctx.engine(),
                ctx.web(),
                ctx.codes(),
                ctx.extras,
                CodeKeys(ctx.email_key),
                challenge,
                code,
                device=request.cookies.get(DEVICE_COOKIE, ""),
                ip=client_ip(request),
                lang=lang,
                now=ctx.now(),
            )
        except WebError as exc:
            dead = exc.key in ("err_code_expired", "err_code_void", "err_code_used")
            resp = code_response(
                request, lang, status=exc.status, error=tr(lang, exc.key, **exc.params), dead=dead
            )
            if exc.retry_after is not None:
                resp.headers["Retry-After"] = str(exc.retry_after)
            return resp
        return _to_ticket(done.token, lang)

    return router


def _issue_request(form: FormData, choice: str, lang: str) -> IssueRequest:
    """The service or life event (with its yes/no answers) chosen on the /issue form."""
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
    return IssueRequest(
        service=code if kind == "s" else None,
        bundle=code if kind == "b" else None,
        answers=answers,
        lang=lang,
    )


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
