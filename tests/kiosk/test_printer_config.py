from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kiosk.printing.escpos_printer import escpos_module
from kiosk.printing.printers import (
    EscposPrinter,
    NullPrinter,
    Printer,
    PrinterError,
    QtPrinter,
    make_printer,
)
from shared.errors import ConfigError


@pytest.mark.parametrize(
    ("settings", "key"),
    [
        ({}, "kind"),
        ({"kind": "bluetooth"}, "kind"),
        ({"kind": "network"}, "host"),
        ({"kind": "network", "host": ""}, "host"),
        ({"kind": "network", "host": "10.0.0.5", "port": "ninety"}, "port"),
        ({"kind": "network", "host": "10.0.0.5", "port": 70000}, "port"),
        ({"kind": "network", "host": "10.0.0.5", "port": True}, "port"),
        ({"kind": "network", "hots": "10.0.0.5"}, "hots"),
        ({"kind": "network", "host": "10.0.0.5", "profile": "NO-SUCH-PRINTER"}, "profile"),
        ({"kind": "network", "host": "10.0.0.5", "cut": "half"}, "cut"),
        ({"kind": "network", "host": "10.0.0.5", "check_status": "yes"}, "check_status"),
        ({"kind": "network", "host": "10.0.0.5", "timeout": 0}, "timeout"),
        ({"kind": "usb", "product_id": 0x0E15}, "vendor_id"),
        ({"kind": "usb", "vendor_id": "epson", "product_id": 1}, "vendor_id"),
        ({"kind": "serial"}, "device"),
        ({"kind": "serial", "device": "/dev/ttyUSB0", "baudrate": 12}, "baudrate"),
        ({"kind": "file"}, "path"),
        ({"kind": "file", "path": "/tmp/x", "host": "a"}, "host"),
        ({"kind": "qt", "paper_width_mm": "80"}, "paper_width_mm"),
        ({"kind": "none", "path": "/tmp/x"}, "path"),
    ],
)
def test_bad_settings_name_the_key(settings: dict[str, Any], key: str) -> None:
    with pytest.raises(ConfigError) as err:
        make_printer(settings)
    assert err.value.key == f"kiosk.printer.{key}"
    assert str(err.value).startswith(f"kiosk.printer.{key}:")


def test_settings_must_be_a_table() -> None:
    with pytest.raises(ConfigError, match="table"):
        make_printer("network")  # type: ignore[arg-type]


def test_each_kind_builds_a_printer(tmp_path: Path) -> None:
    network = make_printer({"kind": "network", "host": "192.168.0.50", "port": 9100, "profile": "TM-T20II"})
    assert isinstance(network, EscposPrinter)
    assert network.width_px == 576 and network.where == "192.168.0.50:9100"
    assert network.transport.connect_timeout == 3.0
    assert make_printer({"kind": "network", "host": "h", "profile": "TM-T88V"}).width_px == 512
    assert isinstance(make_printer({"kind": "file", "path": str(tmp_path / "x.bin")}), EscposPrinter)
    assert isinstance(make_printer({"kind": "qt", "printer_name": ""}), QtPrinter)
    assert isinstance(make_printer({"kind": "none"}), NullPrinter)
    for printer in (network, make_printer({"kind": "none"}), make_printer({"kind": "qt"})):
        assert isinstance(printer, Printer)


@pytest.mark.parametrize(
    ("settings", "cls_name"),
    [
        ({"kind": "usb", "vendor_id": 0x04B8, "product_id": 0x0E15}, "Usb"),
        ({"kind": "usb", "vendor_id": "0x04b8", "product_id": "0x0e15"}, "Usb"),
        ({"kind": "serial", "device": "/dev/ttyUSB0"}, "Serial"),
    ],
)
def test_usb_and_serial_need_their_library(settings: dict[str, Any], cls_name: str) -> None:
    if getattr(escpos_module(), cls_name).is_usable():
        printer = make_printer(settings)
        assert isinstance(printer, EscposPrinter) and printer.width_px == 576
    else:
        with pytest.raises(ConfigError, match=r"python-escpos\[") as err:
            make_printer(settings)
        assert err.value.key == "kiosk.printer.kind"


def test_null_printer_keeps_the_last_image() -> None:
    from PIL import Image

    printer = make_printer({"kind": "none"})
    assert isinstance(printer, NullPrinter)
    image = Image.new("1", (576, 10), 255)
    printer.print_ticket(image)
    printer.test_page()
    assert printer.printed == 1 and printer.last_image is image


def test_printer_error_kinds() -> None:
    with pytest.raises(ValueError):
        PrinterError("jammed", "紙詰まり", "jam")  # type: ignore[arg-type]
    err = PrinterError.offline("192.168.0.50:9100", "ConnectionRefusedError")
    assert err.kind == "offline" and "192.168.0.50:9100" in err.message_en
