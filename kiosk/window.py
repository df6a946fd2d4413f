"""The kiosk window: header, language bar and the screens; navigation, idle reset, live refresh, open/closed.

The window reads through its own engine on the GUI thread (reads never wait in WAL mode); every write goes
through the controller's worker thread. If the database cannot be opened the window shows a friendly
"not available" screen and keeps retrying; it never raises to the event loop.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.controller import KioskController
from kiosk.flows.divert import Offer
from kiosk.flows.offer import Availability, availability, home_tiles
from kiosk.i18n import Translations, font_family
from kiosk.printing.print_queue import PrintQueue
from kiosk.screens.alternative import AlternativeScreen
from kiosk.screens.assistance import AssistanceScreen
from kiosk.screens.certificates import CertificatesScreen
from kiosk.screens.checkin import CheckinScreen, ScanCapture
from kiosk.screens.closed import ClosedScreen, UnavailableScreen
from kiosk.screens.header import Header, clock_text
from kiosk.screens.home import HomeScreen
from kiosk.screens.lifeevents import LifeEventsScreen
from kiosk.screens.staff import StaffScreen
from kiosk.screens.style import STYLE_SHEET
from kiosk.screens.ticket_view import TicketScreen
from kiosk.screens.widgets import Banner, LanguageBar, PhraseLabel
from kiosk.ticket.slip import Slip
from kiosk.wiring import wire
from shared.calendar import is_open, next_opening
from shared.config import OfficeConfig
from shared.engine import QueueEngine
from shared.errors import MadoguchiError
from shared.office import open_office
from shared.profile import ProfileFollower
from shared.qt.writer import Writer
from shared.storage.backend import open_database
from shared.storage.store import Store
from shared.storage.target import DbTarget, parse_target
from shared.timeutil import TOKYO, now_tokyo

log = logging.getLogger(__name__)

SCREENS = (
    "home",
    "certificates",
    "lifeevents",
    "assistance",
    "ticket",
    "closed",
    "unavailable",
    "staff",
    "checkin",
    "alternative",
)
FLASH_MS = 10_000
# profile sections the kiosk re-reads by itself (beyond hours, queue and web rules); services, groups, life
# events, certificates, the printer settings or the office name shape its screens and need a restart
KIOSK_LIVE = frozenset({"displays", "counters", "merged_windows"})
_INPUT_EVENTS = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress})


class KioskWindow(QWidget):
    screen_changed = Signal(str)
    ticket_shown = Signal(object)  # Slip
    quit_requested = Signal()

    def __init__(
        self,
        config: OfficeConfig,
        db_path: str | Path | DbTarget,
        *,
        clock: Callable[[], datetime] = now_tokyo,
        kiosk_id: int = 1,
        engine: QueueEngine | None = None,
        printer_make: Callable[[Mapping[str, Any]], Any] | None = None,
        idle_ms: int | None = None,
        guard_s: float = 1.5,
        watch: bool = True,
        retry_ms: int = 5000,
        create: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk")
        self.setStyleSheet(STYLE_SHEET)
        self.setWindowTitle("madoguchi 発券機")
        self.config = config
        self.db_path = parse_target(db_path)
        self.create = create  # False in the app: a database that vanished is waited for, never made anew
        self.clock = clock
        self.kiosk_id = kiosk_id
        self.engine: QueueEngine | None = engine
        self._own_engine = engine is None
        self.watch = watch
        self.watcher: Any = None
        self.profile_follower: ProfileFollower | None = None
        self.profile_note = ""  # a new profile version that waits for a restart (shown on the staff screen)
        self.lang = "ja"
        self.flags: tuple[str, ...] = ()
        self.offered = False  # 行かない: the alternative screen was shown in this visit (never twice)
        self.avail: Mapping[str, Availability] = {}
        self.translations = Translations()
        self._last_minute = -1

        # -- chrome
        self.header = Header()
        self.langbar = LanguageBar()
        self.langbar.chosen.connect(self.set_language)
        self.busy = Banner()
        self.busy.setObjectName("banner")
        self.flash_banner = Banner()
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(self.flash_banner.clear)

        # -- screens
        letters = sorted(
            {s.prefix for s in config.services}
            | {b.prefix for b in config.bundles if b.prefix}
            | ({config.web.prefix} if config.web.prefix else set())
        )
        self.home = HomeScreen()
        self.certificates = CertificatesScreen(config)
        self.lifeevents = LifeEventsScreen(config)
        self.assistance = AssistanceScreen()
        self.ticket = TicketScreen()
        self.closed = ClosedScreen(config)
        self.unavailable = UnavailableScreen()
        self.staff = StaffScreen(
            config.kiosk.staff_pin, [(s.code, s.names["ja"]) for s in config.services], letters
        )
        self.checkin = CheckinScreen([config.web.prefix] if config.web.prefix else letters)
        self.alternative = AlternativeScreen()
        self.stack = QStackedWidget()
        self.screens: dict[str, QWidget] = {}
        for name in SCREENS:
            w = getattr(self, name)
            self.screens[name] = w
            self.stack.addWidget(w)
        lay = QVBoxLayout(self)
        # The window is the screen: it never grows past it. Every screen must fit 1920x1080 and 1080x1920
        # in every language (tests/kiosk/test_layout.py checks the minimum sizes).
        lay.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.header)
        lay.addWidget(self.langbar)
        banners = QVBoxLayout()
        banners.setContentsMargins(28, 8, 28, 0)
        banners.addWidget(self.busy)
        banners.addWidget(self.flash_banner)
        lay.addLayout(banners)
        lay.addWidget(self.stack, 1)

        # -- workers and controller
        self.writer = Writer(self._open_writer_engine, self, name="kiosk-writer")
        self.printq = PrintQueue(config.kiosk.printer, make=printer_make, parent=self)
        self.controller = KioskController(self, self.writer, self.printq, guard_s=guard_s)
        wire(self)

        # -- timers: idle reset, clock and open/closed, reconnect
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(idle_ms if idle_ms is not None else config.kiosk.idle_seconds * 1000)
        self._idle.timeout.connect(self.idle_reset)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.tick)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(retry_ms)
        self._retry.timeout.connect(self.connect_db)
        self.scanner = ScanCapture(self)
        self.scanner.scanned.connect(self._scanned)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.set_language("ja")
        self.connect_db()
        self._tick.start()
        self._idle.start()

    def _open_writer_engine(self) -> QueueEngine:
        return QueueEngine(Store(open_database(self.db_path, create=self.create)), self.config)

    # -- database -----------------------------------------------------------------------------------------
    def connect_db(self) -> None:
        """Open the office DB (or retry later); on success start watching it and show the right screen."""
        if self.engine is None:
            try:
                self.engine = open_office(self.db_path, self.config, create=self.create)
            except (MadoguchiError, sqlite3.Error, OSError) as exc:
                log.error("kiosk: database not available: %s", exc)
                self.unavailable.set_detail(f"データベースに接続できません / database unavailable: {exc}")
                self.show_screen("unavailable")
                self._retry.start()
                return
        if self.profile_follower is None:
            self.profile_follower = ProfileFollower(self.engine, live=KIOSK_LIVE)
        if self.watch and self.watcher is None:
            from shared.qt.watcher import DbWatcher

            self.watcher = DbWatcher(self.db_path, parent=self)
            self.watcher.changed.connect(self._follow_profile)
            self.watcher.changed.connect(self.refresh)
            self.watcher.unavailable.connect(lambda msg: self.flash(self._connection_text(), "alert"))
            self.watcher.available.connect(self.flash_banner.clear)
            self.watcher.poll()  # the baseline, before the first read: no commit can slip in between
        self.controller.load_printer_alert()
        if self.current() == "unavailable":
            self.show_screen("home")
        self.refresh()
        self.tick()

    def _follow_profile(self) -> None:
        """A new office-profile version: hours, rules and counters apply at once (also on the writer's engine,
        in order with its jobs); services, groups, life events or the printer need a restart, which the staff
        screen says."""
        if self.profile_follower is None:
            return
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
            self.writer.submit(lambda e: e.use_config(new))
            self.profile_note = ""
        else:
            self.profile_note = f"設定 v{update.version} は再起動後に反映されます"
        self.update_staff_info()

    def _connection_text(self) -> str:
        return self.tr("Connection problem: the numbers shown may be out of date.")

    def refresh(self) -> None:
        """Re-read waits and availability (after any commit, each minute, and after a ticket)."""
        engine = self.engine
        if engine is None:
            return
        now = self.clock()
        try:
            self.avail = availability(engine, now)
            states = engine.store.issuing_states()
            notices = engine.notices(now)  # the profile's, and today's from the floor manager
        except (MadoguchiError, sqlite3.Error) as exc:
            log.warning("kiosk refresh failed: %s", exc)
            self.flash(self._connection_text(), "alert")
            return
        self.home.set_tiles(home_tiles(self.config, self.avail))
        self.certificates.set_availability(self.avail)
        self.lifeevents.set_availability(self.avail)
        paused_all = states.get("all", ("open", None))[0] != "open"
        self.home.set_status(
            self.tr("Ticket issuing is paused for now. Please ask a member of staff.") if paused_all else "",
            "alert",
        )
        self.staff.set_states({scope: st for scope, (st, _r) in states.items()})
        if list(notices) != list(self.home.notices):
            self.home.set_notices(notices)

    def tick(self) -> None:
        now = self.clock()
        self.header.clock.setText(clock_text(now, self.lang))
        if self.engine is None:
            return
        local = now.astimezone(TOKYO)
        minute = local.hour * 60 + local.minute
        open_now = is_open(now, self.config.hours)
        cur = self.current()
        if not open_now and cur in (
            "home",
            "certificates",
            "lifeevents",
            "assistance",
            "checkin",
            "alternative",
        ):
            self.closed.set_next_opening(next_opening(now, self.config.hours))
            self.show_screen("closed")
        elif open_now and cur == "closed":
            self.show_screen("home")
        if minute != self._last_minute:
            self._last_minute = minute
            self.refresh()

    # -- navigation ---------------------------------------------------------------------------------------
    def current(self) -> str:
        w = self.stack.currentWidget()
        return next((n for n, s in self.screens.items() if s is w), "home")

    def show_screen(self, name: str) -> None:
        if name == "home" and self.engine is not None and not is_open(self.clock(), self.config.hours):
            self.closed.set_next_opening(next_opening(self.clock(), self.config.hours))
            name = "closed"
        self.stack.setCurrentWidget(self.screens[name])
        self.scanner.enabled = name not in ("staff", "checkin")
        if name == "checkin":
            self.checkin.focus()
        self.screen_changed.emit(name)

    def go_home(self) -> None:
        self.show_screen("home")

    def help_done(self, flags: tuple[str, ...]) -> None:
        self.flags = tuple(flags)
        self.home.set_help_count(len(self.flags))
        self.go_home()

    def _scanned(self, text: str) -> None:
        if self.current() in ("home", "certificates", "lifeevents", "assistance", "ticket") and self.engine:
            self.controller.check_in(text)

    def show_ticket(self, slip: Slip, printing: bool, booking: tuple[bool, str] | None = None) -> None:
        self.ticket.show_slip(slip, printing, booking)
        self.show_screen("ticket")
        self.ticket_shown.emit(slip)

    def show_alternative(self, offer: Offer) -> None:
        """行かない: the alternative first (the controller logs the offer); at most once per visit."""
        self.offered = True
        self.alternative.show_offer(offer)
        self.show_screen("alternative")

    def forget(self) -> None:
        """Forget the visitor: the flows' choices, the assistance flags and the alternative already offered."""
        self.flags = ()
        self.offered = False
        self.home.set_help_count(0)
        self.certificates.reset()
        self.lifeevents.reset()
        self.checkin.reset()

    def after_ticket(self) -> None:
        """The request is on the ticket now."""
        self.forget()
        self.refresh()

    def checkin_result(self, text: str, level: str) -> None:
        if self.current() != "checkin":
            self.checkin.reset()
            self.show_screen("checkin")
        self.checkin.show_result(text, level)

    def idle_reset(self) -> None:
        """Nobody touched the kiosk for ``idle_seconds``: back to the home screen, in Japanese, choices gone."""
        if self.current() in ("home", "closed", "unavailable") and self.lang == "ja" and not self.flags:
            return
        log.info("idle: back to the home screen")
        self.forget()
        self.staff.start()
        self.set_language("ja")
        if self.current() != "unavailable":
            self.go_home()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        """One application-wide filter (it sees every event, so it stays cheap): idle timer and scanner."""
        kind = event.type()
        if kind in _INPUT_EVENTS:
            self._idle.start()
            if kind == QEvent.Type.KeyPress:
                return self.scanner.eventFilter(obj, event)
        return False

    # -- messages -----------------------------------------------------------------------------------------
    def set_busy(self, text: str) -> None:
        if text:
            self.busy.show_text(text, "note")
        else:
            self.busy.clear()

    def flash(self, text: str, level: str = "alert") -> None:
        self.flash_banner.show_text(text, level)
        self._flash_timer.start(FLASH_MS)

    def update_staff_info(self) -> None:
        note = f" ・ {self.profile_note}" if self.profile_note else ""
        self.staff.set_info(self.controller.staff_info() + note)

    # -- language and layout ------------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        self.translations.use(lang)
        self.lang = lang
        PhraseLabel.lang = lang
        self.setFont(QFont(font_family(lang)))
        self.langbar.set_current(lang)
        self.header.show_texts(
            self.config.name.get(lang) or self.config.name.get("ja", ""), self.clock(), lang
        )
        self.home.set_notices(self.home.notices or self.config.notices)
        for name in SCREENS:
            self.screens[name].retranslate(lang)  # type: ignore[attr-defined]

    def fit_to(self, width: int, height: int) -> None:
        """Lay the screens out for ``width`` x ``height`` first (portrait needs narrower grids), then resize."""
        self._orient(width, height)
        self.resize(width, height)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._orient(self.width(), self.height())

    def _orient(self, w: int, h: int) -> None:
        portrait = h > w
        self.langbar.set_columns(5 if w < 1500 else 9)
        self.home.set_columns(2 if portrait else 3)
        self.certificates.set_columns(1 if portrait else 2)
        self.lifeevents.set_columns(2 if portrait else 3)
        self.assistance.set_columns(2 if portrait else 3)
        self.ticket.set_portrait(portrait)
        self.staff.set_portrait(portrait)
        self.checkin.set_portrait(portrait)
        self.alternative.set_portrait(portrait)

    def shutdown(self) -> None:
        """Stop timers and workers; safe to call twice."""
        for t in (self._idle, self._tick, self._retry, self._flash_timer):
            t.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None
        self.printq.close(wait=False)
        self.writer.close()
        self.translations.clear()
        if self.engine is not None and self._own_engine:
            self.engine.store.close()
            self.engine = None

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        self.shutdown()
        super().closeEvent(event)
