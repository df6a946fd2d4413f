"""The counter for keyboard and screen-reader users (issue 21): the console, the sign-in page and every dialog.

Every control has a Japanese accessible name, every action that does not apply says so, and real Tab /
Shift+Tab presses reach every visible enabled control and come back round (nothing traps the focus).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QDialog

from tests.a11y import accessible_text, audit
from tests.counter.conftest import press, settle


def _check(root: Any, where: str, counts: dict[str, str]) -> None:
    a = audit(root)
    counts[where] = a.counts()
    assert not a.unnamed, f"{where}: no Japanese name: {a.unnamed}"
    assert not a.stuck, f"{where}: Tab / Shift+Tab never came back round (a focus trap)"
    assert not a.unreached, f"{where}: Tab never reaches {a.unreached}"
    assert not a.unreached_back, f"{where}: Shift+Tab never reaches {a.unreached_back}"


def _dialog(qtbot: Any, w: Any) -> QDialog:
    qtbot.waitUntil(lambda: w.dialog is not None and w.dialog.isVisible(), timeout=5000)
    d = w.dialog
    with qtbot.waitActive(d):
        d.activateWindow()
    return d


def _close(qtbot: Any, w: Any) -> None:
    w.dialog.reject()
    qtbot.waitUntil(lambda: w.dialog is None, timeout=5000)


def test_console_signin_and_every_dialog_are_named_and_reachable(qtbot, console, kiosk, clock):
    counts: dict[str, str] = {}
    kiosk.set_issuing("all", "open", now=clock())
    for _ in range(3):
        kiosk.issue("RES", now=clock())
    w = console(1)
    _check(w, "console idle", counts)
    w.queue_panel.table.selectRow(0)
    _check(w, "console with a row selected", counts)

    w.on_action("call_number")
    _check(_dialog(qtbot, w), "call-number dialog", counts)
    _close(qtbot, w)
    w.on_action("pause")
    _check(_dialog(qtbot, w), "pause dialog", counts)
    _close(qtbot, w)
    w.on_action("close")
    _check(_dialog(qtbot, w), "close dialog", counts)
    _close(qtbot, w)
    w.ask_services()
    _check(_dialog(qtbot, w), "services dialog", counts)
    _close(qtbot, w)

    press(qtbot, w, "call", "key")
    kiosk.raise_alert("kiosk-1", "paper", "用紙がありません", now=clock())
    qtbot.waitUntil(lambda: w.status.ack.isVisible(), timeout=5000)
    with qtbot.waitActive(w):
        w.activateWindow()
    _check(w, "console calling, with an alert", counts)
    w.on_action("transfer")
    _check(_dialog(qtbot, w), "transfer dialog", counts)
    _close(qtbot, w)

    w.show_signin()
    with qtbot.waitActive(w):
        w.activateWindow()
    _check(w, "sign-in", counts)
    print(counts)


def test_not_applicable_actions_and_outcomes_reach_a_screen_reader(qtbot, console, kiosk, clock):
    from counter.actions import NOT_APPLICABLE

    kiosk.set_issuing("all", "open", now=clock())
    kiosk.issue("RES", now=clock())
    w = console(1)
    bar = w.action_bar

    def said(name: str) -> str:
        b = bar.buttons[name]
        return accessible_text(b, QAccessible.Text.Name) + accessible_text(b, QAccessible.Text.Description)

    for name in bar.buttons:  # idle: each dashed button says so, each other does not
        assert (NOT_APPLICABLE in said(name)) == (not bar.available(name)), name
    press(qtbot, w, "call", "key")
    assert w.view is not None and w.view.state == "called"
    assert NOT_APPLICABLE in said("call") and NOT_APPLICABLE in said("call_number")
    assert NOT_APPLICABLE in said("close")
    # 不在 needs the office's recalls first: not applicable until then, and the reason is given
    need = w.config.queue.no_show_after_recalls
    assert need >= 1
    assert not bar.available("no_show") and "再呼出" in said("no_show")
    press(qtbot, w, "no_show", "key")  # still answered with the engine's reason, as text and announcement
    assert w.message.text().startswith("⚠")
    assert accessible_text(w.message, QAccessible.Text.Name) == w.message.text()
    for _ in range(need):
        press(qtbot, w, "recall", "key")
    assert bar.available("no_show") and NOT_APPLICABLE not in said("no_show")
    settle(qtbot, w)
