"""Test helpers: sample slips, a QR decoder (zbarimg) and an ESC/POS raster parser."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from kiosk.ticket.slip import Slip
from shared.estimate_text import Shown
from shared.timeutil import TOKYO

STATUS_URL = "https://madoguchi.example.lg.jp/s/Xq3vT9bK2mPz7LwR4nHc"
ISSUED_AT = datetime(2026, 11, 26, 13, 5, tzinfo=TOKYO)

SERVICE_NAMES = {
    "ja": "住民票の写し",
    "ja_easy": "じゅうみんひょう（すんでいる ところの しょうめい）",
    "en": "Certificate of residence",
    "zh_hans": "住民票副本",
    "ko": "주민표 사본",
    "vi": "Bản sao phiếu cư trú",
    "tl": "Kopya ng sertipiko ng paninirahan",
    "ne": "निवास प्रमाणपत्रको प्रतिलिपि",
    "pt": "Cópia do registro de residência",
}


def make_slip(lang: str = "ja", **changes: Any) -> Slip:
    fields: dict[str, Any] = {
        "display_number": "A012",
        "service_name": SERVICE_NAMES[lang],
        "service_name_ja": "住民票の写し",
        "issued_at": ISSUED_AT,
        "people_ahead": 5,
        "wait": Shown("minutes", 40, 35, 50),
        "status_url": STATUS_URL,
        "lang": lang,
        "office_name": "みどり区役所 本庁舎",
        "route": [],
    }
    fields.update(changes)
    return Slip(**fields)


def decode_qr(image: Image.Image, tmp_path: Path) -> list[str]:
    """Every QR payload zbarimg finds in ``image``; skips the test if zbarimg is not installed."""
    exe = shutil.which("zbarimg")
    if exe is None:
        pytest.skip("zbarimg (apt zbar-tools) is not installed")
    path = tmp_path / "decode.png"
    image.save(path)
    done = subprocess.run(
        [exe, "-q", "--raw", "-Sdisable", "-Sqrcode.enable", str(path)],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    return [line for line in done.stdout.splitlines() if line]


def parse_escpos_raster(data: bytes) -> tuple[Image.Image, list[tuple[int, int]]]:
    """Rebuild the printed bitmap from every ``GS v 0`` block in an ESC/POS stream.

    Returns the stacked image (white paper, black dots) and each block's (x bytes, y rows) header.
    """
    blocks: list[Image.Image] = []
    headers: list[tuple[int, int]] = []
    i = 0
    while (i := data.find(b"\x1dv0", i)) != -1:
        x_bytes = data[i + 4] | data[i + 5] << 8
        rows = data[i + 6] | data[i + 7] << 8
        start = i + 8
        raster = data[start : start + x_bytes * rows]
        assert len(raster) == x_bytes * rows, "truncated raster block"
        # ESC/POS: bit 1 = a black dot; Pillow's "1;I" raw mode reads exactly that.
        blocks.append(Image.frombytes("1", (x_bytes * 8, rows), raster, "raw", "1;I"))
        headers.append((x_bytes, rows))
        i = start + len(raster)
    assert blocks, "no GS v 0 raster block in the stream"
    width = max(b.width for b in blocks)
    page = Image.new("1", (width, sum(b.height for b in blocks)), 255)
    y = 0
    for block in blocks:
        page.paste(block, (0, y))
        y += block.height
    return page, headers
