"""Check-in for tickets taken on the web: scan the phone's QR at the reader, or type the ticket number."""

from __future__ import annotations

import time
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.screens.widgets import Banner, Keypad, button, label

SCAN_GAP_S = 0.5  # a barcode reader "types" far faster; a longer pause starts a new scan


class CheckinScreen(QWidget):
    back = Signal()
    submitted = Signal(str)

    def __init__(self, letters: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = "ja"
        self.title = label(role="title")
        self.lead = label(role="lead")
        self.field = QLineEdit()
        self.field.setObjectName("checkinField")
        self.field.setMaxLength(300)
        self.field.returnPressed.connect(self._submit)
        self.keypad = Keypad(letters, columns=12)
        self.keypad.key.connect(lambda k: self.field.insert(k))
        self.keypad.backspace.connect(self.field.backspace)
        self.keypad.cleared.connect(self.field.clear)
        self.result = Banner()
        self.back_button = button(name="checkinBack")
        self.ok = button(role="action", name="checkinOk")
        self.back_button.clicked.connect(self.back.emit)
        self.ok.clicked.connect(self._submit)
        foot = QHBoxLayout()
        foot.setSpacing(16)
        foot.addWidget(self.back_button, 1)
        foot.addWidget(self.ok, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(28, 16, 28, 20)
        lay.setSpacing(14)
        lay.addWidget(self.title)
        lay.addWidget(self.lead)
        lay.addWidget(self.field)
        lay.addWidget(self.result)
        lay.addWidget(self.keypad)
        lay.addStretch(1)
        lay.addLayout(foot)

    def set_portrait(self, portrait: bool) -> None:
        self.keypad.set_columns(6 if portrait else 12)

    def reset(self) -> None:
        self.field.clear()
        self.result.clear()

    def focus(self) -> None:
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _submit(self) -> None:
        text = self.field.text().strip()
        if text:
            self.submitted.emit(text)

    def show_result(self, text: str, level: str = "note") -> None:
        self.result.show_text(text, level)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.title.setText(self.tr("Got a ticket online or a booking?"))
        self.lead.setText(
            self.tr(
                "Hold the QR code on your phone to the reader, or type your ticket number (for example W012) "
                "or your 8-digit booking number."
            )
        )
        self.field.setPlaceholderText(self.tr("Ticket number"))
        self.field.setAccessibleName(self.field.placeholderText())  # a placeholder is no name
        self.keypad.set_texts(self.tr("Delete"), self.tr("Clear"))
        self.back_button.setText(self.tr("← Back"))
        self.ok.setText(self.tr("Check in"))


class ScanCapture(QObject):
    """Collects what a keyboard-wedge barcode reader types while no text field has focus; Enter ends a scan.

    The window's application-wide event filter hands it every key press, so a visitor can scan their web
    ticket on any screen without a tap first.
    """

    scanned = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.buffer = ""
        self.last = 0.0
        self.enabled = True

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if not self.enabled or event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit):
            return False
        # A key travels from the focus widget up to the window: count it once, where it starts.
        starts_here = obj is focus if focus is not None else isinstance(obj, QWidget) and obj.isWindow()
        if not starts_here:
            return False
        now = time.monotonic()
        if now - self.last > SCAN_GAP_S:
            self.buffer = ""
        self.last = now
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            text, self.buffer = self.buffer.strip(), ""
            if len(text) >= 3:
                self.scanned.emit(text)
                return True
            return False
        ch = event.text()
        if ch and ch.isprintable():
            self.buffer += ch
            return True
        return False
