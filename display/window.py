"""The hall display window: header, 呼出中 tiles, history, waits (or 交付 ready list) and the ticker, kept live.

Live updates: ``DbWatcher`` says another process committed → :meth:`DisplayWindow.refresh` reads the new call-log
rows (``CallFeed``, id > last seen), re-reads the board, repaints, flashes each new call's tile and queues its
announcement. If the DB cannot be read, the last screen stays and a discreet "reconnecting" mark shows until a
read succeeds again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QRect, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QPainter, QPaintEvent, QResizeEvent, QShortcut
from PySide6.QtWidgets import QWidget

from display import palette as pal
from display.announcer import Announcer
from display.board import Board, Scope, ServedLegs, read_calls, read_rest
from display.calling import FLASH_MS, CallingPanel
from display.feed import CallFeed, announcement_for, is_fresh
from display.header import HeaderBar
from display.history import HistoryStrip
from display.painting import fill
from display.ready import ReadyGrid
from display.texts import clock_text
from display.ticker import Ticker
from display.waits import WaitsTable
from shared.config import DisplayProfile
from shared.engine import QueueEngine
from shared.errors import MadoguchiError
from shared.models import Call
from shared.profile import ProfileFollower
from shared.qt.watcher import DbWatcher
from shared.storage.target import DbTarget, db_exists, parse_target
from shared.timeutil import now_tokyo

log = logging.getLogger(__name__)

# profile sections the hall display re-reads by itself; a change to services, counters or the display
# profiles (which shape the board) needs a restart
DISPLAY_LIVE = frozenset({"name", "groups", "certificates", "bundles", "kiosk", "merged_windows"})
REST_EVERY_MS = 250  # waits, estimates and notices: re-read at most four times a second
WATCH_MS = 50  # PRAGMA data_version costs µs; a 50 ms poll keeps call → screen well under 100 ms
RECONNECT_MS = 2000
DWELL_S = {"ja": 12}  # seconds each label language stays; others DEFAULT_DWELL_S
DEFAULT_DWELL_S = 6


class DisplayWindow(QWidget):
    refreshed = Signal()  # after every successful read of the DB
    new_calls = Signal(object)  # list[Call] that arrived in one refresh, oldest first
    profile_update = Signal(
        int
    )  # a new office-profile version was seen (applied, or the header asks a restart)

    def __init__(
        self,
        engine: QueueEngine,
        profile: DisplayProfile,
        *,
        db_path: str | Path | DbTarget,
        clock: Callable[[], datetime] = now_tokyo,
        announcer: Announcer | None = None,
        reopen: Callable[[], QueueEngine] | None = None,
        watch_ms: int = WATCH_MS,
        flash_ms: int = FLASH_MS,
        rotate: bool = True,
        reconnect_ms: int = RECONNECT_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.profile = profile
        self.scope = Scope.of(engine.config, profile)
        self.db_path = parse_target(db_path)
        self.clock = clock
        self.reopen = reopen or self._open_again
        self.board = Board()
        self.langs = tuple(profile.languages) or ("ja",)
        self.lang = self.langs[0]
        self._lang_i = 0
        self._read_down = False
        self._rest_pending = False
        self._rest_at = 0.0
        self._watch_down = False
        self.setWindowTitle(f"madoguchi — {profile.title.get('ja', profile.name)}")
        self.header = HeaderBar(profile.title, self)
        self.calling = CallingPanel(flash_ms=flash_ms, parent=self)
        self.calling.set_langs(self.langs)
        self.history = HistoryStrip(profile.history, self)
        self.waits: WaitsTable | None = None if profile.pickup else WaitsTable(self)
        self.ready: ReadyGrid | None = ReadyGrid(self) if profile.pickup else None
        self.ticker = Ticker(self)
        self.served = ServedLegs()
        self.announcer = (
            announcer if announcer is not None else Announcer(muted=not profile.sound, parent=self)
        )
        if announcer is not None and not profile.sound:
            announcer.set_muted(True)
        self.feed = CallFeed(engine, self.scope.accepts)
        self.profile_follower = ProfileFollower(engine, live=DISPLAY_LIVE)

        self.watcher = DbWatcher(self.db_path, watch_ms, self)
        self.watcher.changed.connect(self.refresh)
        self.watcher.unavailable.connect(self._on_watch_down)
        self.watcher.available.connect(self._on_watch_up)
        self._reconnect = QTimer(self)
        self._reconnect.setInterval(reconnect_ms)
        self._reconnect.timeout.connect(self._try_reconnect)
        self._rest_timer = QTimer(self)  # a child timer: it dies with the window (a bare singleShot did not)
        self._rest_timer.setSingleShot(True)
        self._rest_timer.timeout.connect(self._refresh_rest)
        self._minute = QTimer(self)
        self._minute.setSingleShot(True)
        self._minute.timeout.connect(self._on_minute)
        self._rotate = QTimer(self)
        self._rotate.setSingleShot(True)
        self._rotate.timeout.connect(self.next_lang)
        self._rotating = rotate and len(self.langs) > 1
        QShortcut(QKeySequence("Ctrl+Q"), self, activated=self.close)

        self._layout()
        self.set_lang(self.lang)
        self._on_minute()  # clock + first read of the board
        # once more after the watcher's first poll, so nothing committed in between is missed
        QTimer.singleShot(0, self.refresh)
        if self._rotating:
            self._rotate.start(DWELL_S.get(self.lang, DEFAULT_DWELL_S) * 1000)

    # -- reading the DB -------------------------------------------------------------------------------------
    def refresh(self) -> bool:
        """Read new calls and repaint them at once (flash, then queue the announcements); the waits and
        estimates follow right after, once the event queue is free. False if the DB could not be read."""
        now = self.clock()
        try:
            new = self.feed.poll()
            calling, history = read_calls(
                self.engine, self.scope, now, history=self.profile.history, served=self.served
            )
        except (sqlite3.Error, MadoguchiError, OSError) as exc:
            self._set_read_down(f"{type(exc).__name__}: {exc}")
            return False
        self._set_read_down(None)
        # a number called from the 交付 ready list leaves it with the call's repaint, not a moment later with the
        # coalesced re-read of the rest (never shown as both ready and called)
        called = {c.number for c in calling}
        ready = tuple(n for n in self.board.ready if n not in called)
        self.apply(dataclasses.replace(self.board, calling=calling, history=history, ready=ready))
        if new:
            for call in new:
                log.info("call #%d %s → %d番窓口 (%s)", call.id, call.display, call.counter, call.kind)
                self.calling.flash(call.leg_id)
            self.calling.repaint()  # the new number is on screen before any announcement work starts
            self._announce(new, now)
            self.new_calls.emit(new)
        if not self._rest_pending:  # coalesced: one read of the estimates per burst of commits
            self._rest_pending = True
            # at most every REST_EVERY_MS: on PostgreSQL every commit wakes the display at once, and reading the
            # waits after each of them would leave no time for the next call's repaint on a busy morning
            wait = REST_EVERY_MS - (time.monotonic() - self._rest_at) * 1000
            self._rest_timer.start(max(0, int(wait)))
        return True

    def _refresh_rest(self) -> None:
        self._rest_pending = False
        self._rest_at = time.monotonic()
        self._follow_profile()
        try:
            rest = read_rest(self.engine, self.scope, self.clock())
        except (sqlite3.Error, MadoguchiError, OSError) as exc:
            self._set_read_down(f"{type(exc).__name__}: {exc}")
            return
        self.apply(dataclasses.replace(rest, calling=self.board.calling, history=self.board.history))
        self.refreshed.emit()

    def _announce(self, calls: list[Call], now: datetime) -> None:
        for call in calls:
            if is_fresh(call, now):
                self.announcer.enqueue(announcement_for(call, self.engine.config, self.profile))
            else:
                log.info(
                    "not announcing %s → %d: called %.0f s ago (display was offline)",
                    call.display,
                    call.counter,
                    now.timestamp() - call.ts,
                )

    def apply(self, board: Board) -> None:
        self.board = board
        self.calling.set_calls(board.calling)
        self.history.set_calls(board.history)
        if self.waits is not None:
            self.waits.set_rows(board.services)
        if self.ready is not None:
            self.ready.set_numbers(board.ready)
        self.ticker.set_notices(board.notices)

    def _follow_profile(self) -> None:
        """A new office-profile version (through the same change signal): taken live when only what the board
        re-reads changed (notices, hours, names …), else a 要再起動 mark in the header."""
        try:
            update = self.profile_follower.check()
        except (sqlite3.Error, MadoguchiError, OSError) as exc:
            log.debug("profile check failed: %s", exc)
            return
        if update is not None:
            self.header.set_restart(not update.applied)
            self.profile_update.emit(update.version)

    # -- offline / reconnecting -----------------------------------------------------------------------------
    @property
    def offline(self) -> bool:
        return self._read_down or self._watch_down

    def _set_read_down(self, reason: str | None) -> None:
        down = reason is not None
        if down and not self._read_down:
            log.warning("cannot read the database (%s); keeping the last screen and retrying", reason)
        elif not down and self._read_down:
            log.info("database readable again")
        self._read_down = down
        self._update_mark()

    def _on_watch_down(self, reason: str) -> None:
        self._watch_down = True
        self._update_mark()

    def _on_watch_up(self) -> None:
        self._watch_down = False
        self._update_mark()

    def _update_mark(self) -> None:
        self.header.set_offline(self.offline)
        if self.offline and not self._reconnect.isActive():
            self._reconnect.start()
        elif not self.offline:
            self._reconnect.stop()

    def _open_again(self) -> QueueEngine:
        from shared.office import open_office

        return open_office(self.db_path, self.engine.config, create=False)

    def _try_reconnect(self) -> None:
        if self._read_down:
            if not db_exists(self.db_path):  # never create an empty DB where the real one went missing
                return
            try:
                engine = self.reopen()
            except (sqlite3.Error, MadoguchiError, OSError) as exc:
                log.debug("reconnect failed: %s", exc)
                return
            old, self.engine = self.engine, engine
            engine.use_config(old.config)  # a profile version taken live stays
            self.feed.engine = engine
            self.profile_follower.engine = engine
            with contextlib.suppress(sqlite3.Error):
                old.store.close()
        self.refresh()

    # -- time and language ----------------------------------------------------------------------------------
    def _on_minute(self) -> None:
        now = self.clock()
        self.header.set_clock(clock_text(now))
        # the whole board, now: waits and 受付終了 change with the time, and the day rolls over at midnight
        if self.refresh():
            self._refresh_rest()
        ms = (60 - now.second) * 1000 - now.microsecond // 1000 + 50
        self._minute.start(max(1000, ms))

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        for w in (self.header, self.calling, self.history, self.waits, self.ready, self.ticker):
            if w is not None:
                w.set_lang(lang)

    def next_lang(self) -> None:
        """Show the labels in the profile's next language (the rotation timer calls this)."""
        self._lang_i = (self._lang_i + 1) % len(self.langs)
        self.set_lang(self.langs[self._lang_i])
        if self._rotating:
            self._rotate.start(DWELL_S.get(self.lang, DEFAULT_DWELL_S) * 1000)

    # -- layout ---------------------------------------------------------------------------------------------
    def _layout(self) -> None:
        w, h = max(320, self.width()), max(320, self.height())
        portrait, unit = h > w, min(w, h)
        self.calling.set_screen(h, unit)
        for widget in (self.history, self.waits, self.ready, self.ticker):
            if widget is not None:
                widget.set_screen(unit)
        side_rows = len(self.scope.services)
        if portrait:
            self._layout_portrait(w, h, side_rows)
        else:
            self._layout_landscape(w, h)

    def _layout_landscape(self, w: int, h: int) -> None:
        head, tick, m = int(h * 0.075), int(h * 0.06), int(h * 0.018)
        top, bottom = head + m, h - tick - m
        left_w = int(w * 0.6) - m - m // 2
        right_x = int(w * 0.6) + m // 2
        hist = int(h * 0.16)
        self.header.setGeometry(0, 0, w, head)
        self.calling.setGeometry(m, top, left_w, bottom - top - hist - m)
        self.history.setGeometry(m, bottom - hist, left_w, hist)
        side = self.waits or self.ready
        assert side is not None
        side.setGeometry(right_x, top, w - right_x - m, bottom - top)
        self.ticker.setGeometry(0, h - tick, w, tick)

    def _layout_portrait(self, w: int, h: int, rows: int) -> None:
        head, tick, m = int(w * 0.085), int(w * 0.065), int(w * 0.022)
        top, bottom = head + m, h - tick - m
        hist = int(w * 0.17)
        side_min = self.waits.min_height(rows) if self.waits is not None else w * 0.3
        # the calls take all the height the waits can spare: one call at full size, many stepped down
        call_h = max(1, int(bottom - top - hist - side_min - 2 * m))
        self.header.setGeometry(0, 0, w, head)
        self.calling.setGeometry(m, top, w - 2 * m, call_h)
        y = top + call_h + m
        self.history.setGeometry(m, y, w - 2 * m, hist)
        y += hist + m
        side = self.waits or self.ready
        assert side is not None
        side.setGeometry(QRect(m, y, w - 2 * m, bottom - y))
        self.ticker.setGeometry(0, h - tick, w, tick)

    # -- Qt -------------------------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        self._layout()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        fill(p, self.rect().toRectF(), pal.GROUND)
        p.end()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.stop()
        super().closeEvent(event)

    def stop(self) -> None:
        for t in (self._reconnect, self._minute, self._rotate, self._rest_timer):
            t.stop()
        self.watcher.stop()
