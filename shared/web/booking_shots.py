"""The phone booking flow (来庁予約) at 390 CSS px, in Japanese and English: part of ``madoguchi web --screenshot``.

A demo office with booking on (the profile's ``[booking]``, or MOVE and NHI when the profile has none), a few
seats already taken, then each step of ``/book`` and a booking page, rendered by headless Chromium."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from shared.booking import BookingDesk
from shared.booking_settings import BookingSettings
from shared.config import OfficeConfig
from shared.office import open_office
from shared.web.browser import headless_chromium
from shared.web.shots import DEMO_NOW, _capture, served

WIDTH = 390
DEMO_BOOKING = BookingSettings(enabled=True, services=("MOVE", "NHI", "MYNA"), shares={"MYNA": 0.5})


def booking_config(config: OfficeConfig) -> OfficeConfig:
    return config if config.booking.enabled else dataclasses.replace(config, booking=DEMO_BOOKING)


def take_booking_screenshots(out_dir: Path, config: OfficeConfig) -> list[Path]:

    from shared.web.app import create_app

    cfg = booking_config(config)
    tmp = Path(tempfile.mkdtemp(prefix="madoguchi-book-shots-"))
    engine = open_office(tmp / "demo.db", cfg)
    desk = BookingDesk(engine)
    service = desk.bookable_services()[0]
    day = desk.days(service, DEMO_NOW)[1]
    slots = [s for s in desk.slots(service, day, DEMO_NOW) if s.bookable]
    for s in slots[1 : len(slots) // 2 : 2]:  # some seats already taken: the page shows full slots
        while desk.slots(service, day, DEMO_NOW)[slots.index(s)].free:
            desk.book(service=service, start=s.start, now=DEMO_NOW - timedelta(days=1))
    mine = desk.book(service=service, start=slots[-2].start, now=DEMO_NOW, lang="ja")
    # a life event whose questions come before the day (the move: 国保, 年金, 児童手当 …)
    asked = [b for b in desk.bookable_bundles() if any(st.ask for st in cfg.bundle(b).steps)]
    engine.store.close()
    try:
        with served(create_app(tmp / "demo.db", cfg, clock=lambda: DEMO_NOW)) as base:
            driver = headless_chromium(tmp / "chromium", "--hide-scrollbars")
            written = []
            try:
                driver.set_page_load_timeout(20)
                for lang in ("ja", "en"):
                    for name, url in (
                        ("0-office", f"/?lang={lang}"),
                        ("1-choose", f"/book?lang={lang}"),
                        *([("1-questions", f"/book?choice=b:{asked[0]}&lang={lang}")] if asked else []),
                        ("2-day", f"/book?choice=s:{service}&lang={lang}"),
                        ("3-time", f"/book?choice=s:{service}&day={day.isoformat()}&lang={lang}"),
                        ("4-booked", f"/b/{mine.token}?lang={lang}&saved=1"),
                    ):
                        driver.get(base + url)
                        time.sleep(0.3)
                        path = out_dir / f"web-book-{name}-{lang}-{WIDTH}.png"
                        _capture(driver, path, WIDTH, 844, 2, True)
                        written.append(path)
            finally:
                driver.quit()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return written
