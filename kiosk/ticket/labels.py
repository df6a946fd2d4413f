"""Labels printed on the ticket slip, in the nine languages of ``shared.i18n.LANGS``.

The slip is rendered without Qt (Pillow), so its labels are a catalogue :class:`~shared.i18n.Table` rather than
Qt Linguist files; the number of people ahead is the catalogue's shared, counted ``people_ahead``. Digits stay
ASCII in every language so the number and the figures match what staff read.
"""

from __future__ import annotations

from datetime import datetime

from shared.estimate_text import Shown, words
from shared.i18n import WORDS, Table
from shared.i18n.dates import date_ja
from shared.timeutil import TOKYO

SLIP = Table(
    "slip",
    {
        "wait_area": {
            "ja": "お待ちいただく場所",
            "ja_easy": "まつ ところ",
            "en": "Where to wait",
            "zh_hans": "等候地点",
            "ko": "대기 장소",
            "vi": "Nơi chờ",
            "tl": "Saan maghihintay",
            "ne": "पर्खने ठाउँ",
            "pt": "Onde esperar",
        },
        "ticket_number": {
            "ja": "受付番号",
            "ja_easy": "あなたの ばんごう",
            "en": "Ticket number",
            "zh_hans": "排队号码",
            "ko": "접수 번호",
            "vi": "Số thứ tự",
            "tl": "Numero ng tiket",
            "ne": "टोकन नम्बर",
            "pt": "Número da senha",
        },
        "route": {
            "ja": "お手続きの順番",
            "ja_easy": "いく まどぐちの じゅんばん",
            "en": "Your route, in this order",
            "zh_hans": "办理窗口顺序",
            "ko": "방문할 창구 순서",
            "vi": "Thứ tự các quầy cần đến",
            "tl": "Mga pupuntahan, sunod-sunod",
            "ne": "जानुपर्ने काउन्टरको क्रम",
            "pt": "Setores a visitar, nesta ordem",
        },
        "instruction": {
            "ja": "お呼び出しの順番までにお戻りください",
            "ja_easy": "ばんごうが よばれる まえに もどって ください",
            "en": "Please come back before your number is called.",
            "zh_hans": "请在叫到您的号码之前回来",
            "ko": "호출 순서가 되기 전에 돌아와 주세요",
            "vi": "Vui lòng quay lại trước khi số của bạn được gọi.",
            "tl": "Mangyaring bumalik bago tawagin ang iyong numero.",
            "ne": "कृपया तपाईंको नम्बर बोलाउनुअघि फर्कनुहोस्।",
            "pt": "Por favor, volte antes de seu número ser chamado.",
        },
        "scan": {
            "ja": "読み取ると呼び出し状況がわかります",
            "ja_easy": "スマホで よむと いまの じゅんばんが わかります",
            "en": "Scan for live status",
            "zh_hans": "扫码查看实时叫号状态",
            "ko": "스캔하여 실시간 대기 현황 확인",
            "vi": "Quét mã để xem tình trạng chờ",
            "tl": "I-scan para sa live na status",
            "ne": "प्रत्यक्ष स्थिति हेर्न स्क्यान गर्नुहोस्",
            "pt": "Escaneie para ver o status ao vivo",
        },
        "colon": {
            "ja": "\u3000",
            "ja_easy": "\u3000",
            "en": ": ",
            "zh_hans": "：",
            "ko": ": ",
            "vi": ": ",
            "tl": ": ",
            "ne": ": ",
            "pt": ": ",
        },
    },
)


def label(lang: str, key: str) -> str:
    """One label in ``lang``: the slip's own, else the catalogue's shared words; KeyError for an unknown key."""
    return (SLIP if key in SLIP else WORDS).text(key, lang)


def people_ahead_text(lang: str, n: int) -> str:
    """ "お待ちの人数 5人" / "1 person ahead of you" / "5 people ahead of you" (the language's plural rule)."""
    return WORDS.text("people_ahead", lang, n=n)


def wait_value_text(lang: str, wait: Shown | None) -> str | None:
    """The shared words (:mod:`shared.estimate_text`): 「約40分」, 「まもなく」, 「窓口準備中」; None without an estimate."""
    return None if wait is None else words(wait, lang)


def wait_line(lang: str, wait: Shown | None) -> str | None:
    """ "待ち時間の目安　約40分" / "Estimated wait: about 40 min"; None without an estimate."""
    value = wait_value_text(lang, wait)
    if value is None:
        return None
    return f"{WORDS.text('estimated_wait', lang)}{label(lang, 'colon')}{value}"


def format_issued_at(dt: datetime) -> str:
    """Japanese style date and time in Tokyo time: "2026年11月26日(木) 13:05"."""
    local = dt.astimezone(TOKYO)
    return f"{date_ja(local)} {local:%H:%M}"
