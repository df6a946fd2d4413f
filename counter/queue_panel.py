"""The queue panel: counts per service, the waiting/held table, call-this-number and return-to-queue."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFontMetrics
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

from counter.queue_model import (
    CARE_COL,
    COLUMNS,
    SERVICE_COL,
    STATUS_COL,
    WAIT_COL,
    WRAPPED,
    QueueModel,
    pieces,
)
from counter.texts import duration
from counter.views import QueueSnapshot

# the wait column is sized for at least this, so that the running minutes seldom re-fit the table
WAIT_SAMPLE = "59分 ⚠"
CELL_PAD = 12  # the delegate's text margins (3 + 3), the grid line and some air


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
        self.table.setWordWrap(False)  # lines break only where the model put them (after 「・」)
        self.table.setObjectName("queueTable")
        # every column stays inside the panel (the care column must never sit behind a scroll bar): the
        # columns are fitted to the width instead, and long services and care tags break onto a second line
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setMinimumSectionSize(8)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._fitted: tuple[object, ...] = ()
        self.table.setAccessibleName("待ち一覧")
        # arrow keys move inside the table; Tab and Shift+Tab leave it (on by default: a keyboard trap)
        self.table.setTabKeyNavigation(False)
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

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self.fit_columns()  # the layout has already given the table its new size

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt naming
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange:  # the console's scale changed the table's font
            self.fit_columns()

    def fit_columns(self) -> None:
        """Column widths from what the rows show now, in the table's font, inside the viewport: 番号, 状態 and
        待ち on one line; 業務 and 配慮・言語 get the rest, and break after 「・」 onto more lines (the row grows)
        when a whole line does not fit. Nothing is elided and nothing needs a horizontal scroll bar."""
        t, m = self.table, self.model
        font = t.font()
        key = (t.viewport().width(), font.pixelSize(), font.family(), m.rows)
        if key == self._fitted:
            return
        self._fitted = key
        m.set_font(font)
        fm = QFontMetrics(m.bold)
        head = QFontMetrics(t.horizontalHeader().font())
        n = len(COLUMNS)

        def widest(texts: list[str]) -> int:
            return max((fm.horizontalAdvance(x) for x in texts), default=0) + CELL_PAD

        whole = [[m.one_line(r, c) for r in range(len(m.rows))] for c in range(n)]
        whole[WAIT_COL].append(WAIT_SAMPLE)
        need = [max(widest(whole[c]), head.horizontalAdvance(COLUMNS[c]) + CELL_PAD) for c in range(n)]
        # a wrapped column needs at least its widest piece (a language name, 「印鑑証明」)
        least = {
            c: max(
                widest([p.rstrip() for x in whole[c] for p in pieces(x)]),
                head.horizontalAdvance(COLUMNS[c]) + CELL_PAD,
            )
            for c in WRAPPED
        }
        room = t.viewport().width()
        widths = list(need)
        if sum(need) > room:
            fixed = sum(need[c] for c in range(n) if c not in WRAPPED)
            spare = max(0, room - fixed - sum(least.values()))
            for c in (CARE_COL, SERVICE_COL, STATUS_COL):  # whole lines for the care column first
                widths[c] = least[c] + min(spare, need[c] - least[c])
                spare -= widths[c] - least[c]
        widths[-1] = max(widths[-1], room - sum(widths[:-1]))  # the last column reaches the viewport's edge
        header = t.horizontalHeader()
        for c in range(n):
            header.resizeSection(c, widths[c])
        m.set_wrapping(
            {
                c: (lambda text, w=widths[c]: fm.horizontalAdvance(text) + CELL_PAD <= w)
                for c in WRAPPED
                if widths[c] < need[c]
            }
        )
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Each row as tall as its most broken cell."""
        fm = QFontMetrics(self.model.bold)
        one = self.table.verticalHeader().defaultSectionSize()
        for r in range(len(self.model.rows)):
            lines = max(str(self.model.data(self.model.index(r, c))).count("\n") + 1 for c in WRAPPED)
            self.table.setRowHeight(r, one if lines == 1 else one + (lines - 1) * fm.lineSpacing())

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
            self.fit_columns()
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
        if self.model.rows:  # a wait grew past the hour: 「1時間05分」 needs a wider column
            longest = max(range(len(self.model.rows)), key=lambda r: now_ts - self.model.rows[r].since)
            text = str(self.model.data(self.model.index(longest, WAIT_COL)))
            if QFontMetrics(self.model.bold).horizontalAdvance(text) + CELL_PAD > self.table.columnWidth(
                WAIT_COL
            ):
                self._fitted = ()
                self.fit_columns()

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
