"""The OS-printer path through QPrinter, printed to a PDF and read back with poppler + zbar."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from kiosk.printing.printers import PrinterError, make_printer
from kiosk.ticket.image import render_ticket
from tests.kiosk.helpers import STATUS_URL, decode_qr, make_slip

pytestmark = pytest.mark.qt


def test_qt_printer_to_pdf_keeps_a_scannable_qr(qapp, tmp_path: Path) -> None:
    pdf = tmp_path / "ticket.pdf"
    printer = make_printer({"kind": "qt", "pdf_path": str(pdf)})
    printer.print_ticket(render_ticket(make_slip("ja")))
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (apt poppler-utils) is not installed")
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=20,
    )
    page = Image.open(tmp_path / "page.png")
    assert abs(page.width - 80 / 25.4 * 150) < 2  # an 80 mm wide page
    assert decode_qr(page, tmp_path) == [STATUS_URL]


def test_qt_printer_with_an_unknown_printer_is_offline(qapp) -> None:
    printer = make_printer({"kind": "qt", "printer_name": "no-such-printer-xyz"})
    with pytest.raises(PrinterError) as err:
        printer.print_ticket(Image.new("1", (576, 100), 255))
    assert err.value.kind == "offline"
