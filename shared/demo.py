"""``madoguchi demo``: the whole office on one PC, each part its own process, as in a real ward office.

A fresh database in a demo folder, the default Yokohama profile (open around the clock for the demo), one kiosk,
three counter consoles (merged certificate window, 住民異動・戸籍, 保険年金), the hall display, the phone status
page and the scheduler. ``--simulate`` adds simulated visitors and clerks at ``--speed`` × real time.
Ctrl-C or closing any window stops every process cleanly.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from shared.config import OfficeConfig
from shared.errors import MadoguchiError
from shared.paths import asset_path
from shared.qt.scale import Screen, fit_factor, probe_screen
from shared.timeutil import now_tokyo

LOCK_PORT = 47651  # a loopback port held while a demo runs: portable, and freed by the OS if the demo dies
DEMO_COUNTERS: tuple[tuple[int, str], ...] = ((1, "certificates"), (4, "registration"), (8, "insurance"))
TITLE_PX = 32  # the title bar the window system adds above each window's client area
CASCADE_PX = 40


@dataclass
class Child:
    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    ready: str | None = None  # a line in its log that says it is up; later children wait for it
    proc: subprocess.Popen[bytes] | None = None
    log: Path | None = None


def default_dir() -> Path:
    return Path(platformdirs.user_data_dir("madoguchi", appauthor=False)) / "demo"


def acquire_lock() -> socket.socket:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if sys.platform == "win32":
        s.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)  # type: ignore[attr-defined]
    try:
        s.bind(("127.0.0.1", LOCK_PORT))
        s.listen(1)
    except OSError:
        s.close()
        raise MadoguchiError(
            "デモはすでに起動しています / a madoguchi demo is already running on this PC "
            "(stop it with Ctrl-C in its terminal first)"
        ) from None
    return s


def write_config(folder: Path, port: int) -> Path:
    """The default profile, open around the clock so the demo works at any hour, status URLs on this PC."""
    text = asset_path("offices/yokohama-ward.toml").read_text(encoding="utf-8")
    text = text.replace("public_holidays = true", "public_holidays = true\nalways_open = true", 1)
    text = text.replace('base_url = "http://127.0.0.1:8080"', f'base_url = "http://127.0.0.1:{port}"', 1)
    text = text.replace("port = 8080", f"port = {port}", 1)
    cfg = folder / "office.toml"
    cfg.write_text(text, encoding="utf-8")
    return cfg


def prepare(folder: Path, port: int, *, fresh: bool = True) -> tuple[Path, Path]:
    """A fresh demo database with the profile loaded. Returns (db, config)."""
    from shared.office import open_office

    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "demo.db"
    if fresh:
        for p in (db, db.with_name("demo.db-wal"), db.with_name("demo.db-shm")):
            p.unlink(missing_ok=True)
        shutil.rmtree(folder / "logs", ignore_errors=True)
    (folder / "logs").mkdir(exist_ok=True)
    cfg = write_config(folder, port)
    engine = open_office(db, cfg)
    try:
        now = now_tokyo()
        for number, group in DEMO_COUNTERS:  # the three consoles come straight in, signed in
            services = _demo_services(engine.config, number, group)
            if engine.counter(number).state == "closed":
                engine.open_counter(number, now=now, services=services, clerk="デモ")
    finally:
        engine.store.close()
    return db, cfg


def _demo_services(config: OfficeConfig, number: int, group: str) -> list[str]:
    """A merged certificate window; 住民異動・戸籍; 保険年金 — from the profile, not hard-coded codes."""
    if group in config.merged_windows:
        return list(config.merged_windows[group])
    return [s.code for s in config.services if s.group == group] or list(config.counter(number).services)


def tile_windows(screen: Screen | None) -> dict[str, list[str]]:
    """Extra arguments that give each window its own part of the screen instead of a stack: the hall display
    top left, the kiosk top right (its full-HD layout scaled to fit), counter 1 bottom left, counters 4 and 8
    bottom right (8 cascaded over 4, title bars visible). Empty on an unknown, portrait or small screen."""
    if screen is None:
        return {}
    ax, ay, aw, ah = screen.available
    if aw < ah or aw < 1024 or ah < 600:
        return {}
    hw, hh = aw // 2, ah // 2

    def geo(x: int, y: int, w: int, h: int) -> str:
        return f"{w}x{h - TITLE_PX}+{x}+{y}"

    kiosk = fit_factor(aw - hw, hh - TITLE_PX)
    # a console is laid out for at least 1366×768 and drawn smaller to fit its quarter of the screen
    counter = f"{max(0.5, min(1.0, hw / 1366, (ah - hh - TITLE_PX) / 768)):.4g}"
    c = CASCADE_PX
    return {
        "display": ["--geometry", geo(ax, ay, hw, hh)],
        "kiosk": ["--geometry", geo(ax + hw, ay, aw - hw, hh), "--scale", f"{kiosk:.4g}"],
        "counter-1": ["--geometry", geo(ax, ay + hh, hw, ah - hh), "--scale", counter],
        "counter-4": ["--geometry", geo(ax + hw, ay + hh, aw - hw - c, ah - hh - c), "--scale", counter],
        "counter-8": [
            "--geometry",
            geo(ax + hw + c, ay + hh + c, aw - hw - c, ah - hh - c),
            "--scale",
            counter,
        ],
    }


def plan(
    db: Path,
    cfg: Path,
    *,
    port: int,
    headless: bool,
    simulate: bool,
    speed: float,
    screen: Screen | None = None,
) -> list[Child]:
    base = [sys.executable, "-m", "shared", "--db", str(db), "--config", str(cfg)]
    gui_env = {"QT_QPA_PLATFORM": "offscreen"} if headless else {}
    auto = ["--autopilot", str(speed)] if simulate else []
    children = [
        Child("web", [*base, "web", "--host", "127.0.0.1", "--port", str(port)]),
        Child("scheduler", [*base, "scheduler"]),
        # the hall display comes up first, so it shows every call of the demo
        Child(
            "display",
            [*base, "display", "--profile", "main", "--windowed"],
            gui_env,
            ready="display 'main' on",
        ),
        Child("kiosk", [*base, "kiosk", "--windowed", "--kiosk-id", "1", *auto], gui_env),
    ]
    for number, _group in DEMO_COUNTERS:
        children.append(
            Child(f"counter-{number}", [*base, "counter", "--counter", str(number), *auto], gui_env)
        )
    if simulate:
        skip = ",".join(str(n) for n, _ in DEMO_COUNTERS)
        children.append(
            Child("simulator", [*base, "simulate", "--live", "--speed", str(speed), "--skip-counters", skip])
        )
    tiles = {} if headless else tile_windows(screen)
    for child in children:
        child.argv += tiles.get(child.name, [])
    return children


def start(child: Child, logs: Path) -> None:
    child.log = logs / f"{child.name}.log"
    env = {**os.environ, **child.env}
    kwargs: dict[str, object] = {}
    if sys.platform == "win32":
        kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
    with open(child.log, "wb") as out:
        child.proc = subprocess.Popen(
            child.argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env, **kwargs
        )  # type: ignore[call-overload]


def wait_ready(child: Child, timeout_s: float = 30.0) -> None:
    """Block until the child's log shows its ready line (or it exits, or the time is up)."""
    if child.ready is None or child.log is None:
        return
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if child.ready in child.log.read_text(encoding="utf-8", errors="replace"):
            return
        if child.proc is not None and child.proc.poll() is not None:
            return
        time.sleep(0.1)


