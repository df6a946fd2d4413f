"""The top bar: the office's name in the visitor's language and the date and time."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from kiosk.screens.widgets import label
from shared.i18n import LOCALES
from shared.timeutil import TOKYO

_WEEKDAYS = {"ja": "月火水木金土日", "ja_easy": "月火水木金土日"}
_ZH_WEEKDAYS = "一二三四五六日"  # 周二, not 「(二)」


def clock_text(now: datetime, lang: str) -> str:
    """ "11月24日(火) 10:00", "Tue 24 Nov 10:00", "11월 24일 (화) 10:00" … in Tokyo time."""
    local = now.astimezone(TOKYO)
    wd = local.weekday()
    if lang in _WEEKDAYS:
        return f"{local.month}月{local.day}日({_WEEKDAYS[lang][wd]}) {local:%H:%M}"
    if lang == "zh_hans":
        return f"{local.month}月{local.day}日 周{_ZH_WEEKDAYS[wd]} {local:%H:%M}"
    loc = QLocale(LOCALES.get(lang, "en_US"))
    long_day = QLocale.FormatType.LongFormat
    if lang in ("tl", "ne"):  # tl: "Mar 24 Nob" reads as March; ne: ASCII digits only, as the time and slip
        day = f"{loc.dayName(wd + 1, long_day)}, {loc.monthName(local.month, long_day)} {local.day}"
    elif lang == "ko":
        day = f"{local.month}월 {local.day}일 ({loc.dayName(wd + 1, QLocale.FormatType.ShortFormat)})"
    else:
        day = loc.toString(QDate(local.year, local.month, local.day), "ddd d MMM")
    return f"{day} {local:%H:%M}"


class Header(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self.office = label(name="office", wrap=False)
        self.clock = label(name="clock", wrap=False, align=Qt.AlignmentFlag.AlignRight)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(28, 10, 28, 10)
        lay.addWidget(self.office, 1)
        lay.addWidget(self.clock)

    def show_texts(self, office: str, now: datetime, lang: str) -> None:
        self.office.setText(office)
        self.clock.setText(clock_text(now, lang))
