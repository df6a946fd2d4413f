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
from typing import Any

import httpx
import pytest

from shared.config import LANGS, load_config
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
        self.restart_args: tuple[Path, Path, int, Path] = (db, config, 0, db)

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

    def restart(self) -> None:
        """Stop the web process and start another on the same port (every open stream breaks)."""
        _stop(self.proc)
        self.proc = _start(*self.restart_args)


def _start(db: Path, config: Path, port: int, log_path: Path) -> subprocess.Popen:
    """``madoguchi web`` in its own process; returns once /healthz answers."""
    log = open(log_path, "a")  # noqa: SIM115 - the child holds it; closed when the test ends
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
    log.close()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(log_path.read_text())
        time.sleep(0.1)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


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
    subprocess.run(  # only init makes a database; the server refuses a missing one
        [sys.executable, "-m", "shared", "--db", str(db), "--config", str(config), "init"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=60,
    )
    srv = Server(f"http://127.0.0.1:{port}", db, config, _start(db, config, port, tmp / "server.log"))
    srv.restart_args = (db, config, port, tmp / "server.log")
    try:
        yield srv
    finally:
        _stop(srv.proc)


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
            lambda d: "まもなく順番です（" in text(d, "#alert-slot .banner")
        )  # 0 ahead: the alert fires at once
        server.cli("call", "3")  # another process: the counter calls the next ticket
        wait.until(lambda d: "3番窓口へお越しください" in text(d, "#live"))
        assert "呼出中" in text(driver, "#live .state-text")
        wait.until(lambda d: "お呼びしています" in text(d, "#alert-slot .banner"))
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


# -- accessibility: axe-core on every page in every language, reflow at 320 CSS px and at 200% zoom ----------------
AXE = ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# words a line must never split (checked in ja and ja_easy at 320 CSS px and at 200% zoom)
WHOLE_WORDS = (
    "区役所",
    "番号札",
    "窓口",
    "住民票",
    "引越し",
    "国民健康保険",
    "まどぐち",
    "ひっこし",
    "けっこん",
)

AXE_RUN = """
var done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
  .then(function (r) {
    done(r.violations.map(function (v) {
      return v.id + ' (' + v.nodes.length + '): ' + v.nodes.slice(0, 2).map(function (n) {
        return n.target.join(' ');
      }).join(' | ');
    }));
  }, function (e) { done(['axe failed: ' + e]); });
"""

LAYOUT = """
var words = arguments[0], d = document.documentElement, vw = d.clientWidth, out = [];
if (d.scrollWidth > vw) { out.push('scrolls sideways: ' + d.scrollWidth + ' > ' + vw); }
document.querySelectorAll('body *').forEach(function (e) {
  var r = e.getBoundingClientRect();
  if (r.width > 0 && r.right > vw + 0.5 && !e.closest('.visually-hidden')) {
    out.push('sticks out: <' + e.tagName.toLowerCase() + ' class="' + e.className + '"> right=' +
             Math.round(r.right) + ' ' + (e.textContent || '').trim().slice(0, 30));
  }
});
var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (var n = walker.nextNode(); n; n = walker.nextNode()) {
  if (n.parentElement.closest('.visually-hidden, rt')) { continue; }
  words.forEach(function (w) {
    for (var i = n.data.indexOf(w); i >= 0; i = n.data.indexOf(w, i + 1)) {
      var range = document.createRange();
      range.setStart(n, i); range.setEnd(n, i + w.length);
      var tops = {};
      Array.prototype.forEach.call(range.getClientRects(), function (q) { if (q.width > 0) { tops[Math.round(q.bottom)] = 1; } });
      if (Object.keys(tops).length > 1) { out.push('breaks inside ' + w + ': ' + n.data.trim().slice(0, 40)); }
    }
  });
}
var num = document.querySelector('.panel .number');
return [out.slice(0, 6), num ? parseFloat(getComputedStyle(num).fontSize) : 0];
"""


def _metrics(driver: object, width: int, scale: float) -> None:
    """A window ``width`` CSS px wide; 200% zoom of a 390 px phone is 195 CSS px at two device pixels each."""
    driver.execute_cdp_cmd(  # type: ignore[attr-defined]
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 844, "deviceScaleFactor": scale, "mobile": False},
    )


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One headless Chromium for the whole module, with axe-core in every page it opens."""
    if not browser_available():
        pytest.skip("Debian chromium not installed")
    if not AXE.exists():
        pytest.fail(f"{AXE} missing: run .ci/setup (npm install --prefix .ci/node axe-core@4)")
    driver = headless_chromium(
        tmp_path_factory.mktemp("chromium-a11y"), "--window-size=390,844", "--lang=ja", "--hide-scrollbars"
    )
    try:
        driver.set_page_load_timeout(20)
        driver.set_script_timeout(20)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": AXE.read_text()})
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def phone_pages(server: Server) -> dict[str, str]:
    """The pages, made once per worker: every language's test reads the same tickets (counter 6 holds one call)."""
    e = open_office(server.db, load_config(server.config))
    try:
        return _phone_pages(e, server)
    finally:
        e.store.close()


