from __future__ import annotations

import subprocess
import sys

from kiosk.bench_print import measure
from kiosk.printing.escpos_printer import escpos_job, escpos_module
from kiosk.ticket.image import render_ticket
from tests.kiosk.helpers import make_slip


def test_measure_reports_percentiles() -> None:
    result = measure(n=3)
    for key in ("raster", "escpos", "total"):
        assert 0 < result[f"{key}_p50_ms"] <= result[f"{key}_p95_ms"]
    assert result["job_bytes"] > 10_000 and result["n"] == 3
    assert isinstance(result["meets_goal"], bool)


def test_own_fragmenting_matches_escpos_bytes() -> None:
    """escpos_job slices the raster itself (faster) but sends exactly what escpos' own split would."""
    image = render_ticket(make_slip("en", route=["市民課", "保険年金課"]))
    assert image.height > 960
    p = escpos_module().Dummy(profile="TM-T20II")
    p.hw("INIT")
    p.image(image, impl="bitImageRaster")
    p.cut()
    assert escpos_job(image) == p.output


def test_ticket_and_printing_modules_do_not_import_qt() -> None:
    code = (
        "import sys, kiosk.printing.printers, kiosk.ticket.image, kiosk.bench_print, kiosk.ticket.slip;"
        "sys.exit('PySide6' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60, check=False).returncode == 0
