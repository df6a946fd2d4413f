"""The hall display window over a real temp DB, with calls committed by another process.

Only the audio sink is replaced (a recording sink at the ``display.sinks`` boundary); the announcer, the feed,
the watcher, the board and the painting are the real ones.
"""

from __future__ import annotations

import logging
import os
import wave
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from display.announcement import Announcement
from display.announcer import Announcer
from display.palette import FLASH_INK, NUMBER
from display.sinks import OnDone
from display.window import DisplayWindow
from shared.engine import QueueEngine
from shared.office import open_office
from tests.conftest import NOW
from tests.display.remote import run_remote

Voice = tuple[Path, Path]
CLOCK = NOW + timedelta(minutes=1)


class RecordingSink:
    """Plays nothing; records each WAV (it must exist and be complete) and finishes after a few ms."""

    def __init__(self, ms: int = 5) -> None:
        self.ms = ms
        self.seconds: list[float] = []
        self.active = 0
        self.max_active = 0

    def play(self, wav_path: Path, on_done: OnDone) -> None:
        with wave.open(str(wav_path)) as w:
            self.seconds.append(w.getnframes() / w.getframerate())
        self.active += 1
        self.max_active = max(self.max_active, self.active)

        def done() -> None:
            self.active -= 1
            on_done(None)

        QTimer.singleShot(self.ms, done)


@pytest.fixture
def office(engine: QueueEngine) -> QueueEngine:
    """Counters 1, 2, 4, 7, 10, 11 open and a few tickets waiting, committed before the display starts."""
    for n in (1, 2, 4, 7, 10, 11):
        engine.open_counter(n, now=NOW)
    for code in ("RES", "RES", "TAX", "MOVE", "NHI", "MYNA"):
        engine.issue(code, now=NOW)
    return engine


@pytest.fixture
def windows(qtbot, tiny_voice: Voice, db_path: Path, office_config, office: QueueEngine) -> Iterator:
    made: list[tuple[DisplayWindow, QueueEngine]] = []

    def make(
        profile: str = "main",
        *,
        sink: object | None = None,
        size: tuple[int, int] = (1920, 1080),
        flash_ms: int = 6000,
        default_sink: bool = False,
        **kw: object,
    ) -> DisplayWindow:
        engine = open_office(db_path, office_config)  # the display's own connection, like its own process
        if default_sink:
            announcer = Announcer(voice_dir=tiny_voice[0], sounds_dir=tiny_voice[1])
        else:
            announcer = Announcer(sink or RecordingSink(), voice_dir=tiny_voice[0], sounds_dir=tiny_voice[1])
        w = DisplayWindow(
            engine,
            office_config.display(profile),
            db_path=db_path,
            clock=lambda: CLOCK,
            announcer=announcer,
            flash_ms=flash_ms,
            rotate=False,
            **kw,
        )
        qtbot.addWidget(w)
        w.resize(*size)
        w.show()
        made.append((w, engine))
        return w

    yield make
    for w, engine in made:
        w.stop()
        w.engine.store.close()
        engine.store.close()


def _played(w: DisplayWindow) -> list[Announcement]:
    out: list[Announcement] = []
    w.announcer.played.connect(out.append)
    return out


def test_a_call_from_another_process_appears_flashes_and_is_announced(qtbot, windows, db_path: Path) -> None:
    w = windows()
    played = _played(w)
    assert w.board.calling == ()
    [r] = run_remote(db_path, [("call", 4, 10.0)])
    qtbot.waitUntil(lambda: len(played) == 1, timeout=5000)
    [tile] = w.board.calling
    assert (tile.number, tile.counter, tile.call_id) == (r["number"], 4, r["call_id"])
    assert w.calling.is_flashing(tile.leg_id)
    assert (played[0].number, played[0].counter, played[0].call_id) == (r["number"], 4, r["call_id"])
    assert not played[0].long_wait and not played[0].pickup and not played[0].english


