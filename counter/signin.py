"""Sign-in page: pick the counter, an optional clerk name, and the services it serves now, then 開局."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter.service_picker import ServicePicker
from counter.texts import COUNTER_STATE_JA
from shared.config import OfficeConfig
from shared.engine import CLERK_MAX
from shared.models import CounterInfo


class SignInPage(QWidget):
    sign_in = Signal(int, str, tuple)  # counter, clerk ('' = none), services

    def __init__(self, config: OfficeConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self._infos: dict[int, CounterInfo] = {}
        self._current: dict[int, str] = {}
        self.outer = outer = QVBoxLayout(self)
        outer.setContentsMargins(60, 40, 60, 40)  # less on a short screen (resizeEvent)
        box = QFrame()
        box.setObjectName("panel")
        outer.addWidget(box, 1)
        v = QVBoxLayout(box)
        v.setContentsMargins(32, 24, 32, 24)
        v.setSpacing(14)
        title = QLabel(f"{config.name.get('ja', '')}　窓口を開く")
        title.setProperty("role", "heading")  # 32 px, scaled with the console (counter/style.py)
        v.addWidget(title)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.counter = QComboBox()
        self.counter.setAccessibleName("窓口")
        self.counter.currentIndexChanged.connect(self._counter_changed)
        form.addRow("窓口", self.counter)
        self.clerk = QLineEdit()
        self.clerk.setPlaceholderText("担当者名（任意・画面と記録に残ります）")
        self.clerk.setMaxLength(CLERK_MAX)
        self.clerk.setAccessibleName("担当者名")
        form.addRow("担当", self.clerk)
        v.addLayout(form)
        self.counter_note = QLabel()
        self.counter_note.setWordWrap(True)
        self.counter_note.setProperty("role", "caption")
        v.addWidget(self.counter_note)
        sub = QLabel("この窓口で受け付ける業務")
        sub.setProperty("role", "title")
        v.addWidget(sub)
        self.picker = ServicePicker(config)
        v.addWidget(self.picker)
        self.error = QLabel()
        self.error.setObjectName("message")
        self.error.setProperty("kind", "error")
        self.error.hide()
        v.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        self.open_button = QPushButton("開局して受付を始める（Enter）")
        self.open_button.setProperty("tone", "primary")
        self.open_button.setObjectName("open")  # 64 px tall, scaled with the console
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.submit)
        row.addWidget(self.open_button)
        v.addLayout(row)
        v.addStretch(1)

    def load(
        self,
        counters: Sequence[CounterInfo],
        current: Mapping[int, str],
        choose: int | None = None,
        clerk: str | None = None,
    ) -> None:
        """Fill the counter list from the DB; ``current`` maps counter -> the ticket it holds."""
        keep = choose if choose is not None else self.counter.currentData()
        self._infos = {c.number: c for c in counters}
        self._current = dict(current)
        self.counter.blockSignals(True)
        self.counter.clear()
        for c in counters:
            self.counter.addItem(self._item_text(c), c.number)
        i = self.counter.findData(keep) if keep is not None else 0
        self.counter.setCurrentIndex(max(0, i))
        self.counter.blockSignals(False)
        self._counter_changed()
        if clerk:
            self.clerk.setText(clerk[:CLERK_MAX])
        self.error.hide()

    def update_states(self, counters: Sequence[CounterInfo], current: Mapping[int, str]) -> None:
        """A live update from another process: refresh the state words only; the clerk's choices stay."""
        self._infos = {c.number: c for c in counters}
        self._current = dict(current)
        for c in counters:
            i = self.counter.findData(c.number)
            if i >= 0:
                self.counter.setItemText(i, self._item_text(c))
        self._update_note()

    def _item_text(self, c: CounterInfo) -> str:
        state = COUNTER_STATE_JA.get(c.state, c.state)
        extra = f"・{self._current[c.number]} 対応中" if c.number in self._current else ""
        return f"{c.name}　［{state}{extra}］"

    def _counter_changed(self, *_: object) -> None:
        n = self.counter.currentData()
        if n is None:
            return
        info = self._infos.get(n)
        try:
            default = self.config.counter(n).services
        except KeyError:
            default = ()
        self.picker.set_default(default)
        self.picker.set_selected(info.services if info and info.services else default)
        if info and info.state != "closed" and info.clerk and not self.clerk.text():
            self.clerk.setText(info.clerk)
        self._update_note()

    def _update_note(self) -> None:
        n = self.counter.currentData()
        info = self._infos.get(n) if n is not None else None
        notes = []
        if info and info.state != "closed":
            who = f"（担当: {info.clerk}）" if info.clerk else ""
            notes.append(
                f"この窓口は現在「{COUNTER_STATE_JA.get(info.state, info.state)}」です{who}。"
                "開くと引き継ぎます。"
            )
        if n in self._current:
            notes.append(f"対応中の番号 {self._current[n]} をそのまま引き継ぎます。")
        self.counter_note.setText("".join(notes))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def submit(self) -> None:
        n = self.counter.currentData()
        services = self.picker.selected()
        if n is None:
            self.show_error("窓口を選んでください")
            return
        if not services:
            self.show_error("受け付ける業務を1つ以上選んでください")
            return
        self.error.hide()
        self.sign_in.emit(int(n), self.clerk.text().strip(), services)

    def fit_height(self, window_height: int) -> None:
        """Margins for the console's height (the window calls this, shown page or not: a hidden page's
        minimum size still counts for the window's)."""
        short = window_height < 900  # a 1366×768 clerk PC: the form, not the margins, gets the height
        self.outer.setContentsMargins(*((24, 12, 24, 12) if short else (60, 40, 60, 40)))

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
            return
        super().keyPressEvent(event)
