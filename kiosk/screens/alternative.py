"""行かない: before the ticket, the service's alternative in plain words and large type, with two equal choices.

「コンビニで取る」 and 「窓口で受け取る」 are the same kind of button, the same size, side by side: the counter is
never hidden, greyed or smaller. One screen, once per visit (the controller decides), never a second question.
Taking the alternative shows how to do it, with the QR code of its address and a printed guide slip; no ticket.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from kiosk.flows.divert import Offer
from kiosk.screens.ticket_view import DONE_DELAY_MS, qr_pixmap
from kiosk.screens.widgets import Banner, WrapButton, button, label
from shared.i18n.alternatives import alt_text

QR_PX = 300
TEXT_PX = 40  # the alternative in plain words: larger than body text
CHOICE_PX = 40  # the two choices, the same size


class AlternativeScreen(QWidget):
    take = Signal()  # the visitor takes the alternative (no ticket)
    counter = Signal()  # the visitor wants the counter (a ticket, as before)
    finished = Signal()  # done reading the guide
    done_delay_ms = DONE_DELAY_MS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = "ja"
        self.offer: Offer | None = None
        self.print_state = "none"  # none | printing | printed | failed | screen_only
        self.pages = QStackedWidget()

        # -- page 0: the offer and the two equal choices
        offer_page = QWidget()
        self.title = label(role="title", name="altTitle")
        self.text = label(name="altText")
        self.text.setStyleSheet(f"font-size: {TEXT_PX}px;")
        self.card = QFrame()
        self.card.setObjectName("card")
        self.needs_label = label(role="big", name="altNeedsLabel")
        self.needs_label.setStyleSheet("font-size: 30px;")
        self.needs = label(name="altNeeds")
        self.needs.setStyleSheet("font-size: 30px;")
        self.hours = label(name="altHours")
        self.hours.setStyleSheet("font-size: 30px; font-weight: bold;")
        card = QVBoxLayout(self.card)
        card.setContentsMargins(24, 12, 24, 12)
        card.setSpacing(4)
        for w in (self.needs_label, self.needs, self.hours):
            card.addWidget(w)
        self.take_button = WrapButton(role="choice", name="altTake")
        self.counter_button = WrapButton(role="choice", name="altCounter")
        for b in (self.take_button, self.counter_button):
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            b.setMinimumHeight(180)
            b.inner.setStyleSheet(f"font-size: {CHOICE_PX}px;")
        self.take_button.clicked.connect(self.take.emit)
        self.counter_button.clicked.connect(self.counter.emit)
        choices = QHBoxLayout()
        choices.setSpacing(24)
        choices.addWidget(self.take_button, 1)  # equal stretch: the same width, the same height
        choices.addWidget(self.counter_button, 1)
        self.either = label(role="lead", name="altEither", align=Qt.AlignmentFlag.AlignCenter)
        lay = QVBoxLayout(offer_page)
        lay.setContentsMargins(28, 16, 28, 20)
        lay.setSpacing(12)
        lay.addWidget(self.title)
        lay.addWidget(self.text)
        lay.addWidget(self.card)
        lay.addStretch(1)
        lay.addLayout(choices)
        lay.addWidget(self.either)

        # -- page 1: how to do it (after taking the alternative)
        taken_page = QWidget()
        self.taken_title = label(role="title", name="altTakenTitle")
        self.howto = label(name="altHowto")
        self.howto.setStyleSheet(f"font-size: {TEXT_PX}px; font-weight: bold;")
        self.taken_needs = label(name="altTakenNeeds")
        self.taken_needs.setStyleSheet("font-size: 30px;")
        self.taken_hours = label(name="altTakenHours")
        self.taken_hours.setStyleSheet("font-size: 30px; font-weight: bold;")
        self.qr = label(wrap=False, name="altQr", align=Qt.AlignmentFlag.AlignCenter)
        self.qr.setFixedSize(QR_PX + 8, QR_PX + 8)
        self.scan = label(name="altScan", align=Qt.AlignmentFlag.AlignCenter)
        self.url = label(role="small", name="altUrl", align=Qt.AlignmentFlag.AlignCenter)
        self.no_ticket = label(role="lead", name="altNoTicket")
        self.status = Banner()
        self.status.setObjectName("banner")
        self.done = button(role="action", name="altDone")
        self.done.clicked.connect(self._done)
        self._arm = QTimer(self)
        self._arm.setSingleShot(True)
        self._arm.timeout.connect(lambda: self.done.setEnabled(True))
        left = QVBoxLayout()
        left.setSpacing(8)
        for w in (self.howto, self.taken_needs, self.taken_hours):
            left.addWidget(w)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(4)
        right.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        right.addWidget(self.scan)
        right.addWidget(self.url)
        right.addStretch(1)
        self.qr_box = QWidget()
        self.qr_box.setLayout(right)
        body = QFrame()
        body.setObjectName("card")
        self.body = QHBoxLayout(body)
        self.body.setContentsMargins(24, 12, 24, 12)
        self.body.setSpacing(16)
        self.body.addLayout(left, 3)
        self.body.addWidget(self.qr_box, 2)
        foot = QHBoxLayout()
        foot.setSpacing(16)
        foot.addWidget(self.status, 3)
        foot.addWidget(self.done, 1)
        lay2 = QVBoxLayout(taken_page)
        lay2.setContentsMargins(28, 8, 28, 16)
        lay2.setSpacing(8)
        lay2.addWidget(self.taken_title)
        lay2.addWidget(body, 1)
        lay2.addWidget(self.no_ticket)
        lay2.addLayout(foot)

        self.pages.addWidget(offer_page)
        self.pages.addWidget(taken_page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

    # -- state --------------------------------------------------------------------------------------------
    def show_offer(self, offer: Offer) -> None:
        self.offer = offer
        self.print_state = "none"
        self.pages.setCurrentIndex(0)
        self.take_button.setEnabled(True)
        self.counter_button.setEnabled(True)
        self.retranslate(self.lang)

    def show_taken(self, printing: bool) -> None:
        self.print_state = "printing" if printing else "screen_only"
        self.pages.setCurrentIndex(1)
        self.done.setEnabled(False)
        self._arm.start(self.done_delay_ms)
        self.retranslate(self.lang)

    def set_print_result(self, ok: bool) -> None:
        self.print_state = "printed" if ok else "failed"
        self.retranslate(self.lang)

    def taken(self) -> bool:
        return self.pages.currentIndex() == 1

    def _done(self) -> None:
        if self.done.isEnabled():
            self.finished.emit()

    def set_portrait(self, portrait: bool) -> None:
        self.body.setDirection(
            QHBoxLayout.Direction.TopToBottom if portrait else QHBoxLayout.Direction.LeftToRight
        )
        self.body.setStretch(0, 0 if portrait else 3)  # portrait: the QR code right under the words

    def _status_text(self) -> tuple[str, str]:
        state = self.print_state
        if state == "printing":
            return self.tr("Printing the guide …"), "note"
        if state == "printed":
            return self.tr("Please take the printed guide from the slot below."), "note"
        if state == "failed":
            return self.tr(
                "Sorry, the guide could not be printed. Please scan the QR code or take a photo."
            ), "alert"
        if state == "screen_only":
            return self.tr("Please scan the QR code or take a photo of this screen."), "note"
        return "", "note"

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.done.setText(self.tr("Done"))
        offer = self.offer
        if offer is None:
            return
        self.title.setText(offer.title(lang))
        self.text.setText(offer.text(lang))
        self.needs_label.setText(alt_text("alt_needs", lang))
        self.needs.setText(offer.needs(lang))
        self.hours.setText(offer.hours(lang))
        self.take_button.setText(offer.take_label(lang))
        self.counter_button.setText(offer.counter_label(lang))
        self.either.setText(alt_text("alt_either", lang))
        self.taken_title.setText(offer.title(lang))
        self.howto.setText(offer.howto(lang))
        self.taken_needs.setText(f"{alt_text('alt_needs', lang)}: {offer.needs(lang)}")
        self.taken_hours.setText(offer.hours(lang))
        url = offer.url
        self.qr_box.setVisible(url is not None)
        if url is not None:
            self.qr.setPixmap(qr_pixmap(url, QR_PX))
            self.scan.setText(alt_text("alt_scan", lang))
            self.qr.setAccessibleName("QR — " + self.scan.text())
            self.url.setText(url)
        self.no_ticket.setText(alt_text("alt_no_ticket", lang))
        text, level = self._status_text()
        self.status.show_text(text, level)
