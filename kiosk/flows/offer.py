"""What the home screen offers right now: one tile per service or guided flow, with waits and reasons (no Qt).

Services that a certificate maps to (config ``[[certificates]]``) are reached through the certificate flow, not
as tiles of their own; every other service has a tile, in group order. A service that takes no ticket now
keeps its tile, greyed, with the reason (closed | cutoff | paused | cap).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from shared.config import Bundle, OfficeConfig
from shared.engine import QueueEngine
from shared.estimate import estimate_waits
from shared.estimate_text import Shown, shown

REASONS = ("closed", "cutoff", "paused", "cap")


@dataclass(frozen=True)
class Availability:
    """One service now: the people a new ticket would have ahead, its wait (the shared decision of
    :mod:`shared.estimate_text`: one 目安, 「まもなく」 or 「窓口準備中」), and why no ticket is issued, if so."""

    code: str
    waiting: int  # people ahead of a ticket issued now (a merged window's other services included)
    wait: Shown
    reason: str | None  # None: takes tickets now


@dataclass(frozen=True)
class Tile:
    kind: str  # "service" | "certificates" | "lifeevents" | "guidance" (the 総合案内 service, for the unsure)
    code: str  # the service code, or the kind for the guided flows
    names: Mapping[str, str]  # empty for the guided flows without a configured name
    waiting: int | None
    wait: Shown | None
    reason: str | None

    @property
    def enabled(self) -> bool:
        return self.reason is None


def availability(engine: QueueEngine, now: datetime) -> dict[str, Availability]:
    """Every service's state for a ticket issued at ``now`` (reads only)."""
    estimates = estimate_waits(engine, now)
    out = {}
    for s in engine.config.services:
        e = estimates[s.code]
        out[s.code] = Availability(
            code=s.code, waiting=e.ahead, wait=shown(e), reason=engine.issuing_reason(s.code, now)
        )
    return out


def certificate_services(config: OfficeConfig) -> list[str]:
    """Services reached through the certificate flow, in config order."""
    codes = {c.service for c in config.certificates}
    return [s.code for s in config.services if s.code in codes]


def bundle_reason(bundle: Bundle, avail: Mapping[str, Availability]) -> str | None:
    """Why a life event cannot start now: the reason of its first step that always applies (else None)."""
    for step in bundle.steps:
        if step.ask is None:
            a = avail.get(step.service)
            return a.reason if a is not None else None
    return None


def _combined(codes: list[str], avail: Mapping[str, Availability]) -> tuple[int, Shown | None, str | None]:
    """The certificate tile: the people ahead and the wait the certificate screen and the ticket show for the
    first certificate service that takes tickets (住民票 in the default profile; at one merged window the people
    ahead are the same for all of them); a reason only if none takes tickets."""
    items = [avail[c] for c in codes if c in avail]
    open_ = [a for a in items if a.reason is None]
    if not open_:
        reason = next((r for r in REASONS if any(a.reason == r for a in items)), "closed")
        return max((a.waiting for a in items), default=0), None, reason
    return open_[0].waiting, open_[0].wait, None


def home_tiles(config: OfficeConfig, avail: Mapping[str, Availability]) -> list[Tile]:
    """The tiles of the home screen, in order: certificates, life events, then the other services."""
    tiles: list[Tile] = []
    cert_codes = certificate_services(config)
    if cert_codes:
        group = next((g for g in config.groups if g.code == "certificates"), None)
        waiting, wait, reason = _combined(cert_codes, avail)
        tiles.append(
            Tile("certificates", "certificates", group.names if group else {}, waiting, wait, reason)
        )
    if config.bundles:
        reasons = [bundle_reason(b, avail) for b in config.bundles]
        reason = None if any(r is None for r in reasons) else reasons[0]
        tiles.append(Tile("lifeevents", "lifeevents", {}, None, None, reason))
    guide = config.kiosk.guidance_service
    if guide is not None and guide in avail:  # 「わからない方・ご案内」: for the visitor who is not sure
        a = avail[guide]
        tiles.append(Tile("guidance", guide, {}, a.waiting, a.wait if a.reason is None else None, a.reason))
    order = {g.code: i for i, g in enumerate(config.groups)}
    services = [s for s in config.services if s.code not in cert_codes and s.code != guide]
    services.sort(key=lambda s: order.get(s.group, len(order)))  # stable: config order within a group
    for s in services:
        a = avail.get(s.code)
        if a is None:
            continue
        tiles.append(
            Tile("service", s.code, s.names, a.waiting, a.wait if a.reason is None else None, a.reason)
        )
    return tiles
