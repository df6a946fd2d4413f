"""CounterWindow: the clerk's console. Sign-in page, then header + current ticket + queue + F-key actions.

Every engine verb runs synchronously on the GUI thread (writes take ms). Every error from the core is shown as
one line and the screen is re-read from the DB, so it is never stale. Live updates come from DbWatcher.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from counter.actions import ActionBar
from counter.forms_prompt import FormsPrompt
from counter.header import Header
from counter.queue_panel import QueuePanel
from counter.signin import SignInPage
from counter.status_bar import CounterStatusBar
from counter.style import stylesheet, ui_scale
from counter.texts import duration
from counter.ticket_panel import TicketPanel
from counter.verbs import Verbs
from counter.views import QueueSnapshot, TicketView, queue_snapshot, ticket_view
from shared.engine import QueueEngine
from shared.errors import ConflictError, MadoguchiError, worded
from shared.models import CounterInfo, Outcome
from shared.profile import ProfileFollower
from shared.qt.fonts import ui_family
from shared.qt.watcher import DbWatcher
from shared.qt.writer import Writer
from shared.storage.backend import open_database
from shared.storage.counter_stats import counter_day_stats
from shared.storage.store import Store
from shared.storage.target import DbTarget
from shared.timeutil import TOKYO, now_tokyo, to_ts

log = logging.getLogger(__name__)
# a full re-read even if no change was seen, so a missed change notice cannot leave a console stale for good
FALLBACK_REFRESH_S = 10.0
# profile sections the console re-reads by itself; services, counters, merged windows or the office name
# shape its screens and need a restart
COUNTER_LIVE = frozenset({"kiosk", "displays", "certificates", "bundles", "groups"})
INFO_CLEAR_MS = 15000


class CounterWindow(Verbs, QMainWindow):
    entered = Signal(int)  # the console is now serving this counter (the app remembers it for restarts)

    def __init__(
        self,
        engine: QueueEngine,
        *,
        db_path: str | Path | DbTarget | None = None,
        clock: Callable[[], datetime] = now_tokyo,
        watch_ms: int = 250,
        tick_ms: int = 1000,
    ) -> None:
        super().__init__()
        self.engine = engine
        self.config = engine.config
        self.clock = clock
        self.number: int | None = None
        self.info: CounterInfo | None = None
        self.view: TicketView | None = None
        self.snapshot = QueueSnapshot((), ())
        self.dialog: QDialog | None = None
        self._last_refresh = 0.0
        self.setWindowTitle(f"窓口 — {self.config.name.get('ja', '')}")
        self.setStyleSheet(stylesheet(1.0, ui_family()))
        self.scale = 1.0
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.signin = SignInPage(self.config)
        self.signin.sign_in.connect(self._signed_in)
        self.stack.addWidget(self.signin)
        self.console = QWidget()
        cv = QVBoxLayout(self.console)
        cv.setContentsMargins(0, 0, 0, 0)
        cv.setSpacing(8)
        self.header = Header(self.config)
        self.header.change_services.connect(self.ask_services)
        cv.addWidget(self.header)
        body = QWidget()
        self.body = QHBoxLayout(body)
        self.body.setContentsMargins(12, 0, 12, 0)
        self.body.setSpacing(12)
        self.ticket_panel = TicketPanel()
        self.queue_panel = QueuePanel()
        self.queue_panel.model.long_wait_s = self.config.queue.long_wait_min * 60.0
        self.queue_panel.call_requested.connect(self.call_number)
        self.queue_panel.return_requested.connect(self.return_to_queue)
        self.body.addWidget(self.ticket_panel, 11)
        self.body.addWidget(self.queue_panel, 9)
        cv.addWidget(body, 1)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setProperty("kind", "info")
        self.message.setWordWrap(False)
        self.message.hide()
        mw = QWidget()
        ml = QVBoxLayout(mw)
        ml.setContentsMargins(12, 0, 12, 0)
        ml.addWidget(self.message)
        self.forms_prompt = FormsPrompt(self)  # 書かない: hand-written forms of this step, logged by 完了
        ml.addWidget(self.forms_prompt)
        cv.addWidget(mw)
        self.action_bar = ActionBar(self)
        self.action_bar.triggered.connect(self.on_action)
        aw = QWidget()
        al = QVBoxLayout(aw)
        al.setContentsMargins(12, 0, 12, 4)
        al.addWidget(self.action_bar)
        cv.addWidget(aw)
        self.stack.addWidget(self.console)
        self.status = CounterStatusBar()
        self.status.acknowledged.connect(self.acknowledge_alert)
        self.setStatusBar(self.status)
        self._info_timer = QTimer(self)
        self._info_timer.setSingleShot(True)
        self._info_timer.timeout.connect(self._clear_info)
        self.profile_follower = ProfileFollower(engine, live=COUNTER_LIVE)
        self.db_path = db_path
        self.writer = Writer(
            self._open_writer_engine, self, name="counter-writer", owns_engine=db_path is not None
        )
        self.watcher: DbWatcher | None = None
        if db_path is not None:
            self.watcher = DbWatcher(db_path, watch_ms, self)
            self.watcher.changed.connect(self._follow_profile)
            self.watcher.changed.connect(self.refresh)
            self.watcher.unavailable.connect(self._db_down)
            self.watcher.available.connect(self._db_up)
        self._ticker = QTimer(self)
        self._ticker.setInterval(tick_ms)
        self._ticker.timeout.connect(self.tick)
        self._ticker.start()
        self._actions: dict[str, Callable[[], None]] = {
            "call": self.call_next,
            "recall": self.recall,
            "no_show": self.no_show,
            "start": self.start_service,
            "hold": self.hold,
            "transfer": self.ask_transfer,
            "finish": self.finish,
            "call_number": self.ask_call_number,
            "pause": self.toggle_pause,
            "close": self.ask_close,
        }

    def _open_writer_engine(self) -> QueueEngine:
        """The writer's own connection to the office file; without a file (some tests) it shares the engine."""
        if self.db_path is None:
            return self.engine
        return QueueEngine(Store(open_database(self.db_path, create=False)), self.config)

    # -- pages ------------------------------------------------------------------------------------------------
    def start(self, counter: int | None = None, clerk: str | None = None) -> None:
        """Restart recovery: a counter that is open or paused in the DB comes straight back, current ticket and all."""
        if counter is not None:
            try:
                info = self.engine.counter(counter)
            except MadoguchiError as exc:
                self.show_signin(clerk=clerk)
                self.signin.show_error(worded(exc))
                return
            except sqlite3.Error as exc:
                self.show_signin(clerk=clerk)
                self.signin.show_error(f"データベースを読めません: {exc}")
                return
            if info.state != "closed":
                self.enter_console(counter)
                return
        self.show_signin(counter, clerk)

    def show_signin(self, choose: int | None = None, clerk: str | None = None, note: str = "") -> None:
        self.number = None
        self.setWindowTitle(f"窓口 — {self.config.name.get('ja', '')}")
        counters, current = self._counters_now()
        self.signin.load(counters, current, choose, clerk)
        if note:
            self.signin.show_error(note)
        self.stack.setCurrentWidget(self.signin)

    def _counters_now(self) -> tuple[list[CounterInfo], dict[int, str]]:
        try:
            counters = self.engine.counters()
            current = {}
            for c in counters:
                cur = self.engine.current(c.number)
                if cur is not None:
                    current[c.number] = cur[0].display
        except (MadoguchiError, sqlite3.Error) as exc:
            self.signin.show_error(f"データベースを読めません: {worded(exc)}")
            return [], {}
        return counters, current

    def _signed_in(self, number: int, clerk: str, services: tuple[str, ...]) -> None:
        if self.writer.pending:
            return
        now = self.clock()

        def opened(_out: Outcome) -> None:
            self.enter_console(number)
            self.say(f"{number}番窓口を開きました。F1 で呼出を始めます。")

        self.writer.submit(
            lambda e: e.open_counter(number, now=now, services=services, clerk=clerk or None),
            opened,
            lambda exc: self.signin.show_error(worded(exc)),
        )

    def enter_console(self, number: int) -> None:
        self.number = number
        self.setWindowTitle(f"{number}番窓口 — {self.config.name.get('ja', '')}")
        self.entered.emit(number)
        self.stack.setCurrentWidget(self.console)
        self.refresh()
        if self.view is not None:
            self.say(
                f"{self.view.display} の{'対応' if self.view.state == 'serving' else '呼出'}を引き継ぎました。"
            )

    # -- reading the DB -----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.number is None:
            if self.stack.currentWidget() is self.signin:
                self.signin.update_states(*self._counters_now())
            return
        now = self.clock()
        try:
            info = self.engine.counter(self.number)
            cur = self.engine.current(self.number)
            view = ticket_view(self.engine, *cur, today=self.engine.day(now)) if cur else None
            snap = queue_snapshot(self.engine, info.services, info.priority_run, now, counter=self.number)
            day = self.engine.day(now)
            stats = counter_day_stats(self.engine.store, self.number, day, self._day_start(day))
            alerts = self.engine.alerts()
        except (MadoguchiError, sqlite3.Error) as exc:
            log.warning("refresh failed: %s", exc)
            self.say(f"画面を更新できません（{worded(exc)}）。表示は直前の状態です。", error=True)
            return
        if info.state == "closed" and view is None:
            # closed from another terminal (e.g. `madoguchi counter close N`): nothing can be called here
            self.show_signin(
                info.number, note=f"{info.name}は閉局しています。開くには「開局」を押してください。"
            )
            return
        self.info, self.view, self.snapshot = info, view, snap
        ts = to_ts(now)
        self._last_refresh = ts
        self.header.set_counter(info)
        waiting = sum(c[2] for c in snap.counts)
        nxt = next((r for r in snap.rows if r.next_up), None)
        hint = f"{nxt.display}（{nxt.service_name}・{duration(ts - nxt.since)}待ち）" if nxt else ""
        self.ticket_panel.set_view(view, ts, waiting, hint)
        self.queue_panel.set_snapshot(snap, ts)
        self.status.set_stats(stats)
        self.status.set_alerts(alerts)
        short = self.config.queue.no_show_after_recalls - view.recalls if view else 0
        self.action_bar.set_state(info.state, view.state if view else None, short)
        self.forms_prompt.set_leg(
            cur[1].id if cur else None, self.engine.forms_question(*cur) if cur else None
        )
        self.header.set_clock(now.strftime("%H:%M"))

    def _day_start(self, day: str) -> float:
        start = datetime.combine(date.fromisoformat(day), self.config.queue.day_rollover, TOKYO)
        return to_ts(start) - 3600.0  # a margin; the day column decides

    def tick(self) -> None:
        now = self.clock()
        ts = to_ts(now)
        self.header.set_clock(now.strftime("%H:%M"))
        if self.number is None:
            return
        if ts - self._last_refresh >= FALLBACK_REFRESH_S:
            self.refresh()
            return
        self.ticket_panel.tick(ts)
        self.queue_panel.tick(ts)

    def _follow_profile(self) -> None:
        """A new office-profile version from another PC: queue rules, hours and the rest the console re-reads
        apply at once; a change to services, counters or names is shown in the status bar until a restart."""
        try:
            update = self.profile_follower.check()
        except (MadoguchiError, sqlite3.Error) as exc:
            log.debug("profile check failed: %s", exc)
            return
        if update is None:
            return
        if update.applied:
            new = update.config
            self.config = new
            self.writer.submit(
                lambda e: e.use_config(new)
            )  # the engine that runs the clerk's verbs, in order
            self.queue_panel.model.long_wait_s = self.config.queue.long_wait_min * 60.0
            self.say(f"設定 v{update.version} を適用しました。")
        else:
            self.status.set_restart(f"設定 v{update.version} が更新されました：再起動すると反映されます")

    def _db_down(self, reason: str) -> None:
        self.action_bar.set_enabled_all(False)
        self.say(
            f"データベースに接続できません。復旧を待っています（{self.clock():%H:%M} の表示のままです）",
            error=True,
        )

    def _db_up(self) -> None:
        self.action_bar.set_enabled_all(True)
        self.say("データベースに再接続しました。")
        self.refresh()

    # -- messages -----------------------------------------------------------------------------------------------
    def say(self, text: str, error: bool = False) -> None:
        kind = "error" if error else "info"
        shown = ("⚠ " if error else "") + text
        self.message.setText(shown)
        self.message.setAccessibleName(shown)
        # a screen reader speaks the outcome once, at once for a refusal (a label change alone is silent)
        event = QAccessibleAnnouncementEvent(self.message, shown)
        event.setPoliteness(
            QAccessible.AnnouncementPoliteness.Assertive
            if error
            else QAccessible.AnnouncementPoliteness.Polite
        )
        QAccessible.updateAccessibility(event)
        if self.message.property("kind") != kind:
            self.message.setProperty("kind", kind)
            self.message.style().unpolish(self.message)
            self.message.style().polish(self.message)
        self.message.show()
        if error:
            self._info_timer.stop()
        else:
            self._info_timer.start(INFO_CLEAR_MS)

    def _clear_info(self) -> None:
        if self.message.property("kind") == "info":
            self.message.hide()

    def run(
        self,
        fn: Callable[[QueueEngine, datetime], Outcome],
        describe: Callable[[Outcome], str] | None = None,
        display: str | None = None,
        then: Callable[[Outcome], None] | None = None,
    ) -> bool:
        """Hand one engine verb to the background writer; when it is back, show its result (or its one-line
        error) and re-read the screen. The GUI keeps painting meanwhile, even on a locked database. Writes run
        one at a time, in the order they were asked for."""
        now = self.clock()

        def done(out: Outcome) -> None:
            self.refresh()
            if describe is not None:
                self.say(describe(out))
            if then is not None:
                then(out)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ConflictError):
                self.say(self._conflict_text(exc, display), error=True)
            elif isinstance(exc, MadoguchiError):
                self.say(worded(exc), error=True)
            elif isinstance(exc, sqlite3.Error):
                log.error("database error: %s", exc)
                self.say(
                    f"データベースエラーのため実行できませんでした（{exc}）。もう一度押してください。",
                    error=True,
                )
            else:
                log.error("action failed", exc_info=exc)
                self.say(
                    f"実行できませんでした（{type(exc).__name__}）。もう一度押してください。", error=True
                )
            self.refresh()

        self.writer.submit(lambda engine: fn(engine, now), done, failed)
        return True

    def _conflict_text(self, exc: ConflictError, display: str | None) -> str:
        text = worded(exc)
        if display:
            try:
                t = self.engine.find(display, now=self.clock())
                leg = self.engine.store.open_leg(t.id)
                if leg is not None and leg.counter and leg.state in ("called", "serving"):
                    text = f"{t.display} は {leg.counter}番窓口が先に呼び出しました"
            except (MadoguchiError, sqlite3.Error):
                pass
        return f"{text}（画面を更新しました）"

    def acknowledge_alert(self, alert_id: int) -> None:
        """A clerk dealt with a kiosk/printer alert: it leaves every console's status bar."""
        self.run(
            lambda e, now: e.resolve_alerts(now=now, alert_id=alert_id),
            lambda _out: "警告を対応済みにしました",
        )

    # -- actions ------------------------------------------------------------------------------------------------
    def on_action(self, name: str) -> None:
        if self.number is None or self.stack.currentWidget() is not self.console:
            return
        if self.dialog is not None:
            return
        if self.writer.pending:  # a double tap: the first press is still being saved
            log.info("ignored %s: the previous action is still being saved", name)
            self.say("前の操作を保存しています。終わってからもう一度押してください。")
            return
        self._actions[name]()

    def open_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(self._dialog_done)
        dialog.open()

    def _dialog_done(self, _result: int) -> None:
        self.dialog = None

    # -- layout -------------------------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        portrait = self.height() > self.width()
        self.body.setDirection(
            QHBoxLayout.Direction.TopToBottom if portrait else QHBoxLayout.Direction.LeftToRight
        )
        self.action_bar.set_columns(5 if portrait or self.width() < 1000 else 10)  # one row wherever it fits
        room = self.width() - 24  # the body's margins; landscape: 11/20 of it for the ticket, 9/20 the queue
        self.ticket_panel.share = room if portrait else (room - 12) * 11 // 20
        self.ticket_panel.fit()
        self.signin.fit_height(self.height())
        scale = round(ui_scale(self.width(), self.height()), 2)
        if abs(scale - self.scale) >= 0.02:  # re-polishing costs a few ms: only when the size really changed
            self.scale = scale
            self.setProperty("uiScale", scale)  # the ticket panel sizes its number from it
            self.setStyleSheet(stylesheet(scale, ui_family()))

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """Closing the window does not close the counter: a restart comes back to the same state."""
        if self.watcher is not None:
            self.watcher.stop()
        self._ticker.stop()
        self.writer.close()
        super().closeEvent(event)
