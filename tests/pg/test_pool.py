"""The web server on PostgreSQL borrows its server connections from a psycopg_pool pool (shared/web/context.py).

Concurrent requests run on different server connections at once, never more than the pool's size however many
request threads there are; none fails while it waits for a connection. After ``pg_ctl restart -m fast`` (every
pooled connection dead) the pool replaces them and the next requests succeed by themselves.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from shared.config import OfficeConfig
from shared.office import open_office
from shared.storage.pg_backend import PgDatabase, PgPool
from shared.storage.target import parse_target
from shared.web.app import create_app
from shared.web.context import WRITE_CONNECTIONS
from tests.conftest import NOW

pytestmark = pytest.mark.backends("postgresql")
REQUESTS = WRITE_CONNECTIONS + 4  # more request threads than pooled connections


@pytest.fixture
def token(db_path: str, office_config: OfficeConfig) -> Iterator[str]:
    e = open_office(db_path, office_config)
    out = e.issue("RES", now=NOW)
    e.store.close()
    assert out.ticket is not None
    yield out.ticket.token


@pytest.fixture
def client(db_path: str, office_config: OfficeConfig) -> Iterator[TestClient]:
    app = create_app(db_path, office_config, clock=lambda: NOW, run_alerts=False)
    with TestClient(app, base_url="http://testserver", raise_server_exceptions=False) as c:
        yield c


def _web_backends(url: str) -> list[tuple[int, str, str | None]]:
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid, state, wait_event_type FROM pg_stat_activity "
            "WHERE application_name = 'madoguchi-web' AND datname = current_database()"
        ).fetchall()
    return [(int(r[0]), str(r[1]), r[2]) for r in rows]


def _get_all(client: TestClient, path: str, n: int) -> list[int]:
    codes: list[int] = []
    lock = threading.Lock()

    def one() -> None:
        code = client.get(path).status_code
        with lock:
            codes.append(code)

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return codes


def test_concurrent_requests_run_on_separate_pooled_connections_and_none_fails(
    backend: str, db_path: str, token: str, client: TestClient
) -> None:
    # hold every ticket read at the server: each request blocks on its own server connection until released
    blocker = psycopg.connect(db_path, autocommit=True)
    blocker.execute("BEGIN")
    blocker.execute("LOCK TABLE ticket IN ACCESS EXCLUSIVE MODE")
    codes: list[int] = []
    runner = threading.Thread(target=lambda: codes.extend(_get_all(client, f"/api/t/{token}", REQUESTS)))
    runner.start()
    try:
        deadline = time.monotonic() + 30
        waiting: list[tuple[int, str, str | None]] = []
        while time.monotonic() < deadline:
            waiting = [b for b in _web_backends(db_path) if b[1] == "active" and b[2] == "Lock"]
            if len(waiting) >= WRITE_CONNECTIONS:
                break
            time.sleep(0.05)
        time.sleep(0.3)  # had the pool let more through, they would be waiting by now too
        waiting = [b for b in _web_backends(db_path) if b[1] == "active" and b[2] == "Lock"]
        connections = _web_backends(db_path)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
        runner.join(timeout=60)
    # as many requests at once as the pool has connections, each on its own server backend, and no more
    assert len({pid for pid, _, _ in waiting}) == WRITE_CONNECTIONS
    assert len(connections) <= WRITE_CONNECTIONS
    # the rest waited for a pooled connection: every request got its answer
    assert codes == [200] * REQUESTS


def test_the_pool_survives_a_server_restart(
    backend: str, db_path: str, token: str, client: TestClient, pg_cluster: Any
) -> None:
    assert _get_all(client, f"/api/t/{token}", REQUESTS) == [200] * REQUESTS
    before = {pid for pid, _, _ in _web_backends(db_path)}
    assert before
    pg_cluster.restart()  # every pooled connection is cut
    # the first requests find dead connections: the pool tests its idle ones, reconnects, and they succeed
    assert _get_all(client, f"/api/t/{token}", REQUESTS) == [200] * REQUESTS
    assert client.get("/api/status").status_code == 200  # the read-only pool too
    after = {pid for pid, _, _ in _web_backends(db_path)}
    assert after and not (after & before)


def test_a_pooled_handle_gives_its_connection_back_after_each_transaction_and_read(
    backend: str, db_path: str, office_config: OfficeConfig
) -> None:
    target = parse_target(db_path)
    pool = PgPool(target, max_size=1, timeout=5.0)
    try:
        a, b = PgDatabase(target, pool=pool), PgDatabase(target, pool=pool)
        with a.transaction():
            a.execute("INSERT INTO issuing(scope, state, updated_at) VALUES ('pool-test', 'open', 1)")
            assert a.conn is not None and b.conn is None
        assert a.conn is None  # back in the pool: the other handle can take the only connection
        assert b.scalar("SELECT state FROM issuing WHERE scope = 'pool-test'") == "open"
        rows = a.execute("SELECT scope FROM issuing WHERE scope = ?", ("pool-test",))
        assert rows.fetchall() == [("pool-test",)] and a.conn is None
        with pytest.raises(ValueError):
            PgDatabase(target, readonly=True, pool=pool)
        assert pool.stats()["pool_size"] == 1
    finally:
        pool.close()
