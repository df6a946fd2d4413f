"""The ticket on screen: shown the moment it is issued, with its QR, whether or not the printer works."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.screens.widgets import Banner, button, label, relayout
from kiosk.ticket.labels import label as slip_label
from kiosk.ticket.labels import people_ahead_text
from kiosk.ticket.slip import Slip
from kiosk.words import Words, fmt

QR_PX = 330  # landscape; portrait has room for more
QR_PX_PORTRAIT = 420  # leaves room for a two-line title when nothing printed
NUMBER_PX = 170
NUMBER_PX_PORTRAIT = 240
DONE_DELAY_MS = 1500  # the "done" button ignores the rest of a nervous triple tap


def qr_pixmap(url: str, size_px: int = QR_PX) -> QPixmap:
    from kiosk.ticket.image import qr_image, qr_modules

    box = max(2, size_px // qr_modules(url))
    img = qr_image(url, box).convert("L")
    data = img.tobytes()
    qimg = QImage(data, img.width, img.height, img.width, QImage.Format.Format_Grayscale8).copy()
    return QPixmap.fromImage(qimg)


class TicketScreen(QWidget):
    finished = Signal()
    done_delay_ms = DONE_DELAY_MS  # the demo's and tests' autopilot may shorten it; a person never does

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = Words(self)
        self.lang = "ja"
        self.slip: Slip | None = None
        self.booking: tuple[bool, str] | None = None  # (late, slot) of a 来庁予約 check-in
        self.print_state = "none"  # none | printing | printed | failed | screen_only
        self.print_kind = ""
        self.title = label(role="title", name="ticketTitle")
        self.caption = label(role="lead", align=Qt.AlignmentFlag.AlignCenter)
        self.number = label(
            role="number", name="ticketNumber", wrap=False, align=Qt.AlignmentFlag.AlignCenter
        )
        self.service = label(role="big", align=Qt.AlignmentFlag.AlignCenter)
        self.service_ja = label(role="small", align=Qt.AlignmentFlag.AlignCenter)
        self.ahead = label(role="big", name="ticketAhead", align=Qt.AlignmentFlag.AlignCenter)
        self.wait = label(role="big", align=Qt.AlignmentFlag.AlignCenter)
        self.area = label(role="lead", name="ticketArea", align=Qt.AlignmentFlag.AlignCenter)
        self.route = label(name="ticketRoute")
        self.instruction = label(role="big", align=Qt.AlignmentFlag.AlignCenter)
        self.qr = label(wrap=False, name="ticketQr", align=Qt.AlignmentFlag.AlignCenter)
        self.qr.setFixedSize(QR_PX + 8, QR_PX + 8)
        self.scan = label(align=Qt.AlignmentFlag.AlignCenter)
        self.url = label(role="small", name="ticketUrl", align=Qt.AlignmentFlag.AlignCenter)
        self.url.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.status = Banner()
        self.status.setObjectName("banner")
        self.done = button(role="action", name="ticketDone")
        self.done.clicked.connect(self._done)
        self._arm = QTimer(self)
        self._arm.setSingleShot(True)
        self._arm.timeout.connect(lambda: self.done.setEnabled(True))

        self.card = QFrame()
        self.card.setObjectName("card")
        self.left = QVBoxLayout()
        self.left.setSpacing(4)
        for w in (self.caption, self.number, self.service, self.service_ja, self.ahead, self.wait, self.area):
            self.left.addWidget(w)
        self.left.addStretch(1)
        self.right = QVBoxLayout()
        self.right.setSpacing(4)
        self.right.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        self.right.addWidget(self.scan)
        self.right.addWidget(self.url)
        self.right.addStretch(1)
        self.card_grid = QGridLayout(self.card)
        self.card_grid.setContentsMargins(24, 12, 24, 12)
        self.card_grid.setSpacing(10)
        self.portrait = False
        self._place()
        self._sizes()
        foot = QHBoxLayout()
        foot.setSpacing(16)
        foot.addWidget(self.status, 3)
        foot.addWidget(self.done, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(28, 8, 28, 16)
        lay.setSpacing(8)
        lay.addWidget(self.title)
        lay.addWidget(self.card, 1)
        lay.addLayout(foot)

    def _place(self) -> None:
        for item in (self.left, self.right):
            self.card_grid.removeItem(item)
        for w in (self.route, self.instruction):
            self.card_grid.removeWidget(w)
        if self.portrait:
            self.card_grid.addLayout(self.left, 0, 0)
            self.card_grid.addWidget(self.route, 1, 0)
            self.card_grid.addLayout(self.right, 2, 0)
            self.card_grid.addWidget(self.instruction, 3, 0)
        else:
            self.card_grid.addLayout(self.left, 0, 0)
            self.card_grid.addLayout(self.right, 0, 1)
            self.card_grid.addWidget(self.route, 1, 0, 1, 2)
            self.card_grid.addWidget(self.instruction, 2, 0, 1, 2)
        relayout(self)

    def set_portrait(self, portrait: bool) -> None:
        if portrait != self.portrait:
            self.portrait = portrait
            self._place()
            self._sizes()

    def _sizes(self) -> None:
        qr = QR_PX_PORTRAIT if self.portrait else QR_PX
        self.number.setStyleSheet(f"font-size: {NUMBER_PX_PORTRAIT if self.portrait else NUMBER_PX}px;")
        self.qr.setFixedSize(qr + 8, qr + 8)
        if self.slip is not None:
            self.qr.setPixmap(qr_pixmap(self.slip.status_url, qr))

    def show_slip(self, slip: Slip, printing: bool, booking: tuple[bool, str] | None = None) -> None:
        """``booking``: (late, slot "HH:MM") for a 来庁予約 check-in, said below the print state."""
        self.slip = slip
        self.booking = booking
        self.print_state = "printing" if printing else "screen_only"
        self.print_kind = ""
        self._sizes()
        self.done.setEnabled(False)
        self._arm.start(self.done_delay_ms)
        self.retranslate(self.lang)

    def set_print_result(self, ok: bool, kind: str = "") -> None:
        self.print_state = "printed" if ok else "failed"
        self.print_kind = kind
        self.retranslate(self.lang)

    def _done(self) -> None:
        if self.done.isEnabled():
            self.finished.emit()

    def _title(self) -> str:
        """Never 「番号札をお受け取りください」 above an "out of paper" banner: with nothing printed the title
        says how to keep the number."""
        if self.print_state == "failed":
            return self.tr("Not printed: take a photo of this screen or scan the QR code")
        if self.print_state == "screen_only":
            return self.tr("Your number: take a photo of this screen or scan the QR code")
        return self.tr("Your ticket")

    def _status_text(self) -> tuple[str, str]:
        text, level = self._print_text()
        booking = self.booking
        if booking is not None:
            late, slot = booking
            note = (
                fmt(
                    self.tr(
                        "You came after your booked time (%1), so this is a normal ticket. Thank you for waiting."
                    ),
                    slot,
                )
                if late
                else fmt(self.tr("Booking checked in: you will be called from %1."), slot)
            )
            text = f"{note}\n{text}" if text else note
        return text, level

    def _print_text(self) -> tuple[str, str]:
        state = self.print_state
        if state == "printing":
            return self.tr("Printing your ticket …"), "note"
        if state == "printed":
            return self.tr("Please take your ticket from the slot below."), "note"
        if state == "screen_only":
            return self.tr("Please note your number, or scan the QR code with your phone."), "note"
        if state == "failed":
            if self.print_kind == "paper_out":
                problem = self.tr("Sorry, the printer is out of paper.")
            else:
                problem = self.tr("Sorry, the ticket could not be printed.")
            return problem + "\n" + self.tr(
                "Your number is valid: remember it or scan the QR code. Staff have been told."
            ), "alert"
        return "", "note"

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.done.setText(self.tr("Done"))
        slip = self.slip
        if slip is None:
            return
        self.title.setText(self._title())
        self.caption.setText(self.tr("Ticket number"))
        self.number.setText(slip.display_number)
        self.service.setText(slip.service_name)
        self.service_ja.setText(slip.service_name_ja if slip.service_name_ja != slip.service_name else "")
        self.service_ja.setVisible(self.service_ja.text() != "")
        if slip.people_ahead:
            self.ahead.setText(people_ahead_text(lang, slip.people_ahead))
        else:
            self.ahead.setText(self.tr("You are next"))
        rng = self.words.wait_text(slip.wait, lang)
        self.wait.setText(fmt(self.tr("Estimated wait: %1"), rng) if rng else "")
        self.wait.setVisible(bool(rng))
        # where to wait, as the printed slip says it (the profile's per-service area)
        self.area.setText(f"{slip_label(lang, 'wait_area')}: {slip.area}" if slip.area else "")
        self.area.setVisible(bool(slip.area))
        if slip.route:
            steps = "  →  ".join(f"{i}. {name}" for i, name in enumerate(slip.route, start=1))
            self.route.setText(self.tr("Your route:") + "  " + steps)
        else:
            self.route.setText("")
        self.route.setVisible(bool(slip.route))
        self.scan.setText(self.tr("Scan with your phone to see your turn"))
        self.qr.setAccessibleName("QR — " + self.scan.text())
        self.url.setText(slip.status_url)
        self.instruction.setText(self.tr("Please come back before your number is called."))
        text, level = self._status_text()
        self.status.show_text(text, level)
