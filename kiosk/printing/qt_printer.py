"""Printing the ticket raster on an OS printer (or to a PDF) through QPrinter + QPainter.

PySide6 is imported only when printing, so the rest of the printing layer stays Qt-free. The OS spooler
accepts the job and prints later: paper-out is not visible here, only a missing printer is.
"""

from __future__ import annotations

from datetime import datetime

from PIL import Image

from kiosk.printing.api import PrinterError
from shared.timeutil import TOKYO


class QtPrinter:
    """The OS printer named ``printer_name`` ("" = the default printer), or a PDF file if ``pdf_path`` is set.

    The page is ``paper_width_mm`` wide with ``margin_mm`` margins and as tall as the ticket needs, so a roll
    printer driver cuts after each ticket. Needs a running QGuiApplication (the kiosk has one).
    """

    def __init__(
        self,
        printer_name: str = "",
        pdf_path: str | None = None,
        paper_width_mm: float = 80.0,
        margin_mm: float = 4.0,
        width_px: int = 576,
    ) -> None:
        self.printer_name = printer_name
        self.pdf_path = pdf_path
        self.paper_width_mm = paper_width_mm
        self.margin_mm = margin_mm
        self.width_px = width_px

    @property
    def where(self) -> str:
        if self.pdf_path:
            return f"PDF {self.pdf_path}"
        return f"OS printer {self.printer_name!r}" if self.printer_name else "OS default printer"

    def print_ticket(self, image: Image.Image) -> None:
        try:
            self._print(image)
        except PrinterError:
            raise
        except Exception as e:
            raise PrinterError.error(self.where, f"{type(e).__name__}: {e}") from e

    def test_page(self) -> None:
        from kiosk.ticket.image import render_test_page

        lines = [f"出力先 / output: {self.where}", f"用紙幅 / paper: {self.paper_width_mm:g} mm"]
        self.print_ticket(render_test_page(self.width_px, lines, now=datetime.now(TOKYO)))

    def _print(self, image: Image.Image) -> None:
        from PySide6.QtCore import QMarginsF, QRectF, QSizeF
        from PySide6.QtGui import QGuiApplication, QImage, QPageLayout, QPageSize, QPainter
        from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

        if QGuiApplication.instance() is None:
            raise PrinterError.error(self.where, "no QGuiApplication is running")
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.pdf_path:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(self.pdf_path)
        elif self.printer_name:
            if self.printer_name not in QPrinterInfo.availablePrinterNames():
                raise PrinterError.offline(self.where, "not in the list of installed printers")
            printer.setPrinterName(self.printer_name)
        elif QPrinterInfo.defaultPrinter().isNull():
            raise PrinterError.offline(self.where, "no default printer is installed")
        printer.setDocName("madoguchi ticket")

        grey = image.convert("L")
        printable_mm = self.paper_width_mm - 2 * self.margin_mm
        height_mm = printable_mm * grey.height / grey.width + 2 * self.margin_mm
        size = QPageSize(
            QSizeF(self.paper_width_mm, height_mm), QPageSize.Unit.Millimeter, "madoguchi ticket"
        )
        printer.setPageSize(size)
        m = self.margin_mm
        printer.setPageMargins(QMarginsF(m, m, m, m), QPageLayout.Unit.Millimeter)

        data = grey.tobytes()
        qimage = QImage(data, grey.width, grey.height, grey.width, QImage.Format.Format_Grayscale8).copy()
        painter = QPainter()
        if not painter.begin(printer):
            raise PrinterError.offline(self.where, "QPainter.begin() failed")
        try:
            page = printer.pageRect(QPrinter.Unit.DevicePixel)
            scale = page.width() / qimage.width()
            painter.drawImage(QRectF(0, 0, page.width(), qimage.height() * scale), qimage)
        finally:
            painter.end()
