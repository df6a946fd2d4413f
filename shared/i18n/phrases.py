"""Where a line may break: whole words and, in Chinese and Japanese, whole phrases (文節).

Qt (like a browser without ``word-break: auto-phrase``) breaks Chinese and Japanese between any two characters,
so 工作人员 became 「工作人/员」 and 車いす 「車い/す」 on the kiosk. :func:`phrases` cuts a text into the
pieces a line may break between: BudouX's phrases for Chinese and standard Japanese (the model Chrome's
auto-phrase uses), the space-separated phrases of やさしい日本語, which is written with spaces for this reason.
:func:`keep_phrases` joins the characters inside each phrase with WORD JOINER (U+2060, invisible), so any text
engine that follows Unicode line breaking (UAX #14: Qt's, a browser's) breaks only between phrases.
"""

from __future__ import annotations

import functools

import budoux

WORD_JOINER = "\u2060"
#: a line may break after these even inside a phrase (a phrase that runs on past a comma or a full stop)
_BREAK_AFTER = set("、。，,；;：:！!？?）)」』・")


@functools.cache
def _parser(lang: str) -> budoux.Parser:
    if lang == "zh_hans":
        return budoux.load_default_simplified_chinese_parser()
    return budoux.load_default_japanese_parser()


def _has_cjk(text: str) -> bool:
    return any(
        "\u3040" <= c <= "\u30ff" or "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in text
    )


def phrases(text: str, lang: str) -> list[str]:
    """``text`` cut where a line may break between its pieces (joined back, they are ``text``)."""
    if not text or not _has_cjk(text):
        return [text] if text else []
    if lang == "ja_easy":
        out: list[str] = []
        for i, part in enumerate(text.split(" ")):
            out.append(part if i == 0 else " " + part)
        return [p for p in out if p]
    out = []
    for i, line in enumerate(text.split("\n")):
        pieces = _parser(lang).parse(line) if line else []
        if i > 0:
            out.append("\n")
        out.extend(pieces)
    return out


def keep_phrases(text: str, lang: str) -> str:
    """``text`` with WORD JOINER between the characters of each phrase: it breaks between phrases only."""
    if not _has_cjk(text):
        return text
    out = []
    for piece in phrases(text, lang):
        chars: list[str] = []
        for c in piece:
            if chars and chars[-1] not in _BREAK_AFTER and c not in " \n" and chars[-1] not in " \n":
                chars.append(WORD_JOINER)
            chars.append(c)
        out.append("".join(chars))
    return "".join(out)


def plain(text: str) -> str:
    """``text`` without the WORD JOINERs :func:`keep_phrases` put in."""
    return text.replace(WORD_JOINER, "")
