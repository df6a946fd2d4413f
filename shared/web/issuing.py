"""Web tickets in advance (事前WEB発券): the hours, the allowed services, the rate limits and the daily cap.

Every check and the ticket it guards commit in one ``BEGIN IMMEDIATE`` transaction, so two phones pressing
at the same moment cannot both take the last ticket of the cap or slip past the rate limit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from shared.calendar import is_open, opening_span
from shared.config import Bundle, OfficeConfig, Service
from shared.engine import QueueEngine
from shared.errors import DomainError
from shared.models import Outcome
from shared.storage.web_store import WebStore
from shared.timeutil import TOKYO, to_ts
from shared.web.errors import WebError

WINDOW_S = 3600.0


@dataclass(frozen=True)
class IssueRequest:
    """A service, or a life event with its answers by step index. A step the visitor answered 「わからない」 is in
    ``unsure``: its answer counts as yes (the step stays on the route) and the ticket records it as "unsure"."""

    service: str | None = None
    bundle: str | None = None
    answers: dict[int, bool] = field(default_factory=dict)
    lang: str = "ja"
    unsure: frozenset[int] = frozenset()

    def recorded_answers(self) -> dict[str, bool | str]:
        """The answers as the ticket's request keeps them for the clerk: true, false or "unsure" (to confirm)."""
        return {str(k): ("unsure" if k in self.unsure else v) for k, v in sorted(self.answers.items())}


def window_open(config: OfficeConfig, now: datetime) -> bool:
    """Inside the web issuing hours of an opening day, while the office is open."""
    local = now.astimezone(TOKYO)
    if opening_span(local.date(), config.hours) is None or not is_open(now, config.hours):
        return False
    start, end = config.web.issue_hours
    return start <= local.time() < end


def web_services(config: OfficeConfig) -> list[Service]:
    return [s for s in config.services if s.web]


def web_bundles(config: OfficeConfig) -> list[Bundle]:
    """Life events whose every step takes web tickets (a web ticket must not lead into a kiosk-only queue)."""
    allowed = {s.code for s in web_services(config)}
    return [b for b in config.bundles if all(st.service in allowed for st in b.steps)]


def route_of(config: OfficeConfig, req: IssueRequest) -> list[str]:
    if (req.service is None) == (req.bundle is None):
        raise WebError(400, "err_choose")
    if req.service is not None:
        svc = config.service_map().get(req.service)
        if svc is None:
            raise WebError(400, "err_choose")
        if not svc.web:
            raise WebError(403, "err_not_web")
        return [svc.code]
    b = next((x for x in config.bundles if x.code == req.bundle), None)
    if b is None:
        raise WebError(400, "err_choose")
    if b not in web_bundles(config):
        raise WebError(403, "err_not_web")
    bad = [i for i in req.answers if not 0 <= i < len(b.steps) or b.steps[i].ask is None]
    if bad:
        raise WebError(400, "err_bad_request")
    return b.route_for(req.answers)


def asked_steps(config: OfficeConfig, bundle: str) -> list[int]:
    """The step indexes of a life event that ask the visitor a yes/no question."""
    b = next((x for x in config.bundles if x.code == bundle), None)
    return [i for i, st in enumerate(b.steps) if st.ask is not None] if b is not None else []


def check_rate(web: WebStore, kind: str, key: str, limit: int, ts: float, window_s: float = WINDOW_S) -> None:
    """Raise 429 when ``key`` already has ``limit`` hits of ``kind`` in the last ``window_s`` seconds."""
    n, oldest = web.hits_since(kind, key, ts - window_s)
    if n >= limit:
        wait_s = max(60.0, (oldest or ts) + window_s - ts)
        raise WebError(429, "err_rate", retry_after=int(wait_s), minutes=math.ceil(wait_s / 60))


def issue_web_ticket(
    engine: QueueEngine,
    web: WebStore,
    req: IssueRequest,
    *,
    device: str,
    ip: str,
    now: datetime,
) -> Outcome:
    cfg = engine.config
    settings = cfg.web
    route = route_of(cfg, req)
    ts, day = to_ts(now), engine.day(now)
    with web.transaction():
        if not window_open(cfg, now):
            raise WebError(403, "issue_closed")
        check_rate(web, "issue_dev", device, settings.rate_limit_per_hour, ts)
        check_rate(web, "issue_ip", ip, settings.ip_limit_per_hour, ts)
        if web.count_web_issued(day, route[0]) >= settings.cap_for(route[0]):
            raise WebError(409, "err_cap")
        try:
            if req.bundle is not None:
                out = engine.issue_bundle(
                    req.bundle,
                    req.answers,
                    now=now,
                    channel="web",
                    lang=req.lang,
                    actor="web",
                    request={"answers": req.recorded_answers()},
                )
            else:
                out = engine.issue(route[0], now=now, channel="web", lang=req.lang, actor="web")
        except DomainError as exc:
            if exc.code in ("closed", "cutoff", "cap", "paused"):
                raise WebError(409, f"issuing_{exc.code}") from None
            raise
        web.add_hit("issue_dev", device, ts)
        web.add_hit("issue_ip", ip, ts)
        web.prune_hits(ts - 86400)
    return out
