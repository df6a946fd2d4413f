"""Labels printed on the ticket slip, in the nine kiosk languages.

The slip is rendered without Qt (Pillow), so its few labels live here as data rather than in Qt Linguist
files. Digits stay ASCII in every language so the number and the figures match what staff read.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")

#: Language codes in the order of the kiosk's language bar.
LANGS: tuple[str, ...] = ("ja", "ja_easy", "en", "zh_hans", "ko", "vi", "tl", "ne", "pt")

#: Keys every language must define. ``people_ahead_one`` is optional (singular form).
KEYS: tuple[str, ...] = (
    "ticket_number",
    "people_ahead",
    "wait_label",
    "wait_range",
    "wait_single",
    "wait_soon",
    "route",
    "instruction",
    "scan",
    "colon",
)

LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "ticket_number": "受付番号",
        "people_ahead": "お待ちの人数 {n}人",
        "wait_label": "待ち時間の目安",
        "wait_range": "約{low}〜{high}分",
        "wait_single": "約{n}分",
        "wait_soon": "まもなく",
        "route": "お手続きの順番",
        "instruction": "お呼び出しの順番までにお戻りください",
        "scan": "読み取ると呼び出し状況がわかります",
        "colon": "　",
    },
    "ja_easy": {
        "ticket_number": "あなたの ばんごう",
        "people_ahead": "まっている ひと {n}にん",
        "wait_label": "まつ じかん",
        "wait_range": "だいたい {low}〜{high}ふん",
        "wait_single": "だいたい {n}ふん",
        "wait_soon": "もうすぐ",
        "route": "いく まどぐちの じゅんばん",
        "instruction": "ばんごうが よばれる まえに もどって ください",
        "scan": "スマホで よむと いまの じゅんばんが わかります",
        "colon": "　",
    },
    "en": {
        "ticket_number": "Ticket number",
        "people_ahead": "{n} people ahead of you",
        "people_ahead_one": "1 person ahead of you",
        "wait_label": "Estimated wait",
        "wait_range": "about {low}–{high} min",
        "wait_single": "about {n} min",
        "wait_soon": "soon",
        "route": "Your route, in this order",
        "instruction": "Please come back before your number is called.",
        "scan": "Scan for live status",
        "colon": ": ",
    },
    "zh_hans": {
        "ticket_number": "排队号码",
        "people_ahead": "前面还有 {n} 人",
        "wait_label": "预计等候时间",
        "wait_range": "约{low}～{high}分钟",
        "wait_single": "约{n}分钟",
        "wait_soon": "即将叫号",
        "route": "办理窗口顺序",
        "instruction": "请在叫到您的号码之前回来",
        "scan": "扫码查看实时叫号状态",
        "colon": "：",
    },
    "ko": {
        "ticket_number": "접수 번호",
        "people_ahead": "앞에 {n}명 대기 중",
        "wait_label": "예상 대기 시간",
        "wait_range": "약 {low}~{high}분",
        "wait_single": "약 {n}분",
        "wait_soon": "곧 호출됩니다",
        "route": "방문할 창구 순서",
        "instruction": "호출 순서가 되기 전에 돌아와 주세요",
        "scan": "스캔하여 실시간 대기 현황 확인",
        "colon": ": ",
    },
    "vi": {
        "ticket_number": "Số thứ tự",
        "people_ahead": "Còn {n} người trước bạn",
        "wait_label": "Thời gian chờ dự kiến",
        "wait_range": "khoảng {low}–{high} phút",
        "wait_single": "khoảng {n} phút",
        "wait_soon": "sắp đến lượt",
        "route": "Thứ tự các quầy cần đến",
        "instruction": "Vui lòng quay lại trước khi số của bạn được gọi.",
        "scan": "Quét mã để xem tình trạng chờ",
        "colon": ": ",
    },
    "tl": {
        "ticket_number": "Numero ng tiket",
        "people_ahead": "{n} tao ang nauuna sa iyo",
        "wait_label": "Tinatayang paghihintay",
        "wait_range": "mga {low}–{high} minuto",
        "wait_single": "mga {n} minuto",
        "wait_soon": "malapit na",
        "route": "Mga pupuntahan, sunod-sunod",
        "instruction": "Mangyaring bumalik bago tawagin ang iyong numero.",
        "scan": "I-scan para sa live na status",
        "colon": ": ",
    },
    "ne": {
        "ticket_number": "टोकन नम्बर",
        "people_ahead": "तपाईंभन्दा अगाडि {n} जना",
        "wait_label": "अनुमानित पर्खाइ",
        "wait_range": "लगभग {low}–{high} मिनेट",
        "wait_single": "लगभग {n} मिनेट",
        "wait_soon": "छिट्टै",
        "route": "जानुपर्ने काउन्टरको क्रम",
        "instruction": "कृपया तपाईंको नम्बर बोलाउनुअघि फर्कनुहोस्।",
        "scan": "प्रत्यक्ष स्थिति हेर्न स्क्यान गर्नुहोस्",
        "colon": ": ",
    },
    "pt": {
        "ticket_number": "Número da senha",
        "people_ahead": "{n} pessoas à sua frente",
        "people_ahead_one": "1 pessoa à sua frente",
        "wait_label": "Espera estimada",
        "wait_range": "cerca de {low}–{high} min",
        "wait_single": "cerca de {n} min",
        "wait_soon": "em breve",
        "route": "Setores a visitar, nesta ordem",
        "instruction": "Por favor, volte antes de seu número ser chamado.",
        "scan": "Escaneie para ver o status ao vivo",
        "colon": ": ",
    },
}

_WEEKDAYS_JA = "月火水木金土日"


def label(lang: str, key: str) -> str:
    """One label in ``lang``; raises KeyError for an unknown language or key."""
    return LABELS[lang][key]


def people_ahead_text(lang: str, n: int) -> str:
    """ "お待ちの人数 5人" / "5 people ahead of you" (singular where the language has one)."""
    texts = LABELS[lang]
    if n == 1 and "people_ahead_one" in texts:
        return texts["people_ahead_one"]
    return texts["people_ahead"].format(n=n)


def wait_value_text(lang: str, low: int | None, high: int | None) -> str | None:
    """ "約35〜50分", "約40分" when low == high, "まもなく" for 0; None when no estimate is known."""
    if low is None and high is None:
        return None
    lo = high if low is None else low
    hi = low if high is None else high
    assert lo is not None and hi is not None
    texts = LABELS[lang]
    if hi <= 0:
        return texts["wait_soon"]
    if lo == hi:
        return texts["wait_single"].format(n=hi)
    return texts["wait_range"].format(low=lo, high=hi)


def wait_line(lang: str, low: int | None, high: int | None) -> str | None:
    """ "待ち時間の目安　約35〜50分" / "Estimated wait: about 35–50 min"; None without an estimate."""
    value = wait_value_text(lang, low, high)
    if value is None:
        return None
    texts = LABELS[lang]
    return f"{texts['wait_label']}{texts['colon']}{value}"


def format_issued_at(dt: datetime) -> str:
    """Japanese style date and time in Tokyo time: "2026年11月26日(木) 13:05"."""
    local = dt.astimezone(TOKYO)
    weekday = _WEEKDAYS_JA[local.weekday()]
    return f"{local.year}年{local.month}月{local.day}日({weekday}) {local:%H:%M}"
