"""``madoguchi web --screenshot DIR``: a demo office in a temporary database, served on 127.0.0.1, rendered by
headless Chromium at phone size (412×915 CSS px at 2×, full page) and on 1920×1080 and 1080×1920 screens."""

from __future__ import annotations

import dataclasses
import random
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from shared.config import OfficeConfig
from shared.engine import QueueEngine
from shared.errors import MadoguchiError
from shared.office import open_office
from shared.outpath import check_output_dir
from shared.timeutil import TOKYO
from shared.web.browser import CHROMEDRIVER, CHROMIUM, headless_chromium
from shared.web.browser import available as browser_available

DEMO_NOW = datetime(2026, 11, 24, 10, 40, tzinfo=TOKYO)  # a Tuesday morning


def seed(engine: QueueEngine, now: datetime) -> dict[str, str]:
    """A believable Tuesday: eight weeks of history, counters open, queues, calls, a web ticket, a life event."""
    rnd = random.Random(8)
    shape = {9: 5, 10: 9, 11: 11, 12: 12, 13: 10, 14: 7, 15: 6, 16: 3}
    for weeks in range(1, 9):
        day = now - timedelta(weeks=weeks)
        for hour, mean in shape.items():
            for _ in range(max(0, round(rnd.gauss(mean, 1.5)))):
                engine.issue(
                    rnd.choice(["RES", "RES", "MOVE", "NHI", "MYNA"]),
                    now=day.replace(hour=hour, minute=rnd.randrange(60)),
                )
        engine.expire_open(now=day.replace(hour=23))
    for n in (1, 2, 4, 5, 7, 10):
        engine.open_counter(n, now=now)
    start = now - timedelta(minutes=50)
    for i in range(22):
        engine.issue(
            ["RES", "RES", "KOSEKI_CERT", "MOVE", "NHI", "MYNA"][i % 6], now=start + timedelta(minutes=2 * i)
        )
    mine = engine.issue("RES", now=now - timedelta(minutes=4)).ticket
    bundle = engine.issue_bundle(
        "move_in", {1: True, 4: True}, now=now - timedelta(minutes=3), lang="en"
    ).ticket
    web = engine.issue("MYNA", now=now - timedelta(minutes=2), channel="web").ticket
    for n in (1, 2, 4, 7, 10):
        engine.call_next(n, now=now - timedelta(minutes=1))
    engine.finish(1, now=now)
    engine.call_next(1, now=now)
    assert mine is not None and bundle is not None and web is not None
    return {"mine": mine.token, "bundle": bundle.token, "web": web.token}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn on a free 127.0.0.1 port in a thread, for the screenshots: yields its base URL,
    and stops the server when the block ends."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise MadoguchiError(f"the screenshot server did not start on port {port}")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def _capture(driver: Any, path: Path, width: int, height: int, scale: float, full: bool) -> None:
    import base64

    metrics = {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": width < 800}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    if full:
        h = int(driver.execute_script("return document.documentElement.scrollHeight"))
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**metrics, "height": max(height, h)})
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": full})
    path.write_bytes(base64.b64decode(shot["data"]))


def take_screenshots(out_dir: Path, config: OfficeConfig) -> list[Path]:
    check_output_dir(out_dir)
    try:
        import selenium  # noqa: F401 - checked here so the error names what is missing
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise MadoguchiError(f"--screenshot needs selenium and uvicorn: {exc}") from None
    if not browser_available():
        raise MadoguchiError(
            f"--screenshot needs {CHROMIUM} and {CHROMEDRIVER} (apt install chromium chromium-driver)"
        )
    from shared.web.app import create_app

    out_dir.mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="madoguchi-shots-"))
    cfg = dataclasses.replace(config, hours=dataclasses.replace(config.hours, always_open=True))
    engine = open_office(tmp / "demo.db", cfg)
    tokens = seed(engine, DEMO_NOW)
    engine.store.close()
    try:
        with served(create_app(tmp / "demo.db", cfg, clock=lambda: DEMO_NOW)) as base:
            driver = headless_chromium(tmp / "chromium", "--hide-scrollbars")
            pages = [
                ("ticket-waiting-ja", f"/t/{tokens['mine']}?lang=ja"),
                ("ticket-waiting-en", f"/t/{tokens['mine']}?lang=en"),
                ("ticket-route-en", f"/t/{tokens['bundle']}?lang=en"),
                ("ticket-web-checkin-ja", f"/t/{tokens['web']}?lang=ja"),
                ("ticket-waiting-vi", f"/t/{tokens['mine']}?lang=vi"),
                ("ticket-waiting-ne", f"/t/{tokens['mine']}?lang=ne"),
                ("office-ja", "/?lang=ja"),
                ("office-zh", "/?lang=zh_hans"),
                ("issue-ja", "/issue?lang=ja"),
                ("notfound-ja", "/t/" + "x" * 32 + "?lang=ja"),
            ]
            written = []
            try:
                driver.set_page_load_timeout(20)
                for name, url in pages:
                    driver.get(base + url)
                    time.sleep(0.4)  # the live update arrives and the fonts settle
                    path = out_dir / f"web-{name}-phone.png"
                    _capture(driver, path, 412, 915, 2, True)
                    written.append(path)
                for name, url in (
                    ("office-ja", "/?lang=ja"),
                    ("ticket-waiting-ja", f"/t/{tokens['mine']}?lang=ja"),
                ):
                    driver.get(base + url)
                    time.sleep(0.3)
                    for w, h in ((1920, 1080), (1080, 1920)):
                        path = out_dir / f"web-{name}-{w}x{h}.png"
                        _capture(driver, path, w, h, 1, False)
                        written.append(path)
            finally:
                driver.quit()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    from shared.web.booking_shots import take_booking_screenshots  # 来庁予約: the /book flow at 390 px

    return written + take_booking_screenshots(out_dir, config)
