"""The status URL as an inline SVG QR code (one path; no inline styles, so the strict CSP holds)."""

from __future__ import annotations

from functools import lru_cache
from html import escape

import qrcode
from qrcode.constants import ERROR_CORRECT_M


@lru_cache(maxsize=256)
def qr_svg(data: str, *, border: int = 4, label: str = "QR") -> str:
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    qr.add_data(data)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    n = len(matrix)
    size = n + 2 * border
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                parts.append(f"M{start + border} {y + border}h{x - start}v1h{start - x}z")
            else:
                x += 1
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" '
        f'aria-label="{escape(label)}" shape-rendering="crispEdges" class="qr">'
        f'<rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{"".join(parts)}"/></svg>'
    )
