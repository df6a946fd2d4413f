"""The known-answer day used by several report tests: seven visits on Tue 2026-11-24 through the real engine."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from shared.config import OfficeConfig
from shared.engine import QueueEngine
from shared.office import open_office
from shared.timeutil import TOKYO

DAY = "2026-11-24"
NINE = datetime(2026, 11, 24, 9, 0, tzinfo=TOKYO)


def m(minutes: float) -> datetime:
    """09:00 + ``minutes`` on the scenario day."""
    return NINE + timedelta(minutes=minutes)


def known_day(e: QueueEngine) -> dict[str, str]:
    """Transfers, a hold, a recall, a no-show, a cancellation, an implicit start, a pickup, a life event and a
    ticket force-closed at day end. The expected figures are worked out by hand in test_kpi.py."""
    for c in (1, 4, 7, 10, 11):
        e.open_counter(c, now=m(0))
    t = {}
    t["T1"] = e.issue("RES", now=m(0)).ticket.display
    t["T2"] = e.issue("RES", now=m(1)).ticket.display
    t["T3"] = e.issue_bundle("move_in", {1: True}, now=m(2)).ticket.display  # MOVE, then NHI
    t["T5"] = e.issue("RES", now=m(3)).ticket.display
    e.call_next(1, now=m(5))  # T1
    e.start(1, now=m(6))
    e.finish(1, now=m(10))
    e.call_next(1, now=m(12))  # T2
    e.recall(1, now=m(13))
    e.no_show(1, now=m(15))
    e.call_next(4, now=m(20))  # T3 MOVE
    e.start(4, now=m(21))
    e.hold(4, now=m(25))
    e.return_to_queue(t["T3"], now=m(30))
    e.call_next(4, now=m(35))
    e.start(4, now=m(36))
    e.cancel(t["T5"], now=m(40))  # walked out after 37 min
    t["T6"] = e.issue("RES", now=m(41)).ticket.display
    e.call_next(1, now=m(45))  # T6 RES
    e.transfer(1, "TAX", now=m(47))  # from 'called': implicit start
    e.finish(4, now=m(50))  # T3 MOVE -> NHI
    e.call_next(1, now=m(50))  # T6 TAX
    e.start(1, now=m(51))
    e.call_next(7, now=m(55))  # T3 NHI
    e.finish(1, now=m(56))
    t["T7"] = e.issue("MYNA", now=m(60)).ticket.display
    e.call_next(10, now=m(62))
    e.start(10, now=m(63))
    e.finish(7, now=m(65))  # T3 NHI, implicit start: the visit ends
    t["T4"] = e.issue("TAX", now=m(70)).ticket.display
    e.finish(10, now=m(73))  # T7 -> MYNA:pickup
    e.call_next(11, now=m(100))
    e.finish(11, now=m(102))
    e.expire_open(now=m(8 * 60 + 30))  # 17:30: T4 still waiting
    return t


@pytest.fixture(scope="session")
def known_template(tmp_path_factory: pytest.TempPathFactory, office_config: OfficeConfig) -> Path:
    """Built once per session; each test gets a copy (Anki's template trick: the day takes ~0.3 s)."""
    path = tmp_path_factory.mktemp("known") / "known.db"
    e = open_office(path, office_config)
    known_day(e)
    e.store.close()  # checkpoints the WAL into the file
    return path


@pytest.fixture(scope="session")
def known_pg_template(pg_cluster: Any, office_config: OfficeConfig) -> str:
    """The same day on the session's PostgreSQL cluster, copied per test with CREATE DATABASE … TEMPLATE."""
    url = pg_cluster.new_database(name="known_template")
    e = open_office(url, office_config)
    known_day(e)
    e.store.close()
    return "known_template"


@pytest.fixture
def known(
    known_template: Path, db_path: Path | str, office_config: OfficeConfig, request: pytest.FixtureRequest
) -> Iterator[QueueEngine]:
    if isinstance(db_path, str):  # PostgreSQL: a fresh copy of the known day in place of the empty database
        cluster = request.getfixturevalue("pg_cluster")
        template = request.getfixturevalue("known_pg_template")
        cluster.drop(db_path)
        cluster.new_database(name=db_path.rsplit("/", 1)[1], template=template)
    else:
        shutil.copyfile(known_template, db_path)
    e = open_office(db_path, office_config)
    yield e
    e.store.close()


@pytest.fixture
def known_db(known: QueueEngine, db_path: Path) -> Path:
    return db_path
