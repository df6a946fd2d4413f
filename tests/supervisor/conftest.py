"""Supervisor fixtures: the shipped profile with two supervisors' PIN hashes, on a real temp SQLite file."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.config import OfficeConfig, SupervisorSettings, load_config
from shared.engine import QueueEngine
from shared.office import open_office
from shared.pins import hash_pin

PINS = {"山田": "2468", "佐々木": "97531"}


@pytest.fixture(scope="session")
def sup_config() -> OfficeConfig:
    cfg = load_config()
    pins = {name: hash_pin(pin) for name, pin in PINS.items()}
    return dataclasses.replace(cfg, supervisor=SupervisorSettings(pins=pins, max_failures=3, lockout_min=10))


@pytest.fixture
def sup_engine(db_path: Path, sup_config: OfficeConfig) -> Iterator[QueueEngine]:
    e = open_office(db_path, sup_config)
    yield e
    e.store.close()
