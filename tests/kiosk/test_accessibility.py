"""What a screen reader and a keyboard get from every kiosk screen, in Japanese and English.

Every interactive control (button, field) that is shown has a non-empty accessible name (QAccessible, what a
screen reader reads) in the UI's language; a disabled one reports "unavailable"; real Tab presses reach every
shown, enabled control and never stay inside one container.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QWidget

from kiosk.window import KioskWindow
from shared.i18n import LANG_LABELS
from tests.kiosk.test_layout import _prepare

SCREENS = [
    "home",
    "certificates",
    "lifeevents",
    "question",
    "assistance",
    "ticket",
    "closed",
    "checkin",
    "staff",
]
# words that are not English in a Japanese UI: the languages' own names, a ticket prefix, QR, PIN
_LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
_ALLOWED = {"English", "Tagalog", "Tiếng", "Việt", "Português", "QR", "PIN", "http", "https"}


def controls(w: KioskWindow) -> list[QWidget]:
    page = w.stack.currentWidget()
    roots = [w.langbar, page]
    out: list[QWidget] = []
    for root in roots:
        for c in root.findChildren(QWidget):
            if isinstance(c, (QAbstractButton, QLineEdit)) and c.isVisibleTo(w):
                out.append(c)
    return out


def name_of(c: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(c)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


def _lang_problem(name: str, lang: str, c: QWidget) -> bool:
    if lang != "ja":
        return False
    if c.objectName().startswith("lang_"):  # each language's own name, and "(selected)" in the UI's language
        name = name.replace(LANG_LABELS[c.objectName()[5:]], "")
    return any(word not in _ALLOWED for word in _LATIN_WORD.findall(name))


def tab_reached(w: KioskWindow, presses: int) -> set[QWidget]:
    """The controls real Tab presses land on, starting from the window."""
    w.activateWindow()
    w.setFocus()
    seen: set[QWidget] = set()
    for _ in range(presses):
        target = QApplication.focusWidget() or w
        QTest.keyClick(target, Qt.Key.Key_Tab)
        f = QApplication.focusWidget()
        if f is not None:
            seen.add(f)
    return seen


def audit(w: KioskWindow, lang: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {
        "unnamed": [],
        "wrong_language": [],
        "disabled_not_reported": [],
        "unreached": [],
    }
    shown = controls(w)
    for c in shown:
        name = name_of(c)
        label = c.objectName() or type(c).__name__
        if not name:
            found["unnamed"].append(label)
        elif _lang_problem(name, lang, c):
            found["wrong_language"].append(f"{label}: {name}")
        if label.startswith(("minus_", "plus_")):  # which certificate, and how many now
            row = w.certificates.rows[label.split("_", 1)[1]]
            if row.name.text() not in name or row.count.text() not in name:
                found["unnamed"].append(f"{label}: {name!r} names neither the certificate nor the count")
        iface = QAccessible.queryAccessibleInterface(c)
        if not c.isEnabled() and not iface.state().disabled:
            found["disabled_not_reported"].append(label)
    if w.current() == "ticket" and not name_of(w.ticket.qr):
        found["unnamed"].append("ticketQr")
    wanted = [c for c in shown if c.isEnabled() and c.focusPolicy() & Qt.FocusPolicy.TabFocus]
    reached = tab_reached(w, 2 * len(shown) + 5)
    found["unreached"] = [c.objectName() or type(c).__name__ for c in wanted if c not in reached]
    return found


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_control_is_named_and_reached(qtbot, make_kiosk, lang: str) -> None:
    w = make_kiosk()
    w.set_language(lang)
    problems: dict[str, list[str]] = {}
    totals = {"controls": 0, "named": 0, "reached": 0}
    for screen in SCREENS:
        _prepare(w, screen, lang)
        if screen == "staff":
            w.staff.pages.setCurrentIndex(0)  # the PIN pad first
            _check(w, lang, f"{screen}-pin", problems, totals)
            w.staff.pages.setCurrentIndex(1)
        _check(w, lang, screen, problems, totals)
    print(f"{lang}: {totals}")
    for k, v in problems.items():
        print(f"  {k}: {v}")
    assert problems == {}


def _check(w: KioskWindow, lang: str, where: str, problems: dict, totals: dict) -> None:
    for _ in range(3):
        QApplication.processEvents()
    found = audit(w, lang)
    n = len(controls(w))
    totals["controls"] += n
    totals["named"] += n - len(found["unnamed"])
    totals["reached"] += n - len(found["unreached"])
    for kind, items in found.items():
        if items:
            problems[f"{where}/{kind}"] = items
