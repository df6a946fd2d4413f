"""The whole office on one PC: ``madoguchi demo --simulate --headless`` with every app in its own process.

It runs until the kiosk has issued and the autopiloted consoles have finished visits, then the test takes every app's screenshot, reads the phone pages over HTTP,
stops the demo as Ctrl-C would, and checks what a ward office cares about: every process gone, the database
intact, tickets issued, called and finished through the real apps, the log replaying to the final state, and
the display having shown exactly the calls the counters made.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from shared.office import open_office
from shared.replay import verify
from shared.storage.backend import open_database
from shared.storage.store import Store
from tests.conftest import wait_for

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310 - loopback only
        return r.status, r.read().decode("utf-8")


def madoguchi(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shared", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def processes_using(path: Path) -> list[str]:
    """Command lines of live processes that mention ``path`` (Linux /proc; the demo's children all do)."""
    found = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit() or int(d.name) == os.getpid():
            continue
        try:
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if str(path) in cmd:
            found.append(cmd)
    return found


def at_work(db: Path) -> bool:
    """The kiosk has issued and an autopiloted console has finished a visit (read-only, beside the demo)."""
    store = Store(open_database(db, readonly=True))
    try:
        kiosk = any(e["actor"] == "kiosk-1" for e in store.events(types=["issued"]))
        return kiosk and any(e["counter"] in (1, 4, 8) for e in store.events(types=["finished"]))
    finally:
        store.close()


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc to prove no orphans")
def test_demo_runs_the_whole_office_and_stops_cleanly(tmp_path):
    folder = tmp_path / "demo"
    port = free_port()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUNBUFFERED="1")
    env.pop("MADOGUCHI_DB", None)
    env.pop("MADOGUCHI_CONFIG", None)
    log = (tmp_path / "demo.out").open("w")
    demo = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "shared",
            "demo",
            "--simulate",
            "--speed",
            "60",
            "--headless",
            "--dir",
            str(folder),
            "--port",
            str(port),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    started = time.monotonic()
    try:
        deadline = started + 60
        while True:  # the phone page is up
            try:
                if get(f"http://127.0.0.1:{port}/api/status")[0] == 200:
                    break
            except OSError:
                pass
            assert demo.poll() is None, (tmp_path / "demo.out").read_text()
            assert time.monotonic() < deadline, "the phone page did not come up"
            time.sleep(0.5)

        second = madoguchi("demo", "--dir", str(folder), "--port", str(free_port()), env=env)
        assert second.returncode == 2 and "Traceback" not in second.stderr
        assert f"already running in {folder} (pid {demo.pid})" in second.stderr  # the folder and its holder

        db, cfg = folder / "demo.db", folder / "office.toml"
        wait_for(lambda: at_work(db), timeout_s=180, what="kiosk tickets and finished visits", every_s=0.5)
        shots = tmp_path / "shots"
        shots.mkdir()
        for app, extra in (("kiosk", []), ("counter", ["--counter", "1"]), ("display", [])):
            r = madoguchi(
                "--db",
                str(db),
                "--config",
                str(cfg),
                app,
                "--screenshot",
                str(shots / f"{app}.png"),
                *extra,
                env=env,
            )
            assert r.returncode == 0, r.stderr
            assert (shots / f"{app}.png").stat().st_size > 20_000

        status, page = get(f"http://127.0.0.1:{port}/")
        assert status == 200 and "待" in page
        doc = json.loads(get(f"http://127.0.0.1:{port}/api/status")[1])
        assert doc["services"] and any(s["waiting"] is not None for s in doc["services"])
        engine = open_office(db, cfg)
        tickets = engine.store.tickets_of_day(engine.day(engine_now()))
        assert tickets
        status, page = get(f"http://127.0.0.1:{port}/t/{tickets[-1].token}")
        assert status == 200 and tickets[-1].display in page
        engine.store.close()
    finally:
        if demo.poll() is None:
            demo.send_signal(signal.SIGINT)  # Ctrl-C
        rc = demo.wait(timeout=120)  # a loaded 2-core CI machine: eight processes winding down
        log.close()
    out = (tmp_path / "demo.out").read_text()
    assert rc == 0, out
    assert "demo stopped" in out
    for name in ("web", "scheduler", "display", "kiosk", "counter-1", "counter-4", "counter-8", "simulator"):
        assert re.search(rf"^\s+{name}\s+exit 0$", out, re.M), (name, out)  # web too: not -15
    wait_for(lambda: processes_using(folder) == [], what="every demo process to be gone (no orphans)")

    engine = open_office(db, cfg)
    try:
        assert engine.store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tickets = engine.store.tickets_of_day(engine.day(engine_now()))
        assert any(t.channel == "kiosk" for t in tickets)
        events = engine.store.events()
        by_console = {e["counter"] for e in events if e["type"] == "finished"} & {1, 4, 8}
        assert by_console, "the autopiloted consoles finished nobody"
        assert {e["type"] for e in events} >= {"issued", "called", "started", "finished"}
        assert verify(engine.store) == []
        calls = engine.store.calls_since(0, 100_000)
        shown = {int(m) for m in re.findall(r"call #(\d+) ", (folder / "logs" / "display.log").read_text())}
        assert shown == {c.id for c in calls}, "the display must show every call exactly once"
        assert len(calls) == sum(1 for e in events if e["type"] in ("called", "recalled"))
    finally:
        engine.store.close()


def engine_now():
    from shared.timeutil import now_tokyo

    return now_tokyo()
