"""行かない: which alternative to offer before a ticket, and the words of its offer (no Qt, no SQL).

A service offers its switched-on alternative that covers the service as a whole. A certificate request (the kiosk's
書かない flow) gets an offer only when every picked document is covered, by alternatives of one kind (住民票の写し
and 課税証明書 at a convenience store: yes; 住民票の写し and 納税証明書: no, the visitor comes to the counter
anyway). The kiosk and the phone's ``/issue`` page both ask here, so they offer the same thing in the same words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from shared.config import Alternative, OfficeConfig
from shared.i18n.alternatives import alt_text


@dataclass(frozen=True)
class Offer:
    """The alternatives for one request: ``services`` in order, each with its alternative (all of one kind)."""

    services: tuple[str, ...]
    alternatives: tuple[Alternative, ...]
    documents: tuple[str, ...] = ()  # the picked certificate codes (empty: a service tile)

    @property
    def kind(self) -> str:
        return self.alternatives[0].kind

    @property
    def url(self) -> str | None:
        return next((a.url for a in self.alternatives if a.url), None)

    def _unique(self, what: str, lang: str) -> list[str]:
        return list(dict.fromkeys(a.words(what, lang) for a in self.alternatives))

    def text(self, lang: str) -> str:
        return "\n".join(self._unique("text", lang))

    def needs(self, lang: str) -> str:
        return "\n".join(self._unique("needs", lang))

    def hours(self, lang: str) -> str:
        known = [a.hours for a in self.alternatives if a.hours is not None]
        if not known:
            return alt_text("alt_anytime", lang)
        start = max(s[0] for s in known)  # when every one of them is available
        end = min(s[1] for s in known)
        return alt_text(
            "alt_hours", lang, start=f"{start.hour}:{start.minute:02d}", end=f"{end.hour}:{end.minute:02d}"
        )

    def title(self, lang: str) -> str:
        return alt_text(f"alt_title_{self.kind}", lang)

    def take_label(self, lang: str) -> str:
        return alt_text(f"alt_take_{self.kind}", lang)

    def counter_label(self, lang: str) -> str:
        return alt_text("alt_counter_documents" if self.documents else "alt_counter_service", lang)

    def howto(self, lang: str) -> str:
        return alt_text(f"alt_howto_{self.kind}", lang)


def offer_for_service(config: OfficeConfig, code: str) -> Offer | None:
    svc = config.service_map().get(code)
    alt = svc.alternative_for() if svc is not None else None
    return Offer((code,), (alt,)) if alt is not None else None


def offer_for_certificates(config: OfficeConfig, picks: Mapping[str, int]) -> Offer | None:
    """The offer for a certificate request, or None when any picked document needs the counter."""
    by_code = {c.code: c for c in config.certificates}
    docs = [code for code, n in picks.items() if n > 0 and code in by_code]
    if not docs:
        return None
    order = [s.code for s in config.services]
    services = sorted({by_code[d].service for d in docs}, key=order.index)
    alts = []
    for code in services:
        own = [d for d in docs if by_code[d].service == code]
        alt = config.service(code).alternative_for(own)
        if alt is None:
            return None
        alts.append(alt)
    if len({a.kind for a in alts}) != 1:
        return None
    ordered = [c.code for c in config.certificates if c.code in docs]
    return Offer(tuple(services), tuple(alts), tuple(ordered))
