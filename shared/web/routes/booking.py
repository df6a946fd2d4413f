"""``/book`` and ``/b/<token>``: 来庁予約 on the phone (:mod:`shared.booking`).

Three steps without JavaScript, like ``/issue``: a service or life event, a day, a time (with an optional e-mail
address for a confirmation with the cancel link). The booking page shows the booking number and its QR code
(scanned at the kiosk) and a cancel button (a POST: a mail scanner that opens the link cancels nothing).

Limits as for web tickets: requests per device and per IP address per hour (``[web] rate_limit_per_hour`` /
``ip_limit_per_hour``, the same hit table), and active bookings per device and per address per day
(``[booking]``, counted by the core). The address is used once to send the mail and kept only as a keyed hash
(:class:`~shared.web.email_code.CodeKeys`, the one-time code's keys).
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from shared.alerts.channels import DeliveryError
from shared.alerts.mail import EmailChannel
from shared.booking import BookingDesk, format_number
from shared.errors import DomainError
from shared.storage.booking_store import Booking
from shared.timeutil import TOKYO, from_ts, to_ts
from shared.web.context import WebContext
from shared.web.email_code import CodeKeys, clean_address
from shared.web.errors import WebError
from shared.web.i18n import tr
from shared.web.issuing import check_rate
from shared.web.qr import qr_svg
from shared.web.rendering import page_context, render, resolve_lang
from shared.web.routes.common import https, with_device
from shared.web.routes.forms import FORM_LIMITS, form_lang, form_str, issue_request, raw_answers
from shared.web.security import DEVICE_COOKIE, client_ip, csrf_ok, csrf_token, device_id, valid_token_shape

log = logging.getLogger("madoguchi.web")
_ERRORS = {  # the core's refusal -> (HTTP status, the visitor's words)
    "booking_full": (409, "err_booking_full"),
    "booking_closed": (409, "err_booking_closed"),
    "booking_no_slot": (400, "err_booking_choice"),
    "booking_not_offered": (404, "err_booking_choice"),
    "unknown_service": (404, "err_booking_choice"),
    "unknown_bundle": (404, "err_booking_choice"),
    "booking_limit_device": (429, "err_booking_limit"),
    "booking_limit_address": (429, "err_booking_limit"),
}


def build(ctx: WebContext) -> APIRouter:
    router = APIRouter()

    @router.get("/book", include_in_schema=False)
    def book_page(request: Request) -> Response:
        lang = resolve_lang(request)
        q = request.query_params
        bundle = (q.get("choice") or "").removeprefix("b:")
        return book_response(
            ctx, request, lang, choice=q.get("choice"), day=q.get("day"), answers=raw_answers(q, bundle)
        )

    @router.post("/book", include_in_schema=False)
    async def book_post(request: Request) -> Response:
        form = await request.form(**FORM_LIMITS)
        return await run_in_threadpool(_book, ctx, request, form)

    @router.get("/b/{token}", include_in_schema=False)
    def booking_page(request: Request, token: str) -> Response:
        lang = resolve_lang(request)
        b = _booking(ctx, token)
        return booking_response(ctx, request, lang, b, saved=request.query_params.get("saved") == "1")

    @router.post("/b/{token}/cancel", include_in_schema=False)
    async def cancel_post(request: Request, token: str) -> Response:
        form = await request.form(**FORM_LIMITS)
        return await run_in_threadpool(_cancel, ctx, request, token, form)

    return router


def _desk(ctx: WebContext) -> BookingDesk:
    desk = BookingDesk(ctx.engine())
    if not desk.settings.enabled:
        raise StarletteHTTPException(404)
    return desk


def _booking(ctx: WebContext, token: str) -> Booking:
    if not valid_token_shape(token):
        raise StarletteHTTPException(404)
    b = _desk(ctx).store.find(token)
    if b is None or b.token != token:  # the page is reached by the token only, never by the typed number
        raise StarletteHTTPException(404)
    return b


def day_label(lang: str, d: date) -> str:
    return f"{d.month}/{d.day} ({tr(lang, f'weekday_{d.weekday()}')})"


def _parse_choice(desk: BookingDesk, choice: str | None) -> tuple[str | None, str | None]:
    kind, _, code = (choice or "").partition(":")
    if kind == "s" and code in desk.bookable_services():
        return code, None
    if kind == "b" and code in desk.bookable_bundles():
        return None, code
    raise WebError(400, "err_booking_choice")


def _questions(ctx: WebContext, bundle: str | None, lang: str) -> list[dict[str, Any]]:
    """A life event's yes/no questions (by step index), asked before the day as on /issue: a booked move must
    bring the steps this household needs (国保, 児童手当 …), not only the ones every mover has."""
    if bundle is None:
        return []
    return [
        {"index": i, "text": st.ask.get(lang) or st.ask["ja"]}
        for i, st in enumerate(ctx.config.bundle(bundle).steps)
        if st.ask is not None
    ]


def _choices(ctx: WebContext, desk: BookingDesk, lang: str) -> list[dict[str, Any]]:
    out = []
    for code in desk.bookable_services():
        out.append({"value": f"s:{code}", "name": ctx.config.service(code).name(lang)})
    for code in desk.bookable_bundles():
        b = ctx.config.bundle(code)
        out.append({"value": f"b:{code}", "name": b.names.get(lang) or b.names["ja"]})
    return out


def book_response(
    ctx: WebContext,
    request: Request,
    lang: str,
    *,
    choice: str | None = None,
    day: str | None = None,
    status: int = 200,
    error: str | None = None,
    email: str | None = None,
    answers: dict[int, str] | None = None,
) -> Response:
    """Step 1 (no ``choice``): what to book; for a life event with questions, its yes/no questions next (every
    one answered before the day is offered); then the day; then (``day`` too) the time. The answers ride along
    in the links and the form as ``q_<event>_<step>`` fields, as on /issue."""
    desk = _desk(ctx)
    now = ctx.now()
    device, new = device_id(request)
    chosen = name = None
    days: list[dict[str, Any]] = []
    slots: list[dict[str, Any]] = []
    questions: list[dict[str, Any]] = []
    carry: list[tuple[str, str]] = []
    answers = answers or {}
    asking = False
    if choice:
        try:
            service, bundle = _parse_choice(desk, choice)
        except WebError:
            choice = None
        else:
            pool = desk.pool(service, bundle)
            chosen = choice
            name = (
                ctx.config.service(pool).name(lang)
                if bundle is None
                else ctx.config.bundle(bundle).names.get(lang) or ctx.config.bundle(bundle).names["ja"]
            )
            questions = _questions(ctx, bundle, lang)
            asking = any(q["index"] not in answers for q in questions)
            carry = [(f"q_{bundle}_{q['index']}", answers[q["index"]]) for q in questions if not asking]
            for d in [] if asking else desk.days(pool, now):
                free = sum(s.free for s in desk.slots(pool, d, now) if s.bookable)
                days.append({"value": d.isoformat(), "label": day_label(lang, d), "free": free})
            if day and any(x["value"] == day for x in days):
                d = date.fromisoformat(day)
                slots = [
                    {
                        "value": s.start.strftime("%H:%M"),
                        "label": s.start.strftime("%H:%M"),
                        "free": s.free,
                        "open": s.bookable and s.free > 0,
                    }
                    for s in desk.slots(pool, d, now)
                ]
            else:
                day = None
    c = page_context(
        request,
        lang,
        ctx.config.name,
        title=tr(lang, "book_title"),
        choices=_choices(ctx, desk, lang),
        chosen=chosen,
        chosen_name=name,
        days=days,
        day=day,
        day_label=day_label(lang, date.fromisoformat(day)) if day else None,
        slots=slots,
        questions=questions,
        asking=asking,
        answers=answers,
        carry=carry,
        carry_qs="".join(f"&{k}={v}" for k, v in carry),
        error=error,
        email=email,
        mail=_mailer(ctx) is not None,
        csrf=csrf_token(ctx.csrf_key, device),
    )
    secure = https(ctx.config)
    resp = render(
        request, "book.html", c, status=status, lang_cookie=request.query_params.get("lang"), https=secure
    )
    return with_device(resp, device, new, secure)


def _mailer(ctx: WebContext) -> EmailChannel | None:
    """The office's SMTP relay for the confirmation mail, when ``[web.smtp]`` names one."""
    if ctx.mailer is not None:
        return ctx.mailer
    if not ctx.config.web.smtp.get("host"):
        return None
    return EmailChannel.from_config(ctx.config)


