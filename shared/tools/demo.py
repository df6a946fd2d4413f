"""``madoguchi demo``: the whole office on one PC, each part its own process, as in a real ward office.

A fresh database in a demo folder, the default Yokohama profile (open around the clock for the demo), one kiosk,
three counter consoles (merged certificate window, 住民異動・戸籍, 保険年金), the hall display, the phone status
page and the scheduler. ``--simulate`` adds simulated visitors and clerks at ``--speed`` × real time.
Ctrl-C or closing any window stops every process cleanly.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import platformdirs

from shared.config import OfficeConfig
from shared.errors import MadoguchiError
from shared.paths import asset_path
from shared.qt.scale import Screen, fit_factor, probe_screen
from shared.timeutil import now_tokyo

LOCK_FILE, PID_FILE = "demo.lock", "demo.pid"  # in the demo folder: one demo per folder, and who holds it
DEMO_COUNTERS: tuple[tuple[int, str], ...] = ((1, "certificates"), (4, "registration"), (8, "insurance"))
TITLE_PX = 32  # the title bar the window system adds above each window's client area
CASCADE_PX = 40
COUNTER_LAYOUT = (1366, 768)  # the smallest layout a console is made for (tests/counter/test_layout.py)


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


def _try_lock(fh: IO[bytes]) -> bool:
    """An exclusive, non-blocking lock on the open file; the OS drops it when the process ends, however."""
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def acquire_lock(folder: Path) -> IO[bytes]:
    """One demo per demo folder: a lock on ``demo.lock`` there, with the holder's pid in ``demo.pid``.

    Demos in other folders (another user, a test) run side by side. Keep the returned file open while the
    demo runs; closing it (or the process ending) releases the lock.
    """
    folder.mkdir(parents=True, exist_ok=True)
    fh = open(folder / LOCK_FILE, "a+b")  # noqa: SIM115 - held open for the demo's lifetime
    if not _try_lock(fh):
        fh.close()
        try:
            holder = (folder / PID_FILE).read_text(encoding="utf-8").strip() or "?"
        except OSError:
            holder = "?"
        raise MadoguchiError(
            f"このフォルダのデモはすでに起動しています: {folder}（pid {holder}） / a madoguchi demo is already "
            f"running in {folder} (pid {holder}); stop it with Ctrl-C in its terminal, or give another --dir"
        )
    (folder / PID_FILE).write_text(f"{os.getpid()}\n", encoding="utf-8")
    return fh


def write_config(folder: Path, port: int) -> Path:
    """The default profile, open around the clock so the demo works at any hour, status URLs on this PC."""
    text = asset_path("offices/yokohama-ward.toml").read_text(encoding="utf-8")
    text = text.replace("public_holidays = true", "public_holidays = true\nalways_open = true", 1)
    text = text.replace('base_url = "http://127.0.0.1:8080"', f'base_url = "http://127.0.0.1:{port}"', 1)
    text = text.replace("port = 8080", f"port = {port}", 1)
    cfg = folder / "office.toml"
    cfg.write_text(text, encoding="utf-8")
    return cfg


def prepare(
    folder: Path, port: int, *, fresh: bool = True, server: str | None = None
) -> tuple[Path | str, Path]:
    """A fresh demo database with the profile loaded (or, with ``server``, that postgresql:// database,
    created or upgraded and never wiped). Returns (db, config)."""
    from shared.office import open_office

    folder.mkdir(parents=True, exist_ok=True)
    db: Path | str = server if server else folder / "demo.db"
    if fresh and isinstance(db, Path):
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
    c = CASCADE_PX
    rects = {
        "display": (ax, ay, hw, hh),
        "kiosk": (ax + hw, ay, aw - hw, hh),
        "counter-1": (ax, ay + hh, hw, ah - hh),
        "counter-4": (ax + hw, ay + hh, aw - hw - c, ah - hh - c),
        "counter-8": (ax + hw + c, ay + hh + c, aw - hw - c, ah - hh - c),  # cascaded over 4, title bars show
    }
    tiles = {name: ["--geometry", geo(*rect)] for name, rect in rects.items()}
    tiles["kiosk"] += ["--scale", f"{kiosk:.4g}"]
    for name, (_x, _y, w, h) in rects.items():
        if name.startswith("counter-"):
            tiles[name] += ["--scale", f"{counter_scale(w, h - TITLE_PX):.4g}"]
    return tiles


def counter_scale(width: int, height: int) -> float:
    """The factor that draws a console's 1366×768 layout (the smallest it is made for) in a ``width`` ×
    ``height`` window: each console its own, so a window a cascade step smaller is never laid out below
    1366×768, grows past its geometry and runs off the bottom of the screen."""
    f = min(1.0, width / COUNTER_LAYOUT[0], height / COUNTER_LAYOUT[1])
    return max(0.5, math.floor(f * 10_000) / 10_000)  # rounded down: the layout is never a pixel short


def plan(
    db: Path | str,
    cfg: Path,
    *,
    port: int,
    headless: bool,
    simulate: bool,
    speed: float,
    screen: Screen | None = None,
) -> list[Child]:
    base = [sys.executable, "-m", "shared", "--config", str(cfg)]
    # a server URL goes to the children in their environment, not their command line: `ps` shows argv to
    # every user of the PC, and the URL may hold a password
    db_env = {"MADOGUCHI_DB": str(db)}
    gui_env = {"QT_QPA_PLATFORM": "offscreen", **db_env} if headless else db_env
    auto = ["--autopilot", str(speed)] if simulate else []
    children = [
        Child("web", [*base, "web", "--host", "127.0.0.1", "--port", str(port)], db_env),
        Child("scheduler", [*base, "scheduler"], db_env),
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
            Child(
                "simulator",
                [*base, "simulate", "--live", "--speed", str(speed), "--skip-counters", skip],
                db_env,
            )
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
    ap = argparse.ArgumentParser(
        prog="madoguchi demo",
        description="The whole office on one PC, each part its own process, as in a real ward office: a fresh "
        "database in the demo folder, the Yokohama profile (open around the clock), one kiosk, three counter "
        "consoles, the hall display, the phone status page and the scheduler. --simulate adds simulated "
        "visitors and clerks at --speed × real time. Ctrl-C or closing any window stops every process.",
    )
    ap.add_argument("--dir", type=Path, default=None, help="demo folder (default: the user data dir's demo/)")
    ap.add_argument("--port", type=int, default=8080, help="phone status page port")
    ap.add_argument("--simulate", action="store_true", help="simulated visitors and clerks")
    ap.add_argument("--speed", type=float, default=10.0, help="simulation speed, × real time")
    ap.add_argument("--headless", action="store_true", help="no windows (apps render offscreen)")
    ap.add_argument("--duration", type=float, default=None, help="stop after this many seconds")
    ap.add_argument("--keep", action="store_true", help="keep the previous demo database")
    ap.add_argument("--db", help="run the demo office on this postgresql:// database instead of a demo file")
    a = ap.parse_args(argv or [])
    folder = a.dir or default_dir()
    from shared.storage.target import parse_target

    server = a.db or os.environ.get("MADOGUCHI_DB")
    server = server if server and parse_target(server).is_pg else None
    lock = acquire_lock(folder)
    db, cfg = prepare(folder, a.port, fresh=not a.keep, server=server)
    screen = None if a.headless else probe_screen()  # the windows share it rather than stack
    children = plan(
        db, cfg, port=a.port, headless=a.headless, simulate=a.simulate, speed=a.speed, screen=screen
    )
    print(f"madoguchi demo — folder {folder}")
    print(f"  database      {parse_target(db)}")  # a password in a URL is masked
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
        (folder / PID_FILE).unlink(missing_ok=True)
        lock.close()
    print(f"demo stopped: {reason}")
    bad = [(n, rc) for n, rc in codes if rc not in (0, None, -signal.SIGTERM, 130)]
    for n, rc in codes:
        print(f"  {n:<12} exit {rc}")
    if bad:
        print(f"  logs: {folder / 'logs'}")
    return 0 if not bad else 1
