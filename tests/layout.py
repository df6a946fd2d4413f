"""A layout checker for a rendered Qt widget tree: what a visitor would see cut, squeezed or hidden.

:func:`layout_problems` walks every visible widget of a shown window and reports, one line each:

- a label's (or a button's) text wider or taller than its rectangle (Qt clips it; the kiosk never elides);
- a word-wrapped text broken inside a word: Latin-script words only at spaces or after a hyphen/slash;
  (a RubyLabel, which paints furigana and lays out its own lines, is checked on those lines);
  Chinese and Japanese only between phrases (BudouX's phrases, or the spaces of やさしい日本語) or after
  punctuation — never 工作人/员, Nhân/viên, 車い/す, けっ/こん;
- a widget overlapping a visible sibling;
- a widget sticking out of an ancestor (cut off, off-screen), or a visible scroll bar (something sits behind it).

The line breaks are the ones Qt draws: a QTextLayout over the label's font, width and wrap mode, the way
QLabel lays out plain text (QTextOption.WrapAtWordBoundaryOrAnywhere).
"""

from __future__ import annotations

import functools
import unicodedata

import budoux
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QScrollBar, QStackedWidget, QWidget

from shared.qt.ruby_label import RubyLabel

SLACK = 1  # px of rounding
HEIGHT_SLACK = 3  # a line box holds the font's whole ascent and descent; glyphs rarely reach its last pixels
BREAK_AFTER = set(" \u3000\t、。，,.;；:：!！?？)）]」』】〕/／-–—・･|\n")
BREAK_BEFORE = set(" \u3000\t(（[「『【〔\n")


@functools.cache
def _parser(lang: str) -> budoux.Parser:
    return (
        budoux.load_default_simplified_chinese_parser()
        if lang.startswith("zh")
        else budoux.load_default_japanese_parser()
    )


def _cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


@functools.cache
def allowed_breaks(text: str, lang: str) -> frozenset[int]:
    """Indexes ``i`` where a line may start: after a space or punctuation, and in CJK text between phrases."""
    ok = {i for i in range(1, len(text)) if text[i - 1] in BREAK_AFTER or text[i] in BREAK_BEFORE}
    if lang != "ja_easy" and any(_cjk(c) for c in text):  # Japanese text (a notice) shows in every language
        for start, para in _paragraphs(text):
            pos = start
            for phrase in _parser(lang).parse(para)[:-1]:
                pos += len(phrase)
                ok.add(pos)
    return frozenset(ok)


def wrapped_lines(
    lab: QLabel, text: str, width: int, wrap: bool = True
) -> list[tuple[int, int, float, float]]:
    """(start, length, natural width, height) of each line Qt draws for ``text`` wrapped at ``width``."""
    out: list[tuple[int, int, float, float]] = []
    for para_start, para in _paragraphs(text):
        layout = QTextLayout(para, lab.font())
        opt = QTextOption()
        opt.setWrapMode(
            QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere if wrap else QTextOption.WrapMode.NoWrap
        )
        layout.setTextOption(opt)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width if wrap else 1e6)
            out.append(
                (para_start + line.textStart(), line.textLength(), line.naturalTextWidth(), line.height())
            )
        layout.endLayout()
    return out


