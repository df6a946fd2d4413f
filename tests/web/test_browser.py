"""The real thing: ``madoguchi web`` as its own process, Server-Sent Events over a socket, and Debian's
headless Chromium watching a ticket page while another process calls the ticket."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from shared.config import load_config
from shared.engine import QueueEngine
from shared.office import open_office
from shared.paths import asset_path
from shared.timeutil import now_tokyo
from shared.web.browser import available as browser_available
from shared.web.browser import headless_chromium
from tests.web.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


class Server:
    def __init__(self, base: str, db: Path, config: Path, proc: subprocess.Popen) -> None:
        self.base, self.db, self.config, self.proc = base, db, config, proc

    def cli(self, *args: str) -> str:
        """Run ``madoguchi`` in another process against the same database (a counter, a kiosk)."""
        out = subprocess.run(
            [sys.executable, "-m", "shared", "--db", str(self.db), "--config", str(self.config), *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
        assert out.returncode == 0, out.stderr
        return out.stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("web-server")
    config = (
        tmp / "office.toml"
    )  # the shipped profile, open around the clock (the test runs on the real clock)
    text = asset_path("offices/yokohama-ward.toml").read_text(encoding="utf-8")
    text = text.replace("[hours]\n", "[hours]\nalways_open = true\n", 1)
    config.write_text(
        text.replace('issue_hours = ["09:30", "16:00"]', 'issue_hours = ["00:00", "23:59"]'), encoding="utf-8"
    )
    db, port = tmp / "office.db", free_port()
    log = open(tmp / "server.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "shared",
            "--db",
            str(db),
            "--config",
            str(config),
            "web",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            log.close()
            raise RuntimeError((tmp / "server.log").read_text())
        time.sleep(0.1)
    try:
        yield Server(base, db, config, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture
def office(server: Server) -> Iterator[QueueEngine]:
    e = open_office(server.db, load_config(server.config))
    yield e
    e.store.close()


def test_sse_pushes_a_call_made_by_another_process(server: Server, office: QueueEngine) -> None:
    office.open_counter(2, now=now_tokyo())
    t = office.issue("TAX", now=now_tokyo()).ticket
    with httpx.Client(base_url=server.base, timeout=10) as c:
        assert c.get("/api/t/" + "x" * 32 + "/stream").status_code == 404
        with c.stream("GET", f"/api/t/{t.token}/stream?lang=en") as r:
            assert r.headers["content-type"].startswith("text/event-stream")
            events = r.iter_lines()
            first = _next_update(events)
            assert first["state"] == "waiting" and first["number"] == t.display
            started = time.monotonic()
            server.cli("call", "2", "--number", t.display)
            second = _next_update(events)
            assert second["state"] == "called" and second["counter"] == 2
            assert "Please go to Counter 2" in second["html"]
            assert time.monotonic() - started < 5


def text(driver: object, selector: str) -> str:
    """The element's text, read in one script call (the live region's HTML is replaced under our feet)."""
    return driver.execute_script(  # type: ignore[attr-defined]
        "var e = document.querySelector(arguments[0]); return e ? e.textContent : '';", selector
    )


def _next_update(lines: Iterator[str]) -> dict:
    event = None
    for line in lines:
        if line.startswith("event:"):
            event = line.split(":", 1)[1].strip()
        elif line.startswith("data:") and event == "update":
            return json.loads(line[5:])
    raise AssertionError("stream ended")


@pytest.mark.skipif(not browser_available(), reason="Debian chromium not installed")
def test_browser_shows_the_call_without_reload(server: Server, office: QueueEngine, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    office.open_counter(3, now=now_tokyo())
    t = office.issue("RES", now=now_tokyo()).ticket
    driver = headless_chromium(tmp_path / "chromium", "--window-size=412,1500", "--lang=ja")
    try:
        driver.set_page_load_timeout(20)
        driver.get(f"{server.base}/t/{t.token}")
        wait = WebDriverWait(driver, 10, poll_frequency=0.05)
        wait.until(
            lambda d: d.execute_script("return window.__mdgLive && window.__mdgLive.transport") == "sse"
        )
        assert "待機中" in text(driver, "#live")
        driver.execute_script("window.__marker = 'same page';")
        # opt in to on-page alerts (JavaScript saves the form without leaving the page)
        driver.find_element(By.CSS_SELECTOR, "#alert-form button[value=on]").click()
        wait.until(lambda d: "設定しました" in d.find_element(By.ID, "alert-msg").text)
        wait.until(
            lambda d: "まもなく順番です（" in text(d, "#live .banner")
        )  # 0 ahead: the alert fires at once
        server.cli("call", "3")  # another process: the counter calls the next ticket
        wait.until(lambda d: "3番窓口へお越しください" in text(d, "#live"))
        assert "呼出中" in text(driver, "#live .state-text")
        wait.until(lambda d: "お呼びしています" in text(d, "#live .banner"))
        assert driver.execute_script("return window.__marker") == "same page"  # no reload happened
        assert driver.execute_script("return document.body.dataset.state") == "called"
        assert "呼出中" in driver.title
        shot = tmp_path / "ticket-called.png"
        driver.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
        keep = os.environ.get("MADOGUCHI_SCREENSHOTS")
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(shot, Path(keep) / "browser-ticket-called.png")
    finally:
        driver.quit()
