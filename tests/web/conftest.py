"""Web fixtures: an adjustable clock, the app over a real SQLite file, a second engine playing the counters, and a
real local SMTP server (aiosmtpd) with a profile that relays to it."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient

from shared.config import OfficeConfig
from shared.engine import QueueEngine
from shared.office import open_office
from shared.paths import asset_path
from shared.web.app import create_app

BASE = "http://testserver"


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> datetime:
        self.now = self.now + timedelta(**kw)
        return self.now


def all_web(cfg: OfficeConfig) -> OfficeConfig:
    """Every service takes web tickets (so the life-event routes are offered on the web too)."""
    return dataclasses.replace(cfg, services=tuple(dataclasses.replace(s, web=True) for s in cfg.services))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def clock(now: datetime) -> Clock:
    return Clock(now)


@pytest.fixture
def office(db_path: Path, office_config: OfficeConfig, now: datetime) -> Iterator[QueueEngine]:
    """The counters' side: its own connection to the same file, counters 1, 4 and 10 open."""
    e = open_office(db_path, office_config)
    for n in (1, 4, 10):
        e.open_counter(n, now=now)
    yield e
    e.store.close()


@pytest.fixture
def client(
    db_path: Path, office_config: OfficeConfig, clock: Clock, office: QueueEngine
) -> Iterator[TestClient]:
    app = create_app(db_path, office_config, clock=clock, run_alerts=False)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as c:
        yield c


def csrf_of(html: str) -> str:
    marker = 'name="csrf" value="'
    i = html.index(marker) + len(marker)
    return html[i : html.index('"', i)]


# -- e-mail through a real SMTP server --------------------------------------------------------------------------
class Inbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def inbox(smtp_port: int) -> Iterator[Inbox]:
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    yield box
    controller.stop()


def profile_with(path: Path, web_lines: str) -> Path:
    """The shipped profile with extra lines at the top of [web], written to ``path``."""
    text = asset_path("offices/yokohama-ward.toml").read_text(encoding="utf-8")
    path.write_text(text.replace("[web]\n", "[web]\n" + web_lines.rstrip("\n") + "\n", 1), encoding="utf-8")
    return path


def smtp_line(port: int) -> str:
    return f'smtp = {{ host = "127.0.0.1", port = {port}, from = "noreply@city.example.jp", timeout = 5 }}'


@pytest.fixture
def smtp_config_path(tmp_path: Path, smtp_port: int) -> Path:
    """The shipped profile plus an SMTP relay, as an office would write it (a file other processes can load)."""
    return profile_with(tmp_path / "office.toml", smtp_line(smtp_port))
