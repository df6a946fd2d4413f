"""The life-event flow (回らない): pick the event, answer its yes/no questions, see the route, get one ticket."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.flows.offer import Availability, bundle_reason
from kiosk.flows.plan import UNSURE, BundlePlan, plan_bundle
from kiosk.screens.widgets import Banner, WrapButton, button, even_columns, label, relayout
from kiosk.words import Words, fmt
from shared.config import Bundle, OfficeConfig


class LifeEventsScreen(QWidget):
    back = Signal()
    issue = Signal(object)  # BundlePlan

    def __init__(self, config: OfficeConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.words = Words(self)
        self.lang = "ja"
        self.avail: Mapping[str, Availability] = {}
        self.bundle: Bundle | None = None
        self.answers: dict[int, bool | str] = {}
        self.asked: list[int] = []  # indexes of the steps with a question
        self.position = 0
        self.plan: BundlePlan | None = None
        self.pages = QStackedWidget()

        # page 0: which life event
        self.pick_title = label(role="title")
        self.pick_lead = label(role="lead")
        self.event_grid = QGridLayout()
        self.event_grid.setSpacing(16)
        self.event_buttons: dict[str, QPushButton] = {}
        for b in config.bundles:
            eb = WrapButton(role="choice", name=f"event_{b.code}")
            eb.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            eb.setMinimumHeight(130)
            eb.clicked.connect(lambda _=False, code=b.code: self.start(code))
            self.event_buttons[b.code] = eb
        self.columns = 0
        self.set_columns(3)
        self.pick_back = button(name="eventsBack")
        self.pick_back.clicked.connect(self.back.emit)
        pick = QWidget()
        lay = QVBoxLayout(pick)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(12)
        lay.addWidget(self.pick_title)
        lay.addWidget(self.pick_lead)
        lay.addLayout(self.event_grid, 1)
        lay.addWidget(self.pick_back, 0, Qt.AlignmentFlag.AlignLeft)
        self.pages.addWidget(pick)

        # page 1: one yes/no question
        self.q_event = label(role="lead")
        self.q_count = label(role="lead")
        self.question = label(role="title", name="question")
        # three equal answers: 「はい」 is not a green primary next to a grey 「いいえ」, and 「わからない」 keeps the step
        self.yes = button(role="answer", name="answerYes")
        self.no = button(role="answer", name="answerNo")
        self.unsure = button(role="answer", name="answerUnsure")
        for b in (self.yes, self.no, self.unsure):
            b.setMinimumHeight(150)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.yes.clicked.connect(lambda: self.answer(True))
        self.no.clicked.connect(lambda: self.answer(False))
        self.unsure.clicked.connect(lambda: self.answer(UNSURE))
        self.q_back = button(name="questionBack")
        self.q_back.clicked.connect(self.step_back)
        for b in (self.pick_back, self.q_back):
            b.setMinimumWidth(300)
        answers = QHBoxLayout()
        answers.setSpacing(24)
        answers.addWidget(self.yes)
        answers.addWidget(self.no)
        answers.addWidget(self.unsure)
        ask = QWidget()
        lay = QVBoxLayout(ask)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(18)
        lay.addWidget(self.q_event)
        lay.addWidget(self.q_count)
        lay.addWidget(self.question)
        lay.addStretch(1)
        lay.addLayout(answers)
        lay.addStretch(1)
        lay.addWidget(self.q_back, 0, Qt.AlignmentFlag.AlignLeft)
        self.pages.addWidget(ask)

        # page 2: the route
        self.r_title = label(role="title")
        self.r_lead = label(role="lead")
        self.route = label(role="big", name="route")
        self.left_out = Banner()
        self.r_back = button(name="routeBack")
        self.r_back.clicked.connect(self.step_back)
        self.r_issue = button(role="action", name="routeIssue")
        self.r_issue.clicked.connect(self._issue)
        foot = QHBoxLayout()
        foot.setSpacing(16)
        foot.addWidget(self.r_back, 1)
        foot.addWidget(self.r_issue, 2)
        confirm = QWidget()
        lay = QVBoxLayout(confirm)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(14)
        lay.addWidget(self.r_title)
        lay.addWidget(self.r_lead)
        lay.addWidget(self.route)
        lay.addWidget(self.left_out)
        lay.addStretch(1)
        lay.addLayout(foot)
        self.pages.addWidget(confirm)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 16, 28, 20)
        outer.addWidget(self.pages)

    # -- layout and state ---------------------------------------------------------------------------------
    def set_columns(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for i, b in enumerate(self.config.bundles):
            self.event_grid.addWidget(self.event_buttons[b.code], i // columns, i % columns)
        even_columns(self.event_grid, columns)
        relayout(self)

    def reset(self) -> None:
        self.bundle, self.answers, self.asked, self.position, self.plan = None, {}, [], 0, None
        self.pages.setCurrentIndex(0)
        self.retranslate(self.lang)

    def set_availability(self, avail: Mapping[str, Availability]) -> None:
        self.avail = avail
        self.retranslate(self.lang)

    def start(self, code: str) -> None:
        self.bundle = self.config.bundle(code)
        self.answers = {}
        self.asked = [i for i, s in enumerate(self.bundle.steps) if s.ask is not None]
        self.position = 0
        self._show_step()

    def answer(self, yes: bool | str) -> None:
        """``True``, ``False`` or ``UNSURE`` (「わからない」) for the current question."""
        if self.bundle is None or self.position >= len(self.asked):
            return
        self.answers[self.asked[self.position]] = yes
        self.position += 1
        self._show_step()

    def step_back(self) -> None:
        if self.bundle is None:
            self.back.emit()
            return
        if self.position == 0:
            self.reset()
            return
        self.position -= 1
        self._show_step()

    def _show_step(self) -> None:
        if self.bundle is None:
            return
        if self.position < len(self.asked):
            self.pages.setCurrentIndex(1)
        else:
            reasons = {code: a.reason for code, a in self.avail.items()}
            names = {s.code: s.names["ja"] for s in self.config.services}
            self.plan = plan_bundle(self.bundle, self.answers, reasons, names)
            self.pages.setCurrentIndex(2)
        self.retranslate(self.lang)

    def _issue(self) -> None:
        if self.plan is not None:
            self.issue.emit(self.plan)

    # -- texts --------------------------------------------------------------------------------------------
    def _service_name(self, code: str) -> str:
        try:
            return self.config.service(code).name(self.lang)
        except KeyError:
            return code

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.pick_title.setText(self.tr("What happened?"))
        self.pick_lead.setText(
            self.tr(
                "Choose one. A few yes/no questions follow, then you get one ticket that "
                "takes you through every section."
            )
        )
        for b in self.config.bundles:
            eb = self.event_buttons[b.code]
            reason = bundle_reason(b, self.avail) if self.avail else None
            text = b.names.get(lang) or b.names["ja"]
            if reason is not None:
                text += "\n― " + self.words.reason(reason, self.lang)
            eb.setText(text)
            eb.setEnabled(reason is None)
        self.pick_back.setText(self.tr("← Back"))
        self.q_back.setText(self.tr("← Back"))
        self.r_back.setText(self.tr("← Back"))
        self.yes.setText(self.tr("Yes"))
        self.no.setText(self.tr("No"))
        self.unsure.setText(self.tr("Not sure"))
        bundle = self.bundle
        if bundle is not None:
            self.q_event.setText(bundle.names.get(lang) or bundle.names["ja"])
            if self.position < len(self.asked):
                step = bundle.steps[self.asked[self.position]]
                ask = step.ask or {}
                self.question.setText(ask.get(lang) or ask.get("ja", ""))
                self.q_count.setText(fmt(self.tr("Question %1 of %2"), self.position + 1, len(self.asked)))
        self.r_title.setText(self.tr("Your route"))
        self.r_lead.setText(
            self.tr("One ticket for all of these, in this order. Each section calls the same number.")
        )
        self.r_issue.setText(self.tr("Get my ticket"))
        plan = self.plan
        if plan is not None:
            lines = []
            for i, code in enumerate(plan.route, start=1):
                a = self.avail.get(code)
                wait = f"  ({self.words.waiting(a.waiting)})" if a is not None and i == 1 else ""
                lines.append(f"{i}. {self._service_name(code)}{wait}")
            self.route.setText("\n".join(lines))
            if plan.left_out:
                names = (
                    "、".join(self._service_name(code) for code, _ in plan.left_out)
                    if lang.startswith("ja")
                    else ", ".join(self._service_name(code) for code, _ in plan.left_out)
                )
                self.left_out.show_text(
                    fmt(self.tr("Not possible today: %1. Please ask at the counter."), names)
                )
            else:
                self.left_out.clear()
            self.r_issue.setEnabled(bool(plan.route))
