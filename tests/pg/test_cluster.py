"""The suite's own PostgreSQL fixture: a database given back after a test is, for the next test, exactly a fresh
office database (no rows, ids from the start, only the shipped migrations recorded)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import psycopg
import pytest

from shared.config import OfficeConfig
from shared.office import open_office

pytestmark = pytest.mark.backends("postgresql")


def _rows(conn: psycopg.Connection[Any]) -> dict[str, int]:
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'"
        )
    ]
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}  # type: ignore[index]


def test_a_given_back_database_is_a_fresh_office_for_the_next_test(
    backend: str, pg_cluster: Any, office_config: OfficeConfig, now: datetime
) -> None:
    url = pg_cluster.lease()
    with psycopg.connect(url, autocommit=True) as conn:
        fresh_migrations = conn.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()
    e = open_office(url, office_config)
    e.open_counter(1, now=now)
    first = [e.issue("RES", now=now).ticket for _ in range(3)]
    e.call_next(1, now=now)
    e.store.close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (999, 'a_test_only_migration', 0)")
        assert sum(_rows(conn).values()) > 0

    pg_cluster.give_back(url)
    again = pg_cluster.lease()
    try:
        assert again == url  # the emptied database is the one handed out next
        with psycopg.connect(again, autocommit=True) as conn:
            assert {t: n for t, n in _rows(conn).items() if n} == {}
            assert (
                conn.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()
                == fresh_migrations
            )
        e = open_office(again, office_config)
        try:
            e.open_counter(1, now=now)
            t = e.issue("RES", now=now).ticket
            assert t is not None and first[0] is not None
            assert (t.id, t.display) == (first[0].id, first[0].display)  # ids start again
        finally:
            e.store.close()
    finally:
        pg_cluster.give_back(again)
