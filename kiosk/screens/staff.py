"""Staff mode behind the PIN from config: reprint, cancel a ticket, pause/resume issuing, printer test page.

For the office's own staff, so in Japanese only (like the counter console). Five wrong PINs lock the pad for
a minute.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QStackedWidget, QVBoxLayout, QWidget

from kiosk.screens.widgets import Banner, Keypad, WrapButton, button, even_columns, label, relayout, set_prop

MAX_TRIES = 5
LOCK_MS = 60_000


class StaffScreen(QWidget):
    leave = Signal()
    unlocked = Signal()
    reprint = Signal()
    cancel = Signal(str)
    issuing = Signal(str, str)  # scope ("all" or a service code), state ("open" | "paused")
    test_page = Signal()
    quit_app = Signal()

    def __init__(
        self,
        pin: str,
        services: Sequence[tuple[str, str]],
        letters: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._pin = pin
        self.tries = 0
        self.pages = QStackedWidget()
        self._lock = QTimer(self)
        self._lock.setSingleShot(True)
        self._lock.timeout.connect(self._unlock_pad)

        # -- PIN page
        self.pin_title = label("係員モード：暗証番号を入力してください", role="title")
        self.pin_field = QLineEdit()
        self.pin_field.setObjectName("pinField")
        self.pin_field.setAccessibleName("暗証番号")
        self.pin_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_field.setMaxLength(8)
        self.pin_field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin_field.returnPressed.connect(self._check_pin)
        self.pin_pad = Keypad()
        self.pin_pad.set_texts("1字消す", "クリア")
        self.pin_pad.key.connect(lambda k: self.pin_field.insert(k))
        self.pin_pad.backspace.connect(self.pin_field.backspace)
        self.pin_pad.cleared.connect(self.pin_field.clear)
        self.pin_msg = Banner()
        self.pin_ok = button("OK", role="action", name="pinOk")
        self.pin_ok.clicked.connect(self._check_pin)
        self.pin_back = button("← 戻る", name="pinBack")
        self.pin_back.clicked.connect(self.leave.emit)
        foot = QHBoxLayout()
        foot.addWidget(self.pin_back, 1)
        foot.addWidget(self.pin_ok, 2)
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(14)
        for w in (self.pin_title, self.pin_field, self.pin_msg):
            lay.addWidget(w)
        lay.addWidget(self.pin_pad, 1)
        lay.addLayout(foot)
        self.pages.addWidget(page)

        # -- menu page
        self.info = label(name="staffInfo")
        self.result = Banner()
        self.reprint_button = button("最後の番号札を再印刷", name="staffReprint")
        self.test_button = button("テスト印刷", name="staffTest")
        self.reprint_button.clicked.connect(self.reprint.emit)
        self.test_button.clicked.connect(self.test_page.emit)
        self.all_button = button(name="issuing_all")
        self.all_button.clicked.connect(lambda: self._toggle("all"))
        self.exit_button = button("係員モードを終了", role="action", name="staffExit")
        self.exit_button.clicked.connect(self._leave)
        self.quit_button = button("アプリ終了", name="staffQuit")
        self.quit_button.clicked.connect(self.quit_app.emit)
        top = QGridLayout()
        top.setSpacing(10)
        self.top = top
        self.cancel_field = QLineEdit()
        self.cancel_field.setObjectName("cancelField")
        self.cancel_field.setPlaceholderText("取り消す番号（例 A012）")
        self.cancel_field.setAccessibleName("取り消す番号")
        self.cancel_pad = Keypad(letters, columns=11)
        self.cancel_pad.set_texts("1字消す", "クリア")
        self.cancel_pad.key.connect(lambda k: self.cancel_field.insert(k))
        self.cancel_pad.backspace.connect(self.cancel_field.backspace)
        self.cancel_pad.cleared.connect(self.cancel_field.clear)
        self.cancel_button = button("この番号札を取消", name="staffCancel")
        self.cancel_button.clicked.connect(self._cancel)
        self.service_buttons: dict[str, WrapButton] = {}
        self.service_names = dict(services)
        self.service_grid = QGridLayout()
        self.service_grid.setSpacing(8)
        for code, _name in services:
            b = button(role="svc", name=f"issuing_{code}")
            b.clicked.connect(lambda _=False, c=code: self._toggle(c))
            self.service_buttons[code] = b
        self.states: dict[str, str] = {}
        cancel_row = QHBoxLayout()
        cancel_row.addWidget(self.cancel_field, 2)
        cancel_row.addWidget(self.cancel_button, 1)
        left = QVBoxLayout()
        left.setSpacing(8)
        left.addWidget(label("番号札の取消", role="big"))
        left.addLayout(cancel_row)
        left.addWidget(self.cancel_pad)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(8)
        right.addWidget(label("業務ごとの発券の停止・再開（■ = 停止中）", role="big"))
        right.addLayout(self.service_grid)
        right.addStretch(1)
        self.columns = QGridLayout()
        self.columns.setSpacing(24)
        self.left, self.right = left, right
        self.portrait: bool | None = None
        self.set_portrait(False)
        menu = QWidget()
        lay = QVBoxLayout(menu)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        lay.addWidget(label("係員モード", role="title"))
        lay.addWidget(self.info)
        lay.addWidget(self.result)
        lay.addLayout(top)
        lay.addLayout(self.columns, 1)
        self.pages.addWidget(menu)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 16, 28, 20)
        outer.addWidget(self.pages)

    def set_portrait(self, portrait: bool) -> None:
        if portrait == self.portrait:
            return
        self.portrait = portrait
        self.columns.removeItem(self.left)
        self.columns.removeItem(self.right)
        self.columns.addLayout(self.left, 0, 0)
        self.columns.addLayout(self.right, 1 if portrait else 0, 0 if portrait else 1)
        self.cancel_pad.set_columns(7 if portrait else 8)
        buttons = (self.reprint_button, self.test_button, self.all_button, self.quit_button, self.exit_button)
        per_row = 3 if portrait else 5
        for i, b in enumerate(buttons):
            self.top.addWidget(b, i // per_row, i % per_row)
        even_columns(self.top, per_row)
        per_row = 3  # three a row: eleven services fit portrait and landscape
        for i, code in enumerate(self.service_buttons):
            self.service_grid.addWidget(self.service_buttons[code], i // per_row, i % per_row)
        relayout(self)

    # -- PIN ----------------------------------------------------------------------------------------------
    @property
    def unlocked_now(self) -> bool:
        return self.pages.currentIndex() == 1

    def start(self) -> None:
        self.pin_field.clear()
        self.pin_msg.clear()
        self.result.clear()
        self.pages.setCurrentIndex(0)
        if not self._lock.isActive():
            self._unlock_pad()

    def _check_pin(self) -> None:
        if self._lock.isActive():
            return
        entered = self.pin_field.text()
        self.pin_field.clear()
        if entered == self._pin:
            self.tries = 0
            self.pin_msg.clear()
            self.pages.setCurrentIndex(1)
            self.unlocked.emit()
            return
        self.tries += 1
        if self.tries >= MAX_TRIES:
            self.tries = 0
            self.pin_msg.show_text("暗証番号が5回違いました。1分後にもう一度お試しください。", "alert")
            self.pin_pad.setEnabled(False)
            self.pin_ok.setEnabled(False)
            self._lock.start(LOCK_MS)
        else:
            self.pin_msg.show_text(f"暗証番号が違います（あと{MAX_TRIES - self.tries}回）", "alert")

    def _unlock_pad(self) -> None:
        self.pin_pad.setEnabled(True)
        self.pin_ok.setEnabled(True)

    def _leave(self) -> None:
        self.pages.setCurrentIndex(0)
        self.leave.emit()

    # -- menu ---------------------------------------------------------------------------------------------
    def _cancel(self) -> None:
        text = self.cancel_field.text().strip()
        if text:
            self.cancel.emit(text)

    def _toggle(self, scope: str) -> None:
        state = self.states.get(scope, "open")
        self.issuing.emit(scope, "open" if state != "open" else "paused")

    def show_result(self, text: str, level: str = "note") -> None:
        self.result.show_text(text, level)

    def set_info(self, text: str) -> None:
        self.info.setText(text)

    def set_states(self, states: Mapping[str, str]) -> None:
        """Issuing state per scope ("all" and service codes): open | paused | closed."""
        self.states = dict(states)
        all_open = self.states.get("all", "open") == "open"
        self.all_button.setText("全体 受付中（押すと停止）" if all_open else "全体 停止中（押すと再開）")
        set_prop(self.all_button, "chosen", "false" if all_open else "true")
        for code, b in self.service_buttons.items():
            on = self.states.get(code, "open") == "open"
            # the name only (two lines at most, three a row); a paused service is marked ■ and inverted
            name = self.service_names[code]
            b.setText(name if on else f"■ {name}")
            b.setAccessibleName(f"{name}：{'受付中（押すと停止）' if on else '停止中（押すと再開）'}")
            set_prop(b, "chosen", "false" if on else "true")

    def retranslate(self, lang: str) -> None:
        """Staff mode stays in Japanese (like the counter console)."""
