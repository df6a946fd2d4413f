"""``madoguchi bench web``: how fast the phone pages are while the office is busy, and how soon a call shows.

1. ``madoguchi web`` runs as its own process on 127.0.0.1 over a temporary database (an always-open copy of
   the office profile), seeded with a morning's queue.
2. A kiosk process issues tickets and a counter process calls and finishes them, both paced (``--write-rate``).
3. Load processes (``--load-procs`` × ``--threads`` keep-alive clients) request the ticket page, the office
   page and ``/api/status`` for ``--duration`` seconds: requests/s and latency percentiles per page.
4. ``--watchers`` phones keep a live (SSE) ticket page open the whole time.
5. Headless Chromium shows a ticket page; this process calls the ticket (a committed write, as a counter
   would) and the page records when the DOM changed: commit → browser updated, idle and under load.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from shared.config import load_config
from shared.engine import QueueEngine
from shared.errors import MadoguchiError
from shared.models import Ticket
from shared.office import open_office
from shared.paths import asset_path
from shared.percentile import percentile
from shared.timeutil import now_tokyo

ROOT = Path(__file__).resolve().parents[2]
LATENCY_COUNTER, LATENCY_SERVICE = 9, "CHILD"  # a counter nothing else in the bench touches


def _issue(engine: QueueEngine, service: str, now: datetime) -> Ticket:
    ticket = engine.issue(service, now=now).ticket
    if ticket is None:
        raise MadoguchiError(f"issuing a {service} ticket returned none")
    return ticket


def _profile(tmp: Path) -> Path:
    text = asset_path("offices/yokohama-ward.toml").read_text(encoding="utf-8")
    text = text.replace("[hours]\n", "[hours]\nalways_open = true\n", 1)
    text = text.replace('issue_hours = ["09:30", "16:00"]', 'issue_hours = ["00:00", "23:59"]')
    path = tmp / "office.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _kiosk(db: str, config: str, rate: float, stop: Any) -> None:
    engine = open_office(db, load_config(config))
    services = ["RES", "RES", "KOSEKI_CERT", "MOVE", "NHI", "MYNA", "TAX"]
    i = 0
    while not stop.is_set():
        with contextlib.suppress(MadoguchiError):
            engine.issue(services[i % len(services)], now=now_tokyo())
        i += 1
        time.sleep(1 / rate)


def _counters(db: str, config: str, rate: float, stop: Any) -> None:
    engine = open_office(db, load_config(config))
    counters = [1, 2, 3, 4, 7, 10]
    i = 0
    while not stop.is_set():
        n = counters[i % len(counters)]
        try:
            if engine.current(n) is not None:
                engine.finish(n, now=now_tokyo())
            else:
                engine.call_next(n, now=now_tokyo())
        except MadoguchiError:
            pass
        i += 1
        time.sleep(1 / rate)


def _load(base: str, paths: list[str], threads: int, duration: float, q: Any) -> None:
    import httpx

    results: dict[str, list[float]] = {}
    errors = [0]
    lock = threading.Lock()

    def worker(k: int) -> None:
        local: dict[str, list[float]] = {}
        with httpx.Client(base_url=base, timeout=10) as c:
            end = time.monotonic() + duration
            j = k
            while time.monotonic() < end:
                path = paths[j % len(paths)]
                j += 1
                t0 = time.perf_counter()
                try:
                    r = c.get(path)
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                dt = time.perf_counter() - t0
                key = path.split("?")[0].split("/t/")[0] + ("/t/{token}" if "/t/" in path else "")
                local.setdefault(key, []).append(dt)
                if not ok:
                    with lock:
                        errors[0] += 1
        with lock:
            for k2, v in local.items():
                results.setdefault(k2, []).extend(v)

    ts = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    q.put((results, errors[0]))


async def _watch(base: str, tokens: list[str], stop: threading.Event, counts: list[int]) -> None:
    import httpx

    async def one(c: httpx.AsyncClient, token: str) -> None:
        while not stop.is_set():
            try:
                async with c.stream("GET", f"/api/t/{token}/stream") as r:
                    async for line in r.aiter_lines():
                        if line.startswith("event: update"):
                            counts[0] += 1
                        if stop.is_set():
                            return
            except httpx.HTTPError:
                await asyncio.sleep(0.5)

    limits = httpx.Limits(max_connections=len(tokens) + 10)
    async with httpx.AsyncClient(base_url=base, timeout=httpx.Timeout(30, read=60), limits=limits) as c:
        tasks = [asyncio.create_task(one(c, t)) for t in tokens]
        while not stop.is_set():
            await asyncio.sleep(0.2)
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _browser(tmp: Path) -> Any:
    from shared.web.browser import headless_chromium

    return headless_chromium(tmp / "chromium", "--window-size=412,915")


def _latencies(driver: Any, base: str, db: Path, config: Path, n: int) -> list[float]:
    """Commit a call in this process; the page in Chromium stamps Date.now() when it applied the update."""
    from selenium.webdriver.support.ui import WebDriverWait

    engine = open_office(db, load_config(config))
    out = []
    try:
        for _ in range(n):
            t = _issue(engine, LATENCY_SERVICE, now_tokyo())
            driver.get(f"{base}/t/{t.token}")
            wait = WebDriverWait(driver, 15, poll_frequency=0.01)
            wait.until(
                lambda d: d.execute_script(
                    "return window.__mdgLive && window.__mdgLive.transport === 'sse' "
                    "&& window.__mdgLive.updates > 0"
                )
            )
            time.sleep(0.05)
            t0 = time.time()
            engine.call_number(LATENCY_COUNTER, t.display, now=now_tokyo())
            wait.until(lambda d: d.execute_script("return window.__mdgLive.state") == "called")
            shown = driver.execute_script("return window.__mdgLive.lastAt") / 1000.0
            out.append(shown - t0)
            engine.finish(LATENCY_COUNTER, now=now_tokyo())
    finally:
        engine.store.close()
    return out


def _summary(values: list[float]) -> dict[str, float]:
    ms = [v * 1000 for v in values]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "p99_ms": round(percentile(ms, 99), 1),
        "max_ms": round(max(ms), 1) if ms else float("nan"),
        "mean_ms": round(statistics.fmean(ms), 1) if ms else float("nan"),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    import httpx

    tmp = Path(tempfile.mkdtemp(prefix="madoguchi-bench-web-"))
    config = _profile(tmp)
    db = tmp / "office.db"
    engine = open_office(db, load_config(config))
    now = now_tokyo()
    for n in (1, 2, 3, 4, 7, 10, LATENCY_COUNTER):
        engine.open_counter(n, now=now)
    tokens = [_issue(engine, s, now).token for s in ["RES", "MOVE", "NHI", "MYNA", "KOSEKI_CERT"] * 40]
    engine.store.close()
    from shared.web.shots import _free_port

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
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
            "--workers",
            str(args.workers),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    ctx = multiprocessing.get_context("fork")
    stop = ctx.Event()
    procs: list[Any] = []
    report: dict[str, Any] = {"config": vars(args)}
    driver = None
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise MadoguchiError("the web server did not start")
            time.sleep(0.1)
        if args.browser:
            driver = _browser(tmp)
            report["browser_idle"] = _summary(_latencies(driver, base, db, config, args.samples // 2))
        procs = [
            ctx.Process(target=_kiosk, args=(str(db), str(config), args.write_rate, stop)),
            ctx.Process(target=_counters, args=(str(db), str(config), args.write_rate, stop)),
        ]
        for p in procs:
            p.start()
        watch_stop = threading.Event()
        counts = [0]
        watcher = threading.Thread(
            target=lambda: asyncio.run(_watch(base, tokens[: args.watchers], watch_stop, counts)), daemon=True
        )
        if args.watchers:
            watcher.start()
        time.sleep(1.0)
        q = ctx.Queue()
        paths = [f"/t/{tokens[k % len(tokens)]}" for k in range(6)] + ["/", "/api/status", "/", "/api/status"]
        loaders = [
            ctx.Process(target=_load, args=(base, paths, args.threads, args.duration, q))
            for _ in range(args.load_procs)
        ]
        started = time.monotonic()
        for p in loaders:
            p.start()
        if driver is not None:
            report["browser_under_load"] = _summary(_latencies(driver, base, db, config, args.samples))
            report["browser_under_load"]["done_after_s"] = round(time.monotonic() - started, 1)
        merged: dict[str, list[float]] = {}
        errors = 0
        for _ in loaders:
            res, err = q.get(timeout=args.duration + 60)
            errors += err
            for k, v in res.items():
                merged.setdefault(k, []).extend(v)
        for p in loaders:
            p.join(10)
        elapsed = args.duration  # every load process ran for exactly this long
        total = sum(len(v) for v in merged.values())
        report["load"] = {
            "requests": total,
            "errors": errors,
            "rps": round(total / elapsed, 1),
            "pages": {
                k: {"rps": round(len(v) / elapsed, 1), **_summary(v)} for k, v in sorted(merged.items())
            },
        }
        watch_stop.set()
        report["watchers"] = {"streams": args.watchers, "updates_received": counts[0]}
    finally:
        stop.set()
        for p in procs:
            p.join(10)
        if driver is not None:
            driver.quit()
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    verify = open_office(db, load_config(config))
    report["writes"] = {
        "tickets": len(verify.store.tickets_of_day(verify.day(now_tokyo()))),
        "calls": verify.store.call_count(),
    }
    verify.store.close()
    return report


def _print(r: dict[str, Any]) -> None:
    print("madoguchi bench web")
    c = r["config"]
    print(
        f"  load: {c['load_procs']}×{c['threads']} clients for {c['duration']} s; writers {c['write_rate']}/s "
        f"each (kiosk + counters); {c['watchers']} live SSE pages open"
    )
    load = r["load"]
    print(f"  server: madoguchi web --workers {c['workers']}")
    print(f"  total {load['requests']} requests, {load['rps']} req/s, errors {load['errors']}")
    for page, s in load["pages"].items():
        print(
            f"    {page:<14} {s['rps']:>7} req/s   p50 {s['p50_ms']:>6} ms   p99 {s['p99_ms']:>7} ms   "
            f"max {s['max_ms']:>7} ms"
        )
    for key in ("browser_idle", "browser_under_load"):
        if key in r:
            s = r[key]
            print(
                f"  call commit → browser updated ({key.split('_', 1)[1].replace('_', ' ')}, n={s['n']}): "
                f"p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms, p99 {s['p99_ms']} ms, max {s['max_ms']} ms "
                f"(goal p99 ≤ 1000 ms)"
            )
    print(
        f"  SSE watchers received {r['watchers']['updates_received']} updates; the writers made "
        f"{r['writes']['tickets']} tickets and {r['writes']['calls']} calls"
    )


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="madoguchi bench web", description=__doc__.splitlines()[0])
    p.add_argument("--duration", type=float, default=15.0, help="seconds of load (default 15)")
    p.add_argument("--load-procs", type=int, default=2)
    p.add_argument("--threads", type=int, default=8, help="keep-alive clients per load process")
    p.add_argument(
        "--write-rate", type=float, default=2.0, help="kiosk issues and counter actions per second"
    )
    p.add_argument("--watchers", type=int, default=50, help="live ticket pages (SSE) held open")
    p.add_argument("--samples", type=int, default=40, help="browser latency samples under load")
    p.add_argument("--no-browser", dest="browser", action="store_false")
    p.add_argument("--workers", type=int, default=1, help="madoguchi web --workers")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    if args.duration <= 0 or args.threads < 1 or args.load_procs < 1 or args.write_rate <= 0:
        p.error("durations, rates and counts must be positive")
    report = run(args)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print(report)
    return 0