def test_a_recall_flashes_again_and_is_announced_again(qtbot, windows, db_path: Path) -> None:
    w = windows(flash_ms=300)
    played = _played(w)
    first = run_remote(db_path, [("call", 1, 5.0)])[0]
    qtbot.waitUntil(lambda: len(played) == 1, timeout=5000)
    leg = w.board.calling[0].leg_id
    qtbot.waitUntil(lambda: not w.calling.is_flashing(leg), timeout=3000)
    again = run_remote(db_path, [("recall", 1, 40.0)])[0]
    qtbot.waitUntil(lambda: len(played) == 2, timeout=5000)
    assert w.calling.is_flashing(leg)
    assert [a.call_id for a in played] == [first["call_id"], again["call_id"]]
    assert played[0].number == played[1].number == first["number"]
    assert len(w.board.calling) == 1 and w.board.calling[0].kind == "recall"
    assert w.board.history == ()  # a recall is the same visit: no second line


def test_a_burst_of_10_calls_gives_10_complete_announcements_in_order(
    qtbot, windows, db_path: Path, office: QueueEngine
) -> None:
    for n in (5, 8, 9):
        office.open_counter(n, now=NOW)
    for code in ("RES", "MOVE", "NHI", "CHILD"):
        office.issue(code, now=NOW)
    sink = RecordingSink(ms=15)
    w = windows(sink=sink)
    played = _played(w)
    counters = (1, 2, 4, 5, 7, 8, 9, 10)
    ops = [("call", n, 20.0 + i) for i, n in enumerate(counters)]
    ops += [("finish", 1, 30.0), ("call", 1, 31.0), ("recall", 2, 32.0)]
    calls = [r for r in run_remote(db_path, ops) if r["call_id"] is not None]
    assert len(calls) == 10
    qtbot.waitUntil(lambda: len(played) == 10, timeout=10_000)
    assert [a.call_id for a in played] == [c["call_id"] for c in calls]
    assert [a.number for a in played] == [c["number"] for c in calls]
    assert len(sink.seconds) == 10 and sink.max_active == 1  # one at a time: none cut off
    assert min(sink.seconds) > 0.1  # whole announcements (chime + call twice), not fragments
    assert w.announcer.pending == 0


def test_restart_shows_the_current_state_without_announcing_it_again(
    qtbot, windows, db_path: Path, office: QueueEngine
) -> None:
    office.call_next(1, now=NOW + timedelta(seconds=5))
    office.call_next(4, now=NOW + timedelta(seconds=6))
    office.recall(4, now=NOW + timedelta(seconds=20))
    w = windows()
    started: list[Announcement] = []
    w.announcer.started.connect(started.append)
    reads: list[int] = []
    w.refreshed.connect(lambda: reads.append(1))
    # the start-up read and the watcher's first poll (a baseline, then reads on change): where a restart could
    # announce again
    qtbot.waitUntil(lambda: len(reads) >= 1 and w.watcher.ready and not w._rest_pending, timeout=5000)
    assert [t.counter for t in w.board.calling] == [4, 1]
    assert started == [] and not w.announcer.busy
    assert not any(w.calling.is_flashing(t.leg_id) for t in w.board.calling)
    run_remote(db_path, [("call", 7, 30.0)])
    qtbot.waitUntil(lambda: len(started) == 1, timeout=5000)
    assert started[0].counter == 7
    assert [t.counter for t in w.board.calling] == [7, 4, 1]


def test_without_an_audio_device_calls_still_show_and_it_logs_once(
    qtbot, windows, db_path: Path, caplog
) -> None:
    w = windows(default_sink=True)  # the real QtMultimedia sink; offscreen there is no output device
    played = _played(w)
    with caplog.at_level(logging.WARNING, logger="display.announcer"):
        run_remote(db_path, [("call", 1, 5.0), ("call", 4, 6.0)])
        qtbot.waitUntil(lambda: len(played) == 2, timeout=10_000)
        run_remote(db_path, [("call", 7, 7.0)])
        qtbot.waitUntil(lambda: len(played) == 3, timeout=10_000)
    assert [t.counter for t in w.board.calling] == [7, 4, 1]
    warnings = [r for r in caplog.records if "no sound" in r.getMessage()]
    assert len(warnings) == 1


