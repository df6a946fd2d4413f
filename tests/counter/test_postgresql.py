"""The counter console on a PostgreSQL office: it rides out a server restart (``pg_ctl restart -m fast``):
it says it is waiting for the database, comes back by itself, shows the ticket issued meanwhile and calls it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.counter.conftest import press

pytestmark = pytest.mark.backends("postgresql")


def test_the_console_rides_out_a_server_restart(
    qtbot, console, kiosk, clock, pg_cluster: Any, backend: str
) -> None:
    w = console(1)
    messages: list[str] = []
    w.watcher.unavailable.connect(lambda _m: messages.append(w.message.text()))
    pg_cluster.restart()  # every connection cut, the console's own included
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    assert "データベースに接続できません" in messages[0]
    t = kiosk.issue("RES", now=clock()).ticket  # a kiosk (its own connection, reconnected) goes on
    qtbot.waitUntil(lambda: w.queue_panel.model.row_of(t.display) is not None, timeout=20000)
    assert "再接続しました" in w.message.text()
    press(qtbot, w, "call", "key")
    qtbot.waitUntil(lambda: w.ticket_panel.number.text() == t.display, timeout=10000)
    calls = kiosk.store.calls_since(0)
    assert [(c.display, c.counter) for c in calls] == [(t.display, 1)]
