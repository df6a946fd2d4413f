"""Printing facade: the Printer interface, its implementations and ``make_printer(settings)``.

Settings come from the office config (``[kiosk.printer]``), for example::

    {"kind": "network", "host": "192.168.0.50", "port": 9100, "profile": "TM-T20II"}
    {"kind": "usb", "vendor_id": 0x04B8, "product_id": 0x0E15}
    {"kind": "serial", "device": "/dev/ttyUSB0", "baudrate": 38400}
    {"kind": "file", "path": "/dev/usb/lp0"}
    {"kind": "qt", "printer_name": ""}
    {"kind": "none"}

Optional keys for the ESC/POS kinds: ``profile`` (python-escpos printer profile, default "TM-T20II"), ``width_px``
(only for profiles that lack a width), ``cut`` ("full", "part", "none"), ``check_status`` (bool), ``timeout``
(seconds to connect; network default 3). For qt: ``pdf_path``, ``paper_width_mm``, ``margin_mm``, ``width_px``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PIL import Image

from kiosk.escpos_printer import (
    DEFAULT_PROFILE,
    EscposPrinter,
    Transport,
    escpos_job,
    escpos_module,
    profile_width,
)
from kiosk.printer_api import Printer, PrinterConfigError, PrinterError
from kiosk.qt_printer import QtPrinter

__all__ = [
    "DEFAULT_PROFILE",
    "EscposPrinter",
    "NullPrinter",
    "Printer",
    "PrinterConfigError",
    "PrinterError",
    "QtPrinter",
    "Transport",
    "escpos_job",
    "make_printer",
]

KINDS = ("network", "usb", "serial", "file", "qt", "none")
_ESCPOS_COMMON = {"profile", "width_px", "cut", "check_status", "timeout"}
_ALLOWED = {
    "network": _ESCPOS_COMMON | {"host", "port", "write_timeout"},
    "usb": _ESCPOS_COMMON | {"vendor_id", "product_id", "in_ep", "out_ep"},
    "serial": _ESCPOS_COMMON | {"device", "baudrate"},
    "file": _ESCPOS_COMMON | {"path"},
    "qt": {"printer_name", "pdf_path", "paper_width_mm", "margin_mm", "width_px"},
    "none": {"width_px"},
}


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


class _Reader:
    """Typed access to one settings mapping; every problem is a PrinterConfigError naming the key."""

    def __init__(self, settings: Mapping[str, Any], where: str) -> None:
        self.settings = settings
        self.where = where

    def fail(self, key: str, message: str) -> PrinterConfigError:
        return PrinterConfigError(f"{self.where}.{key}", message)

    def get_str(self, key: str, default: str | None = None, required: bool = False) -> str | None:
        value = self.settings.get(key, default)
        if value is None:
            if required:
                raise self.fail(key, "is required")
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(key, f"must be a non-empty string, not {value!r}")
        return value

    def get_int(self, key: str, default: int | None = None, lo: int = 0, hi: int = 1 << 31) -> int | None:
        value = self.settings.get(key, default)
        if value is None:
            return None
        if isinstance(value, str):  # "0x04b8" from a JSON/TOML string
            try:
                value = int(value, 0)
            except ValueError:
                raise self.fail(key, f"must be an integer (e.g. 9100 or 0x04b8), not {value!r}") from None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be an integer, not {value!r}")
        if not lo <= value <= hi:
            raise self.fail(key, f"must be between {lo} and {hi}, not {value}")
        return value

    def get_float(self, key: str, default: float, lo: float, hi: float) -> float:
        value = self.settings.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, f"must be a number, not {value!r}")
        if not lo <= value <= hi:
            raise self.fail(key, f"must be between {lo:g} and {hi:g}, not {value}")
        return float(value)

    def get_bool(self, key: str, default: bool) -> bool:
        value = self.settings.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, f"must be true or false, not {value!r}")
        return value

    def required_int(self, key: str, lo: int, hi: int) -> int:
        value = self.get_int(key, lo=lo, hi=hi)
        if value is None:
            raise self.fail(key, "is required")
        return value


def _transport(kind: str, r: _Reader) -> Transport:
    timeout = r.get_float("timeout", 3.0, 0.1, 60.0)
    if kind == "network":
        host = r.get_str("host", required=True)
        port = r.get_int("port", 9100, 1, 65535)
        assert host is not None and port is not None
        write_timeout = r.get_float("write_timeout", 20.0, 1.0, 300.0)
        return Transport(kind, f"{host}:{port}", {"host": host, "port": port}, timeout, write_timeout)
    if kind == "usb":
        options = {
            "vendor_id": r.required_int("vendor_id", 0, 0xFFFF),
            "product_id": r.required_int("product_id", 0, 0xFFFF),
        }
        for key in ("in_ep", "out_ep"):
            if key in r.settings:
                options[key] = r.required_int(key, 0, 0xFF)
        where = f"USB {options['vendor_id']:04x}:{options['product_id']:04x}"
        return Transport(kind, where, options, timeout)
    if kind == "serial":
        device = r.get_str("device", required=True)
        baudrate = r.get_int("baudrate", 9600, 300, 4_000_000)
        return Transport(kind, str(device), {"device": device, "baudrate": baudrate}, timeout)
    path = r.get_str("path", required=True)
    return Transport("file", str(path), {"path": path}, timeout)


def _check_dependency(kind: str, r: _Reader) -> None:
    if kind not in ("usb", "serial"):
        return
    ep = escpos_module()
    cls = ep.Usb if kind == "usb" else ep.Serial
    if not cls.is_usable():
        extra, lib = (
            ("usb", "pyusb (and the libusb-1.0-0 system library)")
            if kind == "usb"
            else ("serial", "pyserial")
        )
        raise r.fail("kind", f"{kind} printing needs {lib}: pip install 'python-escpos[{extra}]'")


def _escpos(kind: str, r: _Reader) -> EscposPrinter:
    transport = _transport(kind, r)
    profile = r.get_str("profile", DEFAULT_PROFILE, required=True)
    assert profile is not None
    try:
        profile_px: int | None = profile_width(profile)
    except KeyError:
        raise r.fail(
            "profile", f"unknown python-escpos printer profile {profile!r} (e.g. TM-T20II)"
        ) from None
    except ValueError:
        profile_px = None
    width = r.get_int("width_px", None, 64, 4096) or profile_px
    if width is None:
        raise r.fail("width_px", f"profile {profile!r} does not know its width: set width_px (e.g. 576)")
    cut = r.get_str("cut", "full")
    if cut not in ("full", "part", "none"):
        raise r.fail("cut", f"must be 'full', 'part' or 'none', not {cut!r}")
    check = r.get_bool("check_status", True)
    _check_dependency(kind, r)
    return EscposPrinter(transport, profile=profile, width_px=width, cut=cut, check_status=check)  # type: ignore[arg-type]


def _qt(r: _Reader) -> QtPrinter:
    return QtPrinter(
        printer_name=r.get_str("printer_name", "") or "",
        pdf_path=r.get_str("pdf_path"),
        paper_width_mm=r.get_float("paper_width_mm", 80.0, 20.0, 300.0),
        margin_mm=r.get_float("margin_mm", 4.0, 0.0, 30.0),
        width_px=r.get_int("width_px", 576, 64, 4096) or 576,
    )


_BUILDERS: dict[str, Callable[[str, _Reader], Printer]] = {
    "network": _escpos,
    "usb": _escpos,
    "serial": _escpos,
    "file": _escpos,
    "qt": lambda _kind, r: _qt(r),
    "none": lambda _kind, r: NullPrinter(r.get_int("width_px", 576, 64, 4096) or 576),
}


def make_printer(settings: Mapping[str, Any], where: str = "kiosk.printer") -> Printer:
    """Build the printer described by ``settings``; raises PrinterConfigError naming the bad key.

    Nothing is opened here: a printer that is switched off is only noticed (as PrinterError) when printing.
    """
    if not isinstance(settings, Mapping):
        raise PrinterConfigError(where, f"must be a table of settings, not {type(settings).__name__}")
    r = _Reader(settings, where)
    kind = settings.get("kind")
    if kind not in KINDS:
        raise r.fail("kind", f"must be one of {', '.join(KINDS)}, not {kind!r}")
    unknown = sorted(set(settings) - _ALLOWED[kind] - {"kind"})
    if unknown:
        allowed = ", ".join(sorted(_ALLOWED[kind])) or "none"
        raise r.fail(unknown[0], f"is not a setting of a {kind} printer (allowed: {allowed})")
    return _BUILDERS[kind](kind, r)
