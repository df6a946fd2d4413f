"""Micro-benchmark: ticket raster plus ESC/POS bytes (issue goal: <= 60 ms), for ``madoguchi bench kiosk``."""

from __future__ import annotations

import secrets
import time
from datetime import datetime

from kiosk.printing.escpos_printer import DEFAULT_PROFILE, escpos_job, profile_width
from kiosk.ticket.image import render_ticket
from kiosk.ticket.slip import Slip
from shared.estimate_text import Shown
from shared.percentile import percentile
from shared.timeutil import TOKYO

GOAL_MS = 60.0


def _slip(i: int, lang: str) -> Slip:
    # A new number and a new token every time, like real tickets (so no QR or layout cache helps).
    return Slip(
        display_number=f"A{i % 1000:03d}",
        service_name="Certificate of residence" if lang != "ja" else "住民票の写し",
        service_name_ja="住民票の写し",
        issued_at=datetime(2026, 11, 26, 13, 5, tzinfo=TOKYO),
        people_ahead=i % 40,
        wait=Shown("minutes", 40, 35, 50),
        status_url=f"https://madoguchi.example.lg.jp/s/{secrets.token_urlsafe(16)}",
        lang=lang,
        office_name="みどり区役所 本庁舎",
        route=("市民課", "保険年金課", "こども家庭課"),
    )


def measure(n: int = 50, lang: str = "en", profile: str = DEFAULT_PROFILE) -> dict[str, float | int | str]:
    """Time ``n`` tickets (after one warm-up that loads the fonts): raster, ESC/POS bytes and both together.

    Returns milliseconds as p50/p95 per stage, the warm-up time, the job size and whether the p95 meets the goal.
    """
    if n < 1:
        raise ValueError("n must be >= 1")
    width = profile_width(profile)
    start = time.perf_counter()
    escpos_job(render_ticket(_slip(0, lang), width), profile)
    first_ms = (time.perf_counter() - start) * 1000

    raster: list[float] = []
    escpos: list[float] = []
    total: list[float] = []
    size = height = 0
    for i in range(1, n + 1):
        slip = _slip(i, lang)
        t0 = time.perf_counter()
        image = render_ticket(slip, width)
        t1 = time.perf_counter()
        job = escpos_job(image, profile)
        t2 = time.perf_counter()
        raster.append((t1 - t0) * 1000)
        escpos.append((t2 - t1) * 1000)
        total.append((t2 - t0) * 1000)
        size, height = len(job), image.height

    result: dict[str, float | int | str] = {
        "n": n,
        "lang": lang,
        "profile": profile,
        "first_ms": round(first_ms, 1),
    }
    for name, values in (("raster", raster), ("escpos", escpos), ("total", total)):
        result[f"{name}_p50_ms"] = round(percentile(values, 50), 2)
        result[f"{name}_p95_ms"] = round(percentile(values, 95), 2)
    result.update(
        job_bytes=size, height_px=height, goal_ms=GOAL_MS, meets_goal=result["total_p95_ms"] <= GOAL_MS
    )
    return result


if __name__ == "__main__":
    for key, value in measure().items():
        print(f"{key:>16}: {value}")
