"""The hall display on a PostgreSQL office: calls made by another process appear, and after the server
restarts (``pg_ctl restart -m fast``, every connection cut) it shows 再接続中… / Reconnecting, reconnects by
itself and shows the calls made meanwhile (read by call id, none lost)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.display.remote import run_remote
from tests.display.test_window import _played, office, windows  # noqa: F401 - the same fixtures, on PostgreSQL

pytestmark = pytest.mark.backends("postgresql")


def test_the_display_rides_out_a_server_restart(
    qtbot,
    windows,  # noqa: F811 - the fixture imported above
    db_path: str,
    pg_cluster: Any,
    backend: str,
) -> None:
    w = windows()
    played = _played(w)
    first = run_remote(db_path, [("call", 4, 10.0)])[0]
    qtbot.waitUntil(lambda: len(played) == 1, timeout=10000)
    went_offline: list[bool] = []
    w.watcher.unavailable.connect(lambda _msg: went_offline.append(True))
    pg_cluster.restart()
    qtbot.waitUntil(lambda: bool(went_offline) and w.offline, timeout=10000)
    assert w.header.offline  # the header shows 再接続中… / Reconnecting
    second = run_remote(db_path, [("call", 7, 10.0)])[0]  # made while the display may still be away
    qtbot.waitUntil(lambda: not w.offline, timeout=20000)
    qtbot.waitUntil(lambda: second["number"] in [t.number for t in w.board.calling], timeout=10000)
    assert {first["number"], second["number"]} <= {t.number for t in w.board.calling} | {
        h.number for h in w.board.history
    }
