"""The current-ticket panel: number, service, kiosk request, accessibility flags, language, waits, route, recalls."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from counter.style import BLUE, GREEN, WHITE
from counter.texts import STATE_JA, duration
from counter.views import TicketView
from shared.timeutil import from_ts

STATE_BG = {"called": BLUE, "serving": GREEN}


def _show(w: QWidget, visible: bool) -> None:
    """setVisible only on a change: toggling relayouts the panel, and refresh runs on every DB change."""
    if w.isHidden() == visible:
        w.setVisible(visible)


def _set(label: QLabel, text: str) -> None:
    if label.text() != text:
        label.setText(text)


def _label(text: str = "", name: str | None = None, role: str | None = None, wrap: bool = False) -> QLabel:
    lab = QLabel(text)
    if name:
        lab.setObjectName(name)
    if role:
        lab.setProperty("role", role)
    lab.setWordWrap(wrap)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return lab


class TicketPanel(QFrame):
    """Renders a :class:`TicketView` (or the idle state). Holds no engine; the window feeds it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.view: TicketView | None = None
        self._issued = ""
        v = QVBoxLayout(self)
        v.setContentsMargins(20, 14, 20, 14)
        v.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(_label("現在の番号", role="title"))
        self.state = _label(name="ticketState")
        self.priority = _label("優先", name="ticketState")
        self.priority.setStyleSheet(f"background: #7c2d12; color: {WHITE};")
        top.addWidget(self.state)
        top.addWidget(self.priority)
        top.addStretch(1)
        self.recalls = _label(role="title")
        top.addWidget(self.recalls)
        v.addLayout(top)
        self.number = _label("—", name="number")
        self.number.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        v.addWidget(self.number)
        self.service = _label(name="service", wrap=True)
        v.addWidget(self.service)
        self.access = _label(name="access", wrap=True)
        v.addWidget(self.access)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(4)
        self.fields: dict[str, QLabel] = {}
        self.captions: list[QLabel] = []
        for i, (key, caption) in enumerate(
            (("lang", "言語"), ("waited", "待ち時間"), ("elapsed", "経過"), ("issued", "発券"))
        ):
            cap = _label(caption, role="caption")
            self.captions.append(cap)
            grid.addWidget(cap, 0, i)
            self.fields[key] = _label(role="title", wrap=True)
            grid.addWidget(self.fields[key], 1, i)
        v.addLayout(grid)
        self.lang_hint = _label(role="caption", wrap=True)
        v.addWidget(self.lang_hint)
        self.request_caption = _label("発券機で選ばれた内容（聞き直し不要）", role="caption")
        v.addWidget(self.request_caption)
        self.request = _label(name="request", wrap=True)
        v.addWidget(self.request)
        self.route_caption = _label("手続きの流れ", role="caption")
        v.addWidget(self.route_caption)
        self.route = _label(name="route", wrap=True)
        v.addWidget(self.route)
        self.after = _label(role="title", wrap=True)
        v.addWidget(self.after)
        v.addStretch(1)
        self.set_view(None, 0.0)

    def set_view(self, view: TicketView | None, now_ts: float, waiting: int = 0, next_up: str = "") -> None:
        self.view = view
        idle = view is None
        for w in (
            self.state,
            self.recalls,
            self.number,
            self.lang_hint,
            *self.captions,
            *self.fields.values(),
            self.request_caption,
            self.request,
        ):
            _show(w, not idle)
        if view is None:
            for w in (self.priority, self.access, self.route_caption, self.route):
                _show(w, False)
            _set(self.service, "お呼び出し中の番号はありません")
            if waiting:
                _set(
                    self.after,
                    f"F1 で次の方を呼び出します（待ち {waiting}人）"
                    + (f"\n次: {next_up}" if next_up else ""),
                )
            else:
                _set(self.after, "お待ちの方はいません")
            return
        _set(self.state, STATE_JA.get(view.state, view.state))
        if self.state.property("bg") != view.state:
            self.state.setProperty("bg", view.state)
            self.state.setStyleSheet(f"background: {STATE_BG.get(view.state, BLUE)}; color: {WHITE};")
        _show(self.priority, view.priority)
        _set(self.recalls, f"再呼出 {view.recalls}回")
        _set(self.number, view.display)
        bundle = f"　［{view.bundle_name}］" if view.bundle_name else ""
        _set(self.service, view.service_name + bundle)
        _set(self.access, "\n".join(view.access))
        _show(self.access, bool(view.access))
        _set(self.fields["lang"], view.lang)
        _set(self.fields["waited"], duration(view.waited_s))
        self._issued = from_ts(view.issued_at).strftime("%H:%M")
        _set(self.lang_hint, view.lang_hint)
        _set(
            self.request,
            "\n".join(f"・{line}" for line in view.request)
            if view.request
            else "（発券機での入力はありません）",
        )
        marks = {"done": "✔", "current": "▶", "next": "・"}
        _set(self.route, "　→　".join(f"{marks[s.status]}{s.name}" for s in view.route))
        _show(self.route_caption, bool(view.route))
        _show(self.route, bool(view.route))
        _set(self.after, view.after_finish)
        self.tick(now_ts)

    def tick(self, now_ts: float) -> None:
        """Refresh the running times without touching the database."""
        v = self.view
        if v is None:
            return
        _set(self.fields["issued"], f"{self._issued}（{duration(now_ts - v.issued_at)}前）")
        if v.state == "serving":
            _set(self.fields["elapsed"], f"対応 {duration(v.serving_s(now_ts))}")
        else:
            _set(self.fields["elapsed"], f"呼出から {duration(v.since_call_s(now_ts))}")
