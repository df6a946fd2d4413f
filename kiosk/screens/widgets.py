"""Small building blocks every kiosk screen uses: buttons, labels, banners, the language bar, a keypad."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.screens.style import MIN_TARGET_PX
from shared.i18n import LANG_LABELS, LANGS
from shared.i18n.phrases import keep_phrases, plain

CHECK = "✓"
PAD_X, PAD_Y = 18, 8


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed (children too: selectors may name parents)."""
    for w in (widget, *widget.findChildren(QLabel)):
        style = w.style()
        style.unpolish(w)
        style.polish(w)
        w.update()


def relayout(widget: QWidget) -> None:
    """After moving widgets between grid cells: drop every cached size hint of the window's layouts.

    Nested layouts keep their own caches, and a hidden page (another screen of the stack) is not
    re-activated until shown, so its stale minimum would otherwise still hold the window open.
    """
    top = widget.window()
    for lay in top.findChildren(QLayout):
        lay.invalidate()
    for w in (widget, *top.findChildren(QWidget)):
        w.updateGeometry()


def set_prop(widget: QWidget, name: str, value: object) -> None:
    if widget.property(name) != value:
        widget.setProperty(name, value)
        repolish(widget)


class PhraseLabel(QLabel):
    """A label that wraps between words and, in Chinese and Japanese, between phrases only (never 車い/す).

    ``lang`` is the kiosk's language (the window sets it before it retranslates); ``text()`` gives back the text
    as set, without the invisible word joiners that hold each phrase together.
    """

    lang = "ja"

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming
        super().setText(keep_phrases(text, PhraseLabel.lang) if self.wordWrap() else text)

    def text(self) -> str:
        return plain(super().text())


def label(
    text: str = "",
    role: str | None = None,
    wrap: bool = True,
    name: str | None = None,
    align: Qt.AlignmentFlag | None = None,
) -> QLabel:
    lab = PhraseLabel()
    if role:
        lab.setProperty("role", role)
    if name:
        lab.setObjectName(name)
    lab.setWordWrap(wrap)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    lab.setText(text)
    if align is not None:
        lab.setAlignment(align)
    return lab


