"""Small window-modal dialogs for actions that need one more choice. Opened with ``open()`` (non-blocking);
each emits its result as a signal, so the window and the tests drive them the same way.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter.service_picker import ServicePicker
from counter.texts import PAUSE_REASONS, STATE_JA, duration
from counter.views import QueueRow
from shared.config import OfficeConfig
from shared.engine import CLERK_MAX


def fit_rows(lst: QListWidget, rows: int) -> None:
    """Tall enough to show ``rows`` items without scrolling (a short list must not hide choices)."""
    h = lst.sizeHintForRow(0) if lst.count() else 32
    lst.setMinimumHeight(max(1, min(rows, 12)) * max(h, 32) + 12)


def normalise_number(text: str) -> str:
    """'ａ０１２ ' -> 'A012' (full-width input from a Japanese IME is common)."""
    return unicodedata.normalize("NFKC", text).strip().upper().replace(" ", "")


class _Dialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None, ok_text: str, tone: str = "primary") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(720)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(24, 20, 24, 20)
        self.body.setSpacing(12)
        head = QLabel(title)
        head.setProperty("role", "title")
        self.body.addWidget(head)
        self.error = QLabel()
        self.error.setObjectName("message")
        self.error.setProperty("kind", "error")
        self.error.hide()
        self._buttons = QHBoxLayout()
        self._buttons.addStretch(1)
        self.cancel_button = QPushButton("やめる（Esc）")
        self.cancel_button.setProperty("tone", "plain")
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button = QPushButton(f"{ok_text}（Enter）")
        self.ok_button.setProperty("tone", tone)
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.accept_choice)
        self._buttons.addWidget(self.cancel_button)
        self._buttons.addWidget(self.ok_button)

    def finish_layout(self) -> None:
        self.body.addWidget(self.error)
        self.body.addLayout(self._buttons)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def accept_choice(self) -> None:  # pragma: no cover - overridden
        self.accept()


class TransferDialog(_Dialog):
    """転送 now, or 追加: the chosen service becomes the next step after 完了 here (same number, same place)."""

    chosen = Signal(str)
    added = Signal(str)

    def __init__(
        self,
        config: OfficeConfig,
        display: str,
        current_queue: str,
        waiting: dict[str, int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"{display} を転送・手続きを追加（番号はそのまま）", parent, "いま転送する")
        self.list = QListWidget()
        for s in config.services:
            if s.code == current_queue:
                continue
            item = QListWidgetItem(f"{s.names['ja']}（待ち {waiting.get(s.code, 0)}人）")
            item.setData(Qt.ItemDataRole.UserRole, s.code)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.setAccessibleName("転送先・追加する業務")
        fit_rows(self.list, self.list.count())
        self.list.itemDoubleClicked.connect(lambda _i: self.accept_choice())
        self.body.addWidget(
            QLabel(
                "業務を選んでください。発券時刻の順番は引き継がれます。\n"
                "・いま転送する: この窓口の対応を終えて、すぐにその業務の列へ\n"
                "・完了後に追加: この窓口で完了したあと、同じ番号でその業務へご案内"
            )
        )
        self.body.addWidget(self.list)
        self.setMinimumWidth(880)  # three buttons side by side, none clipped
        self.add_button = QPushButton("完了後に追加（Ctrl+Enter）")
        self.add_button.clicked.connect(self.add_choice)
        self._buttons.insertWidget(self._buttons.count() - 1, self.add_button)
        self.finish_layout()
        self.list.setFocus()

    def _selected(self) -> str | None:
        item = self.list.currentItem()
        if item is None:
            self.show_error("業務を選んでください")
            return None
        return str(item.data(Qt.ItemDataRole.UserRole))

    def add_choice(self) -> None:
        code = self._selected()
        if code is not None:
            self.added.emit(code)
            self.accept()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.add_choice()
            return
        super().keyPressEvent(event)

    def choose(self, code: str) -> bool:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == code:
                self.list.setCurrentRow(i)
                return True
        return False

    def accept_choice(self) -> None:
        code = self._selected()
        if code is not None:
            self.chosen.emit(code)
            self.accept()


class CallNumberDialog(_Dialog):
    """番号指定呼出: type a number (filters the list) or pick one; also bring back a no-show (不在から戻す)."""

    chosen = Signal(str)
    reactivate = Signal(str)

    def __init__(
        self,
        rows: Sequence[QueueRow],
        now_ts: float,
        parent: QWidget | None = None,
        preset: str | None = None,
    ) -> None:
        super().__init__("番号を指定して呼出", parent, "呼び出す")
        self.rows = list(rows)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("番号を入力（例 A012）／一覧から選択")
        self.edit.setAccessibleName("呼び出す番号")
        self.edit.textChanged.connect(self._filter)
        self.body.addWidget(self.edit)
        self.list = QListWidget()
        self.list.setAccessibleName("呼び出せる番号の一覧")
        for r in self.rows:
            mark = "★最長 " if r.oldest else ""
            state = STATE_JA.get(r.state, r.state)
            item = QListWidgetItem(
                f"{r.display}　{r.service_name}　{mark}{state} {duration(now_ts - r.since)}"
            )
            item.setData(Qt.ItemDataRole.UserRole, r.display)
            self.list.addItem(item)
        fit_rows(self.list, 8)
        self.list.itemDoubleClicked.connect(lambda _i: self.accept_choice())
        self.body.addWidget(self.list)
        self.reactivate_button = QPushButton("不在にした方を待ちに戻す")
        self.reactivate_button.setProperty("tone", "plain")
        self.reactivate_button.setToolTip("入力した番号が「不在」なら、元の順番で待ちに戻します")
        self.reactivate_button.clicked.connect(self._reactivate)
        self._buttons.insertWidget(0, self.reactivate_button)
        self.finish_layout()
        if preset:
            self.edit.setText(preset)
        self._filter(self.edit.text())
        self.edit.setFocus()

    def _filter(self, text: str) -> None:
        key = normalise_number(text)
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            hide = bool(key) and key not in item.data(Qt.ItemDataRole.UserRole)
            item.setHidden(hide)
            if not hide and first is None:
                first = i
        if first is not None:
            self.list.setCurrentRow(first)
        else:
            self.list.setCurrentRow(-1)

    def number(self) -> str:
        typed = normalise_number(self.edit.text())
        item = self.list.currentItem()
        if item is not None and not item.isHidden():
            listed = item.data(Qt.ItemDataRole.UserRole)
            visible = sum(1 for i in range(self.list.count()) if not self.list.item(i).isHidden())
            if not typed or typed == listed or visible == 1 or self.list.hasFocus():
                return listed
        return typed

    def accept_choice(self) -> None:
        n = self.number()
        if not n:
            self.show_error("番号を入力するか、一覧から選んでください")
            return
        self.chosen.emit(n)
        self.accept()

    def _reactivate(self) -> None:
        n = normalise_number(self.edit.text())
        if not n:
            self.show_error("不在から戻す番号を入力してください")
            return
        self.reactivate.emit(n)
        self.accept()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.edit.hasFocus():
            self.list.setFocus()
            self.list.keyPressEvent(event)
            return
        super().keyPressEvent(event)


class PauseDialog(_Dialog):
    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("窓口を休止", parent, "休止する", tone="caution")
        self.body.addWidget(QLabel("理由を選んでください。表示板と待ち時間の目安に反映されます。"))
        self.list = QListWidget()
        for r in (*PAUSE_REASONS, "その他（下に入力）"):
            self.list.addItem(r)
        self.list.setCurrentRow(0)
        self.list.setAccessibleName("休止の理由")
        fit_rows(self.list, self.list.count())
        self.list.itemDoubleClicked.connect(lambda _i: self.accept_choice())
        self.body.addWidget(self.list)
        self.other = QLineEdit()
        self.other.setPlaceholderText("その他の理由")
        self.other.setAccessibleName("その他の理由（自由入力）")
        self.other.setMaxLength(30)
        self.other.textEdited.connect(lambda _t: self.list.setCurrentRow(self.list.count() - 1))
        self.body.addWidget(self.other)
        self.finish_layout()
        self.list.setFocus()

    def reason(self) -> str:
        i = self.list.currentRow()
        if i == self.list.count() - 1:
            return self.other.text().strip()
        return self.list.item(i).text() if i >= 0 else ""

    def accept_choice(self) -> None:
        r = self.reason()
        if not r:
            self.show_error("理由を選ぶか入力してください")
            return
        self.chosen.emit(r)
        self.accept()


class ConfirmDialog(_Dialog):
    confirmed = Signal()

    def __init__(self, title: str, text: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent, ok_text, tone="caution")
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.body.addWidget(self.text)
        self.finish_layout()
        self.ok_button.setFocus()

    def accept_choice(self) -> None:
        self.confirmed.emit()
        self.accept()


class ServicesDialog(_Dialog):
    """業務・担当変更: the services this counter serves now, and who is at it (a shift change)."""

    chosen = Signal(tuple)
    clerk_changed = Signal(str)

    def __init__(
        self,
        config: OfficeConfig,
        current: Sequence[str],
        default: Sequence[str],
        parent: QWidget | None = None,
        clerk: str = "",
    ) -> None:
        super().__init__("受け付ける業務・担当者を変更", parent, "変更する")
        self.body.addWidget(
            QLabel("対応中の番号はそのまま残ります。担当交代のときは名前を書き換えてください。")
        )
        self.setMinimumWidth(900)  # two columns of service names, none cut off
        self._clerk_before = clerk
        self.body.addWidget(QLabel("担当者名"))
        self.clerk = QLineEdit(clerk)
        self.clerk.setPlaceholderText("担当者名（任意・画面と記録に残ります）")
        self.clerk.setMaxLength(CLERK_MAX)
        self.clerk.setAccessibleName("担当者名")
        self.body.addWidget(self.clerk)
        self.picker = ServicePicker(config)
        self.picker.set_default(default)
        self.picker.set_selected(current)
        self.body.addWidget(self.picker)
        self.finish_layout()

    def accept_choice(self) -> None:
        s = self.picker.selected()
        if not s:
            self.show_error("業務を1つ以上選んでください")
            return
        self.chosen.emit(s)
        if self.clerk.text().strip() != self._clerk_before.strip():
            self.clerk_changed.emit(self.clerk.text().strip())
        self.accept()
