"""The current-ticket panel: number, service, kiosk request, accessibility flags, language, waits, route, recalls."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from counter.style import BLUE, GREEN, WHITE
from counter.texts import STATE_JA, duration
from counter.views import TicketView
from shared.i18n.phrases import keep_phrases, plain
from shared.timeutil import from_ts

STATE_BG = {"called": BLUE, "serving": GREEN}
NUMBER_PX = 150  # the design's ticket number (1920×1080); smaller only when the panel is short
NUMBER_MIN_PX = 64  # never smaller: still the largest text on the console, readable across the counter
NUMBER_STEP_PX = 6


class PhraseLabel(QLabel):
    """A label that wraps between Japanese phrases only (never 用/意 or マイナンバー/カード): the phrases are
    held together with invisible word joiners; ``text()`` gives the text back as set."""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming
        super().setText(keep_phrases(text, "ja") if self.wordWrap() else text)

    def text(self) -> str:
        return plain(super().text())


def _show(w: QWidget, visible: bool) -> None:
    """setVisible only on a change: toggling relayouts the panel, and refresh runs on every DB change."""
    if w.isHidden() == visible:
        w.setVisible(visible)


def _set(label: QLabel, text: str) -> None:
    if label.text() != text:
        label.setText(text)


def _label(text: str = "", name: str | None = None, role: str | None = None, wrap: bool = False) -> QLabel:
    lab = PhraseLabel()
    lab.setWordWrap(wrap)
    lab.setText(text)
    if name:
        lab.setObjectName(name)
    if role:
        lab.setProperty("role", role)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return lab


class Details(QScrollArea):
    """The lower part of the panel: the kiosk's request, the route, where 完了 sends the visitor. It is as tall as
    its wrapped text; only when an unusually long request does not fit even beside the smallest number does it
    scroll — the number, the service and the access banner above it are never cut."""

    def __init__(self, inner: QWidget) -> None:
        super().__init__()
        self.cap: int | None = None  # the height it asks for at most while it scrolls (TicketPanel.fit)
        self.setObjectName("detailsArea")
        self.setAccessibleName("発券機で選ばれた内容と手続きの流れ")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a Tab stop only while it scrolls (arrow keys scroll it)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(inner)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt naming
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt naming
        full = self.whole_height(width)
        return full if self.cap is None else min(full, self.cap)

    def whole_height(self, width: int) -> int:
        """The height of all its text at ``width``, unscrolled."""
        inner = self.widget()
        return inner.heightForWidth(width) if inner is not None else 0

    def scroll_within(self, cap: int | None) -> None:
        """Scroll within ``cap`` px (None: no scroll bar, everything fits; TicketPanel.fit decides). Asking
        for no more than the room left keeps Qt's box layout from squeezing the banner above (with
        height-for-width items it shrinks them all below their minimum, and they overlap)."""
        self.cap = cap
        policy = (
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff if cap is None else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        if self.verticalScrollBarPolicy() != policy:
            self.setVerticalScrollBarPolicy(policy)
            self.setFocusPolicy(Qt.FocusPolicy.NoFocus if cap is None else Qt.FocusPolicy.StrongFocus)
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        return QSize(super().sizeHint().width(), self.heightForWidth(max(1, self.width())))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        return QSize(0, 0)  # squeezed (and scrolled) before anything above it


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
        self.booked = _label("予約", name="ticketState")  # 来庁予約: the mark and the slot time
        self.booked.setStyleSheet(f"background: #155e75; color: {WHITE};")
        top.addWidget(self.state)
        top.addWidget(self.priority)
        top.addWidget(self.booked)
        top.addStretch(1)
        self.recalls = _label(role="title")
        top.addWidget(self.recalls)
        v.addLayout(top)
        # the number, and beside it (not under it: short panels need the height) language and times
        self.row = row = QHBoxLayout()
        row.setSpacing(24)
        self.number = _label("—", name="number")
        self.number.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.number)
        self.grid = grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self.fields: dict[str, QLabel] = {}
        self.captions: list[QLabel] = []
        for i, (key, caption) in enumerate(
            (("lang", "言語"), ("waited", "待ち時間"), ("elapsed", "経過"), ("issued", "発券"))
        ):
            cap = _label(caption, role="caption")
            cap.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            self.captions.append(cap)
            grid.addWidget(cap, i, 0)
            self.fields[key] = _label(role="title")
            grid.addWidget(self.fields[key], i, 1)
        row.addLayout(grid)
        row.addStretch(1)
        self._columns = 1
        v.addLayout(row)
        self.service = _label(name="service", wrap=True)
        v.addWidget(self.service)
        self.access = _label(name="access", wrap=True)
        v.addWidget(self.access)
        inner = QWidget()
        inner.setObjectName("details")
        d = QVBoxLayout(inner)
        d.setContentsMargins(0, 0, 0, 0)
        d.setSpacing(4)
        self.lang_hint = _label(role="caption", wrap=True)
        d.addWidget(self.lang_hint)
        self.request_caption = _label("発券機で選ばれた内容（聞き直し不要）", role="caption")
        d.addWidget(self.request_caption)
        self.request = _label(name="request", wrap=True)
        d.addWidget(self.request)
        self.route_caption = _label("手続きの流れ", role="caption", wrap=True)
        d.addWidget(self.route_caption)
        self.route = _label(name="route", wrap=True)
        d.addWidget(self.route)
        self.after = _label(role="title", wrap=True)
        d.addWidget(self.after)
        d.addStretch(1)
        self.details = Details(inner)
        v.addWidget(self.details, 1)
        self._number_px = 0  # the ticket number's font size now (0: not fitted yet)
        self.share = 0  # the width the window gives the panel (0: unknown, take the width it has)
        self._fitted: tuple[object, ...] = ()
        self.set_view(None, 0.0)

    # -- fitting: nothing is ever cut; the number gives way before the access banner or the request does --------
    def design_number_px(self) -> int:
        """The number's size in the window's style sheet (150 px at 1920×1080, scaled on smaller screens)."""
        scale = self.window().property("uiScale")
        return round(NUMBER_PX * (float(scale) if scale else 1.0))

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802 - Qt naming
        super().changeEvent(e)
        if e.type() == QEvent.Type.StyleChange:  # the console's scale changed its fonts
            self.fit()

    def resizeEvent(self, e) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(e)
        self.fit()

    def fit(self) -> None:
        """Give the ticket number the largest size (up to the design's) at which everything in the panel, wrapped
        at the panel's width, fits its height; each label then gets its whole wrapped height. Language and times
        sit in two pairs of columns beside the number where they fit across, else one under another."""
        lay = self.layout()
        # the width the window means to give the panel (its share of the body), not the width it has now: a
        # wide arrangement chosen on the old, larger size would otherwise hold the panel that wide
        width = min(self.width(), self.share) if self.share else self.width()
        height = self.height()
        texts = tuple(w.text() for w in self.findChildren(QLabel) if not w.isHidden())
        key = (width, height, self.design_number_px(), texts)
        if key == self._fitted or width <= 0 or height <= 0:
            return
        self._fitted = key
        lay.setSpacing(8 if height >= 700 else 4)
        frame = self.width() - self.contentsRect().width()  # the panel's border
        inner = width - frame - lay.contentsMargins().left() - lay.contentsMargins().right()
        for label in (self.service, self.access):  # never squeezed: the details below scroll first
            label.setMinimumHeight(0)  # a minimum is a floor for heightForWidth too: measure without it
            label.setMinimumHeight(label.heightForWidth(inner) if not label.isHidden() else 0)
        px = self.design_number_px()
        self.details.scroll_within(None)
        while True:
            self._size_number(px)
            for columns in (2, 1):
                self._arrange(columns)
                if lay.totalMinimumSize().width() <= width and lay.totalHeightForWidth(width) <= height:
                    return
            if px <= NUMBER_MIN_PX:
                break
            px = max(NUMBER_MIN_PX, px - NUMBER_STEP_PX)
        # the smallest number, one column, and still too much: the details scroll in the room that is left
        rest = lay.totalHeightForWidth(width) - self.details.whole_height(inner)
        self.details.scroll_within(max(0, height - rest))
        self._invalidate()

    def _arrange(self, columns: int) -> None:
        """Language and the three times as ``columns`` pairs of (caption, value) beside the number."""
        if columns == self._columns:
            return
        self._columns = columns
        for i, (cap, field) in enumerate(zip(self.captions, self.fields.values(), strict=True)):
            r, c = divmod(i, columns)
            self.grid.addWidget(cap, r, 2 * c)
            self.grid.addWidget(field, r, 2 * c + 1)
        self._invalidate()

    def _invalidate(self) -> None:
        """Drop the cached sizes of the panel's layouts (Qt does this only when it activates them)."""
        self.number.updateGeometry()
        self.details.updateGeometry()  # its height follows texts inside it, which its layout item cannot see
        for lay in (self.grid, self.row, self.layout()):
            lay.invalidate()

    def _size_number(self, px: int) -> None:
        """The number at ``px``, in a box just tall enough for its ink (a line box is half again as tall)."""
        if px != self._number_px:
            self._number_px = px
            self.number.setStyleSheet(f"font-size: {px}px;")
            self.number.ensurePolished()
        font = QFont(self.number.font())
        font.setPixelSize(px)
        fm = QFontMetrics(font)
        ink = fm.tightBoundingRect(self.number.text() or "0").united(fm.tightBoundingRect("0"))
        pad = max(4, px // 16)
        # the label centres the line box (ascent + descent); the ink sits off its middle, so the box is made
        # symmetric around the line box's centre with room for the ink above and below it
        mid = (fm.ascent() - fm.descent()) / 2
        half = max(pad - ink.top() - mid, pad + ink.bottom() + mid)
        self.number.setFixedHeight(int(2 * half + 1))
        self._invalidate()  # measured at once, not after the posted layout request

    def set_view(self, view: TicketView | None, now_ts: float, waiting: int = 0, next_up: str = "") -> None:
        self.view = view
        idle = view is None
        for w in (
            self.state,
            self.recalls,
            self.number,
            *self.captions,
            *self.fields.values(),
            self.request_caption,
            self.request,
        ):
            _show(w, not idle)
        if view is None:
            for w in (
                self.priority,
                self.booked,
                self.access,
                self.lang_hint,
                self.route_caption,
                self.route,
            ):
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
            self.fit()
            return
        _set(self.state, STATE_JA.get(view.state, view.state))
        if self.state.property("bg") != view.state:
            self.state.setProperty("bg", view.state)
            self.state.setStyleSheet(f"background: {STATE_BG.get(view.state, BLUE)}; color: {WHITE};")
        _show(self.priority, view.priority)
        if view.booked_slot:
            late = "（時間を過ぎて来庁・一般の順番）" if view.booked_late else ""
            _set(self.booked, f"予約 {view.booked_slot}{late}")
        _show(self.booked, bool(view.booked_slot))
        _set(self.recalls, f"再呼出 {view.recalls}回")
        _set(self.number, view.display)
        _set(self.service, view.service_name)
        _set(self.access, "\n".join(view.access))
        _show(self.access, bool(view.access))
        _set(self.fields["lang"], view.lang)
        _set(self.fields["waited"], duration(view.waited_s))
        self._issued = from_ts(view.issued_at).strftime("%H:%M")
        _set(self.lang_hint, view.lang_hint)
        _show(self.lang_hint, bool(view.lang_hint))
        _set(
            self.request,
            "\n".join(f"・{line}" for line in view.request)
            if view.request
            else "（発券機での入力はありません）",
        )
        marks = {"done": "✔", "current": "▶", "next": "・"}
        _set(self.route, "　→　".join(f"{marks[s.status]}{s.name}" for s in view.route))
        _set(
            self.route_caption, f"手続きの流れ［{view.bundle_name}］" if view.bundle_name else "手続きの流れ"
        )
        _show(self.route_caption, bool(view.route or view.bundle_name))
        _show(self.route, bool(view.route))
        _set(self.after, view.after_finish)
        self.tick(now_ts)  # fits the panel to the new texts

    def tick(self, now_ts: float) -> None:
        """Refresh the running times without touching the database."""
        v = self.view
        if v is None:
            return
        self._tick_texts(v, now_ts)
        self.fit()

    def _tick_texts(self, v: TicketView, now_ts: float) -> None:
        _set(self.fields["issued"], f"{self._issued}（{duration(now_ts - v.issued_at)}前）")
        if v.state == "serving":
            _set(self.fields["elapsed"], f"対応 {duration(v.serving_s(now_ts))}")
        else:
            _set(self.fields["elapsed"], f"呼出から {duration(v.since_call_s(now_ts))}")
