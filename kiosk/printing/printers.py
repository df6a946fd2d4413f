"""Printing facade: the Printer interface, its implementations and ``make_printer(settings)``.

The settings (``[kiosk] printer = { … }`` of the office profile) are checked by
:func:`shared.printer_settings.parse_printer`, the same check ``madoguchi config check`` runs; this module only
builds the printer they describe. The keys are listed there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PIL import Image

from kiosk.printing.api import Printer, PrinterError
from kiosk.printing.escpos_printer import (
    DEFAULT_PROFILE,
    EscposPrinter,
    Transport,
    escpos_job,
    escpos_module,
)
from kiosk.printing.qt_printer import QtPrinter
from shared.errors import ConfigError
from shared.printer_settings import KINDS, PrinterSettings, parse_printer

__all__ = [
    "DEFAULT_PROFILE",
    "KINDS",
    "ConfigError",
    "EscposPrinter",
    "NullPrinter",
    "Printer",
    "PrinterError",
    "PrinterSettings",
    "QtPrinter",
    "Transport",
    "escpos_job",
    "make_printer",
]


class NullPrinter:
    """No printer: the ticket is only shown on screen. Keeps the last image (handy in tests)."""

    def __init__(self, width_px: int = 576) -> None:
        self.width_px = width_px
        self.printed = 0
        self.last_image: Image.Image | None = None

    def print_ticket(self, image: Image.Image) -> None:
        self.printed += 1
        self.last_image = image

    def test_page(self) -> None:
        return None


def _check_dependency(s: PrinterSettings, where: str) -> None:
    """USB and serial printing need an optional library on this PC (an installation matter, not a setting)."""
    if s.kind not in ("usb", "serial"):
        return
    ep = escpos_module()
    cls = ep.Usb if s.kind == "usb" else ep.Serial
    if not cls.is_usable():
        extra, lib = (
            ("usb", "pyusb (and the libusb-1.0-0 system library)")
            if s.kind == "usb"
            else ("serial", "pyserial")
        )
        raise ConfigError(
            "", f"{where}.kind", f"{s.kind} printing needs {lib}: pip install 'python-escpos[{extra}]'"
        )


def _escpos(s: PrinterSettings, where: str) -> EscposPrinter:
    _check_dependency(s, where)
    transport = Transport(s.kind, s.where, dict(s.options), s.timeout, s.write_timeout)
    return EscposPrinter(
        transport,
        profile=s.profile,
        width_px=s.width_px,
        cut=s.cut,
        check_status=s.check_status,
    )


def _qt(s: PrinterSettings, _where: str) -> QtPrinter:
    return QtPrinter(
        printer_name=s.printer_name,
        pdf_path=s.pdf_path,
        paper_width_mm=s.paper_width_mm,
        margin_mm=s.margin_mm,
        width_px=s.width_px,
    )


_BUILDERS: dict[str, Callable[[PrinterSettings, str], Printer]] = {
    "network": _escpos,
    "usb": _escpos,
    "serial": _escpos,
    "file": _escpos,
    "qt": _qt,
    "none": lambda s, _where: NullPrinter(s.width_px),
}


def make_printer(settings: Mapping[str, Any] | PrinterSettings, where: str = "kiosk.printer") -> Printer:
    """Build the printer described by ``settings``; raises ConfigError naming the bad key.

    Nothing is opened here: a printer that is switched off is only noticed (as PrinterError) when printing.
    """
    s = settings if isinstance(settings, PrinterSettings) else parse_printer(settings, "", where)
    return _BUILDERS[s.kind](s, where)
