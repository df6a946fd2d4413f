"""What a screen reader and a keyboard get from a Qt widget tree: names through ``QAccessible`` (the same
interface a screen reader reads), reachability through real Tab / Shift+Tab key presses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def accessible_text(w: QWidget, kind: QAccessible.Text) -> str:
    iface = QAccessible.queryAccessibleInterface(w)
    return iface.text(kind) if iface is not None else ""


def interactive(root: QWidget) -> list[QWidget]:
    """Visible controls a keyboard user should reach: Tab-focusable widgets and buttons (a focus proxy's
    owner counts through its proxy)."""
    out = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) or w.focusProxy() is not None or w.isWindow() and w is not root:
            continue
        tab = bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus)
        if tab or isinstance(w, QAbstractButton):
            out.append(w)
    return out


def describe(w: QWidget) -> str:
    return f"{type(w).__name__}({w.objectName() or accessible_text(w, QAccessible.Text.Name)!r})"


@dataclass
class Audit:
    controls: list[QWidget] = field(default_factory=list)
    unnamed: list[str] = field(default_factory=list)  # no name, or not in Japanese
    unreached: list[str] = field(default_factory=list)  # visible, enabled, never focused by Tab
    unreached_back: list[str] = field(default_factory=list)  # ... nor by Shift+Tab
    stuck: bool = False  # Tab never came back to where it started: a trap

    @property
    def named(self) -> int:
        return len(self.controls) - len(self.unnamed)

    @property
    def reachable(self) -> int:
        return len(self.controls) - len(self.unreached)

    def counts(self) -> str:
        return f"controls {len(self.controls)}, named {self.named}, reachable {self.reachable}"


def _walk(start: QWidget, key: Qt.Key, presses: int) -> tuple[set[int], bool]:
    seen: set[int] = set()
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    back = False
    for _ in range(presses):
        target = QApplication.focusWidget() or start
        QTest.keyClick(target, key)
        fw = QApplication.focusWidget()
        if fw is None:
            break
        seen.add(id(fw))
        if fw is start and len(seen) > 1:
            back = True
            break
    return seen, back


def audit(root: QWidget) -> Audit:
    """Every visible control of ``root`` (a window or dialog, active): named in Japanese, and reached by Tab
    and by Shift+Tab, which must also come back round (leave every container, the table included)."""
    a = Audit(controls=interactive(root))
    for w in a.controls:
        name = accessible_text(w, QAccessible.Text.Name).strip()
        if not name or not JAPANESE.search(name):
            a.unnamed.append(describe(w))
    targets = [w for w in a.controls if w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    if not targets:
        return a
    presses = 3 * len(targets) + 10
    fwd, back = _walk(targets[0], Qt.Key.Key_Tab, presses)
    bwd, back2 = _walk(targets[0], Qt.Key.Key_Backtab, presses)
    a.stuck = not (back and back2)
    a.unreached = [describe(w) for w in targets if id(w) not in fwd | {id(targets[0])}]
    a.unreached_back = [describe(w) for w in targets if id(w) not in bwd | {id(targets[0])}]
    return a
