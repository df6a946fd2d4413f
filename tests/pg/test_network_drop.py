"""The office LAN stops carrying packets while a kiosk is inside its transaction (tests/pg/proxy.py ``drop``).

In production the server ends a session left idle inside a transaction after 15 s
(``idle_in_transaction_session_timeout``), so a 30 s drop outlives it. Here the same order of events runs
faster: that timeout is 1 s for the cut-off kiosk and the drop lasts until the rest of the office has gone on.
What must hold: the kiosk's write lock does not stop the office (the server frees it); the cut-off kiosk's
transaction never half-happens, its error is worded, and it issues again once the network is back; numbers
stay contiguous and the replay matches.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from shared.errors import StorageError
from shared.office import open_office
from shared.replay import verify
from shared.storage import pg_backend
from tests.conftest import NOW
from tests.pg.proxy import CommitCutter

pytestmark = pytest.mark.backends("postgresql")


@pytest.fixture
def lan(pg_cluster: Any) -> Iterator[CommitCutter]:
    c = CommitCutter(pg_cluster.port)
    yield c
    c.close()


def _via_proxy(url: str, port: int) -> str:
    host, rest = url.rsplit("@", 1)
    return f"{host}@127.0.0.1:{port}/{rest.split('/', 1)[1]}"


def test_a_network_drop_inside_a_transaction_frees_the_office_and_half_of_nothing_is_saved(
    backend: str, db_path: str, lan: CommitCutter, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = pg_backend._SESSION.replace(f"'{pg_backend.IDLE_IN_TX_TIMEOUT}'", "'1s'")
    assert fast != pg_backend._SESSION
    monkeypatch.setattr(pg_backend, "_SESSION", fast)
    cut_off = open_office(_via_proxy(db_path, lan.port))
    monkeypatch.undo()
    other = open_office(db_path)  # a kiosk on the other side of the break
    assert cut_off.issue("RES", now=NOW).ticket.display == "A001"

    lan.drop(after_round_trips=1)  # its BEGIN + write lock reach the server, then the network stops
    failed: list[BaseException] = []
    done: list[str] = []

    def issue() -> None:
        try:
            out = cut_off.issue("RES", now=NOW)
            done.append(out.ticket.display if out.ticket else "")
        except BaseException as exc:  # noqa: BLE001 (the test looks at it)
            failed.append(exc)

    t = threading.Thread(target=issue)
    t.start()
    deadline = time.monotonic() + 30
    while not lan.dropped and time.monotonic() < deadline:  # it holds the office's write lock now
        time.sleep(0.01)
    assert lan.dropped
    # the office goes on: the server ends the cut-off session (idle in its transaction) and frees the lock
    assert other.issue("RES", now=NOW).ticket.display == "A002"
    assert t.is_alive()  # the cut-off kiosk is still waiting for its network
    lan.restore()
    t.join(timeout=30)
    assert not t.is_alive()
    assert done == [] and len(failed) == 1 and isinstance(failed[0], StorageError)
    # worded as a lost connection, whichever way it showed (the server's goodbye, or the closed socket)
    assert "接続が切れました" in str(failed[0])
    assert "Traceback" not in str(failed[0])
    # back on the network: it reconnects by itself and takes the next number, no gap, nothing twice
    assert cut_off.issue("RES", now=NOW).ticket.display == "A003"
    tickets = other.store.tickets_of_day(other.day(NOW))
    assert [x.display for x in tickets] == ["A001", "A002", "A003"]
    assert verify(other.store) == []
    cut_off.store.close()
    other.store.close()
