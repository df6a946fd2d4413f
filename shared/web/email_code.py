"""The optional e-mail one-time code before a web ticket (事前WEB発券の本人確認, ``[web] email_code = true``).

Step 1, :func:`request_code`: the /issue form with an e-mail address. The choice, the hours, the service's state
and the web cap are checked as for a ticket; then the limits per address (codes per hour, tickets per service
per day), per device and per IP. A 6-digit code is stored as a keyed hash, the address only as a keyed hash
(HMAC with a per-office secret), and the page handler mails the code through the office's SMTP relay
(:class:`~shared.alerts.mail.EmailChannel`); if that fails, :func:`cancel_code` forgets the code and its hits.

Step 2, :func:`verify_code`: the right code within its lifetime issues the ticket with
:func:`~shared.web.issuing.issue_web_ticket` — the same verb, rate limits and cap — in the transaction that marks
the code used, so a code issues one ticket however often the form is sent. A wrong code counts; at
``email_code_attempts`` wrong tries the code is void. Codes are compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.alerts.channels import AddressError
from shared.alerts.mail import EmailChannel, normalise_email
from shared.config import WebSettings
from shared.engine import QueueEngine
from shared.storage.web_code_store import EmailCodeStore
from shared.storage.web_store import WebStore
from shared.timeutil import to_ts
from shared.web.errors import WebError
from shared.web.i18n import tr
from shared.web.issuing import IssueRequest, check_rate, issue_web_ticket, route_of, window_open
from shared.web.security import valid_token_shape

CODE_DIGITS = 6
DOUBLE_TAP_S = 30.0  # the same device asking again for the same address and choice gets the same code page
DAY_S = 86400.0


@dataclass(frozen=True)
class CodeKeys:
    """Keyed hashes: nothing in the database can be turned back into an address or a code without the key."""

    secret: bytes

    def address(self, address: str) -> str:
        """The address's key for limits: case-insensitive, so Foo@x and foo@x count as one person."""
        return hmac.new(self.secret, b"addr|" + address.lower().encode(), hashlib.sha256).hexdigest()

    def code(self, challenge: str, code: str) -> bytes:
        return hmac.new(self.secret, f"code|{challenge}|{code}".encode(), hashlib.sha256).digest()

    def device(self, device: str) -> bytes:
        return hmac.new(self.secret, f"device|{device}".encode(), hashlib.sha256).digest()


@dataclass(frozen=True)
class CodeRequest:
    challenge: str
    code: str | None  # None: a double-tapped form; the code of the first one is on its way
    code_id: int
    hit_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Verified:
    token: str
    new: bool  # False: a replayed or double-sent form found the ticket this code already issued
    lang: str


def clean_address(raw: str | None) -> str:
    """The address to send to (full-width characters from a Japanese keyboard folded), or a 400."""
    text = unicodedata.normalize("NFKC", raw or "").strip()
    if not text:
        raise WebError(400, "err_email_missing")
    try:
        return normalise_email(text)
    except AddressError:
        raise WebError(400, "err_email") from None


