"""What the page routers share: the device cookie, the 404 page and the redirect to a new ticket."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from shared.config import OfficeConfig
from shared.web.context import WebContext
from shared.web.i18n import tr
from shared.web.rendering import page_context, render
from shared.web.security import DEVICE_COOKIE, TICKET_COOKIE


def https(config: OfficeConfig) -> bool:
    """Cookies are ``Secure`` when the office serves its pages over HTTPS."""
    return config.base_url.startswith("https://")


def with_device(resp: Response, device: str, new: bool, secure: bool) -> Response:
    if new:
        resp.set_cookie(
            DEVICE_COOKIE, device, max_age=30 * 86400, httponly=True, samesite="lax", secure=secure
        )
    return resp


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def not_found(ctx: WebContext, request: Request, lang: str) -> Response:
    c = page_context(
        request,
        lang,
        ctx.config.name,
        title=tr(lang, "nf_title"),
        heading=tr(lang, "nf_title"),
        message=tr(lang, "nf_body"),
    )
    return render(request, "error.html", c, status=404)


def to_ticket(ctx: WebContext, token: str, lang: str) -> Response:
    """After a web ticket is issued: to its status page, remembering it on this phone for a day."""
    resp = RedirectResponse(f"/t/{token}?lang={lang}&saved=1", status_code=303)
    resp.set_cookie(
        TICKET_COOKIE, token, max_age=86400, httponly=True, samesite="lax", secure=https(ctx.config)
    )
    return resp
