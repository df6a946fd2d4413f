"""Shared fixtures: a real office database (a temp SQLite file, or a fresh database on a throwaway PostgreSQL
cluster), the default office profile, a fixed ``now``.

Backends: the suites in DUAL_BACKEND_DIRS run every test that uses ``db_path``/``engine`` once per backend
(``backend`` is ``sqlite`` or ``postgresql``); ``--backend sqlite|postgresql|both`` picks (default both; the
PostgreSQL half is skipped with a reason when no server binaries are installed). Everything else runs on
SQLite. ``db_path`` is then a Path (SQLite) or a ``postgresql://`` URL string: pass it on as it is.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

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


@pytest.fixture(autouse=True)
def _no_office_from_an_earlier_test(monkeypatch: pytest.MonkeyPatch) -> None:
    """`madoguchi --db X …` run in-process sets $MADOGUCHI_DB/$MADOGUCHI_CONFIG for the apps it starts; a later
    test in the same worker must not inherit them (a display `main()` then found a real office and ran)."""
    for key in ("MADOGUCHI_DB", "MADOGUCHI_CONFIG"):
        monkeypatch.delenv(key, raising=False)


@pytest.fixture(scope="session")
def office_config() -> OfficeConfig:
    """The built-in Yokohama ward profile, exactly as shipped."""
    return load_config()


@pytest.fixture
def now() -> datetime:
    return NOW


ROOT = Path(__file__).resolve().parent.parent
BACKENDS = ("sqlite", "postgresql")
# the engine, storage, state-machine, web, scheduler/jobs and report suites run on both backends
DUAL_BACKEND_DIRS = ("tests/shared", "tests/web", "tests/reports", "tests/predict", "tests/pg")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        default="both",
        choices=("sqlite", "postgresql", "both"),
        help="database backend(s) for the dual-backend suites (default: both)",
    )


def _chosen_backends(config: pytest.Config) -> list[str]:
    opt = config.getoption("--backend")
    return list(BACKENDS) if opt == "both" else [opt]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    rel = Path(str(metafunc.definition.path)).resolve().relative_to(ROOT).as_posix()
    marker = metafunc.definition.get_closest_marker("backends")
    if marker is not None:
        wanted = [b for b in _chosen_backends(metafunc.config) if b in marker.args]
    elif rel.startswith(DUAL_BACKEND_DIRS):
        wanted = _chosen_backends(metafunc.config)
    else:
        wanted = ["sqlite"]
    metafunc.parametrize("backend", wanted, indirect=True, ids=lambda b: "pg" if b == "postgresql" else b)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Modules with a ``slow`` test run first, each module kept in one piece (its module fixtures start once
    per worker): xdist hands tests out in this order, so the long ones start while both workers are fresh and
    the run ends on short tests, not on one worker finishing a 15 s test while the other waits."""
    slow_modules = {item.path for item in items if item.get_closest_marker("slow") is not None}
    items.sort(key=lambda item: item.path not in slow_modules)  # stable: the order within each group stays


def pytest_collection_finish(session: pytest.Session) -> None:
    """Everything imported for collection (Qt, FastAPI, numpy, hypothesis …: a few hundred thousand objects)
    lives until the end: collect once, then freeze it out of the collector's sight. Each full collection after
    that (the counter suite runs one per test; the interpreter runs them as objects pile up) scans only what
    the tests made: 50 ms → a few ms. Objects made by tests are collected exactly as before.

    Hypothesis is imported first: its plugins (trio's) register their random generators at that import, and
    hypothesis warns when it cannot see who holds one, which it cannot for a frozen holder."""
    import hypothesis  # noqa: F401

    gc.collect()
    gc.freeze()


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``; parametrised by pytest_generate_tests."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Any]:
    """One throwaway PostgreSQL cluster for the whole session (tests/pg/cluster.py), stopped at the end."""
    from tests.pg import PgCluster, pg_bindir

    bindir = pg_bindir()
    if bindir is None:
        pytest.skip(
            "PostgreSQL server binaries are not installed (.ci/setup installs the postgresql package)"
        )
    cluster = PgCluster(bindir).start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: Any) -> Iterator[str]:
    """A fresh database with the migrated schema on the session cluster; emptied after the test for the next."""
    url = pg_cluster.lease()
    yield url
    pg_cluster.give_back(url)


@pytest.fixture
def db_path(tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> Any:
    """The office database: a SQLite file path, or a fresh PostgreSQL database's URL."""
    if backend == "postgresql":
        return request.getfixturevalue("pg_url")
    return tmp_path / "office.db"


@pytest.fixture(scope="session")
def _office_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[OfficeConfig, Path]:
    """A new SQLite office on the shipped profile, made once per worker: migrated, services and counters in."""
    cfg = load_config()
    path = tmp_path_factory.mktemp("template") / "office.db"
    open_office(path, cfg).store.close()  # closing checkpoints the WAL: the one file is the whole office
    return cfg, path


@pytest.fixture
def engine(
    db_path: Path, office_config: OfficeConfig, _office_template: tuple[OfficeConfig, Path]
) -> Iterator[QueueEngine]:
    """A fresh office on a real SQLite file, with every counter from the profile (all closed).

    On SQLite with the shipped profile the file starts as a copy of the worker's template (1 ms, where the
    migrations and the first sync take 7 ms); open_office then opens it as it opens any office file."""
    template_cfg, template = _office_template
    if isinstance(db_path, Path) and not db_path.exists() and office_config == template_cfg:
        shutil.copyfile(template, db_path)
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


def wait_for(
    done: Callable[[], bool], timeout_s: float = 10.0, what: str = "the condition", every_s: float = 0.01
) -> None:
    """Poll ``done`` until it is true: tests wait for the event itself, never for a fixed time that a busy
    machine can overrun. The timeout is generous; it only ends a test that would otherwise hang."""
    end = time.monotonic() + timeout_s
    while not done():
        assert time.monotonic() < end, f"timed out after {timeout_s} s waiting for {what}"
        time.sleep(every_s)