class WrapButton(QPushButton):
    """A push button whose text wraps onto several lines (a plain QPushButton clips long translations)."""

    def __init__(
        self,
        text: str = "",
        role: str | None = None,
        name: str | None = None,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if role:
            self.setProperty("role", role)
        if name:
            self.setObjectName(name)
        self.setMinimumSize(MIN_TARGET_PX, MIN_TARGET_PX)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.inner = label(text, wrap=True, align=align)
        self.inner.setProperty("inbutton", "true")
        self.inner.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        lay = QHBoxLayout(self)
        lay.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # sized by heightForWidth below
        lay.setContentsMargins(PAD_X, PAD_Y, PAD_X, PAD_Y)
        lay.addWidget(self.inner)
        self._text = ""
        self.setText(text)  # the accessible name too: a screen reader reads the button, not its inner label
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming
        self._text = text
        self.inner.setText(text)
        self.setAccessibleName(text)
        self.inner.setAccessibleName(text)
        self.updateGeometry()

    def text(self) -> str:
        return self._text

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.EnabledChange:
            # Qt style sheets cannot match a parent's :disabled state, so mirror it in a property.
            set_prop(self, "off", "false" if self.isEnabled() else "true")

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return max(
            self.minimumHeight(), MIN_TARGET_PX, self.inner.heightForWidth(width - 2 * PAD_X) + 2 * PAD_Y
        )

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = self.inner.sizeHint()
        width = max(MIN_TARGET_PX, hint.width() + 2 * PAD_X)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(MIN_TARGET_PX, MIN_TARGET_PX)


def button(text: str = "", role: str | None = None, name: str | None = None) -> WrapButton:
    """A touch button (>= MIN_TARGET_PX in both directions) whose text wraps."""
    return WrapButton(text, role=role, name=name)


def even_columns(grid: QGridLayout, columns: int) -> None:
    """Equal widths for the first ``columns`` columns of ``grid``; none for columns left over."""
    for c in range(max(columns, grid.columnCount())):
        grid.setColumnStretch(c, 1 if c < columns else 0)


def clear_layout(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        w = item.widget()
        if w is not None:
            w.setParent(None)
            w.deleteLater()


class Banner(QFrame):
    """A one- or two-line message in a framed box: level "note" (yellow) or "alert" (dark red, white text)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.text = label(wrap=True)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(20, 10, 20, 10)
        lay.addWidget(self.text, 1)
        self.hide()

    def show_text(self, text: str, level: str = "note") -> None:
        set_prop(self, "level", level)
        self.text.setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.text.setText("")
        self.hide()


class LanguageBar(QFrame):
    """The nine languages, each written in itself; the current one is inverted and carries a check mark."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("langbar")
        self.buttons: dict[str, QPushButton] = {}
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(12, 8, 12, 8)
        self.grid.setSpacing(8)
        for lang in LANGS:
            b = button(LANG_LABELS[lang], role="lang", name=f"lang_{lang}")
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            b.clicked.connect(lambda _=False, code=lang: self.chosen.emit(code))
            if lang == "ne":  # Devanagari's taller ascent draws 「नेपाली」 about 4 px above the others' middle
                b.inner.setContentsMargins(0, 8, 0, 0)
            self.buttons[lang] = b
        self.columns = 0
        self.set_columns(len(LANGS))
        self.current = ""
        self.set_current("ja")

    def set_columns(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for i, lang in enumerate(LANGS):
            self.grid.addWidget(self.buttons[lang], i // columns, i % columns)
        relayout(self)

    def set_current(self, lang: str) -> None:
        self.current = lang
        for code, b in self.buttons.items():
            on = code == lang
            b.setText(f"{CHECK} {LANG_LABELS[code]}" if on else LANG_LABELS[code])
            b.setAccessibleName(LANG_LABELS[code] + (self.tr(" (selected)") if on else ""))
            set_prop(b, "current", "true" if on else "false")


class Keypad(QWidget):
    """Digits plus a few letters (ticket prefixes), delete and clear: for ticket numbers and the staff PIN."""

    key = Signal(str)
    backspace = Signal()
    cleared = Signal()

    def __init__(self, letters: Sequence[str] = (), columns: int = 5, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setSpacing(10)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        self.keys = [*letters, "1", "2", "3", "4", "5", "6", "7", "8", "9", "0"]
        for k in self.keys:
            b = button(k, role="key", name=f"key_{k}")
            b.clicked.connect(lambda _=False, ch=k: self.key.emit(ch))
            self.buttons[k] = b
        self.delete = button("←", role="key", name="key_back")
        self.delete.clicked.connect(self.backspace.emit)
        self.clear = button("C", role="key", name="key_clear")
        self.clear.clicked.connect(self.cleared.emit)
        self.columns = 0
        self.set_columns(columns)

    def set_columns(self, columns: int) -> None:
        columns = max(3, columns)
        if columns == self.columns:
            return
        self.columns = columns
        for i, k in enumerate(self.keys):
            self.grid.addWidget(self.buttons[k], i // columns, i % columns)
        row = (len(self.keys) + columns - 1) // columns
        half = max(1, columns // 2)
        self.grid.addWidget(self.delete, row, 0, 1, half)
        self.grid.addWidget(self.clear, row, half, 1, columns - half)
        relayout(self)

    def set_texts(self, delete: str, clear: str) -> None:
        self.delete.setText(f"← {delete}")
        self.clear.setText(clear)


def vbox(
    *widgets: QWidget | QLayout, spacing: int = 16, margins: tuple[int, int, int, int] = (0, 0, 0, 0)
) -> QVBoxLayout:
    lay = QVBoxLayout()
    lay.setSpacing(spacing)
    lay.setContentsMargins(*margins)
    for w in widgets:
        if isinstance(w, QLayout):
            lay.addLayout(w)
        else:
            lay.addWidget(w)
    return lay
