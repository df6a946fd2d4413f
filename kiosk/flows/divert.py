"""行かない at the kiosk: the guide slip printed when the visitor takes the alternative (no Qt).

Which alternative to offer, and its words, is :mod:`shared.alternatives` (the phone page offers the same); the
kiosk makes the offer once per visit (the window keeps that state).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared.alternatives import Offer, offer_for_certificates, offer_for_service
from shared.i18n.alternatives import alt_text

__all__ = ["GuideSlip", "Offer", "guide_slip", "offer_for_certificates", "offer_for_service"]


@dataclass(frozen=True)
class GuideSlip:
    """The small slip printed when the visitor takes the alternative: how, what to bring, when, and a QR."""

    lang: str
    office_name: str
    title: str
    text: str
    needs_label: str
    needs: str
    hours: str
    howto: str
    url: str | None
    no_ticket: str
    scan: str
    printed_at: datetime


def guide_slip(offer: Offer, lang: str, office_name: str, now: datetime) -> GuideSlip:
    return GuideSlip(
        lang=lang,
        office_name=office_name,
        title=offer.title(lang),
        text=offer.text(lang),
        needs_label=alt_text("alt_needs", lang),
        needs=offer.needs(lang),
        hours=offer.hours(lang),
        howto=offer.howto(lang),
        url=offer.url,
        no_ticket=alt_text("alt_no_ticket", lang),
        scan=alt_text("alt_scan", lang),
        printed_at=now,
    )
