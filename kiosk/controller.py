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

from kiosk.plan import BundlePlan, PlanError, plan_certificates, priority_for
from kiosk.print_queue import PrintQueue, PrintResult
from kiosk.scan import parse_checkin
from kiosk.slips import slip_for
from kiosk.words import Words, fmt
from shared.engine import QueueEngine
from shared.errors import DomainError, MadoguchiError, NotFoundError, StorageError
from shared.models import Outcome, Ticket

if TYPE_CHECKING:
    from kiosk.window import KioskWindow

log = logging.getLogger(__name__)

BUSY_NOTE_MS = 700  # "one moment" after this long
BUSY_LOCKED_MS = 2500  # "it is busy" (a locked database) after this long
RETRIES = 2
RETRY_MS = 2000
PAPER_LOW_JA = "発券機のプリンターの用紙が残りわずかです。ロール紙を補充してください。"


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
        self.printer_failing: str | None = None
        self._shown_job = 0
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

    # -- issuing ------------------------------------------------------------------------------------------
    def issue_service(self, code: str) -> bool:
        lang, flags, now = self.w.lang, self.w.flags, self.now()
        return self._issue(
            lambda e: e.issue(
                code,
                now=now,
                channel="kiosk",
                lang=lang,
                priority=priority_for(flags),
                access=flags,
                actor=self.source,
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
            )
        )

    def issue_bundle(self, plan: BundlePlan) -> bool:
        lang, flags, now = self.w.lang, self.w.flags, self.now()
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
            )
        )

    def _issue(self, job: Callable[[QueueEngine], Outcome], attempt: int = 0) -> bool:
        """Submit one issue; refused while another is in flight or within ``guard_s`` of the last ticket."""
        if attempt == 0 and (self.inflight or time.monotonic() - self._last_done < self.guard_s):
            log.info("tap ignored: a ticket was just issued (double-tap guard)")
            return False
        if self.engine is None:  # the "not available" screen is up; a ticket now could not be shown
            return False
        self.inflight = True
        self._busy1.start()
        self._busy2.start()
        self.writer.submit(job, self._issued, lambda exc: self._issue_failed(job, attempt, exc))
        return True

    def _stop_busy(self) -> None:
        self._busy1.stop()
        self._busy2.stop()
        self.w.set_busy("")

    def _issued(self, out: Outcome) -> None:
        self._stop_busy()
        self.inflight = False
        self._last_done = time.monotonic()
        if out.ticket is None:
            return
        self.last_ticket = out.ticket
        self._show_and_print(out.ticket)
        self.w.after_ticket()
        self.ticket_issued.emit(out.ticket)

    def _issue_failed(self, job: Callable[[QueueEngine], Outcome], attempt: int, exc: BaseException) -> None:
        if isinstance(exc, StorageError | OSError) and attempt < RETRIES:
            log.warning("issue failed (%s); retrying", exc)
            self.w.set_busy(self.tr("It is busy right now. Trying again …"))
            QTimer.singleShot(self.retry_ms, lambda: self._issue(job, attempt + 1))
            return
        self._stop_busy()
        self.inflight = False
        if isinstance(exc, DomainError) and exc.code in ("closed", "cutoff", "paused", "cap"):
            self._fail(fmt(self.tr("Sorry, no ticket: %1"), self.words.reason(exc.code)))
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
        self.w.refresh()

    def _fail(self, text: str) -> None:
        self.w.flash(text, "alert")
        self.failed.emit(text)

    def _show_and_print(self, ticket: Ticket) -> None:
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
        self.w.show_ticket(slip, printing)
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

    def staff_info(self) -> str:
        state = "正常" if self.printer_failing is None else f"エラー（{self.printer_failing}）"
        last = self.last_ticket.display if self.last_ticket else "なし"
        return f"{self.source} ・ プリンター: {self.printq.kind}（{state}） ・ 最後の番号札: {last}"

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
            self.w.staff.show_result(f"再印刷できません: {exc}", "alert")
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
            self.w.staff.show_result(f"取り消せませんでした: {exc}", "alert")

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
            self.w.staff.show_result(f"変更できませんでした: {exc}", "alert")

        self.writer.submit(
            lambda e: e.set_issuing(scope, state, now=now, reason=f"{self.source} 係員モード"), done, failed
        )

    def test_page(self) -> None:
        self.printq.test_page()
        self.w.staff.show_result("テスト印刷を送っています…", "note")