def _phone_pages(office: QueueEngine, server: Server) -> dict[str, str]:
    """One of each page a visitor sees: the office, /issue and a life event's questions, tickets waiting, on a route, to check in, called,
    and a page for a ticket that does not exist."""
    now = now_tokyo()
    waiting = office.issue("RES", now=now).ticket
    route = office.issue_bundle("move_in", {1: True, 4: True}, now=now, lang="en").ticket
    web = office.issue("MYNA", now=now, channel="web").ticket
    called = office.issue("KOSEKI", now=now).ticket
    assert waiting and route and web and called
    office.open_counter(6, now=now)
    office.call_number(6, called.display, now=now)
    return {
        "office": "/",
        "issue": "/issue",
        "questions": "/issue?event=move_in",
        "waiting": f"/t/{waiting.token}",
        "route": f"/t/{route.token}",
        "checkin": f"/t/{web.token}",
        "called": f"/t/{called.token}",
        "missing": "/t/" + "x" * 32,
    }


@pytest.mark.slow
@pytest.mark.skipif(not browser_available(), reason="Debian chromium not installed")
# one test per language: xdist spreads the nine over the workers
@pytest.mark.parametrize("lang", LANGS)
def test_every_page_in_every_language_passes_axe_and_reflows(
    server: Server, phone_pages: dict[str, str], chromium: object, lang: str
) -> None:
    driver: Any = chromium
    pages = phone_pages
    problems: list[str] = []
    counts: dict[str, int] = {}
    for name, path in pages.items():
        _metrics(driver, 390, 1)
        driver.get(f"{server.base}{path}{'&' if '?' in path else '?'}lang={lang}")
        violations = driver.execute_async_script(AXE_RUN, AXE_TAGS)
        counts[f"{name}/{lang}"] = len(violations)
        problems += [f"{name} {lang} axe: {v}" for v in violations]
        words = WHOLE_WORDS if lang.startswith("ja") else ()
        out, size_100 = driver.execute_script(LAYOUT, words)
        problems += [f"{name} {lang} 390px: {p}" for p in out]
        _metrics(driver, 320, 1)
        out, _ = driver.execute_script(LAYOUT, words)
        problems += [f"{name} {lang} 320px: {p}" for p in out]
        _metrics(driver, 195, 2)
        out, size_200 = driver.execute_script(LAYOUT, words)
        problems += [f"{name} {lang} 200%: {p}" for p in out]
        if size_100 and 2 * size_200 < 1.9 * size_100:
            problems.append(
                f"{name} {lang} 200%: the ticket number grows only {2 * size_200 / size_100:.2f}×"
            )
    _metrics(driver, 390, 1)
    print("axe violations per page:", counts)
    print("\n".join(problems))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60])


OBSERVE = """
window.__said = [];
function region(n) {
  for (var e = n.nodeType === 1 ? n : n.parentElement; e; e = e.parentElement) {
    var live = e.getAttribute('aria-live');
    if (e.getAttribute('role') === 'alert' || (live && live !== 'off')) { return e; }
  }
  return null;
}
function idOf(e) {
  var a = e.closest('[data-alert-id]') || e.querySelector('[data-alert-id]');
  return a ? a.getAttribute('data-alert-id') : (e.id || '?');
}
new MutationObserver(function (records) {
  records.forEach(function (r) {
    var reg = region(r.target);
    if (reg) { window.__said.push([idOf(reg), reg.textContent.trim()]); return; }
    r.addedNodes.forEach(function (n) {
      if (n.nodeType !== 1) { return; }
      var found = n.matches('[role=alert],[aria-live]:not([aria-live=off])') ? [n] : [];
      found = found.concat(Array.prototype.slice.call(n.querySelectorAll('[role=alert],[aria-live]:not([aria-live=off])')));
      found.forEach(function (e) { if (e.textContent.trim()) { window.__said.push([idOf(e), e.textContent.trim()]); } });
    });
  });
}).observe(document.body, {childList: true, subtree: true, characterData: true});
"""


