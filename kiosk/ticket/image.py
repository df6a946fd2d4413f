"""The ticket as a 1-bit raster for thermal printers (and as PNG for the screen or the web), with no Qt.

Layout, top to bottom: office name, "受付番号", the big number, the service (visitor's language, then Japanese for
staff), date and time, people ahead, estimated wait, the route if any, the QR code with its caption and the URL,
and one boxed instruction line. Everything is drawn at ``width_px`` (576 = 72 mm at 203 dpi on a TM-T20II); sizes
scale with the width.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache

import qrcode
from PIL import Image, ImageDraw

from kiosk.ticket import labels as slip_text
from kiosk.ticket.fonts import MissingGlyphError, can_render
from kiosk.ticket.raster_text import Line, Style, draw, fit_size, layout, measure, wrap
from kiosk.ticket.slip import Slip
from shared.estimate_text import Shown

log = logging.getLogger(__name__)

BLACK_BELOW = 160  # grey levels under this print black: anti-aliased edges come out slightly bold
_MAX_HEIGHT = 4000


@lru_cache(maxsize=32)
def _qr_matrix(data: str, border: int) -> tuple[int, bytes]:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=border)
    qr.add_data(data)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    return len(matrix), bytes(0 if cell else 255 for row in matrix for cell in row)


def qr_modules(data: str, border: int = 4) -> int:
    """Width of the QR code of ``data`` in modules, quiet zone included."""
    return _qr_matrix(data, border)[0]


def qr_image(data: str, box_px: int, border: int = 4) -> Image.Image:
    """A black-on-white QR code of ``data`` (error correction M) with ``box_px`` pixels per module."""
    n, pixels = _qr_matrix(data, border)
    small = Image.frombytes("L", (n, n), pixels)
    return small.resize((n * box_px, n * box_px), Image.Resampling.NEAREST)


class _Canvas:
    """A tall white greyscale page with a y cursor; ``finish`` crops it and thresholds to mode "1".

    Text is set between ``left`` and ``right`` (the margins, narrowed for boxes and columns).
    """

    def __init__(self, width: int) -> None:
        self.width = width
        self.scale = width / 576
        self.margin = round(16 * self.scale)
        self.left, self.right = self.margin, width - self.margin
        self.image = Image.new("L", (width, _MAX_HEIGHT), 255)
        self.draw = ImageDraw.Draw(self.image)
        self.y = self.margin

    def px(self, value: float) -> int:
        return max(1, round(value * self.scale)) if value > 0 else 0

    @property
    def inner(self) -> int:
        return self.right - self.left

    def gap(self, value: float) -> None:
        self.y += self.px(value)

    def lines(self, text: str, style: Style, indent: int = 0, max_lines: int = 0) -> list[Line]:
        """Lay out ``text`` wrapped to the current width; raises MissingGlyphError if a glyph is missing."""
        return [layout(t, style) for t in wrap(text, style, self.inner - indent, max_lines)]

    def put(self, lines: list[Line], align: str = "center", indent: int = 0) -> None:
        for line in lines:
            x = self.left + indent if align == "left" else self.left + (self.inner - line.width) / 2
            draw(self.draw, line, x, self.y + line.ascent)
            self.y += line.height + self.leading(line)

    def leading(self, line: Line) -> int:
        """Space under a line: 0.2 of its size (Line.height is about 1.14 em)."""
        return round((line.ascent + line.descent) * 0.18)

    def text(
        self, text: str, style: Style, align: str = "center", indent: int = 0, max_lines: int = 0
    ) -> None:
        """Wrap and draw ``text``; raises MissingGlyphError before drawing anything if a glyph is missing."""
        self.put(self.lines(text, style, indent, max_lines), align, indent)

    def rule(self, thickness: float = 2) -> None:
        self.gap(10)
        t = self.px(thickness)
        self.draw.rectangle((self.left, self.y, self.right - 1, self.y + t - 1), fill=0)
        self.y += t
        self.gap(10)

    def finish(self) -> Image.Image:
        self.y += self.margin
        page = self.image.crop((0, 0, self.width, min(self.y, _MAX_HEIGHT)))
        return page.point(lambda v: 255 if v >= BLACK_BELOW else 0, mode="1")


def _safe(text: str) -> str:
    """Data strings (office, route, Japanese names) with any character no font has replaced by '?'."""
    if can_render(text):
        return text
    out = "".join(ch if can_render(ch) else "?" for ch in text)
    log.warning("ticket: no font for some characters of %r; printed as %r", text, out)
    return out


def _visitor_text(lang: str, make: Callable[[str], str | None]) -> tuple[str, str | None]:
    """(language actually used, text): the visitor's language, or English if no installed font can draw it."""
    if lang == "en":
        return lang, make(lang)
    try:
        text = make(lang)
        if text is None or can_render(text, lang):
            return lang, text
    except MissingGlyphError as e:
        text = e.text
    log.warning("ticket: no font for %s text %r; printing English instead", lang, text)
    return "en", make("en")


