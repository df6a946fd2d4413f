"""Status bar: this counter's served count and average service time today, and open kiosk/printer alerts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar, QWidget

from counter.texts import mm_ss
from shared.models import Alert
from shared.storage.counter_stats import CounterDayStats
from shared.timeutil import from_ts


def stats_text(s: CounterDayStats) -> str:
    text = f"本日この窓口: 完了 {s.served}件・平均対応 {mm_ss(s.avg_service_s)}"
    extra = []
    if s.transferred:
        extra.append(f"転送 {s.transferred}件")
    if s.no_show:
        extra.append(f"不在 {s.no_show}件")
    return text + (f"（{'・'.join(extra)}）" if extra else "")


def alerts_text(alerts: Sequence[Alert]) -> str:
    if not alerts:
        return ""
    latest = alerts[-1]
    more = f" ほか{len(alerts) - 1}件" if len(alerts) > 1 else ""
    return f"⚠ {from_ts(latest.ts).strftime('%H:%M')} {latest.source}: {latest.message}{more}"


class CounterStatusBar(QStatusBar):
    acknowledged = Signal(int)  # the alert a clerk has dealt with (e.g. paper replaced)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.stats = QLabel()
        self.stats.setObjectName("stats")
        self.alerts = QLabel()
        self.alerts.setObjectName("alerts")
        self.alerts.setProperty("active", "false")
        self.ack = QPushButton("対応済み")
        self.ack.setObjectName("ack")
        self.ack.setToolTip("この警告に対応したら押してください（発券機の用紙交換など）")
        self.ack.setAccessibleName("警告を対応済みにする")
        self.ack.clicked.connect(self._ack)
        self.ack.hide()
        self.restart = QLabel()  # a new office-profile version this console can only take after a restart
        self.restart.setObjectName("restart")
        self.restart.hide()
        self._latest: int | None = None
        self.addWidget(self.stats)
        self.addWidget(self.alerts, 1)
        self.addPermanentWidget(self.restart)
        self.addPermanentWidget(self.ack)

    def set_restart(self, text: str | None) -> None:
        self.restart.setText(text or "")
        self.restart.setVisible(bool(text))

    def _ack(self) -> None:
        if self._latest is not None:
            self.acknowledged.emit(self._latest)

    def set_stats(self, stats: CounterDayStats) -> None:
        text = stats_text(stats)
        if self.stats.text() != text:
            self.stats.setText(text)

    def set_alerts(self, alerts: Sequence[Alert]) -> None:
        self._latest = alerts[-1].id if alerts else None
        self.ack.setVisible(bool(alerts))
        text = alerts_text(alerts)
        if self.alerts.text() == text and self.alerts.isHidden() != bool(alerts):
            return
        self.alerts.setText(text)
        self.alerts.setToolTip(
            "\n".join(
                f"{from_ts(a.ts).strftime('%H:%M')} {a.source}（{a.kind}）: {a.message}" for a in alerts
            )
        )
        active = "true" if alerts else "false"
        if self.alerts.property("active") != active:
            self.alerts.setProperty("active", active)
            self.alerts.style().unpolish(self.alerts)
            self.alerts.style().polish(self.alerts)
        self.alerts.setVisible(bool(alerts))
