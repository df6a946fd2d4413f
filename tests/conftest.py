"""Shared fixtures: a real temp SQLite file with migrations applied, the default office profile, a fixed ``now``."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
# The test process itself has no sound output, whatever the machine has, so the silent paths are tested the
# same everywhere; tests that need the real sound server (CI starts one) run a subprocess with REAL_PULSE_ENV.
REAL_PULSE_ENV = {k: v for k, v in os.environ.items() if k != "PULSE_SERVER"}
if "PULSE_SERVER" in os.environ:
    REAL_PULSE_ENV["PULSE_SERVER"] = os.environ["PULSE_SERVER"]
os.environ["PULSE_SERVER"] = "unix:/nonexistent/madoguchi-tests"

import pytest  # noqa: E402

from shared.config import OfficeConfig, load_config  # noqa: E402
from shared.engine import QueueEngine  # noqa: E402
from shared.office import open_office  # noqa: E402
from shared.timeutil import TOKYO  # noqa: E402

# A Tuesday, office open (8:45–17:00).
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=TOKYO)


@pytest.fixture(scope="session")
def office_config() -> OfficeConfig:
    """The built-in Yokohama ward profile, exactly as shipped."""
    return load_config()


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "office.db"


@pytest.fixture
def engine(db_path: Path, office_config: OfficeConfig) -> Iterator[QueueEngine]:
    """A fresh office on a real SQLite file, with every counter from the profile (all closed)."""
    e = open_office(db_path, office_config)
    yield e
    e.store.close()


@pytest.fixture
def open_engine(engine: QueueEngine, now: datetime) -> QueueEngine:
    """The office with counters 1 (merged certificates), 4 (MOVE) and 7 (NHI, ELDERLY) open."""
    for n in (1, 4, 7):
        engine.open_counter(n, now=now)
    return engine


def always_open(cfg: OfficeConfig) -> OfficeConfig:
    return dataclasses.replace(cfg, hours=dataclasses.replace(cfg.hours, always_open=True))
