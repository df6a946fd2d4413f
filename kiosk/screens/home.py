"""The home screen: one big tile per service or guided flow, each with people waiting and the expected wait."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.flows.offer import Tile
from kiosk.screens.style import SMALL_PX
from kiosk.screens.widgets import Banner, PhraseLabel, button, clear_layout, label, relayout, set_prop
from kiosk.words import Words, fmt
from shared.i18n.fallback import pick
from shared.qt.ruby_label import RubyLabel

NAME_PX = (
    36,
    32,
    28,
    26,
    24,
)  # a long name in a long language steps down, never below the 24 px body minimum
MARGIN_X, MARGIN_Y, SPACING = 22, 10, 2
WAIT_SEP = "  ·  "


class TileButton(QPushButton):
    """A tile: name, a second line (Japanese name or a hint), and the wait or the reason it is greyed.

    The texts always fit: the name's size steps down for long translations, and as a last resort the second
    line (the Japanese name) is left out.
    """

    def __init__(self, tile: Tile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tile = tile
        self.setProperty("role", "tile")
        self.setObjectName(f"tile_{tile.code}")
        if tile.kind != "service":
            self.setProperty("guided", "true")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(130)
        lay = QVBoxLayout(self)
        lay.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # the grid decides the tile's size
        lay.setContentsMargins(MARGIN_X, MARGIN_Y, MARGIN_X, MARGIN_Y)
        lay.setSpacing(SPACING)
        self.wait_text = ""
        # the name paints ふりがな over the kanji of やさしい日本語's key words (住民票 over じゅうみんひょう)
        self.name = RubyLabel(lang=PhraseLabel.lang)
        self.sub = label(wrap=True)
        self.wait = label(wrap=True)
        for lab, kind in ((self.name, "name"), (self.sub, "sub"), (self.wait, "wait")):
            lab.setProperty("tile", kind)
            lab.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            lay.addWidget(lab)
        lay.addStretch(1)

    def show_texts(self, name: str, sub: str, wait: str) -> None:
        self.name.set_lang(PhraseLabel.lang)
        self.name.setText(name)
        self.sub.setText(sub)
        self.sub.setVisible(bool(sub))
        self.wait_text = wait
        self.wait.setText(wait)
        self.wait.setVisible(bool(wait))
        off = "true" if not self.tile.enabled else "false"
        for lab in (self.name, self.sub, self.wait):
            set_prop(lab, "off", off)
        self.setEnabled(self.tile.enabled)
        self.setAccessibleName(" ".join(t for t in (self.name.accessibleName(), sub, wait) if t))
        self._fit()

    def _need(self, width: int, with_sub: bool) -> int:
        labels = [self.name, self.wait] + ([self.sub] if with_sub else [])
        shown = [lab for lab in labels if lab.text()]
        return sum(lab.heightForWidth(width) for lab in shown) + SPACING * max(0, len(shown) - 1)

    def _fit(self) -> None:
        width, room = self.width() - 2 * MARGIN_X, self.height() - 2 * MARGIN_Y
        if width <= 0 or room <= 0:
            return
        # "2 waiting · about 15–50 min" on one line, or its two parts on two lines, never broken mid-word;
        # the name steps down first, then the wait line, then the sub-line gives way
        steps = [(px, "") for px in NAME_PX] + [(NAME_PX[-1], f"font-size: {SMALL_PX}px;")]
        fitted = False
        for with_sub in (True, False):
            for name_px, wait_css in steps:
                self.name.setStyleSheet(f"font-size: {name_px}px;")
                self.wait.setStyleSheet(wait_css)
                one_line = self.wait.fontMetrics().horizontalAdvance(self.wait_text) <= width
                self.wait.setText(self.wait_text if one_line else self.wait_text.replace(WAIT_SEP, "\n"))
                if self._need(width, with_sub) <= room:
                    fitted = True
                    break
            if fitted:
                break
        self.sub.setVisible(with_sub and bool(self.sub.text()))
        lay = self.layout()
        lay.invalidate()
        lay.setGeometry(self.rect())  # place the labels now, with their new sizes

    def resizeEvent(self, event: object) -> None:  # noqa: N802
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()


class HomeScreen(QWidget):
    service_chosen = Signal(str)
    certificates_chosen = Signal()
    lifeevents_chosen = Signal()
    help_chosen = Signal()
    checkin_chosen = Signal()
    staff_chosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = Words(self)
        self.lang = "ja"
        self.tiles: list[Tile] = []
        self.buttons: dict[str, TileButton] = {}
        self.columns = 0
        self.title = label(role="title", name="homeTitle", wrap=False)
        self.lead = label(role="lead")
        self.notice = Banner()
        self.status = Banner()
        self.status.setObjectName("banner")
        self.grid = QGridLayout()
        self.grid.setSpacing(16)
        self.help = button(role=None, name="helpButton")
        self.checkin = button(name="checkinButton")
        self.staff = button(name="staffButton")
        self.help.clicked.connect(self.help_chosen.emit)
        self.checkin.clicked.connect(self.checkin_chosen.emit)
        self.staff.clicked.connect(self.staff_chosen.emit)
        self.foot = QGridLayout()
        self.foot.setSpacing(16)
        self.heading = QGridLayout()
        self.heading.setHorizontalSpacing(24)
        self.heading.setVerticalSpacing(4)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(28, 12, 28, 16)
        lay.setSpacing(10)
        lay.addLayout(self.heading)
        lay.addWidget(self.notice)
        lay.addWidget(self.status)
        lay.addLayout(self.grid, 1)
        lay.addLayout(self.foot)
        self.help_count = 0
        self.notices: Sequence[Mapping[str, str]] = ()
        self.set_columns(3)

    def set_columns(self, columns: int) -> None:
        """Landscape: 3 tile columns, the lead beside the title; portrait: 2 columns, the lead below it."""
        self.heading.removeWidget(self.title)
        self.heading.removeWidget(self.lead)
        self.heading.addWidget(self.title, 0, 0)
        self.heading.addWidget(self.lead, *((0, 1) if columns >= 3 else (1, 0)))
        self.heading.setColumnStretch(1, 1 if columns >= 3 else 0)
        self.lead.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # the foot: one row in landscape (3 : 3 : 1); in portrait the help button gets a row of its own, so
        # "wheelchair, hearing, interpreter" and 「Funcionários」 are never cut
        for b in (self.help, self.checkin, self.staff):
            self.foot.removeWidget(b)
        if columns >= 3:
            self.foot.addWidget(self.help, 0, 0, 1, 3)
            self.foot.addWidget(self.checkin, 0, 3, 1, 3)
            self.foot.addWidget(self.staff, 0, 6)
            stretches = (1,) * 7
        else:
            self.foot.addWidget(self.help, 0, 0, 1, 7)
            self.foot.addWidget(self.checkin, 1, 0, 1, 4)
            self.foot.addWidget(self.staff, 1, 4, 1, 3)
            stretches = (1,) * 7
        for c, st in enumerate(stretches):
            self.foot.setColumnStretch(c, st)
        if columns != self.columns:
            self.columns = columns
            self._place()

    def set_tiles(self, tiles: list[Tile]) -> None:
        """Rebuild the tiles when the set changes; otherwise update their texts in place."""
        same = [(t.kind, t.code, t.enabled) for t in tiles] == [
            (t.kind, t.code, t.enabled) for t in self.tiles
        ]
        self.tiles = tiles
        if not same:
            clear_layout(self.grid)
            self.buttons = {}
            for t in tiles:
                b = TileButton(t)
                b.clicked.connect(lambda _=False, tile=t: self._clicked(tile))
                self.buttons[t.code] = b
            self._place()
        else:
            for t in tiles:
                self.buttons[t.code].tile = t
        self._texts()

    def _place(self) -> None:
        for i, t in enumerate(self.tiles):
            b = self.buttons.get(t.code)
            if b is not None:
                self.grid.addWidget(b, i // self.columns, i % self.columns)
        rows = max(1, (len(self.tiles) + self.columns - 1) // self.columns)
        for r in range(self.grid.rowCount()):
            self.grid.setRowStretch(r, 1 if r < rows else 0)
        for c in range(self.grid.columnCount()):
            self.grid.setColumnStretch(c, 1 if c < self.columns else 0)
        relayout(self)

    def _clicked(self, tile: Tile) -> None:
        if not tile.enabled:
            return
        if tile.kind == "certificates":
            self.certificates_chosen.emit()
        elif tile.kind == "lifeevents":
            self.lifeevents_chosen.emit()
        else:
            self.service_chosen.emit(tile.code)

    def _tile_texts(self, t: Tile) -> tuple[str, str, str]:
        ja = t.names.get("ja", "")
        if t.kind == "lifeevents":
            name, sub = (
                self.tr("Moving, birth, marriage, death"),
                self.tr("Answer a few questions: one ticket for every section"),
            )
        elif t.kind == "guidance":
            name, sub = self.tr("Not sure? Information desk"), self.tr("We will tell you where to go")
        elif t.kind == "certificates":
            name = t.names.get(self.lang) or ja or self.tr("Certificates")
            sub = self.tr("Choose documents and copies")
        else:
            name = t.names.get(self.lang) or ja
            sub = ja if self.lang not in ("ja", "ja_easy") and ja != name else ""
        if not t.enabled:
            wait = "― " + self.words.reason(t.reason, self.lang)
        else:
            wait = self.words.wait_line(t.waiting, t.wait, self.lang)
        return name, sub, wait

    def _texts(self) -> None:
        for t in self.tiles:
            b = self.buttons.get(t.code)
            if b is not None:
                b.show_texts(*self._tile_texts(t))

    def set_help_count(self, n: int) -> None:
        self.help_count = n
        self.retranslate(self.lang)

    def set_notices(self, notices: Sequence[Mapping[str, str]]) -> None:
        self.notices = notices
        self.retranslate(self.lang)

    def set_status(self, text: str, level: str = "note") -> None:
        if text:
            self.status.show_text(text, level)
        else:
            self.status.clear()

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.title.setText(self.tr("Please choose what you came for"))
        self.lead.setText(self.tr("Touch a button. Your numbered ticket comes out right away."))
        if self.help_count:
            self.help.setText(fmt(self.tr("✓ Help requested (%1) — change"), self.help_count))
        else:
            self.help.setText(self.tr("Need help? Wheelchair, hearing, interpreter …"))
        self.checkin.setText(self.tr("Online ticket or booking? Check in here"))
        self.staff.setText(self.tr("Staff only (PIN)"))  # what it is: no "call staff" button
        texts = [pick(n, lang) for n in self.notices]  # English before standard Japanese for non-Japanese
        if any(texts):
            self.notice.show_text("\n".join(t for t in texts if t))
        else:
            self.notice.clear()
        self._texts()