def stop(children: list[Child], grace_s: float = 10.0) -> list[tuple[str, int | None]]:
    """Stop in reverse order of readiness: whatever makes calls first, then the children the others waited for
    (the hall display), so the display shows every call. Returns exit codes."""
    displays = [c for c in children if c.ready is not None]
    producers = [c for c in children if c.ready is None]
    _stop(producers, grace_s)
    time.sleep(0.5)  # the display's watcher polls every 50 ms: let it paint the last calls
    _stop(displays, grace_s)
    return [(c.name, c.proc.returncode if c.proc else None) for c in children]


def _stop(children: list[Child], grace_s: float) -> None:
    """Ask each child to quit (SIGTERM / Ctrl-Break), wait, then kill stragglers."""
    for c in children:
        if c.proc is not None and c.proc.poll() is None:
            try:
                if sys.platform == "win32":
                    c.proc.send_signal(signal.CTRL_BREAK_EVENT)  # type: ignore[attr-defined]
                else:
                    c.proc.send_signal(signal.SIGTERM)
            except OSError:
                pass
    deadline = time.monotonic() + grace_s
    for c in children:
        if c.proc is None:
            continue
        try:
            c.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            c.proc.kill()
            c.proc.wait(timeout=5)


def supervise(children: list[Child], duration: float | None) -> str:
    """Wait until Ctrl-C, a window closes (a child exits) or ``duration`` passes. Returns the reason."""
    end = time.monotonic() + duration if duration else None
    while True:
        for c in children:
            if c.proc is not None and c.proc.poll() is not None:
                return f"{c.name} exited ({c.proc.returncode})"
        if end is not None and time.monotonic() >= end:
            return "duration reached"
        time.sleep(0.2)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="madoguchi demo", description=__doc__)
    ap.add_argument("--dir", type=Path, default=None, help="demo folder (default: the user data dir's demo/)")
    ap.add_argument("--port", type=int, default=8080, help="phone status page port")
    ap.add_argument("--simulate", action="store_true", help="simulated visitors and clerks")
    ap.add_argument("--speed", type=float, default=10.0, help="simulation speed, × real time")
    ap.add_argument("--headless", action="store_true", help="no windows (apps render offscreen)")
    ap.add_argument("--duration", type=float, default=None, help="stop after this many seconds")
    ap.add_argument("--keep", action="store_true", help="keep the previous demo database")
    a = ap.parse_args(argv or [])
    lock = acquire_lock()
    folder = a.dir or default_dir()
    db, cfg = prepare(folder, a.port, fresh=not a.keep)
    screen = None if a.headless else probe_screen()  # the windows share it rather than stack
    children = plan(
        db, cfg, port=a.port, headless=a.headless, simulate=a.simulate, speed=a.speed, screen=screen
    )
    print(f"madoguchi demo — folder {folder}")
    print(f"  database      {db}")
    print(f"  phone page    http://127.0.0.1:{a.port}/   (status JSON: /api/status)")
    print(f"  processes     {', '.join(c.name for c in children)}")
    print("  stop          Ctrl-C, or close any window", flush=True)
    reason = "interrupted"
    previous = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        for c in children:
            start(c, folder / "logs")
            wait_ready(c)
        reason = supervise(children, a.duration)
    except KeyboardInterrupt:
        pass
    finally:
        codes = stop(children)
        signal.signal(signal.SIGTERM, previous)
        lock.close()
    print(f"demo stopped: {reason}")
    bad = [(n, rc) for n, rc in codes if rc not in (0, None, -signal.SIGTERM, 130)]
    for n, rc in codes:
        print(f"  {n:<12} exit {rc}")
    if bad:
        print(f"  logs: {folder / 'logs'}")
    return 0 if not bad else 1
