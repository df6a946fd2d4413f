"""QueueModel: waiting and held tickets of the served services, oldest first, as a Qt table model."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from counter.style import HELD_BG, HELD_INK, INK, OLDEST_BG
from counter.texts import STATE_JA, duration
from counter.views import QueueRow, QueueSnapshot
from shared.i18n import LANG_LABELS

COLUMNS: tuple[str, ...] = ("番号", "業務", "状態", "待ち", "配慮・言語")
SERVICE_COL, STATUS_COL, WAIT_COL, CARE_COL = 1, 2, 3, 4
WRAPPED = (SERVICE_COL, STATUS_COL, CARE_COL)  # columns that may break (see pieces) when the panel is narrow
AnyIndex = QModelIndex | QPersistentModelIndex


def status_text(row: QueueRow) -> str:
    """'▶次 ★最長', '待ち', '保留中（1番）', '待ち（未到着）': a waiting row with a mark needs no 待ち (the table
    is the waiting list), which keeps the column narrow enough for 配慮・言語 to stay on screen."""
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
    if marks and state == STATE_JA["waiting"]:
        return " ".join(marks)
    return " ".join([*marks, state])


def pieces(text: str) -> list[str]:
    """``text`` cut where a table cell may break: after 「・」 or a space, before 「（」 (never inside a word)."""
    return [p for p in re.split(r"(?<=[・ ])|(?=（)", text) if p]


def wrap_cell(text: str, fits: Callable[[str], bool]) -> str:
    """``text`` broken at :func:`pieces` into as few lines as ``fits`` allows: a narrow column shows
    「住民票・」「印鑑証明」 on two lines instead of 「住…」."""
    lines: list[str] = []
    for piece in pieces(text):
        if lines and fits((lines[-1] + piece).rstrip()):
            lines[-1] += piece
        else:
            lines.append(piece)
    return "\n".join(line.rstrip() for line in lines)


class QueueModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: tuple[QueueRow, ...] = ()
        # cell text is made on a row's first paint; only the wait column is computed every time
        self._cells: list[tuple[str, ...] | None] = []
        self.now_ts = 0.0
        self.long_wait_s = 0.0  # the profile's queue.long_wait_min: longer waits get a ⚠ after the minutes
        self.widths: dict[int, Callable[[str], bool]] = {}  # WRAPPED column -> does a line fit its width
        self.set_font(QFont())

    def set_font(self, base: QFont) -> None:
        """The table's font (its size follows the console's scale): bold and italic rows use it too."""
        self._bold = QFont(base)
        self._bold.setBold(True)
        self._italic = QFont(base)
        self._italic.setItalic(True)

    @property
    def bold(self) -> QFont:
        return self._bold

    def set_wrapping(self, widths: dict[int, Callable[[str], bool]]) -> None:
        """Break the WRAPPED columns' texts to these widths (the panel measured them); rows then grow."""
        self.widths = widths
        self._cells = [None] * len(self.rows)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1))

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
                cells = self._cells[index.row()] = tuple(self._shown(r, c) for c in range(len(COLUMNS)))
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

    def _shown(self, r: QueueRow, col: int) -> str:
        text = self._text(r, col)
        fits = self.widths.get(col)
        return wrap_cell(text, fits) if fits is not None else text

    def one_line(self, row: int, col: int) -> str:
        """A cell's whole text on one line (what the column would need without breaking)."""
        if col == WAIT_COL:
            return str(self.data(self.index(row, col)))
        return self._text(self.rows[row], col)

    def _text(self, r: QueueRow, col: int) -> str:
        if col == 0:
            return r.display + (" 優先" if r.priority else "")
        if col == 1:
            return r.short_name
        if col == 2:
            return status_text(r)
        if col == 3:
            return duration(self.now_ts - r.since)
        tags = ([f"予約{r.booked}"] if r.booked else []) + list(r.access)  # 来庁予約: the slot it ranks at
        if r.lang != "ja":
            tags.append(LANG_LABELS.get(r.lang, r.lang))
        return "・".join(tags)
