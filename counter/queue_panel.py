"""The queue panel: counts per service, the waiting/held table, call-this-number and return-to-queue."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter.queue_model import QueueModel
from counter.texts import duration
from counter.views import QueueSnapshot

# the widest text each column normally shows; None: the column takes the remaining width
SAMPLES: tuple[str | None, ...] = ("W000 優先", None, "▶次 ★最長 保留中", "2時間15分 ⚠", "聴覚・English")


class QueuePanel(QFrame):
    call_requested = Signal(str)  # a ticket number
    return_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.model = QueueModel(self)
        v = QVBoxLayout(self)
        v.setContentsMargins(16, 12, 16, 12)
        v.setSpacing(8)
        title = QLabel("待ち一覧（この窓口の業務）")
        title.setProperty("role", "title")
        v.addWidget(title)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.counts.setObjectName("counts")
        v.addWidget(self.counts)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        self._fixed_widths()
        self.table.setAccessibleName("待ち一覧")
        self.table.doubleClicked.connect(lambda _i: self._call_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        v.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.call_button = QPushButton("選んだ番号を呼出")
        self.call_button.setToolTip("一覧で選んだ番号を、順番に関係なく呼び出します（ダブルクリックでも可）")
        self.call_button.clicked.connect(self._call_selected)
        self.return_button = QPushButton("保留を待ちに戻す")
        self.return_button.setProperty("tone", "plain")
        self.return_button.setToolTip("保留中の方を、元の順番で待ちに戻します")
        self.return_button.clicked.connect(self._return_selected)
        row.addWidget(self.call_button)
        row.addWidget(self.return_button)
        row.addStretch(1)
        v.addLayout(row)
        self._update_buttons()

    def _fixed_widths(self) -> None:
        """Column widths from sample texts: ResizeToContents would read every cell of every row on each paint."""
        font = QFont(self.table.font())
        font.setPixelSize(20)
        font.setBold(True)
        fm = QFontMetrics(font)
        hh = self.table.horizontalHeader()
        hh.setStretchLastSection(False)
        for col, sample in enumerate(SAMPLES):
            if sample is None:
                hh.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
            else:
                hh.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
                hh.resizeSection(col, fm.horizontalAdvance(sample) + 20)

    def selected(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.rows[rows[0].row()].display if rows[0].row() < len(self.model.rows) else None

    def select(self, display: str) -> bool:
        i = self.model.row_of(display)
        if i is None:
            return False
        self.table.selectRow(i)
        return True

    def set_snapshot(self, snap: QueueSnapshot, now_ts: float) -> None:
        if snap.rows != self.model.rows:  # an unchanged list keeps its scroll position and selection as is
            keep = self.selected()
            self.model.set_snapshot(snap, now_ts)
            if keep is not None:
                self.select(keep)
        else:
            self.model.tick(now_ts)
        parts = []
        total_w = total_h = 0
        for _q, name, waiting, held, oldest in snap.counts:
            text = f"{name}　待ち {waiting}人"
            if oldest is not None:
                text += f"・最長 {duration(now_ts - oldest)}"
            if held:
                text += f"・保留 {held}人"
            parts.append(text)
            total_w += waiting
            total_h += held
        head = f"待ち 合計 {total_w}人" + (f"・保留 {total_h}人" if total_h else "")
        text = "\n".join([head, *parts])
        if self.counts.text() != text:
            self.counts.setText(text)
        self._update_buttons()

    def tick(self, now_ts: float) -> None:
        self.model.tick(now_ts)

    def _update_buttons(self) -> None:
        d = self.selected()
        i = self.model.row_of(d) if d else None
        self.call_button.setEnabled(i is not None)
        self.return_button.setEnabled(i is not None and self.model.rows[i].state == "held")

    def _call_selected(self) -> None:
        d = self.selected()
        if d:
            self.call_requested.emit(d)

    def _return_selected(self) -> None:
        d = self.selected()
        if d:
            self.return_requested.emit(d)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected():
            self._call_selected()
            return
        super().keyPressEvent(event)
