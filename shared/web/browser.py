"""Headless Debian Chromium driven by Selenium, for the web screenshots, the browser test and the benchmark.

The flags keep Chromium off the network (this machine has none but loopback) and out of the user's profile.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")


def available() -> bool:
    return CHROMIUM.exists() and CHROMEDRIVER.exists()


def headless_chromium(profile_dir: Path, *extra: str) -> Any:
    """A Selenium driver for a fresh headless Chromium; ``extra`` adds flags such as ``--window-size=412,915``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile_dir}",
        *extra,
    ):
        opts.add_argument(flag)
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