def _pair(
    c: _Canvas,
    slip: Slip,
    make: Callable[[str], str | None],
    size: float,
    ja_size: float,
    bold_ja: bool = False,
) -> None:
    """A line in the visitor's language, then (unless it is Japanese) the same in Japanese for staff."""
    lang, text = _visitor_text(slip.lang, make)
    if text is not None:
        c.text(text, Style(c.px(size), True, lang))
    if slip.lang not in ("ja", "ja_easy"):
        ja = make("ja")
        if ja is not None:
            c.text(ja, Style(c.px(ja_size), bold_ja, "ja"))


def _header(c: _Canvas, slip: Slip) -> None:
    if slip.office_name:
        c.text(_safe(slip.office_name), Style(c.px(28), True, "ja"), max_lines=2)
        c.rule()
    _pair(c, slip, lambda lang: slip_text.label(lang, "ticket_number"), 26, 22)
    number = _safe(slip.display_number.strip())
    style = fit_size(number, Style(c.px(190), True, "ja"), c.inner, c.px(60))
    line = layout(number, style)
    # Size the block on the ink of the digits, not on the font's (much taller) line metrics.
    font = line.runs[0][0]
    _, ink_top, _, ink_bottom = font.getbbox(number, anchor="ls")
    c.gap(14)
    baseline = c.y - ink_top
    draw(c.draw, line, c.left + (c.inner - line.width) / 2, baseline)
    c.y = baseline + ink_bottom
    c.gap(14)


def _service(c: _Canvas, slip: Slip) -> None:
    ja_name = _safe(slip.service_name_ja)
    if slip.lang == "ja":
        c.text(ja_name, Style(c.px(40), True, "ja"), max_lines=3)
        return
    lang, name = _visitor_text(slip.lang, lambda _lang: slip.service_name)
    if lang == slip.lang and name and name != slip.service_name_ja:
        c.text(name, Style(c.px(38), True, lang), max_lines=3)
        c.text(ja_name, Style(c.px(26), False, "ja"), max_lines=2)
    else:
        c.text(ja_name, Style(c.px(38), True, "ja"), max_lines=3)


def _status(c: _Canvas, slip: Slip) -> None:
    c.text(slip_text.format_issued_at(slip.issued_at), Style(c.px(28), False, "ja"))
    c.gap(6)
    _pair(c, slip, lambda lang: slip_text.people_ahead_text(lang, slip.people_ahead), 30, 24)
    wait = slip.wait
    if wait is not None:
        c.gap(4)
        _pair(c, slip, lambda lang: _wait_text(c, lang, wait), 30, 24)


def _wait_text(c: _Canvas, lang: str, wait: Shown) -> str | None:
    """The wait line, or label and value on two lines when it does not fit on one."""
    line = slip_text.wait_line(lang, wait)
    if line is None or measure(line, Style(c.px(30), True, lang)) <= c.inner:
        return line
    return f"{slip_text.label(lang, 'estimated_wait')}\n{slip_text.wait_value_text(lang, wait)}"


def _area(c: _Canvas, slip: Slip) -> None:
    """Where to wait (the service's ``area`` in the profile): a ward office has several floors."""
    if not slip.area_ja:
        return
    c.gap(4)
    _pair(
        c,
        slip,
        lambda lang: f"{slip_text.label(lang, 'wait_area')}: {slip.area_ja if lang == 'ja' else slip.area}",
        28,
        24,
    )


def _route(c: _Canvas, slip: Slip) -> None:
    if not slip.route:
        return
    c.rule(1)
    _pair(c, slip, lambda lang: slip_text.label(lang, "route"), 26, 22)
    c.gap(4)
    for i, step in enumerate(slip.route, start=1):
        c.text(f"{i}. {_safe(step)}", Style(c.px(28), True, "ja"), align="left", indent=c.px(24))


