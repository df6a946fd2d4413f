"""Screens for when no ticket can be issued: the office is closed, or the database cannot be reached."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.screens.widgets import Banner, label
from kiosk.words import fmt
from shared.config import OfficeConfig
from shared.i18n import LOCALES
from shared.timeutil import TOKYO


def hhmm(t: object) -> str:
    return f"{t.hour}:{t.minute:02d}"  # type: ignore[attr-defined]


class ClosedScreen(QWidget):
    def __init__(self, config: OfficeConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.lang = "ja"
        self.next_open: datetime | None = None
        self.title = label(role="title", name="closedTitle", align=Qt.AlignmentFlag.AlignCenter)
        self.next_line = label(role="big", name="nextOpening", align=Qt.AlignmentFlag.AlignCenter)
        self.hours = label(align=Qt.AlignmentFlag.AlignCenter)
        self.web = Banner()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(60, 40, 60, 40)
        lay.setSpacing(28)
        lay.addStretch(1)
        lay.addWidget(self.title)
        lay.addWidget(self.next_line)
        lay.addWidget(self.hours)
        lay.addWidget(self.web)
        lay.addStretch(2)

    def set_next_opening(self, when: datetime | None) -> None:
        self.next_open = when
        self.retranslate(self.lang)

    def _date(self, when: datetime) -> str:
        from PySide6.QtCore import QLocale

        local = when.astimezone(TOKYO)
        loc = QLocale(LOCALES.get(self.lang, "ja_JP"))
        day = loc.toString(QDate(local.year, local.month, local.day), QLocale.FormatType.LongFormat)
        return f"{day} {local.hour}:{local.minute:02d}"

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.title.setText(self.tr("Sorry, we are closed now"))
        if self.next_open is not None:
            self.next_line.setText(fmt(self.tr("Tickets from: %1"), self._date(self.next_open)))
        else:
            self.next_line.setText(self.tr("Please check the opening days on the ward office website."))
        h = self.config.hours
        lines = [fmt(self.tr("Weekdays %1–%2"), hhmm(h.weekday[0]), hhmm(h.weekday[1]))]
        if h.saturday is not None and h.saturday_weeks:
            sep = "・" if lang.startswith("ja") or lang == "zh_hans" else ", "
            weeks = sep.join(str(w) for w in h.saturday_weeks)
            lines.append(
                fmt(
                    self.tr("Saturdays (week %3 of the month) %1–%2"),
                    hhmm(h.saturday[0]),
                    hhmm(h.saturday[1]),
                    weeks,
                )
            )
        if h.public_holidays:
            lines.append(self.tr("Closed on Sundays and public holidays"))
        if {"12-29", "01-03"} <= set(h.closed_dates):
            lines.append(self.tr("Closed for the New Year: 29 Dec – 3 Jan"))
        self.hours.setText("\n".join(lines))
        self.web.show_text(
            fmt(self.tr("You can check waiting times on your phone: %1"), self.config.base_url)
        )


class UnavailableScreen(QWidget):
    """Shown while the database is missing, locked for long, or unreadable; the window keeps retrying."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = "ja"
        self.detail_text = ""
        self.title = label(role="title", name="unavailableTitle", align=Qt.AlignmentFlag.AlignCenter)
        self.lead = label(role="big", align=Qt.AlignmentFlag.AlignCenter)
        self.detail = label(role="small", name="unavailableDetail", align=Qt.AlignmentFlag.AlignCenter)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(60, 40, 60, 40)
        lay.setSpacing(28)
        lay.addStretch(1)
        lay.addWidget(self.title)
        lay.addWidget(self.lead)
        lay.addWidget(self.detail)
        lay.addStretch(2)

    def set_detail(self, text: str) -> None:
        self.detail_text = text
        self.detail.setText(text)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.title.setText(self.tr("Sorry, tickets cannot be issued right now"))
        self.lead.setText(self.tr("Please ask a member of staff. This machine keeps trying to reconnect."))
