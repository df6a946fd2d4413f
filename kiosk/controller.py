"""What the kiosk does when tapped: issue (once per tap burst), print, check in, and the staff verbs.

Writes go through the :class:`Writer` (worker thread), so the screen never freezes on a locked database.
The ticket is in the DB first, then on screen with its QR, then printed; a printer failure never loses it,
raises a staff alert (``kiosk-N``) once, and resolves it when a later print works.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.flows.divert import Offer, guide_slip, offer_for_certificates, offer_for_service
from kiosk.flows.plan import BundlePlan, PlanError, plan_certificates, priority_for
from kiosk.flows.scan import parse_checkin
from kiosk.printing.print_queue import PrintQueue, PrintResult
from kiosk.ticket.from_db import slip_for
from kiosk.words import Words, fmt
from shared.booking import BookingDesk, CheckIn
from shared.engine import QueueEngine
from shared.errors import DiskFullError, DomainError, MadoguchiError, NotFoundError, StorageError, worded
from shared.models import Outcome, Ticket
from shared.timeutil import from_ts

if TYPE_CHECKING:
    from kiosk.window import KioskWindow

log = logging.getLogger(__name__)

BUSY_NOTE_MS = 700  # "one moment" after this long
BUSY_LOCKED_MS = 2500  # "it is busy" (a locked database) after this long
RETRIES = 2
RETRY_MS = 2000
PAPER_LOW_JA = "発券機のプリンターの用紙が残りわずかです。ロール紙を補充してください。"
DISK_FULL_JA = (
    "発券できません：このPCのディスクがいっぱいです。空き容量を作ってください（番号札は発券されていません）。"
)
STAFF_ALERT_RETRY_MS = (
    15_000  # a staff alert the database could not take (a full disk) is written again this often
)


class KioskController(QObject):
    ticket_issued = Signal(object)  # Ticket (on screen already)
    print_done = Signal(object)  # PrintResult
    failed = Signal(str)  # the message shown

    def __init__(self, window: KioskWindow, writer: Any, printq: PrintQueue, guard_s: float = 1.5) -> None:
        super().__init__(window)
        self.w = window
        self.writer = writer
        self.printq = printq
        self.guard_s = guard_s
        self.words = Words(self)
        self.source = f"kiosk-{window.kiosk_id}"
        self.inflight = False
        self.retry_ms = RETRY_MS
        self._last_done = -1e9
        self.last_ticket: Ticket | None = None
        # 行かない: the offer on screen and what "the counter" then issues
        self.pending: tuple[Offer, Callable[[], bool]] | None = None
        self._guide_job = 0
        self.printer_failing: str | None = None
        self._shown_job = 0
        # A staff alert about the database itself (a full disk) cannot always be written to it: it waits here,
        # is logged, and is written as soon as the database takes it. Its own source, so a good print does not
        # resolve it (and a freed disk does not resolve a printer alert).
        self.db_source = f"{self.source}:db"
        self.db_alert: str | None = None  # the message while the database problem lasts
        self._db_alert_written = False
        self._db_alert_retry = self._timer(STAFF_ALERT_RETRY_MS, self._write_db_alert)
        self._busy1 = self._timer(BUSY_NOTE_MS, lambda: self.w.set_busy(self.tr("One moment please …")))
        self._busy2 = self._timer(
            BUSY_LOCKED_MS, lambda: self.w.set_busy(self.tr("It is busy right now. Please wait a moment …"))
        )
        printq.done.connect(self._printed)

    def _timer(self, ms: int, fn: Callable[[], None]) -> QTimer:
        t = QTimer(self)
        t.setSingleShot(True)
        t.setInterval(ms)
        t.timeout.connect(fn)
        return t

    @property
    def engine(self) -> QueueEngine | None:
        return self.w.engine

    def now(self) -> datetime:
        return self.w.clock()

    # -- 行かない: the alternative before the ticket -------------------------------------------------------------
    def request_service(self, code: str) -> bool:
        """A service tile: its alternative first (once per visit, if the profile has one), else the ticket."""
        offer = None if self.w.offered else offer_for_service(self.w.config, code)
        if offer is None:
            return self.issue_service(code)
        self._offer(offer, lambda: self.issue_service(code))
        return False

    def request_certificates(self, picks: dict[str, int]) -> bool:
        """The certificate request: the alternative first when it covers every picked document."""
        offer = None if self.w.offered else offer_for_certificates(self.w.config, picks)
        if offer is None:
            return self.issue_certificates(picks)
        self._offer(offer, lambda: self.issue_certificates(dict(picks)))
        return False

    def _offer(self, offer: Offer, counter: Callable[[], bool]) -> None:
        if self.engine is None:  # the "not available" screen is up
            return
        self.pending = (offer, counter)
        self.w.show_alternative(offer)
        now = self.now()
        self.writer.submit(
            lambda e: e.offer(
                offer.services, offer.kind, channel="kiosk", now=now, documents=offer.documents
            ),
            None,
            lambda exc: log.warning("the offer of %s was not logged: %s", offer.services, exc),
        )

    def choose_counter(self) -> bool:
        """「窓口で受け取る」: the ticket, exactly as without the offer. A tap the double-tap guard refuses keeps
        the choice, so the next tap still gets the ticket (the screen is never a dead end)."""
        pending = self.pending
        if pending is None:
            return False
        if not pending[1]():
            return False
        self.pending = None
        return True

    def take_alternative(self) -> bool:
        """「コンビニで取る」: no ticket; the guide on screen and on paper, and a 'diverted' event."""
        pending, self.pending = self.pending, None
        if pending is None:  # a second tap, or the screen was left
            return False
        offer = pending[0]
        lang, now = self.w.lang, self.now()
        names = self.w.config.name
        slip = guide_slip(offer, lang, names.get(lang) or names.get("ja", ""), now)
        fallback = guide_slip(offer, "en", names.get("en") or names.get("ja", ""), now)
        printing = self.printq.kind != "none"
        self.w.alternative.show_taken(printing)
        if printing:
            from kiosk.ticket.guide import render_guide

            self._guide_job = self.printq.print_guide(lambda width: render_guide(slip, width, fallback))
        self.writer.submit(
            lambda e: e.divert(offer.services, offer.kind, "kiosk", now, documents=offer.documents),
            None,
            lambda exc: log.error("the diversion to %s was not logged: %s", offer.kind, exc),
        )
        return True

    # -- issuing ------------------------------------------------------------------------------------------
    def issue_service(self, code: str) -> bool:
        lang, flags, now = self.w.lang, self.w.flags, self.now()
        token = QueueEngine.new_token()  # one per tap: a retry after a lost commit finds the same ticket
        return self._issue(
            lambda e: e.issue(
                code,
                now=now,
                channel="kiosk",
                lang=lang,
                priority=priority_for(flags),
                access=flags,
                actor=self.source,
                token=token,
            )
        )

    def issue_certificates(self, picks: dict[str, int]) -> bool:
        try:
            plan = plan_certificates(self.w.config, picks)
        except PlanError as exc:
            log.warning("certificate picks refused: %s", exc)
            self._fail(self.tr("Please choose at least one certificate."))
            return False
        lang, flags, now = self.w.lang, self.w.flags, self.now()
        token = QueueEngine.new_token()  # one per tap: a retry after a lost commit finds the same ticket
        return self._issue(
            lambda e: e.issue_route(
                plan.route,
                now=now,
                channel="kiosk",
                lang=lang,
                priority=priority_for(flags),
                access=flags,
                request=plan.request,
                actor=self.source,
                token=token,
            )
        )

    def issue_bundle(self, plan: BundlePlan) -> bool:
        lang, flags, now = self.w.lang, self.w.flags, self.now()
        token = QueueEngine.new_token()  # one per tap: a retry after a lost commit finds the same ticket
        return self._issue(
            lambda e: e.issue_bundle(
                plan.bundle,
                plan.answers,
                now=now,
                channel="kiosk",
                lang=lang,
                priority=priority_for(flags),
                access=flags,
                request=plan.request,
                actor=self.source,
                token=token,
            )
        )

    def _issue(self, job: Callable[[QueueEngine], Outcome], attempt: int = 0) -> bool:
        """Submit one issue; refused while another is in flight or within ``guard_s`` of the last ticket."""
        if attempt == 0 and (self.inflight or not self.guard_over()):
            log.info("tap ignored: a ticket was just issued (double-tap guard)")
            return False
        if self.engine is None:  # the "not available" screen is up; a ticket now could not be shown
            return False
        self.inflight = True
        self._busy1.start()
        self._busy2.start()
        self.writer.submit(job, self._issued, lambda exc: self._issue_failed(job, attempt, exc))
        return True

    def guard_over(self) -> bool:
        """True once ``guard_s`` has passed since the last ticket: a tap now is the next visitor's."""
        return time.monotonic() - self._last_done >= self.guard_s

    def _stop_busy(self) -> None:
        self._busy1.stop()
        self._busy2.stop()
        self.w.set_busy("")

    def _issued(self, out: Outcome) -> None:
        self._stop_busy()
        self.inflight = False
        self._last_done = time.monotonic()
        if self.db_alert is not None:
            self._clear_db_alert()
        if out.ticket is None:
            return
        self.last_ticket = out.ticket
        self._show_and_print(out.ticket)
        self.w.after_ticket()
        self.ticket_issued.emit(out.ticket)

    def _issue_failed(self, job: Callable[[QueueEngine], Outcome], attempt: int, exc: BaseException) -> None:
        if isinstance(exc, DiskFullError):  # no retry: waiting seconds does not free a disk
            self._stop_busy()
            self.inflight = False
            self._raise_db_alert(DISK_FULL_JA, exc)
            self._fail(self.tr("Sorry, tickets cannot be issued right now. Please see a member of staff."))
            return
        if isinstance(exc, StorageError | OSError) and attempt < RETRIES:
            log.warning("issue failed (%s); retrying", exc)
            self.w.set_busy(self.tr("It is busy right now. Trying again …"))
            QTimer.singleShot(self.retry_ms, lambda: self._issue(job, attempt + 1))
            return
        self._stop_busy()
        self.inflight = False
        if isinstance(exc, DomainError) and exc.code in ("closed", "cutoff", "paused", "cap"):
            self._fail(fmt(self.tr("Sorry, no ticket: %1"), self.words.reason(exc.code, self.w.lang)))
        elif isinstance(exc, MadoguchiError | OSError):
            log.error("issue failed: %s", exc)
            self._fail(
                self.tr("Sorry, the ticket could not be issued. Please try again or ask a member of staff.")
            )
        else:
            log.error("issue failed unexpectedly: %r", exc)
            self._fail(
                self.tr("Sorry, the ticket could not be issued. Please try again or ask a member of staff.")
            )
        if self.w.current() == "alternative":  # the counter was chosen but no ticket came: not a dead end
            self.w.go_home()
        self.w.refresh()

    def _fail(self, text: str) -> None:
        self.w.flash(text, "alert")
        self.failed.emit(text)

    def _show_and_print(self, ticket: Ticket, booking: tuple[bool, str] | None = None) -> None:
        engine = self.engine
        if engine is None:
            return
        try:
            slip = slip_for(engine, ticket, self.w.lang, self.now())
        except (MadoguchiError, ValueError, OSError) as exc:
            log.error("cannot build the slip of %s: %s", ticket.display, exc)
            self._fail(fmt(self.tr("Your number is %1. Please wait to be called."), ticket.display))
            return
        printing = self.printq.kind != "none"
        self.w.show_ticket(slip, printing, booking)
        if printing:
            self._shown_job = self.printq.print_slip(slip)

    # -- printing and staff alerts ------------------------------------------------------------------------
    def load_printer_alert(self) -> None:
        """An alert this kiosk left open (e.g. before a restart) is resolved by the next good print."""
        try:
            kinds = [a.kind for a in self.engine.alerts() if a.source == self.source] if self.engine else []
        except (MadoguchiError, sqlite3.Error) as exc:
            log.warning("reading alerts: %s", exc)
            return
        self.printer_failing = kinds[-1] if kinds else None

    def _raise_db_alert(self, message: str, exc: BaseException) -> None:
        """Tell staff once (log and counter status bar), even while the database cannot store the alert."""
        if self.db_alert is None:
            log.error("staff alert %s: %s (%s)", self.db_source, message, exc)
            self.db_alert, self._db_alert_written = message, False
        self._write_db_alert()

    def _write_db_alert(self) -> None:
        message = self.db_alert
        if message is None or self._db_alert_written:
            return

        def written(_out: Outcome) -> None:
            self._db_alert_written = True
            log.info("staff alert %s stored", self.db_source)
            if self.db_alert is None:  # the disk was freed while this write waited in the queue
                self._db_alert_written = False
                self.writer.submit(lambda e: e.resolve_alerts(now=self.now(), source=self.db_source))

        def not_yet(exc: BaseException) -> None:
            log.debug("staff alert %s not stored yet: %s", self.db_source, exc)
            self._db_alert_retry.start()

        self.writer.submit(
            lambda e: e.raise_alert(self.db_source, "disk_full", message, now=self.now()), written, not_yet
        )

    def _clear_db_alert(self) -> None:
        """A ticket was stored again: the database problem is over."""
        written, self.db_alert = self._db_alert_written, None
        self._db_alert_retry.stop()
        log.info("database writable again; staff alert %s cleared", self.db_source)
        if written:
            self.writer.submit(lambda e: e.resolve_alerts(now=self.now(), source=self.db_source))

    def staff_info(self) -> str:
        state = "正常" if self.printer_failing is None else f"エラー（{self.printer_failing}）"
        last = self.last_ticket.display if self.last_ticket else "なし"
        db = f" ・ {self.db_alert}" if self.db_alert else ""
        return f"{self.source} ・ プリンター: {self.printq.kind}（{state}） ・ 最後の番号札: {last}{db}"

    def _printed(self, r: PrintResult) -> None:
        if r.ok and r.paper_low and self.printer_failing != "paper_low":
            self.printer_failing = "paper_low"  # printed fine, but staff should bring a new roll
            self.writer.submit(
                lambda e: e.raise_alert(self.source, "paper_low", PAPER_LOW_JA, now=self.now())
            )
        elif r.ok and not r.paper_low and self.printer_failing is not None:
            self.printer_failing = None
            self.writer.submit(lambda e: e.resolve_alerts(now=self.now(), source=self.source))
        elif not r.ok and self.printer_failing != r.kind:
            self.printer_failing = r.kind
            message = r.message_ja
            self.writer.submit(lambda e: e.raise_alert(self.source, r.kind, message, now=self.now()))
        if r.what == "guide" and r.job == self._guide_job and self.w.alternative.taken():
            self.w.alternative.set_print_result(r.ok)
        if r.what == "ticket" and r.job == self._shown_job:
            self.w.ticket.set_print_result(r.ok, r.kind)
        if r.what == "test":
            text = "テスト印刷を送りました" if r.ok else f"テスト印刷に失敗しました: {r.message_ja}"
            self.w.staff.show_result(text, "note" if r.ok else "alert")
        self.w.update_staff_info()
        self.print_done.emit(r)

    # -- web ticket check-in ------------------------------------------------------------------------------
    def check_in(self, text: str) -> None:
        engine = self.engine
        if engine is None:
            return
        try:
            parsed = parse_checkin(text)
        except ValueError:
            self.w.checkin_result(
                self.tr("That is not a ticket number. Please check it and try again."), "alert"
            )
            return
        now = self.now()
        if parsed.booking is not None:
            key = parsed.booking
            self.writer.submit(
                lambda e: BookingDesk(e).check_in(key, now=now, lang=self.w.lang),
                self._booking_checked_in,
                self._booking_failed,
            )
            return
        try:
            if parsed.display is not None:
                t = engine.find(parsed.display, now=now)
                if t.channel != "web":
                    self.w.checkin_result(
                        fmt(self.tr("Ticket %1 needs no check-in. Please wait to be called."), t.display),
                        "note",
                    )
                    return
                if t.checked_in and t.state == "open":
                    self.w.checkin_result(
                        fmt(self.tr("Ticket %1 is already checked in. Please wait to be called."), t.display),
                        "note",
                    )
                    return
                token = t.token
            else:
                token = parsed.token or ""
        except NotFoundError:
            self.w.checkin_result(
                fmt(self.tr("We could not find ticket %1 for today."), parsed.display), "alert"
            )
            return
        except MadoguchiError as exc:
            log.error("check-in lookup failed: %s", exc)
            self.w.checkin_result(self.tr("Sorry, please try again or ask a member of staff."), "alert")
            return
        self.writer.submit(lambda e: e.check_in(token, now=now), self._checked_in, self._checkin_failed)

    def _checked_in(self, out: Outcome) -> None:
        if out.ticket is None:
            return
        self.last_ticket = out.ticket
        self._show_and_print(out.ticket)
        self.w.after_ticket()
        self.ticket_issued.emit(out.ticket)

    def _booking_checked_in(self, ci: CheckIn) -> None:
        """A booking arrived: its ticket, with the slot time; late, kindly said to be a normal ticket."""
        if ci.outcome.ticket is None:
            return
        self.last_ticket = ci.outcome.ticket
        self._show_and_print(ci.outcome.ticket, (ci.late, from_ts(ci.booking.slot_ts).strftime("%H:%M")))
        self.w.after_ticket()
        self.ticket_issued.emit(ci.outcome.ticket)

    def _booking_failed(self, exc: BaseException) -> None:
        code = getattr(exc, "code", "")
        if code == "booking_too_early":
            params = getattr(exc, "params", {})
            self.w.checkin_result(
                fmt(
                    self.tr("Check-in for your booking opens at %1. Please come back then."),
                    str(params.get("time", "")),
                ),
                "note",
            )
        elif code == "booking_cancelled":
            self.w.checkin_result(
                self.tr("This booking was cancelled. Please take a ticket from the home screen."), "alert"
            )
        elif code == "booking_other_day":
            self.w.checkin_result(
                self.tr("This booking is for another day. Please ask a member of staff."), "alert"
            )
        elif isinstance(exc, NotFoundError):
            self.w.checkin_result(
                self.tr("We could not find this booking. Please check the number."), "alert"
            )
        else:
            log.error("booking check-in failed: %s", exc)
            self.w.checkin_result(self.tr("Sorry, please try again or ask a member of staff."), "alert")

    def _checkin_failed(self, exc: BaseException) -> None:
        if isinstance(exc, NotFoundError):
            self.w.checkin_result(
                self.tr("This ticket is not valid today. Please ask a member of staff."), "alert"
            )
        else:
            log.error("check-in failed: %s", exc)
            self.w.checkin_result(self.tr("Sorry, please try again or ask a member of staff."), "alert")

    # -- staff --------------------------------------------------------------------------------------------
    def reprint(self) -> None:
        engine, t = self.engine, self.last_ticket
        if engine is None or t is None:
            self.w.staff.show_result("この発券機で発券した番号札はまだありません", "alert")
            return
        try:
            slip = slip_for(engine, t, t.lang, self.now())
        except (MadoguchiError, ValueError, OSError) as exc:
            self.w.staff.show_result(f"再印刷できません: {worded(exc, 'ja')}", "alert")
            return
        self.printq.print_slip(slip)
        self.w.staff.show_result(f"{t.display} を再印刷しています", "note")

    def cancel(self, typed: str) -> None:
        now, actor = self.now(), f"{self.source}-staff"
        try:
            display = parse_checkin(typed).display or typed  # "a1" and "Ａ０１" mean A001
        except ValueError:
            display = typed

        def done(out: Outcome) -> None:
            shown = out.ticket.display if out.ticket else display
            self.w.staff.show_result(f"{shown} を取り消しました", "note")
            self.w.staff.cancel_field.clear()
            self.w.refresh()

        def failed(exc: BaseException) -> None:
            self.w.staff.show_result(f"取り消せませんでした: {worded(exc, 'ja')}", "alert")

        self.writer.submit(lambda e: e.cancel(display, now=now, actor=actor), done, failed)

    def set_issuing(self, scope: str, state: str) -> None:
        now = self.now()

        def done(_out: Outcome) -> None:
            what = "全体" if scope == "all" else scope
            self.w.staff.show_result(
                f"{what}: {'受付を再開しました' if state == 'open' else '発券を停止しました'}", "note"
            )
            self.w.refresh()

        def failed(exc: BaseException) -> None:
            self.w.staff.show_result(f"変更できませんでした: {worded(exc, 'ja')}", "alert")

        self.writer.submit(
            lambda e: e.set_issuing(scope, state, now=now, reason=f"{self.source} 係員モード"), done, failed
        )

    def test_page(self) -> None:
        self.printq.test_page()
        self.w.staff.show_result("テスト印刷を送っています…", "note")
