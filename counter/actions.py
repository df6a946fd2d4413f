"""The ten clerk actions, each a button with its F-key printed on it and an application-wide shortcut.

A button that does not apply now is drawn dashed and grey (not by colour alone), but it still reacts: the
engine is the authority and answers with a one-line reason, so a key press is never silently ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget


@dataclass(frozen=True)
class ActionSpec:
    name: str
    key: str
    label: str
    tone: str = "normal"  # normal | primary | caution
    tip: str = ""


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("call", "F1", "呼出", "primary", "次の方を呼び出します（呼出順のルールどおり）"),
    ActionSpec("recall", "F2", "再呼出", tip="同じ番号をもう一度呼び出します"),
    ActionSpec("no_show", "F3", "不在", "caution", "呼んでも来られない方を不在にします（再呼出の後）"),
    ActionSpec("start", "F4", "受付開始", tip="来られた方の受付を始めます"),
    ActionSpec("hold", "F5", "保留", tip="記入・書類の用意のあいだ保留にします（呼出は飛ばします）"),
    ActionSpec(
        "transfer", "F6", "転送", tip="同じ番号のまま、ほかの業務へ回します（完了後の手続きの追加も）"
    ),
    ActionSpec("finish", "F7", "完了", "primary", "完了：次の手続き・交付待ちへ、または終了"),
    ActionSpec("call_number", "F8", "番号指定", tip="番号を指定して呼び出します（保留中の方も）"),
    ActionSpec("pause", "F9", "休止", tip="窓口を休止します（理由を選択）／休止中なら再開"),
    ActionSpec("close", "F10", "閉局", "caution", "窓口を閉じます"),
)
SPECS = {a.name: a for a in ACTIONS}


def availability(counter_state: str, leg_state: str | None) -> dict[str, bool]:
    """Which actions apply, from the counter state and the current ticket's leg state (None: no ticket)."""
    is_open = counter_state == "open"
    idle = leg_state is None
    called = leg_state == "called"
    active = leg_state in ("called", "serving")
    return {
        "call": is_open and idle,
        "recall": called,
        "no_show": called,
        "start": called,
        "hold": active,
        "transfer": active,
        "finish": active,
        "call_number": is_open and idle,
        "pause": counter_state in ("open", "paused"),
        "close": counter_state != "closed" and idle,
    }


class ActionBar(QWidget):
    triggered = Signal(str)

    def __init__(self, shortcut_parent: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: dict[str, QPushButton] = {}
        self.shortcuts: dict[str, QShortcut] = {}
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(8)
        for spec in ACTIONS:
            b = QPushButton(self._text(spec, spec.label))
            b.setObjectName("action")
            b.setProperty("tone", spec.tone)
            b.setProperty("available", "true")
            b.setToolTip(f"{spec.key}: {spec.tip}")
            b.setAccessibleName(f"{spec.label}（{spec.key}）")
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            b.clicked.connect(lambda _=False, n=spec.name: self.triggered.emit(n))
            sc = QShortcut(QKeySequence(spec.key), shortcut_parent)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(lambda n=spec.name: self.triggered.emit(n))
            self.buttons[spec.name] = b
            self.shortcuts[spec.name] = sc
        self.set_columns(len(ACTIONS))

    @staticmethod
    def _text(spec: ActionSpec, label: str) -> str:
        return f"{spec.key}\n{label}"

    def set_columns(self, columns: int) -> None:
        for b in self.buttons.values():
            self._grid.removeWidget(b)
        for i, spec in enumerate(ACTIONS):
            self._grid.addWidget(self.buttons[spec.name], i // columns, i % columns)

    def set_state(self, counter_state: str, leg_state: str | None) -> None:
        avail = availability(counter_state, leg_state)
        pause = SPECS["pause"]
        self.buttons["pause"].setText(self._text(pause, "再開" if counter_state == "paused" else "休止"))
        for name, b in self.buttons.items():
            value = "true" if avail[name] else "false"
            if b.property("available") != value:
                b.setProperty("available", value)
                b.style().unpolish(b)
                b.style().polish(b)

    def available(self, name: str) -> bool:
        return self.buttons[name].property("available") == "true"

    def set_enabled_all(self, enabled: bool) -> None:
        """Used while the database is unreachable: nothing can be written."""
        for b in self.buttons.values():
            b.setEnabled(enabled)
        for sc in self.shortcuts.values():
            sc.setEnabled(enabled)
