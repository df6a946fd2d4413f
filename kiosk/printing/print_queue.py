"""Printing off the GUI thread: an unreachable network printer can block for seconds, the screen must not.

Jobs run one at a time on a worker thread: render the slip at the printer's raster width, then print. The
printer is built from the office config on first use, so a bad ``[kiosk.printer]`` setting becomes a printer
error (shown kindly, alerted to staff) rather than a kiosk that does not start.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PIL import Image
from PySide6.QtCore import QObject, Signal

from kiosk.printing.api import Printer, PrinterError
from kiosk.ticket.slip import Slip
from shared.errors import ConfigError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintResult:
    job: int
    what: str  # "ticket" | "test" | "guide" (the 行かない guide slip)
    ok: bool
    kind: str = ""  # offline | paper_out | error (when not ok)
    message_ja: str = ""
    message_en: str = ""
    display: str = ""  # the ticket number printed (tickets only)
    paper_low: bool = False  # the printer reported its roll near its end (ESC/POS status)


class PrintQueue(QObject):
    done = Signal(object)  # PrintResult, on the GUI thread

    def __init__(
        self,
        settings: Mapping[str, Any],
        make: Callable[[Mapping[str, Any]], Printer] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = dict(settings)
        self._make = make
        self._printer: Printer | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-printer")
        self._ids = itertools.count(1)
        self.closed = False
        self.last_image: Image.Image | None = None  # the last ticket raster (tests and reprint)
        self.last_guide: Image.Image | None = None  # the last guide slip raster (tests)

    @property
    def kind(self) -> str:
        return str(self.settings.get("kind", "none"))

    def _printer_now(self) -> Printer:
        if self._printer is None:
            if self._make is not None:
                self._printer = self._make(self.settings)
            else:
                from kiosk.printing.printers import make_printer

                self._printer = make_printer(self.settings)
        return self._printer

    def print_slip(self, slip: Slip) -> int:
        job = next(self._ids)
        self._pool.submit(self._run, job, "ticket", slip)
        return job

    def print_guide(self, render: Callable[[int], Image.Image]) -> int:
        """Print a guide slip (行かない): ``render(width_px)`` draws it at the printer's raster width."""
        job = next(self._ids)
        self._pool.submit(self._run, job, "guide", None, render)
        return job

    def test_page(self) -> int:
        job = next(self._ids)
        self._pool.submit(self._run, job, "test", None)
        return job

    def _run(
        self, job: int, what: str, slip: Slip | None, render: Callable[[int], Image.Image] | None = None
    ) -> None:
        display = slip.display_number if slip is not None else ""
        try:
            printer = self._printer_now()
            if render is not None:
                image = render(printer.width_px)
                self.last_guide = image
                printer.print_ticket(image)
            elif slip is None:
                printer.test_page()
            else:
                from kiosk.ticket.image import render_ticket

                image = render_ticket(slip, printer.width_px)
                self.last_image = image
                printer.print_ticket(image)
            low = bool(getattr(printer, "paper_near_end", False))
            result = PrintResult(job, what, True, display=display, paper_low=low)
        except PrinterError as e:
            log.warning("printing %s failed: %s", what, e)
            result = PrintResult(job, what, False, e.kind, e.message_ja, e.message_en, display)
        except ConfigError as e:
            log.error("printer settings: %s", e)
            result = PrintResult(
                job,
                what,
                False,
                "error",
                f"プリンターの設定に誤りがあります: {e}",
                f"The printer settings are wrong: {e}",
                display,
            )
        except Exception as e:  # noqa: BLE001 - fonts missing, a driver bug: never crash the kiosk
            log.exception("printing %s failed", what)
            result = PrintResult(
                job,
                what,
                False,
                "error",
                f"印刷できませんでした: {type(e).__name__}: {e}",
                f"Printing failed: {type(e).__name__}: {e}",
                display,
            )
        if not self.closed:
            with contextlib.suppress(RuntimeError):
                self.done.emit(result)

    def close(self, wait: bool = True) -> None:
        self.closed = True
        self._pool.shutdown(wait=wait, cancel_futures=not wait)