def _keys(ctx: WebContext, now: datetime) -> CodeKeys:
    return CodeKeys(ctx.email_key or ctx.web().secret("email_code", to_ts(now)))


def _book(ctx: WebContext, request: Request, form: FormData) -> Response:
    lang = form_lang(form, resolve_lang(request))
    choice, day, at_time = form_str(form, "choice"), form_str(form, "day"), form_str(form, "time")
    email = form_str(form, "email") or None
    now = ctx.now()
    try:
        if not csrf_ok(ctx.csrf_key, request, form_str(form, "csrf")):
            raise WebError(403, "err_csrf")
        desk = _desk(ctx)
        service, bundle = _parse_choice(desk, choice)
        answers = issue_request(form, choice or "", lang).answers
        if any(q["index"] not in answers for q in _questions(ctx, bundle, lang)):
            raise WebError(400, "err_booking_choice")  # a life event's question left unanswered
        try:
            start = datetime.fromisoformat(f"{day}T{at_time}").replace(tzinfo=TOKYO)
        except (TypeError, ValueError):
            raise WebError(400, "err_booking_choice") from None
        address = clean_address(email) if email else None
        mailer = _mailer(ctx) if address else None
        keys = _keys(ctx, now)
        device = request.cookies.get(DEVICE_COOKIE, "")
        ip, ts = client_ip(request), to_ts(now)
        web = ctx.web()
        with web.transaction():
            check_rate(web, "book_dev", device, ctx.config.web.rate_limit_per_hour, ts)
            check_rate(web, "book_ip", ip, ctx.config.web.ip_limit_per_hour, ts)
            try:
                b = desk.book(
                    service=service,
                    bundle=bundle,
                    answers=answers or None,
                    start=start,
                    now=now,
                    channel="web",
                    lang=lang,
                    device_hash=keys.device(device).hex(),
                    addr_key=keys.address(address) if address else None,
                )
            except DomainError as exc:
                status, key = _ERRORS.get(exc.code, (409, "err_booking_choice"))
                raise WebError(status, key, limit=exc.params.get("limit", "")) from None
            web.add_hit("book_dev", device, ts)
            web.add_hit("book_ip", ip, ts)
    except WebError as exc:
        return book_response(
            ctx,
            request,
            lang,
            choice=choice,
            day=day,
            status=exc.status,
            error=tr(lang, exc.key, **exc.params),
            email=email,
            answers=raw_answers(form, (choice or "").removeprefix("b:")),
        )
    if mailer is not None and address is not None:
        _send_confirmation(ctx, mailer, address, b, lang)
    return RedirectResponse(f"/b/{b.token}?lang={lang}&saved=1", status_code=303)


