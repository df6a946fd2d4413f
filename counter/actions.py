"""The ten clerk actions, each a button with its F-key printed on it and an application-wide shortcut.

A button that does not apply now is drawn dashed and grey (not by colour alone), but it still reacts: the
engine is the authority and answers with a one-line reason, so a key press is never silently ignored. A press
while the previous action is still being saved (a double tap) is not run again; the console says so.
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
# what a screen reader hears for an action drawn dashed and grey
NOT_APPLICABLE = "いまは使えません"


def availability(counter_state: str, leg_state: str | None, recalls_short: int = 0) -> dict[str, bool]:
    """Which actions apply, from the counter state and the current ticket's leg state (None: no ticket).
    ``recalls_short``: how many more recalls the office wants before 不在 (queue.no_show_after_recalls)."""
    is_open = counter_state == "open"
    idle = leg_state is None
    called = leg_state == "called"
    active = leg_state in ("called", "serving")
    return {
        "call": is_open and idle,
        "recall": called,
        "no_show": called and recalls_short <= 0,
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
            self._name(b, spec, spec.label, True, "")
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

    def set_state(self, counter_state: str, leg_state: str | None, recalls_short: int = 0) -> None:
        avail = availability(counter_state, leg_state, recalls_short)
        pause = SPECS["pause"]
        pause_label = "再開" if counter_state == "paused" else "休止"
        self.buttons["pause"].setText(self._text(pause, pause_label))
        for name, b in self.buttons.items():
            value = "true" if avail[name] else "false"
            if b.property("available") != value:
                b.setProperty("available", value)
                b.style().unpolish(b)
                b.style().polish(b)
            # a screen reader hears what the dashed grey outline shows (the button stays pressable, so the
            # engine still answers with its reason); setAccessibleName sends Qt's NameChanged event itself
            spec = SPECS[name]
            label = pause_label if name == "pause" else spec.label
            why = ""
            if not avail[name]:
                why = (
                    f"再呼出をあと{recalls_short}回してから"
                    if name == "no_show" and recalls_short > 0
                    else ""
                )
            self._name(b, spec, label, avail[name], why)

    @staticmethod
    def _name(b: QPushButton, spec: ActionSpec, label: str, available: bool, why: str) -> None:
        name = f"{label}（{spec.key}）" + ("" if available else f"　{NOT_APPLICABLE}")
        description = spec.tip if available else f"{NOT_APPLICABLE}{'：' + why if why else ''}。{spec.tip}"
        if b.accessibleName() != name:
            b.setAccessibleName(name)
        if b.accessibleDescription() != description:
            b.setAccessibleDescription(description)

    def available(self, name: str) -> bool:
        return self.buttons[name].property("available") == "true"

    def set_enabled_all(self, enabled: bool) -> None:
        """Used while the database is unreachable: nothing can be written."""
        for b in self.buttons.values():
            b.setEnabled(enabled)
        for sc in self.shortcuts.values():
            sc.setEnabled(enabled)