def _qr_block(c: _Canvas, slip: Slip) -> None:
    modules = qr_modules(slip.status_url)
    box = max(2, min(c.px(7), round(c.inner * 0.5 / modules)))  # about half the width, >= 2 dots/module
    code = qr_image(slip.status_url, box)
    top = c.y
    c.image.paste(code, (c.left, top))
    # Caption and URL in a column right of the code (the code's quiet zone is the gap), centred on it.
    left = c.left
    c.left = left + code.width
    lines: list[tuple[list[Line], float]] = []
    lang, caption = _visitor_text(slip.lang, lambda lang: slip_text.label(lang, "scan"))
    if caption:
        lines.append((c.lines(caption, Style(c.px(24), True, lang)), 0))
    if slip.lang not in ("ja", "ja_easy"):
        lines.append((c.lines(slip_text.label("ja", "scan"), Style(c.px(20), False, "ja")), 0))
    lines.append((c.lines(slip.status_url, Style(c.px(20), False, "ja", mono=True)), 8))
    height = sum(line.height + c.leading(line) for group, _ in lines for line in group)
    height += sum(c.px(g) for _, g in lines)
    c.y = top + max(0, (code.height - height) // 2)
    for group, gap in lines:
        c.gap(gap)
        c.put(group, align="left")
    c.left = left
    c.y = max(c.y, top + code.height)


def _instruction(c: _Canvas, slip: Slip) -> None:
    top = c.y
    c.gap(12)
    pad = c.px(14)
    c.left, c.right = c.left + pad, c.right - pad
    _pair(c, slip, lambda lang: slip_text.label(lang, "instruction"), 28, 22, bold_ja=True)
    c.left, c.right = c.left - pad, c.right + pad
    c.gap(12)
    c.draw.rectangle((c.left, top, c.right - 1, c.y), outline=0, width=c.px(3))


def render_ticket(slip: Slip, width_px: int = 576) -> Image.Image:
    """The ticket as a mode "1" image ``width_px`` wide (the printer profile's raster width).

    Raises fonts.FontNotFoundError if Noto Sans CJK is not installed. Text in a script no installed font covers
    falls back to English (labels) or is left out (the visitor-language service name; the Japanese one stays).
    """
    if width_px < 200:
        raise ValueError(f"ticket width {width_px}px is too narrow (minimum 200)")
    c = _Canvas(width_px)
    _header(c, slip)
    c.gap(4)
    _service(c, slip)
    c.rule()
    _status(c, slip)
    _area(c, slip)
    _route(c, slip)
    c.rule()
    _qr_block(c, slip)
    c.gap(16)
    _instruction(c, slip)
    return c.finish()


def render_ticket_png(slip: Slip, width_px: int = 576) -> bytes:
    """The same ticket as PNG bytes, for the on-screen ticket and the web status page."""
    buf = io.BytesIO()
    render_ticket(slip, width_px).save(buf, format="PNG")
    return buf.getvalue()


def render_test_page(width_px: int, lines: list[str], now: datetime | None = None) -> Image.Image:
    """A printer test page: title, the given lines, a full-width edge pattern and a QR code to scan."""
    c = _Canvas(width_px)
    c.text("テスト印刷 / Test page", Style(c.px(40), True, "ja"))
    c.text("madoguchi", Style(c.px(26), False, "ja"))
    if now is not None:
        c.text(slip_text.format_issued_at(now), Style(c.px(26), False, "ja"))
    c.rule()
    for text in lines:
        try:
            c.text(text, Style(c.px(24), False, "ja"), align="left")
        except MissingGlyphError:
            c.text(text.encode("ascii", "replace").decode(), Style(c.px(24), False, "ja"), align="left")
    c.gap(12)
    # Full-width ruler: the outer ticks must both print if the raster width matches the paper.
    step = c.px(8)
    for x in range(0, width_px, step):
        tall = (x // step) % 5 == 0
        c.draw.rectangle((x, c.y, x + 1, c.y + c.px(28 if tall else 14)), fill=0)
    c.draw.rectangle((width_px - 2, c.y, width_px - 1, c.y + c.px(28)), fill=0)
    c.y += c.px(36)
    c.text(f"{width_px} px", Style(c.px(22), False, "ja"))
    c.gap(12)
    code = qr_image("madoguchi test page", c.px(6))
    c.image.paste(code, ((width_px - code.width) // 2, c.y))
    c.y += code.height
    return c.finish()
