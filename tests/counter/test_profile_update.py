"""A clerk's console follows the office profile stored from another PC: a new long-wait threshold is taken at
once, a changed service needs a restart and the status bar says so."""

from __future__ import annotations

from shared.config import DEFAULT_PROFILE
from shared.paths import asset_path
from shared.profile import store_profile
from shared.storage.backend import open_database
from tests.conftest import NOW


def test_console_takes_a_new_profile_live_or_asks_for_a_restart(qtbot, console, db_path):
    w = console(1)
    text = asset_path(DEFAULT_PROFILE).read_text(encoding="utf-8")
    assert "long_wait_min = 30" in text
    with open_database(db_path) as d:
        store_profile(d, text.replace("long_wait_min = 30", "long_wait_min = 20", 1), "v1.toml", now=NOW)
    qtbot.waitUntil(lambda: w.queue_panel.model.long_wait_s == 20 * 60.0, timeout=3000)
    assert w.engine.config.queue.long_wait_min == 20
    assert w.status.restart.isHidden()

    renamed = text.replace('ja = "住民票・印鑑証明"', 'ja = "住民票・印鑑登録証明"', 1)
    with open_database(db_path) as d:
        store_profile(d, renamed, "v2.toml", now=NOW)
    qtbot.waitUntil(lambda: w.status.restart.isVisible(), timeout=3000)
    assert "再起動" in w.status.restart.text()
    assert w.engine.config.services[0].names["ja"] == "住民票・印鑑証明"  # unchanged until the restart
