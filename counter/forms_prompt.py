"""書かない: the inline count of forms the visitor wrote by hand for this step, logged when 完了 is pressed.

One line above the F-keys while a life-event or route step is at the counter: 「手書きの申請書 0 枚」. It starts
at 0; one digit key (0–9, main row or keypad) changes it; F7 完了 records it on the finished event. Nothing opens
and nothing waits for it. A step whose request was captured at the kiosk says so and still starts at 0. For a
service the office marks ``form_free`` (and for steps nobody asks about) the line is not shown.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

ASKED = ("ask", "kiosk")  # engine.QueueEngine.forms_question's answers that show the prompt
HINT = "0〜9 キーで変更・F7 完了で記録"
KIOSK_NOTE = "発券機・Web で申請済み（書かない）"


class FormsPrompt(QWidget):
    changed = Signal(int)

    def __init__(self, shortcut_parent: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formsPrompt")
        self._leg: int | None = None
        self._how: str | None = None
        self._count = 0
        h = QHBoxLayout(self)
        h.setContentsMargins(0, 0, 0, 0)
        h.setSpacing(8)
        self.caption = QLabel("手書きの申請書")
        self.count = QLabel("0 枚")
        self.count.setObjectName("formsCount")
        self.note = QLabel(HINT)
        self.note.setObjectName("formsHint")
        h.addWidget(self.caption)
        h.addWidget(self.count)
        h.addWidget(self.note, 1)
        self.shortcuts: list[QShortcut] = []
        font = self.count.font()
        font.setBold(True)
        self.count.setFont(font)
        for n in range(10):  # the keypad's digits match these too (Qt drops the keypad modifier)
            sc = QShortcut(QKeySequence(str(n)), shortcut_parent)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(lambda n=n: self.set_count(n))
            self.shortcuts.append(sc)
        self.hide()

    def set_leg(self, leg_id: int | None, how: str | None) -> None:
        """The step now at the counter and how its forms are recorded (None: no step, or nothing asked)."""
        asked = leg_id is not None and how in ASKED
        if leg_id != self._leg or how != self._how:
            self._leg, self._how, self._count = leg_id, how, 0
            self._render()
        self.setVisible(asked)

    def set_count(self, n: int) -> None:
        if not self.isVisible() or not 0 <= n <= 9:
            return
        self._count = n
        self._render()
        self.changed.emit(n)

    def value(self) -> int | None:
        """The count to log with 完了, or None where nothing is asked."""
        return self._count if self._leg is not None and self._how in ASKED else None

    def _render(self) -> None:
        self.count.setText(f"{self._count} 枚")
        note = f"{KIOSK_NOTE}・{HINT}" if self._how == "kiosk" else HINT
        self.note.setText(note)
        self.setAccessibleName(f"手書きの申請書 {self._count} 枚。{note}")
