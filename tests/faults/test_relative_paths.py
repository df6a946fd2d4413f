"""A relative ``--db`` (as the README writes it) works in every app: it is resolved once, at start-up.

Before, ``connect(readonly=True)`` called ``Path.as_uri()`` on the relative path: the web server answered 500
on its live pages, the counter greyed out F1–F10 and the hall display logged "database unavailable", while
the CLI worked, so the set-up looked fine."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.faults.conftest import ROOT, run_cli
from tests.faults.test_web import free_port

QT = {"QT_QPA_PLATFORM": "offscreen"}
TROUBLE = ("unavailable", "接続できません", "Traceback", "cannot open")


def _office(folder: Path, profile: Path) -> None:
    assert run_cli("--db", "office.db", "init", config=profile, cwd=folder).returncode == 0
    assert (folder / "office.db").exists()
    assert run_cli("--db", "office.db", "issue", "RES", config=profile, cwd=folder).returncode == 0


def _clean(r: subprocess.CompletedProcess[str]) -> None:
    out = r.stdout + r.stderr
    assert r.returncode == 0 and not any(w in out for w in TROUBLE), out[-800:]


def test_the_qt_apps_and_the_scheduler_with_a_relative_db(tmp_path: Path, profile: Path) -> None:
    _office(tmp_path, profile)
    _clean(
        run_cli("display", "--db", "office.db", "--screenshot", "d.png", config=profile, cwd=tmp_path, env=QT)
    )
    _clean(
        run_cli(
            "counter",
            "--db",
            "office.db",
            "--counter",
            "1",
            "--screenshot",
            "c.png",
            config=profile,
            cwd=tmp_path,
            env=QT,
        )
    )
    _clean(run_cli("kiosk", "--db", "office.db", "--first-frame", config=profile, cwd=tmp_path, env=QT))
    _clean(run_cli("scheduler", "--db", "office.db", "once", "backup", config=profile, cwd=tmp_path))
    assert list((tmp_path / "backups").glob("*.db")), "the backup went next to the relative database"
    # the CLI's own --db, before the command, means the same file
    r = run_cli("--db", "office.db", "status", "--json", config=profile, cwd=tmp_path)
    assert r.returncode == 0 and '"waiting": 1' in r.stdout


def test_the_web_server_with_a_relative_db(tmp_path: Path, profile: Path) -> None:
    _office(tmp_path, profile)
    port = free_port()
    log = tmp_path / "web.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "shared", "web", "--db", "office.db", "--config", str(profile)]
            + ["--host", "127.0.0.1", "--port", str(port), "--no-alerts"],
            cwd=tmp_path,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        for path in ("/", "/api/status", "/api/status/live"):
            r = httpx.get(base + path, timeout=10)
            assert r.status_code == 200, (path, r.status_code)
        assert httpx.get(base + "/api/status", timeout=10).json()["services"][0]["waiting"] == 1
    finally:
        proc.terminate()
        proc.wait(10)
    assert "Traceback" not in log.read_text()
