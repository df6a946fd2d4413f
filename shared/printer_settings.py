"""The kiosk's printer settings (``[kiosk] printer = { … }``), checked once for ``config check`` and the kiosk.

Examples::

    { kind = "network", host = "192.168.0.50", port = 9100, profile = "TM-T20II" }
    { kind = "usb", vendor_id = 0x04B8, product_id = 0x0E15 }
    { kind = "serial", device = "/dev/ttyUSB0", baudrate = 38400 }
    { kind = "file", path = "/dev/usb/lp0" }
    { kind = "qt", printer_name = "" }
    { kind = "none" }

Optional keys for the ESC/POS kinds: ``profile`` (python-escpos printer profile, default "TM-T20II"), ``width_px``
(only for profiles that lack a width), ``cut`` ("full", "part", "none"), ``check_status`` (bool), ``timeout``
(seconds to connect; network default 3), and for network ``write_timeout``. For qt: ``printer_name``,
``pdf_path``, ``paper_width_mm``, ``margin_mm``, ``width_px``. For none: ``width_px``.

:func:`parse_printer` turns them into :class:`PrinterSettings` or raises :class:`~shared.errors.ConfigError`
naming ``kiosk.printer.<key>``; the kiosk only builds the printer from the result.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from shared.validation import Table

log = logging.getLogger(__name__)

KINDS: tuple[str, ...] = ("network", "usb", "serial", "file", "qt", "none")
ESCPOS_KINDS: tuple[str, ...] = ("network", "usb", "serial", "file")
CutMode = Literal["full", "part", "none"]
DEFAULT_PROFILE = "TM-T20II"
DEFAULT_PROFILE_WIDTH = 576  # python-escpos' TM-T20II media width; looked up for any other profile
_ESCPOS_COMMON = {"profile", "width_px", "cut", "check_status", "timeout"}
ALLOWED: dict[str, set[str]] = {
    "network": _ESCPOS_COMMON | {"host", "port", "write_timeout"},
    "usb": _ESCPOS_COMMON | {"vendor_id", "product_id", "in_ep", "out_ep"},
    "serial": _ESCPOS_COMMON | {"device", "baudrate"},
    "file": _ESCPOS_COMMON | {"path"},
    "qt": {"printer_name", "pdf_path", "paper_width_mm", "margin_mm", "width_px"},
    "none": {"width_px"},
}


@dataclass(frozen=True)
class PrinterSettings:
    """Checked printer settings. ``options`` are the python-escpos transport arguments of the ESC/POS kinds."""

    kind: str = "none"
    where: str = ""  # for messages: "192.168.0.50:9100", "USB 04b8:0e15", "/dev/ttyUSB0", a path
    options: dict[str, Any] = field(default_factory=dict)
    timeout: float = 3.0
    write_timeout: float = 20.0
    profile: str = DEFAULT_PROFILE
    width_px: int = DEFAULT_PROFILE_WIDTH
    cut: CutMode = "full"
    check_status: bool = True
    printer_name: str = ""
    pdf_path: str | None = None
    paper_width_mm: float = 80.0
    margin_mm: float = 4.0


def escpos_module() -> Any:
    """Import python-escpos with its capabilities cache in the user cache dir.

    By default escpos re-parses its 1 MB capabilities file with PyYAML on every import (about 250 ms) and
    leaves a new temp directory behind each time; with a fixed pickle directory the import takes about 70 ms.
    """
    if "escpos.printer" not in sys.modules and "ESCPOS_CAPABILITIES_PICKLE_DIR" not in os.environ:
        try:
            from platformdirs import user_cache_dir

            cache = Path(user_cache_dir("madoguchi")) / "escpos"
            cache.mkdir(parents=True, exist_ok=True)
            os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(cache)
        except OSError as e:  # read-only home: escpos falls back to a temp dir
            log.debug("no escpos cache dir: %s", e)
    import escpos.printer

    return escpos.printer


def profile_width(profile: str) -> int:
    """Raster width in dots from the python-escpos printer profile (TM-T20II: 576, TM-T88V: 512).

    Raises KeyError for an unknown profile and ValueError if the profile does not know its width.
    """
    pixels = escpos_module().Dummy(profile=profile).profile.profile_data["media"]["width"]["pixels"]
    if not isinstance(pixels, int):
        raise ValueError(f"printer profile {profile!r} has no media width in pixels")
    return pixels


def _int(t: Table, key: str, default: Any, lo: int, hi: int) -> Any:
    """An integer, also written as a string such as "0x04b8" (USB ids are usually quoted that way)."""
    v = t.data.get(key, default)
    if isinstance(v, str):
        try:
            v = int(v, 0)
        except ValueError:
            raise t.fail(key, f"must be a whole number (e.g. 9100 or 0x04b8), got {v!r}") from None
    return v if v is None else t.check_whole(v, key, lo=lo, hi=hi)


def _transport(kind: str, t: Table) -> tuple[str, dict[str, Any]]:
    if kind == "network":
        host = t.text("host", max_len=253)
        port = _int(t, "port", 9100, 1, 65535)
        return f"{host}:{port}", {"host": host, "port": port}
    if kind == "usb":
        options = {"vendor_id": _int(t, "vendor_id", None, 0, 0xFFFF)}
        if options["vendor_id"] is None:
            raise t.fail("vendor_id", "is required (e.g. 0x04b8)")
        options["product_id"] = _int(t, "product_id", None, 0, 0xFFFF)
        if options["product_id"] is None:
            raise t.fail("product_id", "is required (e.g. 0x0e15)")
        for key in ("in_ep", "out_ep"):
            if key in t:
                options[key] = _int(t, key, None, 0, 0xFF)
        return f"USB {options['vendor_id']:04x}:{options['product_id']:04x}", options
    if kind == "serial":
        device = t.text("device")
        return device, {"device": device, "baudrate": _int(t, "baudrate", 9600, 300, 4_000_000)}
    path = t.text("path")
    return path, {"path": path}


def parse_printer(data: Any, path: str = "", where: str = "kiosk.printer") -> PrinterSettings:
    """Check the printer settings ``data`` (from file ``path``); every problem is a ConfigError naming the key."""
    t = Table(path, where, data, hint=' like { kind = "network", host = "192.168.0.50" }')
    kind = t.text("kind", choices=KINDS)
    t.only(ALLOWED[kind] | {"kind"}, f"setting of a {kind} printer")
    if kind == "none":
        return PrinterSettings(kind="none", width_px=_int(t, "width_px", 576, 64, 4096))
    if kind == "qt":
        return PrinterSettings(
            kind="qt",
            printer_name=t.text("printer_name", "", empty=True),
            pdf_path=t.text("pdf_path", None),
            paper_width_mm=t.number("paper_width_mm", 80.0, lo=20.0, hi=300.0),
            margin_mm=t.number("margin_mm", 4.0, lo=0.0, hi=30.0),
            width_px=_int(t, "width_px", 576, 64, 4096),
        )
    timeout = t.number("timeout", 3.0, lo=0.1, hi=60.0)
    write_timeout = t.number("write_timeout", 20.0, lo=1.0, hi=300.0)
    where_, options = _transport(kind, t)
    profile = t.text("profile", DEFAULT_PROFILE, max_len=100)
    width = _int(t, "width_px", None, 64, 4096)
    if width is None:
        width = _profile_width(t, profile)
    elif profile != DEFAULT_PROFILE:
        _profile_width(t, profile, need_width=False)
    return PrinterSettings(
        kind=kind,
        where=where_,
        options=options,
        timeout=timeout,
        write_timeout=write_timeout,
        profile=profile,
        width_px=width,
        cut=cast(CutMode, t.text("cut", "full", choices=("full", "part", "none"))),
        check_status=t.flag("check_status", True),
    )


def _profile_width(t: Table, profile: str, need_width: bool = True) -> int:
    if profile == DEFAULT_PROFILE:
        return DEFAULT_PROFILE_WIDTH
    try:
        return profile_width(profile)
    except KeyError:
        raise t.fail(
            "profile", f"unknown python-escpos printer profile {profile!r} (e.g. TM-T20II)"
        ) from None
    except ValueError:
        if not need_width:
            return 0
        raise t.fail(
            "width_px", f"profile {profile!r} does not know its width: set width_px (e.g. 576)"
        ) from None