@pytest.mark.skipif(not browser_available(), reason="Debian chromium not installed")
def test_each_alert_is_announced_once_across_updates_and_a_reconnect(
    server: Server, office: QueueEngine, chromium: object
) -> None:
    """Six people ahead, alerts at 5 and 3 ahead and on the call: every step is an SSE update, and the web
    process restarts in the middle (the stream breaks, the page reconnects). Each alert is said once."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from shared.storage.web_store import WebStore

    driver: Any = chromium
    now = now_tokyo()
    office.open_counter(8, now=now, services=["PENSION"])
    for _ in range(6):
        office.issue("PENSION", now=now)
    mine = office.issue("PENSION", now=now).ticket
    assert mine is not None
    _metrics(driver, 390, 1)
    driver.get(f"{server.base}/t/{mine.token}?lang=ja")
    wait = WebDriverWait(driver, 20, poll_frequency=0.05)
    wait.until(lambda d: d.execute_script("return window.__mdgLive && window.__mdgLive.transport") == "sse")
    driver.execute_script(OBSERVE)
    driver.find_element(By.CSS_SELECTOR, "#alert-form button[value=on]").click()
    wait.until(lambda d: "設定しました" in d.find_element(By.ID, "alert-msg").text)

    def updates() -> int:
        return int(driver.execute_script("return window.__mdgLive.updates"))

    def step(expect: str) -> None:
        if office.current(8) is not None:
            office.finish(8, now=now_tokyo())
        office.call_next(8, now=now_tokyo())
        wait.until(lambda d: expect in text(d, "#live"))

    store = WebStore(office.store.db)

    def sent() -> list:
        return [a for a in store.alerts_of_ticket(mine.id, "page") if a.state == "sent"]

    def alert_shown(kind: str, value: int) -> None:
        """Wait for the runner to send the alert, then for the page to show it (the next step waits for it,
        so two thresholds never fall into one runner pass)."""
        wait.until(lambda d: any((a.kind, a.value) == (kind, value) for a in sent()))
        aid = next(a.id for a in sent() if (a.kind, a.value) == (kind, value))
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, f'#alert-slot [data-alert-id="{aid}"]'))

    step("あと5人")
    alert_shown("ahead", 5)
    step("あと4人")
    step("あと3人")
    alert_shown("ahead", 3)
    seen = updates()
    server.restart()  # the stream breaks; EventSource (or the polling fallback) reconnects and sends it all again
    wait.until(lambda d: d.execute_script("return window.__mdgLive.transport") == "sse" and updates() > seen)
    for ahead in (2, 1):
        step(f"あと{ahead}人")
    step("次があなたの番です")
    office.finish(8, now=now_tokyo())
    office.call_number(8, mine.display, now=now_tokyo())
    wait.until(lambda d: "8番窓口へお越しください" in text(d, "#live"))
    alert_shown("called", 0)
    alerts = sent()
    said: list[list[str]] = driver.execute_script("return window.__said")
    per_alert = {a.id: sum(1 for i, _ in said if i == str(a.id)) for a in alerts}
    print("alerts:", [(a.kind, a.value) for a in alerts], "announced:", per_alert, "all said:", said)
    assert [(a.kind, a.value) for a in alerts] == [("ahead", 5), ("ahead", 3), ("called", 0)]
    assert all(n == 1 for n in per_alert.values()), (per_alert, said)
    assert len(said) == len(alerts) + 1, said  # the alerts, and the state summary once on the call


@pytest.mark.skipif(not browser_available(), reason="Debian chromium not installed")
def test_the_alternative_offer_and_guide_pass_axe_and_reflow(server: Server, chromium: object) -> None:
    """行かない on the phone: the offer (two equal buttons) and the guide after taking it, in a real browser."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver: Any = chromium
    problems: list[str] = []
    for lang in ("ja", "en", "ne"):
        driver.delete_all_cookies()  # a new visit: the offer comes once per visit
        _metrics(driver, 390, 1)
        driver.get(f"{server.base}/issue?lang={lang}")
        driver.find_element(By.CSS_SELECTOR, 'input[value="s:MOVE"]').click()
        driver.find_element(By.CSS_SELECTOR, ".issue-form button[type=submit]").click()
        for name in ("offer", "guide"):
            marker = "button[name=take]" if name == "offer" else ".qr-box svg"  # the page after the click
            WebDriverWait(driver, 10).until(lambda d, m=marker: d.find_elements(By.CSS_SELECTOR, m))
            if name == "offer":
                take, counter = (
                    driver.find_element(By.CSS_SELECTOR, f"button[name={n}]") for n in ("take", "counter")
                )
                assert take.size == counter.size and take.get_attribute("class") == counter.get_attribute(
                    "class"
                )
            problems += [f"{name} {lang} axe: {v}" for v in driver.execute_async_script(AXE_RUN, AXE_TAGS)]
            words = WHOLE_WORDS if lang.startswith("ja") else ()
            for width, scale in ((390, 1), (320, 1), (195, 2)):
                _metrics(driver, width, scale)
                out, _ = driver.execute_script(LAYOUT, words)
                problems += [f"{name} {lang} {width}px×{scale}: {p}" for p in out]
            _metrics(driver, 390, 1)
            if name == "offer":
                driver.find_element(By.CSS_SELECTOR, "button[name=take]").click()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])
