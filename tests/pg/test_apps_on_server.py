"""Every command and app with ``--db postgresql://…``: the CLI round trip, ``status`` with the password masked,
and screenshots of the hall display and a counter console reading a PostgreSQL office."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from shared.paths import asset_path
from tests.conftest import ROOT

pytestmark = pytest.mark.backends("postgresql")
PASSWORD = "s3cret-pw"


@pytest.fixture
def url(backend: str, db_path: str) -> str:
    """The test database's URL with a password in it (the test cluster trusts 127.0.0.1, so it is not checked;
    it must still never be printed)."""
    user, rest = db_path.split("://", 1)[1].split("@", 1)
    return f"postgresql://{user}:{PASSWORD}@{rest}"


OPEN_CFG = Path(os.environ.get("TMPDIR", "/tmp")) / f"madoguchi-open-{os.getpid()}.toml"


def madoguchi(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    cfg = OPEN_CFG
    if not cfg.exists():  # the built-in profile, always open (the tests run at any hour)
        text = asset_path("offices/yokohama-ward.toml").read_text(encoding="utf-8")
        cfg.write_text(
            text.replace("public_holidays = true", "public_holidays = true\nalways_open = true"), "utf-8"
        )
    env = {k: v for k, v in os.environ.items() if k != "MADOGUCHI_DB"}
    r = subprocess.run(
        [sys.executable, "-m", "shared", *args],
        cwd=ROOT,
        env={**env, "MADOGUCHI_CONFIG": str(cfg), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (r.returncode == 0) == ok, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    assert PASSWORD not in r.stdout + r.stderr
    return r


def test_cli_round_trip_on_the_server_never_shows_the_password(url: str) -> None:
    assert "***@" in madoguchi("--db", url, "init").stdout
    madoguchi("--db", url, "counter", "open", "4")
    issued = json.loads(madoguchi("--db", url, "issue", "MOVE", "--json").stdout)
    called = json.loads(madoguchi("--db", url, "call", "4", "--json").stdout)
    assert called["ticket"]["number"] == issued["ticket"]["number"]
    status = json.loads(madoguchi("--db", url, "status", "--json").stdout)
    assert status["database"].startswith("postgresql://postgres:***@127.0.0.1:")
    assert "***" in madoguchi("--db", url, "status").stdout


def _office_with_a_call(url: str) -> str:
    madoguchi("--db", url, "init")
    for c in ("1", "4"):
        madoguchi("--db", url, "counter", "open", c)
    madoguchi("--db", url, "issue", "RES")
    madoguchi("--db", url, "issue", "MOVE")
    return json.loads(madoguchi("--db", url, "call", "4", "--json").stdout)["ticket"]["number"]


@pytest.mark.slow
def test_display_and_counter_screenshots_read_the_server(url: str, tmp_path: Path) -> None:
    number = _office_with_a_call(url)
    display, counter = tmp_path / "display-pg.png", tmp_path / "counter-pg.png"
    madoguchi("--db", url, "display", "--screenshot", str(display))
    madoguchi("--db", url, "counter", "--counter", "4", "--screenshot", str(counter))
    for png in (display, counter):
        with Image.open(png) as im:
            assert im.size == (1920, 1080) and len(im.convert("L").getcolors(256) or []) > 8
    assert number.startswith("D")


def test_an_unreachable_server_is_one_line_for_the_apps(url: str, pg_cluster: Any, tmp_path: Path) -> None:
    closed = url.replace(f":{pg_cluster.port}/", ":1/")  # nothing listens on port 1
    for app in (
        ["display", "--screenshot", str(tmp_path / "d.png")],
        ["counter", "--counter", "4", "--screenshot", str(tmp_path / "c.png")],
    ):
        r = madoguchi("--db", closed, *app, ok=False)
        assert "cannot connect to the database server" in r.stderr and "***" in r.stderr
