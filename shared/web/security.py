"""Security plumbing: response headers, body-size limit, CSRF tokens, device cookie, token shape, client keys."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
DEVICE_COOKIE = "mdg_dev"
LANG_COOKIE = "mdg_lang"
TICKET_COOKIE = "mdg_t"
CODE_COOKIE = "mdg_code"  # the challenge of a pending e-mail one-time code (path /issue)
MAX_BODY = 16 * 1024

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def valid_token_shape(token: str) -> bool:
    return bool(TOKEN_RE.match(token))


def pinned_location(location: bytes, base_url: str) -> bytes:
    """A redirect's absolute ``Location`` on the office's own ``base_url``, never on the request's Host header
    (which anyone can set: a redirect must not send a visitor to another site)."""
    parts = urlsplit(location.decode("latin-1"))
    if not parts.scheme and not parts.netloc:
        return location
    base = base_url.rstrip("/")
    return (base + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")).encode("latin-1")


class SecurityMiddleware:
    """Adds security headers to every response, refuses bodies over ``MAX_BODY`` bytes (413), and keeps
    redirects on ``base_url``."""

    def __init__(self, app: ASGIApp, *, https: bool = False, base_url: str = "") -> None:
        self.app = app
        self.https = https
        self.base_url = base_url

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            await _plain(send, 413, "Request body too large / 送信データが大きすぎます")
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY:
                    raise BodyTooLarge()
            return message

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                    (b"content-security-policy", CSP.encode()),
                    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                    (
                        b"cross-origin-resource-policy",
                        b"same-site" if not path.startswith("/api/status") else b"cross-origin",
                    ),
                ]
                if self.https:
                    extra.append((b"strict-transport-security", b"max-age=31536000"))
                if path.startswith("/t/") or path.startswith("/api/t/"):
                    extra.append((b"x-robots-tag", b"noindex, nofollow"))
                own = [
                    (
                        k,
                        pinned_location(v, self.base_url)
                        if k.lower() == b"location" and self.base_url
                        else v,
                    )
                    for k, v in message.get("headers", [])
                ]
                names = {k.lower() for k, _ in own}
                message["headers"] = own + [h for h in extra if h[0] not in names]
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except BodyTooLarge:
            await _plain(send, 413, "Request body too large / 送信データが大きすぎます")


class BodyTooLarge(Exception):
    pass


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"x-content-type-options", b"nosniff"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


# -- CSRF: an HMAC of the device cookie, checked with compare_digest, plus Origin / Sec-Fetch-Site -----------------
def csrf_token(key: bytes, device: str) -> str:
    mac = hmac.new(key, f"csrf|{device}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def csrf_ok(key: bytes, request: Request, submitted: str | None) -> bool:
    device = request.cookies.get(DEVICE_COOKIE)
    if not device or not submitted or not valid_token_shape(device):
        return False
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = request.headers.get("host", "")
        if origin.split("://", 1)[-1] != host:
            return False
    return hmac.compare_digest(csrf_token(key, device), submitted)


def device_id(request: Request) -> tuple[str, bool]:
    """The device cookie, or a new one (True when it must be set on the response)."""
    d = request.cookies.get(DEVICE_COOKIE)
    if d and valid_token_shape(d):
        return d, False
    return secrets.token_urlsafe(18), True


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"
