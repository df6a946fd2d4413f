"""City fixtures: real office web servers (``madoguchi web`` processes on 127.0.0.1, each over its own SQLite
file and profile) and a city profile pointing at them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from shared.office import open_office
from shared.paths import asset_path
from shared.timeutil import now_tokyo
from tests.conftest import wait_for
from tests.web.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310 - loopback only
        return r.status, r.read()


def get_json(url: str) -> dict:
    return json.loads(get(url)[1])


def office_profile(folder: Path, code: str, port: int) -> Path:
    """The shipped ward profile with an office code, its own address and open around the clock (tests run at
    any hour)."""
    text = asset_path("offices/yokohama-ward.toml").read_text(encoding="utf-8")
    text = text.replace("[office]", f'[office]\ncode = "{code}"', 1)
    text = text.replace("public_holidays = true", "public_holidays = true\nalways_open = true", 1)
    path = folder / f"{code}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@dataclass
class Office:
    code: str
    db: Path
    config: Path
    port: int
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait: bool = True) -> None:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        log = (self.db.parent / f"{self.code}.log").open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "shared",
                "web",
                "--db",
                str(self.db),
                "--config",
                str(self.config),
                "--port",
                str(self.port),
                "--no-alerts",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

        def up() -> bool:
            assert self.proc is not None and self.proc.poll() is None, (
                self.db.parent / f"{self.code}.log"
            ).read_text()
            try:
                return get(self.url + "/api/status")[0] == 200
            except OSError:
                return False

        self.up = up
        if wait:
            wait_for(up, timeout_s=60, what=f"office {self.code} web server", every_s=0.1)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


def make_office(folder: Path, code: str, *, waiting: int, counters_open: tuple[int, ...]) -> Office:
    port = free_port()
    cfg = office_profile(folder, code, port)
    db = folder / f"{code}.db"
    engine = open_office(db, str(cfg))
    now = now_tokyo()
    try:
        for n in counters_open:
            engine.open_counter(n, now=now)
        for _ in range(waiting):
            engine.issue("RES", now=now)
    finally:
        engine.store.close()
    return Office(code, db, cfg, port)


CITY_TOML = """
[city]
name = {{ ja = "テスト市", en = "Test City" }}
poll_seconds = 1
timeout_seconds = 1
stale_after_seconds = 3

[[services]]
code = "RES"
names = {{ ja = "住民票・印鑑証明", ja_easy = "{{住民票|じゅうみんひょう}}", en = "Residence certificates" }}

[[services]]
code = "TAX"
names = {{ ja = "税証明", en = "Tax certificates" }}

{offices}
"""

OFFICE_TOML = """
[[offices]]
code = "{code}"
names = {{ ja = "{ja}", ja_easy = "{easy}", en = "{en}" }}
status_url = "{url}"
address = {{ ja = "{ja}の住所", en = "Address of {en}" }}
map_url = "https://www.openstreetmap.org/?mlat=35.4&mlon=139.6"
hours = {{ weekday = ["08:45", "17:00"] }}
services = ["RES", "TAX"]
travel = {{ minutes = {travel}, from = {{ ja = "横浜駅から", en = "from Yokohama Sta." }} }}
"""


def city_toml(
    folder: Path,
    offices: list[tuple[str, str, str, str, str, int]],
    every_service: frozenset[str] = frozenset(),
) -> Path:
    """offices: (code, ja, ja_easy, en, status_url, travel minutes); ``every_service``: offices whose profile
    entry lists no services (the city shows whatever they report)."""
    blocks = []
    for c, ja, easy, en, url, tr in offices:
        block = OFFICE_TOML.format(code=c, ja=ja, easy=easy, en=en, url=url, travel=tr)
        if c in every_service:
            block = block.replace('services = ["RES", "TAX"]\n', "")
        blocks.append(block)
    text = CITY_TOML.format(offices="".join(blocks))
    path = folder / "city.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def stop_later() -> Iterator[list[Office]]:
    started: list[Office] = []
    yield started
    for o in started:
        o.stop()
