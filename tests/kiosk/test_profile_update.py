"""The kiosk follows the office profile stored from another PC: rules and hours apply at once (also on its
writer's engine, which issues the tickets); a change to its screens' services waits for a restart, and the staff
screen says so."""

from __future__ import annotations

from shared.config import DEFAULT_PROFILE
from shared.paths import asset_path
from shared.profile import store_profile
from shared.storage.backend import open_database
from tests.conftest import NOW


def test_kiosk_takes_a_new_profile_live_or_asks_for_a_restart(qtbot, make_kiosk, office_config, db_path):
    w = make_kiosk(config=office_config, watch=True)
    qtbot.waitUntil(lambda: w.watcher is not None, timeout=3000)
    text = asset_path(DEFAULT_PROFILE).read_text(encoding="utf-8")
    live = text.replace("long_wait_min = 30", "long_wait_min = 40", 1)
    with open_database(db_path) as d:
        store_profile(d, live, "v1.toml", now=NOW)
    qtbot.waitUntil(lambda: w.config.queue.long_wait_min == 40, timeout=3000)
    seen: list[int] = []
    w.writer.submit(lambda e: e.config.queue.long_wait_min, on_done=seen.append)
    qtbot.waitUntil(lambda: seen == [40], timeout=3000)  # the engine that issues tickets runs on v1 too
    assert "再起動" not in w.staff.info.text()

    renamed = live.replace('ja = "住民票・印鑑証明"', 'ja = "住民票・印鑑登録証明"', 1)
    with open_database(db_path) as d:
        store_profile(d, renamed, "v2.toml", now=NOW)
    qtbot.waitUntil(lambda: "v2 は再起動後に反映されます" in w.staff.info.text(), timeout=3000)
    assert w.config.services[0].names["ja"] == "住民票・印鑑証明"
