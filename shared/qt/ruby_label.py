"""RubyLabel: a label that paints ふりがな (furigana) above the kanji of やさしい日本語, since Qt rich text has no ruby.

The text is set as written in the ja_easy texts (hiragana, phrases separated by spaces); :func:`shared.ruby.segments`
turns its key words into (kanji, reading) pairs, e.g. 「じゅうみんひょうの しょうめい」 → 住民票 (じゅうみんひょう) +
「の」 + 「 」 + 証明 (しょうめい). Each kanji word is drawn with its reading centred above it, in a smaller font.

Lines break only between phrases (:func:`shared.i18n.phrases.phrases`: the spaces of やさしい日本語, BudouX's phrases
in standard Japanese and Chinese, the spaces of Latin text), never inside a word and never between a kanji word and
its reading. A phrase wider than the label stays whole (the minimum size hint is the widest phrase, so a layout
gives it the room). Every line reserves the furigana band when the text has any ruby, so the lines are evenly
spaced. ``heightForWidth`` gives the height of exactly these lines; the accessible name is the plain text with the
readings in parentheses (:func:`shared.ruby.to_text`), so a screen reader reads the word once with its reading.

It is a QLabel, so a style sheet's font, colour and selectors (``QLabel[tile="name"]``) apply as to any label;
``text()`` gives back the text as set.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QWidget

from shared.i18n.phrases import WORD_JOINER, keep_phrases
from shared.ruby import segments, to_text

QWIDGETSIZE_MAX = (1 << 24) - 1
RUBY_SHARE = 0.5  # furigana size / base size
MIN_RUBY_PX = 12
RUBY_GAP = 0.06  # space between the furigana band and the base line, per px of base size


@dataclass(frozen=True)
class Run:
    """A piece of one phrase: ``base`` as shown, its ``reading`` (furigana) or None, where it starts in the text."""

    base: str
    reading: str | None
    start: int


Phrase = tuple[Run, ...]


def phrase_runs(text: str, lang: str, ruby: bool = True) -> list[Phrase]:
    """``text`` cut into phrases, each a tuple of runs; a line may break only between two phrases.

    With ``ruby`` (やさしい日本語) the key words become kanji runs with their reading; a kanji word always starts a
    phrase (ruby.segments matches only there) and the plain text right after it stays in its phrase unless a
    space or punctuation begins a new one ("住民票の" is one phrase). A "\\n" is a phrase of its own (a forced break).
    """
    parts = segments(text) if ruby else [(text, None)]
    out: list[list[Run]] = []
    pos = 0

    def add(run: Run, glue: bool) -> None:
        prev = out[-1] if out else None
        if prev is not None and (glue or prev[-1].base.endswith(_OPENING) or prev[-1].base.isspace()):
            prev.append(run)  # after an opening bracket or a lone space, the phrase goes on
        else:
            out.append([run])

    for shown, reading in parts:
        if reading is not None:
            add(Run(shown, reading, pos), glue=False)
            pos += _source_length(text, pos, reading)
            continue
        for k, piece in enumerate(_pieces(shown, lang)):
            if piece == "\n":
                out.append([Run(piece, None, pos)])
            else:
                glue = k == 0 and bool(out) and not piece[0].isspace() and not _ends_open(out[-1])
                add(Run(piece, None, pos), glue)
            pos += len(piece)
    return [tuple(p) for p in out]


def _source_length(text: str, pos: int, reading: str) -> int:
    """How many characters of ``text`` from ``pos`` the key word spans (its reading may have had spaces)."""
    i, n = pos, 0
    while i < len(text) and n < len(reading):
        if text[i] != " ":
            n += 1
        i += 1
    return i - pos


_OPENING = ("（", "「", "『", "【", "〔", "(", "[")


def _ends_open(phrase: list[Run]) -> bool:
    """A phrase after which the next text starts a new one whatever it is (it ended with a break mark)."""
    last = phrase[-1].base
    return last.endswith(("\n", "、", "。", "・", "！", "？", "!", "?", ",", ".", "」", "）", ")"))


def _pieces(text: str, lang: str) -> list[str]:
    """Where plain text may break, by the kiosk's one rule (:func:`shared.i18n.phrases.keep_phrases`: between
    BudouX / ja_easy phrases, after 、。・ and the like, at spaces); text with no CJK at its spaces. A newline is a
    piece of its own."""
    out: list[str] = []
    for i, para in enumerate(text.split("\n")):
        if i > 0:
            out.append("\n")
        joined = keep_phrases(para, lang)
        if WORD_JOINER not in joined:  # no phrase joined: Latin, Hangul, Devanagari … break at the spaces
            out.extend(w if j == 0 else " " + w for j, w in enumerate(para.split(" ")) if w or j)
            continue
        piece = ""
        for k, c in enumerate(joined):
            if c == WORD_JOINER:
                continue
            if piece and joined[k - 1] != WORD_JOINER:
                out.append(piece)
                piece = ""
            piece += c
        if piece:
            out.append(piece)
    return [p for p in out if p]


class RubyLabel(QLabel):
    """A word-wrapping label that paints furigana over the key words of やさしい日本語 (see the module doc)."""

    def __init__(self, text: str = "", lang: str = "ja_easy", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = ""
        self._lang = lang
        self._phrases: list[Phrase] = []
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)
        self.setSizePolicy(policy)
        self.setText(text)

    # -- text -----------------------------------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self._lang

    def set_lang(self, lang: str) -> None:
        """Ruby is painted in やさしい日本語 only; other languages wrap at their phrases and words."""
        if lang != self._lang:
            self._lang = lang
            self.setText(self._source)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming
        self._source = text
        ruby = self._lang == "ja_easy"
        self._phrases = phrase_runs(text, self._lang, ruby=ruby)
        shown = "".join(r.base for p in self._phrases for r in p)
        super().setText(shown)  # what is painted, without the readings (QLabel's own text, never drawn by it)
        self.setAccessibleName(to_text(text) if ruby else text)
        self.updateGeometry()
        self.update()

    def text(self) -> str:
        """The text as set (the hiragana of やさしい日本語, not the kanji painted for it)."""
        return self._source

    def shown_text(self) -> str:
        """What is painted on the base line (kanji for the key words)."""
        return QLabel.text(self)

    def has_ruby(self) -> bool:
        return any(r.reading for p in self._phrases for r in p)

    def phrases(self) -> list[Phrase]:
        return list(self._phrases)

    # -- metrics --------------------------------------------------------------------------------------------
    def ruby_font(self) -> QFont:
        f = QFont(self.font())
        base = (
            self.font().pixelSize()
            if self.font().pixelSize() > 0
            else round(self.font().pointSizeF() * 4 / 3)
        )
        f.setPixelSize(max(MIN_RUBY_PX, round(base * RUBY_SHARE)))
        return f

    def _metrics(self) -> tuple[QFontMetricsF, QFontMetricsF]:
        return QFontMetricsF(self.font()), QFontMetricsF(self.ruby_font())

    def run_width(self, run: Run, metrics: tuple[QFontMetricsF, QFontMetricsF] | None = None) -> float:
        """``metrics``: this label's :meth:`_metrics`, made once by a caller measuring many runs (making them
        for each run was most of the kiosk's re-layout time)."""
        fm, rm = metrics if metrics is not None else self._metrics()
        w = fm.horizontalAdvance(run.base)
        return max(w, rm.horizontalAdvance(run.reading)) if run.reading else w

    def _ruby_geometry(self) -> tuple[float, float]:
        """(band, offset): the height added above each base line for the furigana, and how far above the base
        line's baseline the furigana's baseline sits. The furigana's ink ends ``RUBY_GAP`` above the kanji's ink,
        and uses the empty top of the base line box first, so a line with ruby grows by little."""
        fm, rm = self._metrics()
        kanji = fm.tightBoundingRect("漢字書")  # the ink of tall kanji (top is negative: above the baseline)
        kana = rm.tightBoundingRect("あがじょ")
        gap = fm.height() * RUBY_GAP
        offset = -kanji.top() + gap + kana.bottom()
        band = max(0.0, offset - kana.top() - fm.ascent())
        return band, offset

    def ruby_band(self) -> float:
        """Height reserved above each base line for the furigana (0 if the text has none)."""
        return self._ruby_geometry()[0] if self.has_ruby() else 0.0

    def line_height(self) -> float:
        return self.ruby_band() + QFontMetricsF(self.font()).height()

    def _margins(self) -> tuple[int, int]:
        m = self.contentsMargins()
        return m.left() + m.right() + 2 * self.margin(), m.top() + m.bottom() + 2 * self.margin()

    def layout_lines(self, width: float) -> list[list[Run]]:
        """The runs of each line at ``width`` (greedy, whole phrases; a line's leading space is dropped)."""
        lines: list[list[Run]] = [[]]
        used = 0.0
        m = self._metrics()
        for phrase in self._phrases:
            if phrase[0].base == "\n":
                lines.append([])
                used = 0.0
                continue
            w = sum(self.run_width(r, m) for r in phrase)
            if lines[-1] and used + w > width + 0.5:
                phrase = _lstrip(phrase)
                w = sum(self.run_width(r, m) for r in phrase)
                lines.append([])
                used = 0.0
            elif not lines[-1]:
                phrase = _lstrip(phrase)
                w = sum(self.run_width(r, m) for r in phrase)
            lines[-1].extend(phrase)
            used += w
        return lines if any(lines) else []

    def lines(self, width: float | None = None) -> list[tuple[int, float]]:
        """(index in the text where the line starts, line width) for each line at ``width`` (default: now)."""
        if width is None:
            width = self.contentsRect().width() - 2 * self.margin()
        m = self._metrics()
        return [
            (line[0].start if line else 0, sum(self.run_width(r, m) for r in line))
            for line in self.layout_lines(width)
        ]

    def widest_phrase(self) -> float:
        m = self._metrics()
        return max((sum(self.run_width(r, m) for r in _lstrip(p)) for p in self._phrases), default=0.0)

    # -- Qt size hints --------------------------------------------------------------------------------------
    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        mx, my = self._margins()
        n = len(self.layout_lines(max(1.0, width - mx)))
        return math.ceil(n * self.line_height()) + my if n else my

    def sizeHint(self) -> QSize:  # noqa: N802
        """One line, as wide as the whole text (a layout narrows it, and the height follows heightForWidth)."""
        mx, _ = self._margins()
        m = self._metrics()
        whole = sum(self.run_width(r, m) for p in self._phrases for r in p if r.base != "\n")
        width = int(whole + 0.999) + mx
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """As QLabel does for wrapped text: as narrow as the widest phrase (a phrase is never broken), as low as
        one line; a layout asks heightForWidth for the height at the width it gives."""
        mx, my = self._margins()
        return QSize(int(self.widest_phrase() + 0.999) + mx, self.heightForWidth(QWIDGETSIZE_MAX))

    # -- painting -------------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        QFrame.paintEvent(self, event)  # the style sheet's frame and background; QLabel's text is not drawn
        p = QPainter(self)
        p.setPen(self.palette().color(self.foregroundRole()))
        rect = QRectF(self.contentsRect()).adjusted(
            self.margin(), self.margin(), -self.margin(), -self.margin()
        )
        lines = self.layout_lines(rect.width())
        fm, rm = m = self._metrics()
        band, line_h = self.ruby_band(), self.line_height()
        offset = self._ruby_geometry()[1]
        align = self.alignment()
        y = rect.top()
        if align & Qt.AlignmentFlag.AlignVCenter:
            y += max(0.0, (rect.height() - line_h * len(lines)) / 2)
        elif align & Qt.AlignmentFlag.AlignBottom:
            y += max(0.0, rect.height() - line_h * len(lines))
        ruby_font = self.ruby_font()
        for line in lines:
            width = sum(self.run_width(r, m) for r in line)
            x = rect.left()
            if align & Qt.AlignmentFlag.AlignHCenter:
                x += (rect.width() - width) / 2
            elif align & Qt.AlignmentFlag.AlignRight:
                x += rect.width() - width
            base_y = y + band + fm.ascent()
            for run in line:
                w = self.run_width(run, m)
                bw = fm.horizontalAdvance(run.base)
                p.setFont(self.font())
                p.drawText(QPointF(x + (w - bw) / 2, base_y), run.base)
                if run.reading:
                    p.setFont(ruby_font)
                    rw = rm.horizontalAdvance(run.reading)
                    p.drawText(QPointF(x + (w - rw) / 2, base_y - offset), run.reading)
                x += w
            y += line_h
        p.end()


def _lstrip(phrase: Phrase) -> Phrase:
    """A phrase at the start of a line, without its leading space."""
    if not phrase or not phrase[0].base[:1].isspace() or phrase[0].reading:
        return phrase
    first = phrase[0]
    stripped = first.base.lstrip()
    rest = phrase[1:]
    if not stripped:
        return tuple(rest)
    return (Run(stripped, None, first.start + len(first.base) - len(stripped)), *rest)
