"""A ticket from the DB as the printed/on-screen :class:`Slip`, in the visitor's language (no Qt)."""

from __future__ import annotations

from datetime import datetime

from kiosk.ticket.fonts import can_render
from kiosk.ticket.slip import Slip
from shared.engine import QueueEngine
from shared.estimate import estimate_ticket
from shared.estimate_text import shown
from shared.i18n import LANGS
from shared.models import Ticket
from shared.timeutil import from_ts


def _name(engine: QueueEngine, code: str, lang: str) -> str:
    try:
        svc = engine.config.service(code)
    except KeyError:
        return code
    name = svc.name(lang)
    return name if can_render(name, lang) else svc.names["ja"]


def slip_for(engine: QueueEngine, ticket: Ticket, lang: str, now: datetime) -> Slip:
    """Everything the slip shows for ``ticket`` at ``now``: people ahead and the wait of its current step."""
    lang = lang if lang in LANGS else "ja"
    leg = engine.store.open_leg(ticket.id)
    service = leg.service if leg is not None else (ticket.route[0] if ticket.route else "")
    estimate = estimate_ticket(engine, ticket, now)
    ahead = estimate.ahead if estimate is not None else engine.people_ahead(ticket)
    route = [_name(engine, code, lang) for code in ticket.route] if len(ticket.route) > 1 else []
    office = engine.config.name.get(lang) or engine.config.name.get("ja", "")
    if not can_render(office, lang):
        office = engine.config.name.get("ja", "")
    try:
        svc = engine.config.service(service)
        area, area_ja = svc.area_text(lang), svc.area_text("ja")
    except KeyError:
        area = area_ja = ""
    if not can_render(area, lang):
        area = area_ja
    return Slip(
        area=area,
        area_ja=area_ja,
        display_number=ticket.display,
        service_name=_name(engine, service, lang),
        service_name_ja=_name(engine, service, "ja"),
        issued_at=from_ts(ticket.issued_at),
        people_ahead=ahead or 0,
        wait=shown(estimate) if estimate is not None else None,
        status_url=engine.config.status_url(ticket.token),
        lang=lang,
        office_name=office,
        route=route,
    )