def test_the_pickup_profile_is_muted_and_shows_tickets_ready_to_collect(
    qtbot, windows, db_path: Path, office: QueueEngine
) -> None:
    myna = office.call_next(10, now=NOW + timedelta(seconds=5)).ticket
    assert myna is not None
    office.finish(10, now=NOW + timedelta(minutes=20))  # -> waits in MYNA:pickup
    office.call_next(1, now=NOW + timedelta(minutes=21))  # not a pickup call: this screen ignores it
    sink = RecordingSink()
    w = windows("pickup", sink=sink)
    assert w.announcer.muted and w.ready is not None and w.waits is None
    assert w.board.ready == (myna.display,) and w.board.calling == ()
    played = _played(w)
    [r] = run_remote(db_path, [("call", 11, 22 * 60.0)])
    qtbot.waitUntil(lambda: len(played) == 1, timeout=5000)
    assert played[0].pickup and played[0].number == myna.display and played[0].call_id == r["call_id"]
    assert sink.seconds == []  # 無音: nothing reached the speaker
    assert w.board.ready == () and [t.number for t in w.board.calling] == [myna.display]


def test_the_database_going_away_shows_a_mark_keeps_the_screen_and_recovers(
    qtbot, windows, db_path: Path, office: QueueEngine
) -> None:
    office.call_next(1, now=NOW + timedelta(seconds=5))
    w = windows(reconnect_ms=50)
    before = w.board
    assert before.calling and not w.offline
    away = db_path.with_name("moved.db")
    os.rename(db_path, away)
    w.engine.store.close()  # the display's handle breaks, as on a lost network share
    assert w.refresh() is False
    assert w.offline and w.header.offline
    assert w.board == before and w.calling.tiles == before.calling  # the last screen stays
    tries: list[int] = []
    w._reconnect.timeout.connect(lambda: tries.append(1))
    qtbot.waitUntil(lambda: len(tries) >= 3, timeout=5000)  # it tried to reconnect, and tried again
    assert w.offline and not db_path.exists()  # no empty DB was created in its place
    os.rename(away, db_path)
    qtbot.waitUntil(lambda: not w.offline, timeout=5000)
    assert not w.header.offline
    played = _played(w)
    run_remote(db_path, [("call", 4, 30.0)])
    qtbot.waitUntil(lambda: len(played) == 1, timeout=5000)
    assert [t.counter for t in w.board.calling] == [4, 1]


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_the_called_number_is_at_least_12_percent_of_the_screen_height(
    qtbot, windows, office: QueueEngine, size: tuple[int, int]
) -> None:
    office.call_next(1, now=NOW + timedelta(seconds=5))
    w = windows(size=size)
    assert w.board.calling and not w.calling.lit(w.board.calling[0].leg_id)
    img = w.grab().toImage()
    r = w.calling.number_rect(0).translated(w.calling.pos().toPointF()).toRect()
    want = int(NUMBER[1:], 16)
    rows = [
        y
        for y in range(max(0, r.top()), min(img.height(), r.bottom()))
        if any(
            img.pixel(x, y) & 0xFFFFFF == want
            for x in range(max(0, r.left()), min(img.width(), r.right()), 2)
        )
    ]
    assert rows, "no number ink found"
    ink = rows[-1] - rows[0] + 1
    assert ink >= 0.12 * size[1], f"number ink {ink}px < 12% of {size[1]}"
    assert FLASH_INK != NUMBER


def test_labels_rotate_through_the_profile_languages(qtbot, windows, office: QueueEngine) -> None:
    w = windows("1F")
    assert w.langs == ("ja", "en", "zh_hans", "ko")
    seen = []
    for _ in w.langs:
        assert w.waits is not None
        seen.append((w.lang, w.header.title_text(), w.waits.cell_texts(w.board.services[0])[0]))
        w.next_lang()
    assert w.lang == "ja"
    assert [s[1] for s in seen] == [
        "1階 証明・届出",
        "1F Certificates & registration",
        "1楼 证明・申报",
        "1층 증명・신고",
    ]
    assert seen[0][2] == "住民票・印鑑証明" and seen[1][2] != seen[0][2]
    assert [s.code for s in w.board.services] == ["RES", "KOSEKI_CERT", "TAX", "MOVE", "KOSEKI"]


