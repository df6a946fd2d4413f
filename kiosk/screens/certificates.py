"""The certificate flow (書かない): pick the documents and the copies; the request travels with the ticket."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.flows.offer import Availability
from kiosk.screens.widgets import button, even_columns, label, relayout, set_prop
from kiosk.words import Words, fmt
from shared.config import Certificate, OfficeConfig
from shared.i18n import WORDS
from shared.qt.ruby_label import RubyLabel


class CertRow(QFrame):
    changed = Signal()

    def __init__(self, cert: Certificate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cert = cert
        self.setObjectName("row")
        self.copies = 0
        self.reason: str | None = None
        self.name = RubyLabel()  # 住民票 with じゅうみんひょう above it in やさしい日本語
        self.name.setProperty("role", "big")
        self.name.setStyleSheet("font-size: 30px;")
        self.sub = label(role="small")
        self.minus = button("−", role="stepper", name=f"minus_{cert.code}")
        self.plus = button("+", role="stepper", name=f"plus_{cert.code}")
        self.count = label(role="big", wrap=False, align=Qt.AlignmentFlag.AlignCenter)
        self.count.setStyleSheet("font-size: 32px;")
        self.count.setMinimumWidth(120)
        for b in (self.minus, self.plus):
            b.setMinimumSize(110, 96)
        self.minus.clicked.connect(lambda: self.step(-1))
        self.plus.clicked.connect(lambda: self.step(+1))
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self.name)
        text.addWidget(self.sub)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(18, 4, 12, 4)
        lay.setSpacing(10)
        lay.addLayout(text, 1)
        lay.addWidget(self.minus)
        lay.addWidget(self.count)
        lay.addWidget(self.plus)
        self.lang: str | None = None  # set by the screen's retranslate; until then the bare count
        self.names_tpl: tuple[str, str] | None = None  # the ± buttons' accessible names, set by retranslate

    def step(self, delta: int) -> None:
        if self.reason is not None and delta > 0:
            return
        new = max(0, min(self.cert.max_copies, self.copies + delta))
        if new != self.copies:
            self.copies = new
            self._refresh()
            self.changed.emit()

    def set_reason(self, reason: str | None) -> None:
        self.reason = reason
        if reason is not None:
            self.copies = 0
        set_prop(self, "off", "true" if reason is not None else "false")
        self._refresh()

    def _refresh(self) -> None:
        count = self.copies
        self.count.setText(str(count) if self.lang is None else WORDS.text("copies_n", self.lang, n=count))
        if self.names_tpl:  # what a screen reader says: the certificate and the count, not only "one less"
            less, more = self.names_tpl
            count_text = self.count.text()
            self.minus.setAccessibleName(fmt(less, self.name.text(), count_text))
            self.plus.setAccessibleName(fmt(more, self.name.text(), count_text))
        self.minus.setEnabled(self.copies > 0)
        self.plus.setEnabled(self.reason is None and self.copies < self.cert.max_copies)


class CertificatesScreen(QWidget):
    back = Signal()
    issue = Signal(dict)  # certificate code -> copies

    def __init__(self, config: OfficeConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.words = Words(self)
        self.lang = "ja"
        self.avail: Mapping[str, Availability] = {}
        self.title = label(role="title")
        self.lead = label(role="lead")
        self.rows: dict[str, CertRow] = {}
        self.grid = QGridLayout()
        self.grid.setSpacing(10)
        for c in config.certificates:
            row = CertRow(c)
            row.changed.connect(self._update)
            self.rows[c.code] = row
        self.columns = 0
        self.set_columns(2)
        self.summary = label(role="big")
        self.info = label(role="lead")
        self.back_button = button(name="certBack")
        self.issue_button = button(role="action", name="certIssue")
        self.back_button.clicked.connect(self.back.emit)
        self.issue_button.clicked.connect(self._issue)
        foot = QHBoxLayout()
        foot.setSpacing(16)
        foot.addWidget(self.back_button, 1)
        mid = QVBoxLayout()
        mid.addWidget(self.summary)
        mid.addWidget(self.info)
        foot.addLayout(mid, 2)
        foot.addWidget(self.issue_button, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(28, 16, 28, 20)
        lay.setSpacing(12)
        lay.addWidget(self.title)
        lay.addWidget(self.lead)
        lay.addLayout(self.grid, 1)  # no scrolling on a kiosk: every row fits (tests/kiosk/test_layout.py)
        lay.addLayout(foot)

    def set_columns(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for i, c in enumerate(self.config.certificates):
            self.grid.addWidget(self.rows[c.code], i // columns, i % columns)
        even_columns(self.grid, columns)
        relayout(self)

    def picks(self) -> dict[str, int]:
        return {code: row.copies for code, row in self.rows.items() if row.copies > 0}

    def reset(self) -> None:
        for row in self.rows.values():
            row.copies = 0
            row._refresh()
        self._update()

    def set_availability(self, avail: Mapping[str, Availability]) -> None:
        self.avail = avail
        for row in self.rows.values():
            a = avail.get(row.cert.service)
            row.set_reason(a.reason if a is not None else "closed")
        self.retranslate(self.lang)

    def _issue(self) -> None:
        picks = self.picks()
        if picks:
            self.issue.emit(picks)

    def _update(self) -> None:
        picks = self.picks()
        n_docs, n_copies = len(picks), sum(picks.values())
        self.issue_button.setEnabled(n_docs > 0)
        if n_docs:
            kinds = WORDS.text("kinds_n", self.lang, n=n_docs)
            self.summary.setText(
                fmt(self.tr("Chosen: %1, %2"), kinds, WORDS.text("copies_n", self.lang, n=n_copies))
            )
            first = next(row.cert.service for row in self.rows.values() if row.copies > 0)
            a = self.avail.get(first)
            self.info.setText(self.words.wait_line(a.waiting, a.wait, self.lang) if a else "")
        else:
            self.summary.setText(self.tr("Nothing chosen yet"))
            self.info.setText(self.tr("Press + to add copies"))

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.title.setText(self.tr("Which certificates do you need?"))
        self.lead.setText(
            self.tr(
                "Press + for each copy you need. You will not fill in a form: the counter sees your choice."
            )
        )
        for row in self.rows.values():
            names = row.cert.names
            row.name.set_lang(lang)
            row.name.setText(names.get(lang) or names["ja"])
            sub = names["ja"] if lang not in ("ja", "ja_easy") else ""
            if row.reason is not None:
                sub = (sub + "  ― " if sub else "― ") + self.words.reason(row.reason, lang)
            row.sub.setText(sub)
            row.sub.setVisible(bool(sub))
            row.lang = lang
            row.names_tpl = (self.tr("One copy less: %1, now %2"), self.tr("One copy more: %1, now %2"))
            row._refresh()
        self.back_button.setText(self.tr("← Back"))
        self.issue_button.setText(self.tr("Get my ticket"))
        self._update()
