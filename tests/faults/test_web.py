"""``madoguchi web`` as its own process on 127.0.0.1 against hostile and unlucky clients: hundreds of idle
sockets under a small descriptor limit, 40 web tickets waiting on a locked database, a phone that drops in
the middle of a POST, a forged X-Forwarded-For, a forged Host header. Every loop is bounded."""

from __future__ import annotations

import resource
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.faults.conftest import PROFILE, ROOT, new_office

IDLE_SOCKETS = 400
NOFILE = 256  # the server's descriptor limit in the idle-socket test (far below IDLE_SOCKETS)
WRITERS = 40


@dataclass
class Server:
    base: str
    db: Path
    config: Path
    log: Path
    proc: subprocess.Popen[bytes]

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def web_profile(folder: Path, extra: str = "") -> Path:
    """The shipped profile, open around the clock, web tickets all day, no per-device limit to speak of."""
    text = PROFILE.read_text(encoding="utf-8").replace("[hours]\n", "[hours]\nalways_open = true\n", 1)
    text = text.replace('issue_hours = ["09:30", "16:00"]', 'issue_hours = ["00:00", "23:59"]')
    text = text.replace(
        "rate_limit_per_hour = 5\n", f"rate_limit_per_hour = 1000\ndaily_cap = 1000\n{extra}", 1
    )
    cfg = folder / "web.toml"
    cfg.write_text(text, encoding="utf-8")
    return cfg


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(folder: Path, extra: str = "", *args: str, nofile: int | None = None) -> Server:
    folder.mkdir(parents=True, exist_ok=True)
    cfg, db, port = web_profile(folder, extra), folder / "office.db", free_port()
    new_office(db, cfg)

    def limit() -> None:
        if nofile is not None:
            resource.setrlimit(
                resource.RLIMIT_NOFILE, (nofile, resource.getrlimit(resource.RLIMIT_NOFILE)[1])
            )

    log = folder / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "shared", "--db", str(db), "--config", str(cfg), "web"]
            + ["--host", "127.0.0.1", "--port", str(port), "--no-alerts", *args],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=limit,  # noqa: PLW1509 - sets only the child's rlimit
        )
    server = Server(f"http://127.0.0.1:{port}", db, cfg, log, proc)
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(server.base + "/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(server)
            raise RuntimeError(server.log_text())
        time.sleep(0.1)


def stop(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(10)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait(10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    s = start(tmp_path_factory.mktemp("web"), "ip_limit_per_hour = 1000\n")
    yield s
    stop(s)


def csrf_of(html: str) -> str:
    marker = 'name="csrf" value="'
    i = html.index(marker) + len(marker)
    return html[i : html.index('"', i)]


def take_ticket(base: str, headers: dict[str, str] | None = None, timeout: float = 30) -> httpx.Response:
    """One visitor (a new device) takes a web ticket for マイナンバーカード."""
    with httpx.Client(base_url=base, timeout=timeout, headers=headers or {}) as c:
        csrf = csrf_of(c.get("/issue").text)
        return c.post("/issue", data={"csrf": csrf, "choice": "s:MYNA"}, follow_redirects=False)


@pytest.mark.slow
def test_idle_sockets_under_a_small_descriptor_limit(tmp_path: Path) -> None:
    """400 sockets that never send a byte, against a server allowed 256 descriptors: the status page still
    answers, the idle ones are closed, and the log stays a few lines (it grew 175 MB in 30 s before)."""
    server = start(tmp_path, "", "--read-timeout", "2", nofile=NOFILE)
    idle: list[socket.socket] = []
    try:
        for _ in range(IDLE_SOCKETS):
            s = socket.create_connection(("127.0.0.1", int(server.base.rsplit(":", 1)[1])), timeout=15)
            idle.append(s)
        for _ in range(5):  # a visitor looking at the congestion page meanwhile
            r = httpx.get(server.base + "/api/status", timeout=10)
            assert r.status_code == 200 and r.json()["services"]
        assert take_ticket(server.base, timeout=10).status_code == 303
        # every idle socket is closed by the server: evicted for a newer one, or after the read timeout
        deadline = time.monotonic() + 15
        open_left = list(idle)
        while open_left and time.monotonic() < deadline:
            still = []
            for s in open_left:
                s.settimeout(0.01)
                try:
                    if s.recv(1) != b"":
                        still.append(s)
                except TimeoutError:
                    still.append(s)
                except OSError:
                    pass  # reset by the server: closed
            open_left = still
        assert open_left == [], f"{len(open_left)} idle sockets still open"
    finally:
        for s in idle:
            s.close()
        stop(server)
    text = server.log_text()
    size = len(text.encode())
    print(
        f"\n{IDLE_SOCKETS} idle sockets, server ulimit -n {NOFILE}: log {size} bytes, {text.count(chr(10))} lines"
    )
    assert "Too many open files" not in text and "Traceback" not in text
    assert size < 20_000 and text.count("connection limit") <= 2  # said once (per minute), not per socket


def test_status_answers_while_40_web_tickets_wait_on_a_locked_database(server: Server) -> None:
    clients = [httpx.Client(base_url=server.base, timeout=30) for _ in range(WRITERS)]
    forms = [csrf_of(c.get("/issue").text) for c in clients]
    lock = sqlite3.connect(server.db, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")  # another process holds the write lock (a long report, a backup)
    done: list[httpx.Response] = []
    try:
        with ThreadPoolExecutor(WRITERS) as pool:
            futures = [
                pool.submit(c.post, "/issue", data={"csrf": f, "choice": "s:MYNA"}, follow_redirects=False)
                for c, f in zip(clients, forms, strict=True)
            ]
            # wait until the writers fill the server's request threads: a plain sync page stops answering
            saturated = False
            for _ in range(20):
                try:
                    httpx.get(server.base + "/robots.txt", timeout=0.5)
                except httpx.TimeoutException:
                    saturated = True
                    break
            status = httpx.get(server.base + "/api/status", timeout=3)
            finished_before = sum(f.done() for f in futures)
            lock.execute("ROLLBACK")
            done = [f.result() for f in futures]
    finally:
        if lock.in_transaction:
            lock.execute("ROLLBACK")
        lock.close()
        for c in clients:
            c.close()
    assert saturated, "the 40 writers never filled the request threads: the test proves nothing"
    assert status.status_code == 200 and status.json()["services"]
    assert finished_before == 0  # the status answered while every writer still waited for the lock
    assert [r.status_code for r in done] == [303] * WRITERS
    tokens = {r.headers["location"].split("/t/")[1].split("?")[0] for r in done}
    stored = sqlite3.connect(server.db)
    try:
        have = {t for (t,) in stored.execute("SELECT token FROM ticket WHERE channel = 'web'")}
    finally:
        stored.close()
    assert tokens <= have and len(tokens) == WRITERS  # every ticket a phone was shown exists


def test_a_phone_dropping_mid_post_leaves_no_traceback(server: Server) -> None:
    before = server.log_text()
    port = int(server.base.rsplit(":", 1)[1])
    for path in ("/issue", "/t/" + "a" * 32 + "/alerts"):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(
                f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                "Content-Length: 500\r\n\r\nchoice=s%3AMYNA&csrf=x".encode()
            )
    assert httpx.get(server.base + "/healthz", timeout=5).status_code == 200
    deadline = time.monotonic() + 5
    while "client left" not in server.log_text()[len(before) :] and time.monotonic() < deadline:
        time.sleep(0.05)
    new = server.log_text()[len(before) :]
    assert "client left during POST /issue" in new
    assert "Traceback" not in new and "Exception in ASGI application" not in new


def test_no_schema_without_docs_and_redirects_stay_on_base_url(server: Server) -> None:
    assert httpx.get(server.base + "/openapi.json").status_code == 404
    r = httpx.get(server.base + "/api/status/", headers={"Host": "evil.example"}, follow_redirects=False)
    assert r.status_code in (307, 308) and r.headers["location"] == "http://127.0.0.1:8080/api/status"


@pytest.mark.slow
def test_x_forwarded_for_is_believed_only_from_trusted_proxies(tmp_path: Path) -> None:
    """Rotating X-Forwarded-For from 127.0.0.1 gave a ticket per forged address; now the per-IP limit holds,
    unless 127.0.0.1 is a configured proxy."""
    results = {}
    for name, extra in (("default", ""), ("proxy", 'forwarded_allow_ips = "127.0.0.1"\n')):
        server = start(tmp_path / name, "ip_limit_per_hour = 3\n" + extra)
        try:
            codes = [
                take_ticket(server.base, {"X-Forwarded-For": f"203.0.113.{i}"}).status_code for i in range(5)
            ]
        finally:
            stop(server)
        results[name] = codes
    assert results["default"] == [303, 303, 303, 429, 429]  # one address: 127.0.0.1
    assert results["proxy"] == [303] * 5  # the proxy's word is taken: five different visitors