def test_a_new_profile_version_is_taken_live_or_marked_for_restart(windows, qtbot, db_path: Path) -> None:
    """Another PC stores a new office profile: new notices reach the ticker with no restart; a changed service
    name cannot (the board is shaped by the services), so the header says a restart is needed."""
    from shared.config import DEFAULT_PROFILE
    from shared.paths import asset_path
    from shared.profile import store_profile
    from shared.storage.backend import open_database

    w = windows()
    seen: list[int] = []
    w.profile_update.connect(seen.append)
    text = asset_path(DEFAULT_PROFILE).read_text(encoding="utf-8")
    old_notice = "3月下旬から4月上旬は大変混雑します。スマートフォンで待ち状況を確認できます。"
    assert old_notice in text
    with open_database(db_path) as d:
        store_profile(d, text.replace(old_notice, "本日は15時で受付を終了します。"), "v1.toml", now=NOW)
    qtbot.waitUntil(lambda: seen == [1], timeout=3000)
    assert any(n.get("ja") == "本日は15時で受付を終了します。" for n in w.ticker.notices)
    assert not w.header.restart

    renamed = text.replace(old_notice, "本日は15時で受付を終了します。").replace(
        'ja = "住民票・印鑑証明"', 'ja = "住民票・印鑑登録証明"', 1
    )
    with open_database(db_path) as d:
        store_profile(d, renamed, "v2.toml", now=NOW)
    qtbot.waitUntil(lambda: seen == [1, 2], timeout=3000)
    assert w.header.restart
    if os.environ.get("MADOGUCHI_SHOT"):
        w.grab().save(os.environ["MADOGUCHI_SHOT"])


@pytest.mark.backends("postgresql")
def test_after_a_server_restart_the_display_catches_up_by_call_id(
    qtbot, windows, db_path: str, office: QueueEngine, pg_cluster
) -> None:
    """pg_ctl restart -m fast cuts the display's LISTEN and reading connections. A call committed right after the
    restart (perhaps before the watcher listens again, so its NOTIFY reaches no one) still appears: on
    reconnecting the display re-reads the call log by id."""
    w = windows(reconnect_ms=50)
    qtbot.waitUntil(lambda: w.watcher.listening, timeout=3000)
    assert not w._reconnect.isActive() and not w.watcher._timer.isActive()  # no polling while all is well
    played = _played(w)
    down: list[str] = []
    w.watcher.unavailable.connect(down.append)
    pg_cluster.restart()
    [r] = run_remote(db_path, [("call", 4, 20.0)])
    qtbot.waitUntil(lambda: any(t.call_id == r["call_id"] for t in w.board.calling), timeout=15000)
    assert down, "the watcher noticed the lost connection"
    qtbot.waitUntil(lambda: not w.offline and w.watcher.listening, timeout=10000)
    qtbot.waitUntil(lambda: len(played) == 1, timeout=5000)
    assert played[0].call_id == r["call_id"]
    # and it is live again: the next call arrives through LISTEN
    [r2] = run_remote(db_path, [("call", 7, 30.0)])
    qtbot.waitUntil(lambda: any(t.call_id == r2["call_id"] for t in w.board.calling), timeout=3000)


def test_a_screen_reader_gets_the_current_calls_as_text(qtbot, windows, db_path: Path) -> None:
    from PySide6.QtGui import QAccessible

    from tests.a11y import accessible_text, audit

    w = windows()
    a = audit(w)
    assert not a.unnamed and not a.unreached and not a.stuck, a
    print("display:", a.counts())

    def spoken(panel) -> str:
        return (
            accessible_text(panel, QAccessible.Text.Name)
            + " "
            + accessible_text(panel, QAccessible.Text.Description)
        )

    assert spoken(w.calling).startswith("呼出中") and "呼出中: " in spoken(w.calling)
    [r] = run_remote(db_path, [("call", 4, 10.0)])
    qtbot.waitUntil(lambda: len(w.board.calling) == 1, timeout=5000)
    assert f"{r['number']} 4番窓口" in spoken(w.calling)  # the painted tile, as text, updated with the call
