"""ESC/POS bytes: decoded back to an image whose QR is the status URL; file and network transports."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from kiosk.printing.escpos_printer import escpos_job, fit_width, profile_width
from kiosk.printing.printers import EscposPrinter, PrinterError, make_printer
from kiosk.ticket.image import render_ticket
from tests.kiosk.fake_printer import FakeNetworkPrinter, closed_port
from tests.kiosk.helpers import STATUS_URL, decode_qr, make_slip, parse_escpos_raster

OK = {1: 0x12, 2: 0x12, 4: 0x12}


@pytest.fixture(scope="module")
def ticket() -> Image.Image:
    return render_ticket(make_slip("en", route=["市民課", "保険年金課"]))


@pytest.fixture
def fake() -> Iterator[FakeNetworkPrinter]:
    server = FakeNetworkPrinter(OK)
    yield server
    server.close()


def test_escpos_bytes_decode_back_to_the_ticket_and_its_qr(ticket: Image.Image, tmp_path: Path) -> None:
    data = escpos_job(ticket, profile="TM-T20II")
    assert data.startswith(b"\x1b@")  # ESC @ (initialise)
    assert b"\x1dV" in data[-8:]  # GS V: the cut comes last
    page, headers = parse_escpos_raster(data)
    assert all(x_bytes == 72 for x_bytes, _ in headers)  # 72 bytes x 8 = 576 dots (TM-T20II)
    assert sum(rows for _, rows in headers) == ticket.height
    assert page.size == ticket.size
    assert ImageChops.difference(page.convert("L"), ticket.convert("L")).getbbox() is None  # pixel-exact
    assert decode_qr(page, tmp_path) == [STATUS_URL]


def test_no_text_command_is_used(ticket: Image.Image) -> None:
    data = escpos_job(ticket)
    # Everything outside the raster blocks is a handful of control bytes: no text is sent.
    raster_bytes = sum(x * y + 8 for x, y in parse_escpos_raster(data)[1])
    assert len(data) - raster_bytes < 32


def test_width_comes_from_the_profile(ticket: Image.Image) -> None:
    assert profile_width("TM-T20II") == 576
    assert profile_width("TM-T88V") == 512
    _, headers = parse_escpos_raster(escpos_job(ticket, profile="TM-T88V"))  # 576 px scaled to 512
    assert {x for x, _ in headers} == {64}


def test_fit_width_pads_narrow_images() -> None:
    narrow = Image.new("1", (400, 10), 0)
    fitted = fit_width(narrow, 576)
    assert fitted.size == (576, 10)
    assert fitted.getpixel((0, 0)) == 255 and fitted.getpixel((288, 5)) == 0


def test_file_printer_writes_the_same_byte_stream(ticket: Image.Image, tmp_path: Path) -> None:
    path = tmp_path / "ticket.bin"
    printer = make_printer({"kind": "file", "path": str(path)})
    assert isinstance(printer, EscposPrinter)
    printer.print_ticket(ticket)
    assert path.read_bytes() == escpos_job(ticket, profile="TM-T20II")


def test_file_printer_in_a_missing_directory_is_offline(ticket: Image.Image, tmp_path: Path) -> None:
    printer = make_printer({"kind": "file", "path": str(tmp_path / "no" / "lp0")})
    with pytest.raises(PrinterError) as err:
        printer.print_ticket(ticket)
    assert err.value.kind == "offline"


def test_network_printer_receives_the_bytes(ticket: Image.Image, fake: FakeNetworkPrinter) -> None:
    printer = make_printer({"kind": "network", "host": "127.0.0.1", "port": fake.port})
    printer.print_ticket(ticket)
    assert fake.done.wait(5)
    job = escpos_job(ticket)
    # The status requests (printer, paper) come first, then exactly the job.
    assert fake.jobs[0] == b"\x10\x04\x01\x10\x04\x04" + job


def test_network_printer_that_never_answers_status_still_prints(ticket: Image.Image) -> None:
    server = FakeNetworkPrinter(status={})
    try:
        printer = make_printer({"kind": "network", "host": "127.0.0.1", "port": server.port})
        assert isinstance(printer, EscposPrinter)
        printer.transport.status_timeout = 0.05
        printer.print_ticket(ticket)
        assert server.done.wait(5)
        assert server.jobs[0].endswith(escpos_job(ticket))
        assert printer._status_answers is False  # not asked again
    finally:
        server.close()


def test_paper_out_is_reported_and_nothing_is_sent(ticket: Image.Image) -> None:
    server = FakeNetworkPrinter(status={1: 0x12 | 0x08, 4: 0x72})
    try:
        printer = make_printer({"kind": "network", "host": "127.0.0.1", "port": server.port})
        with pytest.raises(PrinterError) as err:
            printer.print_ticket(ticket)
        assert err.value.kind == "paper_out"
        assert "用紙" in err.value.message_ja and "paper" in err.value.message_en
        assert server.done.wait(5)
        assert b"\x1dv0" not in server.jobs[0]
    finally:
        server.close()


def test_cover_open_is_offline(ticket: Image.Image) -> None:
    server = FakeNetworkPrinter(status={1: 0x12 | 0x08, 2: 0x12 | 0x04, 4: 0x12})
    try:
        printer = make_printer({"kind": "network", "host": "127.0.0.1", "port": server.port})
        with pytest.raises(PrinterError) as err:
            printer.print_ticket(ticket)
        assert err.value.kind == "offline"
        assert "カバー" in err.value.message_ja
    finally:
        server.close()


def test_closed_port_is_offline_quickly(ticket: Image.Image) -> None:
    printer = make_printer({"kind": "network", "host": "127.0.0.1", "port": closed_port()})
    start = time.monotonic()
    with pytest.raises(PrinterError) as err:
        printer.print_ticket(ticket)
    assert time.monotonic() - start < 3.5
    assert err.value.kind == "offline"
    assert "127.0.0.1" in err.value.message_ja
    assert err.value.detail  # the underlying error text, for the log


def test_test_page_prints(fake: FakeNetworkPrinter) -> None:
    printer = make_printer({"kind": "network", "host": "127.0.0.1", "port": fake.port})
    printer.test_page()
    assert fake.done.wait(5)
    page, _ = parse_escpos_raster(fake.jobs[0])
    assert page.width == 576
