"""Every word the hall display shows, in the nine languages of the office profile. Qt-free.

Labels rotate through the profile's ``languages``; numbers and the clock do not. A label missing in a language
falls back to Japanese, so a profile may list any language of ``shared.config.LANGS``.
"""

from __future__ import annotations

from datetime import datetime

from shared.estimate import Estimate, round_5

WEEKDAYS_JA = "月火水木金土日"

# key -> {lang: text}. Short words: these are read from across a hall.
LABELS: dict[str, dict[str, str]] = {
    "calling": {
        "ja": "呼出中",
        "ja_easy": "よびだし ちゅう",
        "en": "Now calling",
        "zh_hans": "正在叫号",
        "ko": "호출 중",
        "vi": "Đang gọi số",
        "tl": "Tinatawag na",
        "ne": "अहिले बोलाइँदै",
        "pt": "Chamando agora",
    },
    "history": {
        "ja": "これまでの呼出",
        "ja_easy": "まえに よんだ ばんごう",
        "en": "Recent calls",
        "zh_hans": "已叫号码",
        "ko": "최근 호출",
        "vi": "Số đã gọi",
        "tl": "Mga natawag na",
        "ne": "हालै बोलाइएका",
        "pt": "Chamadas recentes",
    },
    "waits": {
        "ja": "待ち状況",
        "ja_easy": "まっている ひと",
        "en": "Waiting now",
        "zh_hans": "等候状况",
        "ko": "대기 현황",
        "vi": "Tình hình chờ",
        "tl": "Naghihintay",
        "ne": "प्रतीक्षा स्थिति",
        "pt": "Situação de espera",
    },
    "service": {
        "ja": "業務",
        "ja_easy": "てつづき",
        "en": "Service",
        "zh_hans": "业务",
        "ko": "업무",
        "vi": "Thủ tục",
        "tl": "Serbisyo",
        "ne": "सेवा",
        "pt": "Serviço",
    },
    "waiting": {
        "ja": "待ち人数",
        "ja_easy": "まつ ひと",
        "en": "Waiting",
        "zh_hans": "等候人数",
        "ko": "대기 인원",
        "vi": "Số người chờ",
        "tl": "Naghihintay",
        "ne": "पर्खिरहेका",
        "pt": "Aguardando",
    },
    "estimate": {
        "ja": "待ち時間の目安",
        "ja_easy": "まつ じかん",
        "en": "Estimated wait",
        "zh_hans": "预计等候时间",
        "ko": "예상 대기 시간",
        "vi": "Thời gian chờ dự kiến",
        "tl": "Tantiyang paghihintay",
        "ne": "अनुमानित समय",
        "pt": "Espera estimada",
    },
    "ready": {
        "ja": "お受け取りできます",
        "ja_easy": "うけとれます",
        "en": "Ready to collect",
        "zh_hans": "可以领取",
        "ko": "수령 가능",
        "vi": "Có thể nhận",
        "tl": "Handa nang kunin",
        "ne": "लिन तयार",
        "pt": "Pronto para retirada",
    },
    "none_ready": {
        "ja": "現在ありません",
        "ja_easy": "いまは ありません",
        "en": "None at the moment",
        "zh_hans": "目前没有",
        "ko": "현재 없습니다",
        "vi": "Hiện chưa có",
        "tl": "Wala pa sa ngayon",
        "ne": "अहिले छैन",
        "pt": "Nenhum no momento",
    },
    "none_calling": {
        "ja": "ただいま呼出中の番号はありません",
        "ja_easy": "いま よんでいる ばんごうは ありません",
        "en": "No number is being called",
        "zh_hans": "目前没有正在叫的号码",
        "ko": "현재 호출 중인 번호가 없습니다",
        "vi": "Hiện không gọi số nào",
        "tl": "Walang tinatawag na numero",
        "ne": "अहिले कुनै नम्बर बोलाइएको छैन",
        "pt": "Nenhum número sendo chamado",
    },
    "pickup": {
        "ja": "交付",
        "ja_easy": "うけとり",
        "en": "Pickup",
        "zh_hans": "领取",
        "ko": "교부",
        "vi": "Nhận",
        "tl": "Kunin",
        "ne": "संकलन",
        "pt": "Retirada",
    },
    "soon": {
        "ja": "まもなく",
        "ja_easy": "すぐ",
        "en": "Soon",
        "zh_hans": "即将",
        "ko": "곧",
        "vi": "Sắp đến lượt",
        "tl": "Malapit na",
        "ne": "छिट्टै",
        "pt": "Em breve",
    },
    "closed": {
        "ja": "受付時間外",
        "ja_easy": "いまは うけつけ していません",
        "en": "Closed now",
        "zh_hans": "非受理时间",
        "ko": "접수 시간 외",
        "vi": "Ngoài giờ tiếp nhận",
        "tl": "Sarado ngayon",
        "ne": "अहिले बन्द",
        "pt": "Fechado agora",
    },
    "cutoff": {
        "ja": "本日の受付は終了",
        "ja_easy": "きょうの うけつけは おわり",
        "en": "Closed for today",
        "zh_hans": "今日受理已结束",
        "ko": "오늘 접수 마감",
        "vi": "Hôm nay đã hết giờ",
        "tl": "Sarado na ngayong araw",
        "ne": "आजको लागि बन्द",
        "pt": "Encerrado hoje",
    },
    "cap": {
        "ja": "本日の受付は終了（上限）",
        "ja_easy": "きょうの うけつけは おわり",
        "en": "Full for today",
        "zh_hans": "今日名额已满",
        "ko": "오늘 접수 마감（정원）",
        "vi": "Hôm nay đã đủ số",
        "tl": "Puno na ngayong araw",
        "ne": "आजको कोटा पूरा",
        "pt": "Lotado hoje",
    },
    "paused": {
        "ja": "受付を一時停止中",
        "ja_easy": "いま うけつけを とめています",
        "en": "Paused",
        "zh_hans": "暂停受理",
        "ko": "접수 일시 중지",
        "vi": "Tạm dừng",
        "tl": "Nakahinto muna",
        "ne": "अस्थायी रूपमा रोकिएको",
        "pt": "Pausado",
    },
    "more": {
        "ja": "ほか{n}件",
        "ja_easy": "ほか {n}",
        "en": "+{n} more",
        "zh_hans": "另有{n}个",
        "ko": "외 {n}건",
        "vi": "+{n} số khác",
        "tl": "+{n} pa",
        "ne": "+{n} थप",
        "pt": "+{n} outros",
    },
}

