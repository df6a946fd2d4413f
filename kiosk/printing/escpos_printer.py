"""ESC/POS thermal printing: bytes rendered once through python-escpos' Dummy, then sent over a transport.

All text (Japanese included) is already in the ticket raster, so the job is just ``ESC @``, the image as
``GS v 0`` raster blocks, a feed and a cut. ``escpos`` ``text()`` is never used: it garbles Japanese.
The transports are python-escpos' own Network / Usb / Serial / File classes, used only to open, read status,
send raw bytes and close.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from PIL import Image

from kiosk.printing.api import PrinterError
from shared.printer_settings import DEFAULT_PROFILE, escpos_module, profile_width
from shared.timeutil import TOKYO

log = logging.getLogger(__name__)

FRAGMENT_ROWS = 960  # python-escpos' default raster block height
CutMode = Literal["full", "part", "none"]

# Real-time status (DLE EOT n). A valid reply byte has bit 1 and bit 4 set, bits 0 and 7 clear.
_DLE_EOT_PRINTER = b"\x10\x04\x01"  # bit 3: off-line
_DLE_EOT_OFFLINE_CAUSE = b"\x10\x04\x02"  # bit 2: cover open
_DLE_EOT_PAPER = b"\x10\x04\x04"  # bits 5+6: paper end; bits 2+3: near end


def _valid_status(byte: int) -> bool:
    return byte & 0x93 == 0x12


def fit_width(image: Image.Image, width: int) -> Image.Image:
    """``image`` as mode "1" exactly ``width`` dots wide: centred on white if narrower, scaled down if wider."""
    img = image if image.mode == "1" else image.convert("L").point(lambda v: 255 if v >= 128 else 0, mode="1")
    if img.width > width:
        log.warning("ticket raster %dpx is wider than the printer (%dpx): scaling down", img.width, width)
        height = round(img.height * width / img.width)
        grey = img.convert("L").resize((width, height), Image.Resampling.LANCZOS)
        return grey.point(lambda v: 255 if v >= 160 else 0, mode="1")
    if img.width < width:
        page = Image.new("1", (width, img.height), 255)
        page.paste(img, ((width - img.width) // 2, 0))
        return page
    return img


def escpos_job(image: Image.Image, profile: str = DEFAULT_PROFILE, cut: CutMode = "full") -> bytes:
    """The complete ESC/POS byte stream for one ticket, rendered once through ``escpos.printer.Dummy``."""
    p = escpos_module().Dummy(profile=profile)
    p.hw("INIT")
    width = p.profile.profile_data["media"]["width"]["pixels"]
    img = fit_width(image, width) if isinstance(width, int) else image
    # The same GS v 0 blocks escpos makes for a tall image (960 rows each), but each slice is converted once:
    # escpos' own split converts the whole image first and then every fragment again.
    for top in range(0, img.height, FRAGMENT_ROWS):
        p.image(img.crop((0, top, img.width, min(top + FRAGMENT_ROWS, img.height))), impl="bitImageRaster")
    if cut == "none":
        p.print_and_feed(6)
    else:
        p.cut(mode="PART" if cut == "part" else "FULL")
    return p.output


@dataclass
class Transport:
    """Where the bytes go: ``kind`` is network, usb, serial or file; ``options`` are the escpos class arguments."""

    kind: str
    where: str  # for messages: "192.168.0.50:9100", "USB 04b8:0e15", "/dev/ttyUSB0", a path
    options: dict[str, Any] = field(default_factory=dict)
    connect_timeout: float = 3.0  # network: connecting; usb/serial: reads
    write_timeout: float = 20.0  # network: a slow printer may hold a long job in its TCP window
    status_timeout: float = 0.5

    @property
    def can_read(self) -> bool:
        return self.kind in ("network", "usb", "serial")

    def make(self, profile: str) -> Any:
        """An unopened python-escpos printer object for this transport."""
        ep = escpos_module()
        o = self.options
        if self.kind == "network":
            return ep.Network(o["host"], port=o["port"], timeout=self.connect_timeout, profile=profile)
        if self.kind == "usb":
            return ep.Usb(
                o["vendor_id"],
                o["product_id"],
                timeout=int(self.connect_timeout * 1000),  # pyusb: milliseconds; 0 would wait forever
                in_ep=o.get("in_ep", 0x82),
                out_ep=o.get("out_ep", 0x01),
                profile=profile,
            )
        if self.kind == "serial":
            return ep.Serial(
                devfile=o["device"], baudrate=o["baudrate"], timeout=self.connect_timeout, profile=profile
            )
        if self.kind == "file":
            return ep.File(devfile=o["path"], profile=profile)
        raise ValueError(f"unknown transport kind {self.kind!r}")


def _is_offline_error(e: BaseException) -> bool:
    escpos_module()
    from escpos.exceptions import DeviceNotFoundError

    if isinstance(e, DeviceNotFoundError | ConnectionError | TimeoutError | socket.gaierror):
        return True
    if isinstance(e, OSError) and e.errno is not None:
        import errno

        return e.errno in (
            errno.ENOENT,  # the device node is gone (USB unplugged, /dev/ttyUSB0)
            errno.ENODEV,
            errno.ENXIO,
            errno.EHOSTUNREACH,
            errno.ENETUNREACH,
            errno.EHOSTDOWN,
            errno.EPIPE,
            errno.EIO,
        )
    name = type(e).__name__  # pyusb / pyserial errors without importing them
    return name in ("USBError", "USBTimeoutError", "SerialException", "SerialTimeoutException")


def _drain(sock: socket.socket, timeout: float = 0.3) -> None:
    """Half-close and read what the printer still sends (a late status byte) until it closes or goes quiet.

    Closing a TCP socket with unread bytes sends a reset, which can throw away the end of the job still in
    the send buffer; the FIN from ``shutdown`` instead goes out after the data.
    """
    deadline = time.monotonic() + timeout
    try:
        sock.shutdown(socket.SHUT_WR)
        sock.settimeout(timeout)
        while sock.recv(256) and time.monotonic() < deadline:
            pass
    except OSError:
        pass


class EscposPrinter:
    """A thermal printer driven by ESC/POS over one transport (network 9100, USB, serial or a file/device).

    ``check_status`` asks the printer (DLE EOT) whether it is on-line and has paper before each job, where the
    transport can read; a printer that does not answer within ``status_timeout`` is printed to anyway and not
    asked again. Jobs are serialised by a lock; call ``print_ticket`` from a worker thread so a network
    timeout does not freeze the screen.
    """

    def __init__(
        self,
        transport: Transport,
        profile: str = DEFAULT_PROFILE,
        width_px: int | None = None,
        cut: CutMode = "full",
        check_status: bool = True,
    ) -> None:
        self.transport = transport
        self.profile = profile
        self.width_px = width_px if width_px is not None else profile_width(profile)
        self.cut: CutMode = cut
        self.check_status = check_status and transport.can_read
        self.paper_near_end = False  # set by the last status check; worth a gentle staff notice
        self._status_answers: bool | None = None
        self._lock = threading.Lock()

    @property
    def where(self) -> str:
        return self.transport.where

    def job_bytes(self, image: Image.Image) -> bytes:
        """The ESC/POS bytes this printer sends for ``image``."""
        return escpos_job(fit_width(image, self.width_px), self.profile, self.cut)

    def print_ticket(self, image: Image.Image) -> None:
        try:
            data = self.job_bytes(image)
        except Exception as e:  # a bad image must still surface as a PrinterError
            raise PrinterError.error(self.where, f"{type(e).__name__}: {e}") from e
        self.send(data)

    def test_page(self) -> None:
        from kiosk.ticket.image import render_test_page

        lines = [
            f"接続 / transport: {self.transport.kind} {self.where}",
            f"プロファイル / profile: {self.profile}",
            f"幅 / width: {self.width_px} dots",
            "日本語の表示テスト：受付番号 住民票の写し",
        ]
        self.print_ticket(render_test_page(self.width_px, lines, now=datetime.now(TOKYO)))

    def send(self, data: bytes) -> None:
        """Open the transport, check status, write ``data``, close; every failure becomes a PrinterError."""
        with self._lock:
            conn = None
            try:
                conn = self.transport.make(self.profile)
                conn.open()
                if self.transport.kind == "network":
                    conn.device.settimeout(self.transport.write_timeout)
                if self.check_status and self._status_answers is not False:
                    self._check(conn)
                conn._raw(data)
                if self.transport.kind == "network":
                    _drain(conn.device)
            except PrinterError:
                raise
            except Exception as e:
                detail = f"{type(e).__name__}: {e}".strip()
                if _is_offline_error(e):
                    raise PrinterError.offline(self.where, detail) from e
                raise PrinterError.error(self.where, detail) from e
            finally:
                if conn is not None:
                    try:
                        conn.close()
                    except Exception as e:  # closing a dead connection must not mask the real error
                        log.debug("closing printer %s: %s", self.where, e)

    def _query(self, conn: Any, command: bytes) -> int | None:
        """Send one DLE EOT request; the reply byte, or None if the printer did not answer sensibly."""
        sock = conn.device if self.transport.kind == "network" else None
        if sock is not None:
            sock.settimeout(self.transport.status_timeout)
        try:
            conn._raw(command)
            reply = conn._read()
        except (TimeoutError, NotImplementedError):
            return None
        except Exception as e:
            if type(e).__name__ in ("USBTimeoutError", "SerialTimeoutException"):
                return None
            raise
        finally:
            if sock is not None:
                sock.settimeout(self.transport.write_timeout)
        if not reply or not _valid_status(reply[-1]):
            return None
        return reply[-1]

    def _check(self, conn: Any) -> None:
        printer = self._query(conn, _DLE_EOT_PRINTER)
        if printer is None:
            log.info("printer %s does not answer status requests; printing without checks", self.where)
            self._status_answers = False
            return
        self._status_answers = True
        paper = self._query(conn, _DLE_EOT_PAPER)
        if paper is not None and paper & 0x60 == 0x60:
            raise PrinterError.paper_out(self.where, f"DLE EOT 4 = 0x{paper:02x}")
        self.paper_near_end = paper is not None and paper & 0x0C == 0x0C
        if printer & 0x08:
            cause = self._query(conn, _DLE_EOT_OFFLINE_CAUSE)
            cover_open = cause is not None and bool(cause & 0x04)
            raise PrinterError.offline(self.where, f"DLE EOT 1 = 0x{printer:02x}", cover_open=cover_open)
