"""A connection cut during COMMIT, on a real server through a real TCP proxy (tests/pg/proxy.py).

The client cannot know whether its commit happened; the backend asks the server (``pg_xact_status``) after
reconnecting. Committed: the verb succeeds with the real row, nothing is redone (no duplicate ticket, no double
call). Not committed: a clear error, nothing written, and a retry takes the same number (no gap).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from shared.errors import DomainError, StorageError
from shared.office import open_office
from shared.replay import verify
from tests.conftest import NOW
from tests.pg.proxy import CommitCutter

pytestmark = pytest.mark.backends("postgresql")


@pytest.fixture
def cutter(pg_cluster: Any) -> Iterator[CommitCutter]:
    c = CommitCutter(pg_cluster.port)
    yield c
    c.close()


def _via_proxy(url: str, port: int) -> str:
    host, rest = url.rsplit("@", 1)
    return f"{host}@127.0.0.1:{port}/{rest.split('/', 1)[1]}"


def test_issue_whose_commit_reply_is_lost_is_confirmed_not_repeated(
    backend: str, db_path: str, cutter: CommitCutter, caplog: pytest.LogCaptureFixture
) -> None:
    e = open_office(_via_proxy(db_path, cutter.port))
    direct = open_office(db_path)
    cutter.arm("after")  # the server gets COMMIT; the client's socket is cut before the answer
    out = e.issue("RES", now=NOW)
    assert cutter.cuts == 1
    assert "connection lost during COMMIT; the server confirms" in caplog.text
    assert out.ticket is not None and out.ticket.display == "A001"
    tickets = direct.store.tickets_of_day(direct.day(NOW))
    assert [t.display for t in tickets] == ["A001"] and tickets[0].token == out.ticket.token
    assert e.issue("RES", now=NOW).ticket.display == "A002"  # the reconnected client goes on, no gap
    assert verify(direct.store) == []


def test_issue_whose_commit_never_arrived_fails_cleanly_and_a_retry_takes_the_same_number(
    backend: str, db_path: str, cutter: CommitCutter
) -> None:
    e = open_office(_via_proxy(db_path, cutter.port))
    direct = open_office(db_path)
    cutter.arm("before")
    with pytest.raises(StorageError, match="nothing was saved"):
        e.issue("RES", now=NOW)
    assert cutter.cuts == 1
    assert direct.store.tickets_of_day(direct.day(NOW)) == []
    assert e.issue("RES", now=NOW).ticket.display == "A001"  # contiguous: the lost number was never used
    assert verify(direct.store) == []


def test_call_whose_commit_reply_is_lost_is_one_call(
    backend: str, db_path: str, cutter: CommitCutter
) -> None:
    direct = open_office(db_path)
    direct.open_counter(4, now=NOW)
    t = direct.issue("MOVE", now=NOW).ticket
    e = open_office(_via_proxy(db_path, cutter.port))
    cutter.arm("after")
    out = e.call_next(4, now=NOW)
    assert cutter.cuts == 1 and out.ticket is not None and out.ticket.id == t.id
    calls = direct.store.calls_since(0)
    assert [(c.display, c.counter, c.kind) for c in calls] == [(t.display, 4, "call")]
    with pytest.raises(DomainError):  # the counter holds the ticket: a retry cannot call again
        e.call_next(4, now=NOW)
    assert len(direct.store.calls_since(0)) == 1
    assert verify(direct.store) == []
