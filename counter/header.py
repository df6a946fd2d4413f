"""The header strip: counter name, clerk, counter state (in words), served services, 業務・担当変更, clock."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from counter.style import STATE_COLOURS, WHITE
from counter.texts import COUNTER_STATE_JA, short_queue_name
from shared.config import OfficeConfig
from shared.models import CounterInfo


class Header(QFrame):
    change_services = Signal()

    def __init__(self, config: OfficeConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.setObjectName("header")
        h = QHBoxLayout(self)
        h.setContentsMargins(16, 8, 16, 8)
        h.setSpacing(16)
        left = QVBoxLayout()
        left.setSpacing(2)
        self.counter = QLabel()
        self.counter.setProperty("role", "counter")
        self.services = QLabel()
        self.services.setProperty("role", "services")
        self.services.setWordWrap(True)
        left.addWidget(self.counter)
        left.addWidget(self.services)
        h.addLayout(left, 1)
        self.state = QLabel()
        self.state.setObjectName("state")
        h.addWidget(self.state)
        self.change = QPushButton("業務・担当変更")
        self.change.setProperty("tone", "plain")
        self.change.setToolTip("受け付ける業務や担当者（交代）を変えます（対応中の番号はそのまま）")
        self.change.clicked.connect(self.change_services.emit)
        h.addWidget(self.change)
        self.clock = QLabel()
        self.clock.setProperty("role", "counter")
        h.addWidget(self.clock)

    def set_counter(self, info: CounterInfo) -> None:
        clerk = f"　担当: {info.clerk}" if info.clerk else ""
        if self.counter.text() != f"{info.name}{clerk}":
            self.counter.setText(f"{info.name}{clerk}")
        names = (
            "・".join(short_queue_name(self.config, q) for q in info.services) or "（業務が選ばれていません）"
        )
        if self.services.text() != f"受付業務: {names}":
            self.services.setText(f"受付業務: {names}")
        word = COUNTER_STATE_JA.get(info.state, info.state)
        if info.state == "paused" and info.reason:
            word += f"（{info.reason}）"
        if self.state.text() != word:
            self.state.setText(word)
        if self.state.property("bg") != info.state:
            self.state.setProperty("bg", info.state)
            self.state.setStyleSheet(
                f"background: {STATE_COLOURS.get(info.state, '#2e2e2e')}; color: {WHITE};"
            )

    def set_clock(self, text: str) -> None:
        self.clock.setText(text)
