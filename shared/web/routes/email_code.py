"""``/issue/code``: the optional e-mail one-time code before a web ticket (``[web] email_code``)."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from shared.alerts.channels import DeliveryError
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
from shared.web.issuing import IssueRequest
from shared.web.rendering import page_context, render, resolve_lang
from shared.web.routes.common import https, to_ticket, with_device
from shared.web.routes.forms import FORM_LIMITS, form_lang, form_str
from shared.web.security import (
    CODE_COOKIE,
    DEVICE_COOKIE,
    client_ip,
    csrf_ok,
    csrf_token,
    device_id,
    valid_token_shape,
)

log = logging.getLogger("madoguchi.web")


def build(ctx: WebContext) -> APIRouter:
    router = APIRouter()

    @router.get("/issue/code", include_in_schema=False)
    def code_page(request: Request) -> Response:
        if ctx.mailer is None:
            raise StarletteHTTPException(404)
        lang = resolve_lang(request)
        if _challenge(request) is None:
            return code_response(
                ctx, request, lang, status=410, error=tr(lang, "err_code_expired"), dead=True
            )
        return code_response(ctx, request, lang)

    @router.post("/issue/code", include_in_schema=False)
    async def code_post(request: Request) -> Response:
        if ctx.mailer is None:
            raise StarletteHTTPException(404)
        form = await request.form(**FORM_LIMITS)
        return await run_in_threadpool(_verify, ctx, request, form)

    return router


def send_code_response(
    ctx: WebContext, request: Request, req: IssueRequest, email: str | None, lang: str
) -> Response:
    """The /issue form with e-mail codes on: store and mail a code, then on to the page that asks for it."""
    assert ctx.mailer is not None
    cfg = ctx.config
    address = clean_address(email)
    keys = CodeKeys(ctx.email_key)
    sent = request_code(
        ctx.engine(),
        ctx.web(),
        ctx.codes(),
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
                minutes=cfg.web.email_code_minutes,
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
        max_age=cfg.web.email_code_minutes * 60,
        path="/issue",
        httponly=True,
        samesite="lax",
        secure=https(cfg),
    )
    return resp


def code_response(
    ctx: WebContext,
    request: Request,
    lang: str,
    *,
    status: int = 200,
    error: str | None = None,
    dead: bool = False,
) -> Response:
    device, new = device_id(request)
    c = page_context(
        request,
        lang,
        ctx.config.name,
        title=tr(lang, "code_title"),
        error=error,
        dead=dead,
        minutes=ctx.config.web.email_code_minutes,
        csrf=csrf_token(ctx.csrf_key, device),
    )
    secure = https(ctx.config)
    resp = render(
        request,
        "issue_code.html",
        c,
        status=status,
        lang_cookie=request.query_params.get("lang"),
        https=secure,
    )
    return with_device(resp, device, new, secure)


def _challenge(request: Request) -> str | None:
    c = request.cookies.get(CODE_COOKIE)
    return c if c and valid_token_shape(c) else None


def _verify(ctx: WebContext, request: Request, form: FormData) -> Response:
    lang = form_lang(form, resolve_lang(request))
    try:
        if not csrf_ok(ctx.csrf_key, request, form_str(form, "csrf")):
            raise WebError(403, "err_csrf")
        challenge = _challenge(request)
        if challenge is None:
            raise WebError(410, "err_code_expired")
        code = clean_code(form_str(form, "code"))
        done = verify_code(
            ctx.engine(),
            ctx.web(),
            ctx.codes(),
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
            ctx, request, lang, status=exc.status, error=tr(lang, exc.key, **exc.params), dead=dead
        )
        if exc.retry_after is not None:
            resp.headers["Retry-After"] = str(exc.retry_after)
        return resp
    return to_ticket(ctx, done.token, lang)
