"""Migrations: one ordered list on both backends, the applied names recorded in the database; a database made
by a newer madoguchi is refused; a SQLite file made before the PostgreSQL backend keeps its history."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from shared.errors import StorageError
from shared.office import open_office
from shared.storage.backend import open_database
from shared.storage.migrations import applied, migrations
from tests.conftest import NOW


def test_every_migration_is_recorded_once_in_order(db_path) -> None:
    open_office(db_path).store.close()
    open_office(db_path).store.close()  # a second start applies nothing
    with open_database(db_path, migrate=False) as db:
        assert applied(db) == migrations.names()
        assert db.scalar("SELECT count(*) FROM schema_migrations") == len(migrations.items)


def test_a_database_from_a_newer_madoguchi_is_refused(db_path) -> None:
    open_office(db_path).store.close()
    with open_database(db_path, migrate=False) as db, db.transaction():
        db.execute("INSERT INTO schema_migrations(seq, name, applied_at) VALUES (999, 'z999_future', 0)")
    with pytest.raises(
        StorageError, match="from a newer madoguchi .*z999_future.*upgrade madoguchi on this PC"
    ):
        open_office(db_path)


@pytest.mark.backends("sqlite")
def test_a_file_made_before_the_server_backend_keeps_its_history(db_path: Path) -> None:
    open_office(db_path).store.close()
    with sqlite3.connect(db_path) as conn:  # what sqlite-utils' Migrations left in older files
        conn.execute("DROP TABLE schema_migrations")
        conn.execute("CREATE TABLE _sqlite_migrations (migration_set TEXT, name TEXT, applied_at TEXT)")
        conn.executemany(
            "INSERT INTO _sqlite_migrations VALUES ('madoguchi', ?, '2026-11-01')",
            [(n,) for n in migrations.names()],
        )
    e = open_office(db_path)  # would fail with "table service already exists" if it re-ran m001_core
    assert e.issue("RES", now=NOW).ticket.display == "A001"
    with open_database(db_path, migrate=False) as db:
        assert applied(db) == migrations.names()
    e.store.close()