# (before, after) the big counter number: 「3番窓口」, "Counter 3".
COUNTER_PARTS: dict[str, tuple[str, str]] = {
    "ja": ("", "番窓口"),
    "ja_easy": ("", "ばん まどぐち"),
    "en": ("Counter", ""),
    "zh_hans": ("", "号窗口"),
    "ko": ("", "번 창구"),
    "vi": ("Quầy", ""),
    "tl": ("Counter", ""),
    "ne": ("काउन्टर", ""),
    "pt": ("Guichê", ""),
}

_PEOPLE: dict[str, tuple[str, str]] = {  # (one, many)
    "ja": ("{n}人", "{n}人"),
    "ja_easy": ("{n}にん", "{n}にん"),
    "en": ("{n} person", "{n} people"),
    "zh_hans": ("{n}人", "{n}人"),
    "ko": ("{n}명", "{n}명"),
    "vi": ("{n} người", "{n} người"),
    "tl": ("{n} tao", "{n} tao"),
    "ne": ("{n} जना", "{n} जना"),
    "pt": ("{n} pessoa", "{n} pessoas"),
}

_MINUTES: dict[str, tuple[str, str]] = {  # (range, single)
    "ja": ("約{lo}〜{hi}分", "約{hi}分"),
    "ja_easy": ("{lo}〜{hi}ふん ぐらい", "{hi}ふん ぐらい"),
    "en": ("{lo}–{hi} min", "about {hi} min"),
    "zh_hans": ("约{lo}～{hi}分钟", "约{hi}分钟"),
    "ko": ("약 {lo}~{hi}분", "약 {hi}분"),
    "vi": ("{lo}–{hi} phút", "khoảng {hi} phút"),
    "tl": ("{lo}–{hi} minuto", "mga {hi} minuto"),
    "ne": ("{lo}–{hi} मिनेट", "करिब {hi} मिनेट"),
    "pt": ("{lo}–{hi} min", "cerca de {hi} min"),
}


def label(key: str, lang: str) -> str:
    texts = LABELS[key]
    return texts.get(lang) or texts["ja"]


def counter_parts(number: int, lang: str) -> tuple[str, str, str]:
    """(small text before, the number, small text after): ('', '3', '番窓口') or ('Counter', '3', '')."""
    before, after = COUNTER_PARTS.get(lang, COUNTER_PARTS["ja"])
    return before, str(number), after


def counter_text(number: int, lang: str) -> str:
    before, n, after = counter_parts(number, lang)
    return f"{before} {n}".strip() if before else f"{n}{after}"


def people(n: int, lang: str) -> str:
    one, many = _PEOPLE.get(lang, _PEOPLE["ja"])
    return (one if n == 1 else many).format(n=n)


def minutes(estimate: Estimate, lang: str) -> str:
    """The core's range, rounded to 5 minutes like ``Estimate.label_ja``: 「約10〜20分」, "10–20 min", 「まもなく」."""
    lo, hi = round_5(estimate.low), round_5(estimate.high)
    if hi <= 0:
        return label("soon", lang)
    rng, single = _MINUTES.get(lang, _MINUTES["ja"])
    return (rng if lo != hi else single).format(lo=lo, hi=hi)


def closed_reason(reason: str, lang: str) -> str:
    """What to show instead of a wait when the service takes no new ticket (engine.issuing_reason)."""
    return label(reason if reason in LABELS else "closed", lang)


def clock_text(now: datetime) -> str:
    """「2026年11月26日(木) 13:05」: the hall clock, always in Japanese style."""
    return f"{now.year}年{now.month}月{now.day}日({WEEKDAYS_JA[now.weekday()]}) {now.hour}:{now.minute:02d}"


def name(names: dict[str, str], lang: str) -> str:
    return names.get(lang) or names.get("ja") or next(iter(names.values()), "")