def _send_confirmation(ctx: WebContext, mailer: EmailChannel, address: str, b: Booking, lang: str) -> None:
    """The confirmation mail; the booking stands if the relay is down (the page shows the number anyway)."""
    cfg = ctx.config
    office = cfg.name.get(lang) or cfg.name.get("ja", "")
    url = f"{cfg.base_url.rstrip('/')}/b/{b.token}?lang={lang}"
    subject = tr(lang, "booking_mail_subject", office=office, number=format_number(b.number))
    body = tr(
        lang,
        "booking_mail_body",
        number=format_number(b.number),
        when=_when(lang, b),
        what=_what(ctx, b, lang),
        url=url,
    )
    try:
        mailer.send_text(address, subject, body)
    except DeliveryError as exc:
        log.warning("booking %s: confirmation mail not sent: %s", b.id, exc)


def _when(lang: str, b: Booking) -> str:
    start = from_ts(b.slot_ts)
    return f"{day_label(lang, start.date())} {start:%H:%M}"


def _what(ctx: WebContext, b: Booking, lang: str) -> str:
    if b.bundle is not None:
        names = ctx.config.bundle(b.bundle).names
        return names.get(lang) or names["ja"]
    return ctx.config.service(b.service).name(lang)


def booking_response(
    ctx: WebContext, request: Request, lang: str, b: Booking, *, saved: bool = False, status: int = 200
) -> Response:
    s = ctx.config.booking
    start = from_ts(b.slot_ts)
    device, new = device_id(request)
    url = f"{ctx.config.base_url.rstrip('/')}/b/{b.token}"
    c = page_context(
        request,
        lang,
        ctx.config.name,
        title=tr(lang, "booking_title"),
        b=b,
        number=format_number(b.number),
        when=_when(lang, b),
        what=_what(ctx, b, lang),
        qr=qr_svg(url, label=tr(lang, "booking_number")),
        saved=saved and b.state == "booked",
        checkin=tr(
            lang,
            "booking_checkin",
            opens=(start - timedelta(minutes=s.checkin_open_min)).strftime("%H:%M"),
            late=(start + timedelta(minutes=s.grace_min)).strftime("%H:%M"),
        ),
        csrf=csrf_token(ctx.csrf_key, device),
    )
    secure = https(ctx.config)
    resp = render(
        request, "booking.html", c, status=status, lang_cookie=request.query_params.get("lang"), https=secure
    )
    return with_device(resp, device, new, secure)


def _cancel(ctx: WebContext, request: Request, token: str, form: FormData) -> Response:
    lang = form_lang(form, resolve_lang(request))
    b = _booking(ctx, token)
    if not csrf_ok(ctx.csrf_key, request, form_str(form, "csrf")):
        return booking_response(ctx, request, lang, b, status=403)
    try:
        b = _desk(ctx).cancel(token, now=ctx.now(), actor="web")
    except DomainError:
        return booking_response(ctx, request, lang, b, status=409)
    return RedirectResponse(f"/b/{b.token}?lang={lang}", status_code=303)
