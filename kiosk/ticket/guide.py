"""The 行かない guide slip as a 1-bit raster: what the visitor takes away instead of a ticket (no Qt).

Top to bottom: office name, the title (「コンビニでも取れます」), the alternative in plain words, what is needed,
the hours, how to do it, the QR code of the alternative's address with its caption and URL, and a boxed line
saying no ticket was issued. It prints through the same ESC/POS path as a ticket (``escpos_job``).
"""

from __future__ import annotations

import dataclasses
import logging

from PIL import Image

from kiosk.flows.divert import GuideSlip
from kiosk.ticket import labels as slip_text
from kiosk.ticket.fonts import MissingGlyphError
from kiosk.ticket.image import _Canvas, _safe, qr_image, qr_modules
from kiosk.ticket.raster_text import Style

log = logging.getLogger(__name__)


def _draw(slip: GuideSlip, width_px: int) -> Image.Image:
    c = _Canvas(width_px)
    lang = slip.lang
    if slip.office_name:
        c.text(_safe(slip.office_name), Style(c.px(26), True, "ja"), max_lines=2)
        c.rule()
    c.text(slip.title, Style(c.px(40), True, lang))
    c.gap(8)
    c.text(slip.text, Style(c.px(28), False, lang), align="left")
    c.rule(1)
    c.text(slip.needs_label, Style(c.px(28), True, lang), align="left")
    c.text(slip.needs, Style(c.px(28), False, lang), align="left", indent=c.px(16))
    c.gap(8)
    c.text(slip.hours, Style(c.px(30), True, lang), align="left")
    c.rule(1)
    c.text(slip.howto, Style(c.px(28), True, lang), align="left")
    if slip.url:
        c.gap(12)
        modules = qr_modules(slip.url)
        box = max(2, min(c.px(7), round(c.inner * 0.5 / modules)))
        code = qr_image(slip.url, box)
        c.image.paste(code, (c.left + (c.inner - code.width) // 2, c.y))
        c.y += code.height
        c.text(slip.scan, Style(c.px(24), True, lang))
        c.text(slip.url, Style(c.px(22), False, "ja", mono=True))
    c.gap(12)
    top = c.y
    pad = c.px(14)
    c.gap(10)
    c.left, c.right = c.left + pad, c.right - pad
    c.text(slip.no_ticket, Style(c.px(24), True, lang))
    c.left, c.right = c.left - pad, c.right + pad
    c.gap(10)
    c.draw.rectangle((c.left, top, c.right - 1, c.y), outline=0, width=c.px(3))
    c.gap(8)
    c.text(slip_text.format_issued_at(slip.printed_at), Style(c.px(22), False, "ja"))
    return c.finish()


def render_guide(slip: GuideSlip, width_px: int = 576, fallback: GuideSlip | None = None) -> Image.Image:
    """The guide as a mode "1" image ``width_px`` wide; in ``fallback`` (English) if no font has a glyph."""
    if width_px < 200:
        raise ValueError(f"slip width {width_px}px is too narrow (minimum 200)")
    try:
        return _draw(slip, width_px)
    except MissingGlyphError as exc:
        if fallback is None:
            raise
        log.warning("guide slip: no font for %s text %r; printing English instead", slip.lang, exc.text)
        return _draw(dataclasses.replace(fallback, printed_at=slip.printed_at), width_px)