def clean_code(raw: str | None) -> str:
    """Six ASCII digits; full-width digits, spaces and hyphens are accepted. A malformed code is not a try."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(ch for ch in text if ch not in " -\t")
    if len(text) != CODE_DIGITS or not all("0" <= ch <= "9" for ch in text):
        raise WebError(400, "err_code_format", digits=CODE_DIGITS)
    return text


def _payload(req: IssueRequest) -> dict[str, Any]:
    return {
        "service": req.service,
        "bundle": req.bundle,
        "answers": req.recorded_answers(),
        "lang": req.lang,
    }


def _request_of(payload: dict[str, Any], lang: str) -> IssueRequest:
    answers = payload.get("answers", {})
    return IssueRequest(
        service=payload.get("service"),
        bundle=payload.get("bundle"),
        answers={int(k): bool(v) for k, v in answers.items()},  # "unsure" keeps the step, like yes
        lang=lang,
        unsure=frozenset(int(k) for k, v in answers.items() if v == "unsure"),
    )


def _daily_key(addr_key: str, service: str, day: str) -> str:
    return f"{addr_key}|{service}|{day}"


def _check_daily(web: WebStore, settings: WebSettings, key: str, ts: float) -> None:
    n, _ = web.hits_since("ticket_addr", key, ts - DAY_S)  # the key names the day; hits live a day
    if n >= settings.email_daily_limit:
        raise WebError(409, "err_email_daily")


def request_code(
    engine: QueueEngine,
    web: WebStore,
    codes: EmailCodeStore,
    keys: CodeKeys,
    req: IssueRequest,
    address: str,
    *,
    device: str,
    ip: str,
    now: datetime,
) -> CodeRequest:
    """Check everything a ticket would need, then store a new code (the caller sends it)."""
    cfg = engine.config
    settings = cfg.web
    route = route_of(cfg, req)
    if not window_open(cfg, now):
        raise WebError(403, "issue_closed")
    reason = engine.issuing_reason(route[0], now)
    if reason is not None:
        raise WebError(409, f"issuing_{reason}")
    ts, day = to_ts(now), engine.day(now)
    addr_key, device_hash, payload = keys.address(address), keys.device(device), _payload(req)
    with web.transaction():
        codes.purge_expired(ts)
        web.prune_hits(ts - DAY_S)
        recent = codes.recent_pending(device_hash, addr_key, ts - DOUBLE_TAP_S, ts)
        if recent is not None and recent.request == payload:
            return CodeRequest(challenge=recent.challenge, code=None, code_id=recent.id)
        _check_daily(web, settings, _daily_key(addr_key, route[0], day), ts)
        if web.count_web_issued(day, route[0]) >= settings.cap_for(route[0]):
            raise WebError(409, "err_cap")
        check_rate(web, "code_addr", addr_key, settings.email_codes_per_hour, ts)
        check_rate(web, "code_dev", device, settings.rate_limit_per_hour, ts)
        check_rate(web, "code_ip", ip, settings.ip_limit_per_hour, ts)
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        challenge = secrets.token_urlsafe(18)
        code_id = codes.add(
            challenge=challenge,
            device_hash=device_hash,
            addr_key=addr_key,
            code_hash=keys.code(challenge, code),
            request=payload,
            service=route[0],
            ts=ts,
            expires_at=ts + settings.email_code_minutes * 60,
        )
        hits = tuple(
            web.add_hit(kind, key, ts)
            for kind, key in (("code_addr", addr_key), ("code_dev", device), ("code_ip", ip))
        )
    return CodeRequest(challenge=challenge, code=code, code_id=code_id, hit_ids=hits)


def send_code(mailer: EmailChannel, address: str, code: str, *, lang: str, office: str, minutes: int) -> None:
    """Mail the code in the visitor's language; raises :class:`~shared.alerts.channels.DeliveryError`."""
    subject = tr(lang, "code_mail_subject", office=office)
    body = tr(lang, "code_mail_body", code=code, minutes=minutes, office=office)
    mailer.send_text(address, subject, body)


def cancel_code(web: WebStore, codes: EmailCodeStore, sent: CodeRequest) -> None:
    """The mail could not be sent: forget the code, and do not count it against any limit."""
    with web.transaction():
        codes.discard(sent.code_id)
        web.delete_hits(sent.hit_ids)


def verify_code(
    engine: QueueEngine,
    web: WebStore,
    codes: EmailCodeStore,
    keys: CodeKeys,
    challenge: str,
    code: str,
    *,
    device: str,
    ip: str,
    lang: str,
    now: datetime,
) -> Verified:
    """Issue the ticket for the right code, once; raise a :class:`WebError` for anything else.

    A wrong try is committed before the error is raised (the ticket transaction would roll it back)."""
    settings = engine.config.web
    if not valid_token_shape(challenge):
        raise WebError(410, "err_code_expired")
    ts = to_ts(now)
    refusal: WebError | None = None
    with web.transaction():
        row = codes.by_challenge(challenge)
        if row is None or not hmac.compare_digest(row.device_hash, keys.device(device)):
            raise WebError(410, "err_code_expired")  # unknown, purged, or another device's
        right = hmac.compare_digest(row.code_hash, keys.code(challenge, code))
        if row.state == "used":
            ticket = engine.store.ticket(row.ticket_id) if right and row.ticket_id is not None else None
            if ticket is None:
                raise WebError(409, "err_code_used")
            return Verified(token=ticket.token, new=False, lang=ticket.lang)
        if row.state == "void":
            raise WebError(410, "err_code_void")
        if row.expires_at <= ts:
            raise WebError(410, "err_code_expired")
        if not right:
            tries = codes.wrong_attempt(row.id, settings.email_code_attempts)
            left = settings.email_code_attempts - tries
            refusal = (
                WebError(400, "err_code_wrong", left=left) if left > 0 else WebError(429, "err_code_void")
            )
        else:
            daily = _daily_key(row.addr_key, row.service, engine.day(now))
            _check_daily(web, settings, daily, ts)
            out = issue_web_ticket(engine, web, _request_of(row.request, lang), device=device, ip=ip, now=now)
            assert out.ticket is not None
            if not codes.mark_used(row.id, out.ticket.id, ts):  # cannot happen under BEGIN IMMEDIATE
                raise WebError(409, "err_code_used")
            web.add_hit("ticket_addr", daily, ts)
            return Verified(token=out.ticket.token, new=True, lang=lang)
    assert refusal is not None
    raise refusal
