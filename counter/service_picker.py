"""Choose the service queues a counter serves: a checkbox per queue (incl. 交付 queues) and ready-made groups.

The merged certificate window (証明発行窓口の統合) comes from ``[merged_windows]`` in the office profile.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from counter.texts import queue_name
from shared.config import OfficeConfig
from shared.models import pickup_queue


def all_queues(config: OfficeConfig) -> list[str]:
    """Every queue in profile order, each 交付 queue right after its service."""
    out = []
    for s in config.services:
        out.append(s.code)
        if s.pickup:
            out.append(pickup_queue(s.code))
    return out


def preset_label(config: OfficeConfig, key: str) -> str:
    for g in config.groups:
        if g.code == key:
            return f"{g.names['ja']}窓口の統合"
    return f"{key}（まとめて）"


class ServicePicker(QWidget):
    changed = Signal()

    def __init__(self, config: OfficeConfig, parent: QWidget | None = None, columns: int = 2) -> None:
        super().__init__(parent)
        self.config = config
        self.default: tuple[str, ...] = ()
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        presets = QHBoxLayout()
        self.preset_buttons: dict[str, QPushButton] = {}
        for key, queues in config.merged_windows.items():
            b = QPushButton(preset_label(config, key))
            b.setToolTip(
                "、".join(queue_name(config, q) for q in queues) + " を1つの窓口でまとめて受け付けます"
            )
            b.clicked.connect(lambda _=False, qs=queues: self.set_selected(qs))
            presets.addWidget(b)
            self.preset_buttons[key] = b
        self.default_button = QPushButton("この窓口の標準")
        self.default_button.setProperty("tone", "plain")
        self.default_button.clicked.connect(lambda: self.set_selected(self.default))
        presets.addWidget(self.default_button)
        presets.addStretch(1)
        v.addLayout(presets)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        self.boxes: dict[str, QCheckBox] = {}
        for i, q in enumerate(all_queues(config)):
            box = QCheckBox(queue_name(config, q))
            box.toggled.connect(lambda _c: self.changed.emit())
            grid.addWidget(box, i // columns, i % columns)
            self.boxes[q] = box
        v.addLayout(grid)
        self.hint = QLabel("呼出は、選んだ業務の中で待ち時間の長い方から順です（優先の方が先）。")
        self.hint.setProperty("role", "caption")
        self.hint.setWordWrap(True)
        v.addWidget(self.hint)

    def set_default(self, queues: Sequence[str]) -> None:
        self.default = tuple(queues)

    def set_selected(self, queues: Sequence[str]) -> None:
        want = set(queues)
        for q, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(q in want)
            box.blockSignals(False)
        self.changed.emit()

    def selected(self) -> tuple[str, ...]:
        return tuple(q for q, box in self.boxes.items() if box.isChecked())
