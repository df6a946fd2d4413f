"""QueueModel: waiting and held tickets of the served services, oldest first, as a Qt table model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from counter.style import HELD_BG, HELD_INK, INK, OLDEST_BG
from counter.texts import STATE_JA, duration
from counter.views import QueueRow, QueueSnapshot
from shared.config import LANG_LABELS

COLUMNS: tuple[str, ...] = ("番号", "業務", "状態", "待ち", "配慮・言語")
WAIT_COL = 3
AnyIndex = QModelIndex | QPersistentModelIndex


def status_text(row: QueueRow) -> str:
    marks = []
    if row.next_up:
        marks.append("▶次")
    if row.oldest:
        marks.append("★最長")
    state = STATE_JA.get(row.state, row.state)
    if row.state == "held" and row.counter:
        state += f"（{row.counter}番）"
    if not row.arrived:
        state += "（未到着）"
    return " ".join([*marks, state])


class QueueModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: tuple[QueueRow, ...] = ()
        # cell text is made on a row's first paint; only the wait column is computed every time
        self._cells: list[tuple[str, ...] | None] = []
        self.now_ts = 0.0
        self.long_wait_s = 0.0  # the profile's queue.long_wait_min: longer waits get a ⚠ after the minutes
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    # -- feeding ----------------------------------------------------------------------------------------------
    def set_snapshot(self, snap: QueueSnapshot, now_ts: float) -> None:
        self.beginResetModel()
        self.rows = snap.rows
        self._cells = [None] * len(snap.rows)
        self.now_ts = now_ts
        self.endResetModel()

    def tick(self, now_ts: float) -> None:
        self.now_ts = now_ts
        if self.rows:
            self.dataChanged.emit(
                self.index(0, WAIT_COL),
                self.index(len(self.rows) - 1, WAIT_COL),
                [Qt.ItemDataRole.DisplayRole],
            )

    def row_of(self, display: str) -> int | None:
        for i, r in enumerate(self.rows):
            if r.display == display:
                return i
        return None

    # -- Qt model API -------------------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == WAIT_COL:
                waited = self.now_ts - r.since
                return duration(waited) + (" ⚠" if self.long_wait_s and waited >= self.long_wait_s else "")
            cells = self._cells[index.row()]
            if cells is None:
                cells = self._cells[index.row()] = tuple(self._text(r, c) for c in range(len(COLUMNS)))
            return cells[col]
        if role == Qt.ItemDataRole.UserRole:
            return r.display
        if role == Qt.ItemDataRole.FontRole:
            if r.oldest or r.next_up:
                return self._bold
            if r.state == "held":
                return self._italic
        if role == Qt.ItemDataRole.BackgroundRole:
            if r.oldest:
                return QBrush(QColor(OLDEST_BG))
            if r.state == "held":
                return QBrush(QColor(HELD_BG))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(HELD_INK if r.state == "held" else INK))
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 1:
                return r.service_name
            if col == 0:
                return f"発券 {r.issued_hhmm()}"
            if col == WAIT_COL and self.long_wait_s and self.now_ts - r.since >= self.long_wait_s:
                return f"{int(self.long_wait_s // 60)}分以上お待ちです"
            if r.oldest:
                return "いちばん長く待っている方です"
        return None

    def _text(self, r: QueueRow, col: int) -> str:
        if col == 0:
            return r.display + (" 優先" if r.priority else "")
        if col == 1:
            return r.short_name
        if col == 2:
            return status_text(r)
        if col == 3:
            return duration(self.now_ts - r.since)
        tags = list(r.access)
        if r.lang != "ja":
            tags.append(LANG_LABELS.get(r.lang, r.lang))
        return "・".join(tags)
