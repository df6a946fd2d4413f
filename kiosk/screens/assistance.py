"""Asking for help: wheelchair, hearing, vision, pregnancy, a small child, an interpreter.

The choice goes on the next ticket as ``access`` flags (and priority for some), which only the clerk's console
shows; it is never printed and never on a public display. It is forgotten after the ticket or at idle reset.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.flows.plan import ASSIST_CODES, clean_flags
from kiosk.screens.widgets import CHECK, WrapButton, button, even_columns, label, relayout, set_prop


class AssistanceScreen(QWidget):
    done = Signal(tuple)  # the chosen flags

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = "ja"
        self.flags: set[str] = set()
        self.title = label(role="title")
        self.lead = label(role="lead")
        self.privacy = label(role="lead")
        self.buttons: dict[str, QPushButton] = {}
        self.grid = QGridLayout()
        self.grid.setSpacing(16)
        for code in ASSIST_CODES:
            b = WrapButton(role="choice", name=f"assist_{code}")
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            b.setMinimumHeight(120)
            b.clicked.connect(lambda _=False, c=code: self.toggle(c))
            self.buttons[code] = b
        self.columns = 0
        self.set_columns(3)
        self.ok = button(role="action", name="assistDone")
        self.clear_button = button(name="assistClear")
        self.ok.clicked.connect(lambda: self.done.emit(clean_flags(self.flags)))
        self.clear_button.clicked.connect(self.clear)
        foot = QHBoxLayout()
        foot.setSpacing(16)
        foot.addWidget(self.clear_button, 1)
        foot.addWidget(self.ok, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(28, 16, 28, 20)
        lay.setSpacing(12)
        lay.addWidget(self.title)
        lay.addWidget(self.lead)
        lay.addWidget(self.privacy)
        lay.addLayout(self.grid, 1)
        lay.addLayout(foot)

    def set_columns(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for i, code in enumerate(ASSIST_CODES):
            self.grid.addWidget(self.buttons[code], i // columns, i % columns)
        even_columns(self.grid, columns)
        relayout(self)

    def set_flags(self, flags: tuple[str, ...]) -> None:
        self.flags = set(flags)
        self.retranslate(self.lang)

    def toggle(self, code: str) -> None:
        self.flags ^= {code}
        self.retranslate(self.lang)

    def clear(self) -> None:
        self.flags.clear()
        self.retranslate(self.lang)

    def _option_texts(self) -> dict[str, str]:
        return {
            "wheelchair": self.tr("I use a wheelchair"),
            "hearing": self.tr("I cannot hear the call well (staff will come to you)"),
            "vision": self.tr("I cannot see well"),
            "pregnancy": self.tr("I am pregnant"),
            "child": self.tr("I am with a baby or small child"),
            "interpreter": self.tr("I need an interpreter"),
        }

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.title.setText(self.tr("Do you need help?"))
        self.lead.setText(self.tr("Choose all that apply, then press OK."))
        self.privacy.setText(
            self.tr("Only the staff at the counter see this. It is not printed or shown in the hall.")
        )
        selected = self.tr("selected")
        for code, text in self._option_texts().items():
            b = self.buttons[code]
            on = code in self.flags
            b.setText(f"{CHECK} {text}" if on else text)
            b.setAccessibleName(f"{text} ({selected})" if on else text)
            set_prop(b, "chosen", "true" if on else "false")
        self.ok.setText(self.tr("OK"))
        self.clear_button.setText(self.tr("Clear all"))
