"""Web fixtures: an adjustable clock, the app over a real SQLite file, a second engine playing the counters."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from shared.config import OfficeConfig
from shared.engine import QueueEngine
from shared.office import open_office
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
