"""Table-level SQL for ``madoguchi copy``: list the tables, order them by their foreign keys, copy the rows in
batches, fingerprint a table's content the same way on either backend, and move PostgreSQL identity counters
past the copied ids. Dialect branches live here, below the rest of the code."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from shared.errors import StorageError

# bookkeeping that each side keeps for itself (its own migration record), never copied
SKIP = frozenset({"schema_migrations", "_sqlite_migrations"})
BATCH_ROWS = 500


def tables(db: Any) -> list[str]:
    if db.dialect == "sqlite":
        rows = db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    else:
        rows = db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    return [r[0] for r in rows if r[0] not in SKIP]


def columns(db: Any, table: str) -> list[str]:
    if db.dialect == "sqlite":
        return [r[1] for r in db.execute(f'PRAGMA table_info("{table}")')]
    return [
        r[0]
        for r in db.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? ORDER BY ordinal_position",
            (table,),
        )
    ]


def _parents(db: Any, table: str) -> set[str]:
    if db.dialect == "sqlite":
        return {r[2] for r in db.execute(f'PRAGMA foreign_key_list("{table}")')}
    return {
        r[0]
        for r in db.execute(
            "SELECT DISTINCT ccu.table_name FROM information_schema.table_constraints tc "
            "JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name "
            "AND ccu.table_schema = tc.table_schema WHERE tc.constraint_type = 'FOREIGN KEY' "
            "AND tc.table_schema = current_schema() AND tc.table_name = ?",
            (table,),
        )
    }


def in_fk_order(db: Any, names: list[str]) -> list[str]:
    """``names`` with every table after the tables its foreign keys point at (so inserts never dangle)."""
    parents = {t: _parents(db, t) & set(names) - {t} for t in names}
    done: list[str] = []
    left = sorted(names)
    while left:
        ready = [t for t in left if parents[t] <= set(done)]
        if not ready:
            raise StorageError(
                f"外部キーが循環しています / foreign keys form a cycle among {', '.join(left)}"
            )
        done.extend(ready)
        left = [t for t in left if t not in ready]
    return done


def count(db: Any, table: str) -> int:
    return int(db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])


@contextmanager
def snapshot(db: Any) -> Iterator[None]:
    """One consistent read view of the source while it is copied (SQLite: a read transaction; PostgreSQL:
    REPEATABLE READ, READ ONLY). Writers elsewhere are not blocked."""
    begin = "BEGIN" if db.dialect == "sqlite" else "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
    db.execute(begin)
    try:
        yield
    finally:
        db.execute("ROLLBACK")


def rows(db: Any, table: str, cols: list[str]) -> Iterator[tuple[Any, ...]]:
    """Every row of ``table`` (in no particular order)."""
    sel = ", ".join(f'"{c}"' for c in cols)
    for r in db.execute(f'SELECT {sel} FROM "{table}"'):
        yield tuple(r)


def copy_table(src: Any, dst: Any, table: str, cols: list[str]) -> int:
    """Insert all of ``table`` from ``src`` into ``dst`` (inside the caller's transaction on ``dst``)."""
    names = ", ".join(f'"{c}"' for c in cols)
    one = "(" + ", ".join("?" for _ in cols) + ")"
    n = 0
    batch: list[Any] = []
    nrows = 0

    def flush() -> None:
        if nrows:
            dst.execute(f'INSERT INTO "{table}" ({names}) VALUES {", ".join([one] * nrows)}', batch)

    sel = ", ".join(f'"{c}"' for c in cols)
    # by the first column (the id): a row that points at another row of its table (leg.parent_leg_id) comes
    # after it, so the foreign key holds at every insert
    for r in src.execute(f'SELECT {sel} FROM "{table}" ORDER BY 1'):
        batch.extend(_value(v) for v in r)
        nrows += 1
        n += 1
        if nrows == BATCH_ROWS:
            flush()
            batch, nrows = [], 0
    flush()
    return n


def _value(v: Any) -> Any:
    return bytes(v) if isinstance(v, memoryview) else v


def reset_identity(db: Any, table: str) -> None:
    """PostgreSQL: move each identity column's counter past the highest copied value, so the next insert
    does not collide with a copied id. SQLite needs nothing (rowids follow max(id))."""
    if db.dialect != "postgresql":
        return
    for (col,) in db.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = ? AND is_identity = 'YES'",
        (table,),
    ).fetchall():
        db.execute(
            f'SELECT setval(pg_get_serial_sequence(?, ?), coalesce((SELECT max("{col}") FROM "{table}"), 0) + 1, '
            "false)",
            (f'"{table}"', col),
        )


def _norm(v: Any) -> Any:
    if isinstance(v, memoryview | bytearray):
        v = bytes(v)
    if isinstance(v, bytes):
        return {"b": v.hex()}
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, float) and v.is_integer():
        return int(v)  # SQLite hands back 3 for a REAL 3.0 stored in a loose column; PostgreSQL 3.0
    return v


def fingerprint(db: Any, table: str, cols: list[str]) -> tuple[int, str]:
    """(row count, a hash of the rows as a multiset), equal on both backends for equal content.

    Each row is hashed on its own and the hashes are added modulo 2**256, so no sort (whose text collation
    differs between the engines) and no whole table in memory is needed."""
    total, n = 0, 0
    for row in rows(db, table, cols):
        doc = json.dumps([_norm(v) for v in row], ensure_ascii=False)
        total = (total + int.from_bytes(hashlib.sha256(doc.encode("utf-8")).digest(), "big")) % (1 << 256)
        n += 1
    return n, f"{total:064x}"