def _paragraphs(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for para in text.split("\n"):
        out.append((pos, para))
        pos += len(para) + 1
    return out


def _without_joiners(raw: str) -> tuple[str, list[int]]:
    """``raw`` without WORD JOINERs, and each raw index's index in it (a line starting after a joiner was
    broken inside a joined phrase: it maps to a position inside the word, which is not an allowed break)."""
    index, out = [], []
    for c in raw:
        index.append(len(out))
        if c != "\u2060":
            out.append(c)
    index.append(len(out))
    return "".join(out), index


def _name(w: QWidget) -> str:
    text = w.text() if isinstance(w, (QLabel, QAbstractButton)) else ""
    path = []
    p: QWidget | None = w
    while p is not None and len(path) < 3:
        if p.objectName():
            path.append(p.objectName())
        p = p.parentWidget()
    where = "/".join(reversed(path)) or type(w).__name__
    return f"{where} {text[:24]!r}" if text else where


def _label_problems(lab: QLabel, lang: str) -> list[str]:
    raw = QLabel.text(lab)  # as Qt draws it (with any word joiners that hold a phrase together)
    if not raw or lab.textFormat() == Qt.TextFormat.RichText or not lab.pixmap().isNull():
        return []
    rect = lab.contentsRect()
    m = lab.margin()
    width, height = rect.width() - 2 * m - max(0, lab.indent()), rect.height() - 2 * m
    problems = []
    lines = wrapped_lines(lab, raw, width, lab.wordWrap())
    text, index = _without_joiners(raw)
    lines = [(index[start], length, natural, h) for start, length, natural, h in lines]
    need = round(sum(line[3] for line in lines))
    if len(lines) == 1:  # one line (a ticket number): the ink counts, not the font's line box
        need = lab.fontMetrics().tightBoundingRect(text).height()
    if need > height + HEIGHT_SLACK:
        problems.append(f"{_name(lab)}: {len(lines)} lines need {need} px, has {height}")
    # やさしい日本語 writes its phrases with spaces: it breaks only there (lang "ja_easy" has no phrase parser)
    ok = allowed_breaks(text, lang)
    for start, _length, natural, _h in lines:
        if natural > width + SLACK:
            problems.append(f"{_name(lab)}: a line is {natural:.0f} px in {width} px")
        if lab.wordWrap() and start > 0 and text[start - 1] != "\n" and start not in ok:
            problems.append(
                f"{_name(lab)}: broken mid-word at {text[max(0, start - 6) : start]}/{text[start : start + 6]}"
            )
    return problems


def _ruby_problems(lab: RubyLabel, lang: str) -> list[str]:
    """A RubyLabel lays out its own lines (whole phrases, furigana over the kanji): check those lines."""
    text = lab.text()
    if not text:
        return []
    rect = lab.contentsRect()
    width, height = rect.width() - 2 * lab.margin(), rect.height() - 2 * lab.margin()
    lines = lab.lines(width)
    problems = []
    need = len(lines) * lab.line_height()
    if need > height + HEIGHT_SLACK:
        problems.append(f"{_name(lab)}: {len(lines)} lines with ruby need {need:.0f} px, has {height}")
    ok = allowed_breaks(text, lang)
    for i, (start, natural) in enumerate(lines):
        if natural > width + SLACK:
            problems.append(f"{_name(lab)}: a line is {natural:.0f} px in {width} px")
        if i > 0 and start > 0 and text[start - 1] != "\n" and start not in ok:
            problems.append(
                f"{_name(lab)}: broken mid-word at {text[max(0, start - 6) : start]}/{text[start : start + 6]}"
            )
    return problems


def _button_problems(b: QAbstractButton) -> list[str]:
    if not b.text() or b.findChild(QLabel) is not None:  # a WrapButton: its inner label is checked
        return []
    fm = b.fontMetrics()
    wide = max(fm.horizontalAdvance(t) for t in b.text().split("\n"))
    room = b.contentsRect().width() - 8
    return [f"{_name(b)}: {wide} px of text in {room} px"] if wide > room + SLACK else []


def _clip_problems(w: QWidget, top: QWidget) -> list[str]:
    """``w`` sticks out of its parent (cut off, or off the screen)."""
    parent = w.parentWidget()
    if parent is None or w.isWindow():
        return []
    inner = w.geometry()
    room = parent.rect()
    if not room.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(inner):
        return [f"{_name(w)}: {inner.getRect()} outside its parent {room.getRect()}"]
    return []


def _overlaps(children: list[QWidget]) -> list[str]:
    problems = []
    for i, a in enumerate(children):
        ga = a.geometry()
        for b in children[i + 1 :]:
            both = ga.intersected(b.geometry())
            if both.width() > SLACK and both.height() > SLACK:
                problems.append(f"{_name(a)} overlaps {_name(b)} by {both.width()}x{both.height()}")
    return problems


def visible(w: QWidget, top: QWidget) -> bool:
    return w.isVisibleTo(top) and w.width() > 0 and w.height() > 0


def layout_problems(top: QWidget, lang: str, settle: int = 3) -> list[str]:
    """Everything cut, squeezed, overlapping or hidden in the shown window ``top`` (texts in ``lang``)."""
    for _ in range(settle):  # nested layouts settle over a few posted layout requests
        QApplication.processEvents()
    problems: list[str] = []
    screen = QRect(0, 0, top.width(), top.height())
    for w in [top, *top.findChildren(QWidget)]:
        if w is not top and not visible(w, top):
            continue
        if isinstance(w, QScrollBar):
            problems.append(f"{_name(w.parentWidget() or w)}: a scroll bar is shown (content sits behind it)")
            continue
        if w is not top:
            problems += _clip_problems(w, top)
            pos = w.mapTo(top, w.rect().topLeft())
            if not screen.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(QRect(pos, w.size())):
                problems.append(f"{_name(w)}: off the screen at {pos.toTuple()}")
        if isinstance(w, RubyLabel):
            problems += _ruby_problems(w, lang)
        elif isinstance(w, QLabel):
            problems += _label_problems(w, lang)
        elif isinstance(w, QAbstractButton):
            problems += _button_problems(w)
        if not isinstance(w, QStackedWidget):
            kids = [
                c for c in w.children() if isinstance(c, QWidget) and not c.isWindow() and visible(c, top)
            ]
            problems += _overlaps(kids)
    return problems
