"""Every word the hall display shows, in the nine languages of the office profile. Qt-free.

Labels rotate through the profile's ``languages``; numbers and the clock do not. A label missing in a language
falls back to Japanese, so a profile may list any language of ``shared.i18n.LANGS``. 「3番窓口」 and counted
people come from the catalogue's shared :data:`~shared.i18n.WORDS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from shared.estimate import Estimate
from shared.estimate_text import board
from shared.i18n import LANGS, WORDS, Table
from shared.i18n.dates import date_ja

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
    "legend_done": {
        "ja": "受付済み",
        "ja_easy": "すんだ ばんごう",
        "en": "Served",
        "zh_hans": "已受理",
        "ko": "접수 완료",
        "vi": "Đã phục vụ",
        "tl": "Naasikaso na",
        "ne": "सेवा पाइसकेका",
        "pt": "Atendido",
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

TABLE = Table("display", LABELS)


def _split(template: str) -> tuple[str, str]:
    before, _, after = template.partition("{n}")
    return before.strip(), after.strip()


# (before, after) the big counter number: 「3番窓口」, "Counter 3" (the catalogue's counter_n, split at {n}).
COUNTER_PARTS: dict[str, tuple[str, str]] = {
    lang: _split(WORDS.template("counter_n", lang)) for lang in LANGS
}


def label(key: str, lang: str) -> str:
    """The display's own words, else the catalogue's shared words."""
    return (TABLE if key in TABLE else WORDS).text(key, lang)


def counter_parts(number: int, lang: str) -> tuple[str, str, str]:
    """(small text before, the number, small text after): ('', '3', '番窓口') or ('Counter', '3', '')."""
    before, after = COUNTER_PARTS.get(lang, COUNTER_PARTS["ja"])
    return before, str(number), after


def counter_text(number: int, lang: str) -> str:
    return WORDS.text("counter_n", lang, n=number)


def people(n: int, lang: str) -> str:
    return WORDS.text("people_n", lang, n=n)


def minutes(estimate: Estimate, lang: str) -> str:
    """One 目安 in the shared words (:mod:`shared.estimate_text`): 「約15分」, 「まもなく」, 「窓口準備中」."""
    return board(estimate, lang)


def closed_reason(reason: str, lang: str) -> str:
    """What to show instead of a wait when the service takes no new ticket (engine.issuing_reason)."""
    key = f"issuing_{reason}"
    return WORDS.text(key if key in WORDS else "issuing_closed", lang)


def clock_text(now: datetime) -> str:
    """「2026年11月26日(木) 13:05」: the hall clock, always in Japanese style."""
    return f"{date_ja(now)} {now.hour}:{now.minute:02d}"


def name(names: dict[str, str], lang: str) -> str:
    return names.get(lang) or names.get("ja") or next(iter(names.values()), "")


def calls_spoken(key: str, calls: Sequence[tuple[str, int | None]], empty_key: str | None = None) -> str:
    """What a screen reader is given for a painted panel, in Japanese (the office's language), e.g.
    「呼出中: A012 3番窓口、B004 5番窓口」; a panel with nothing on it says so."""
    items = [f"{n} {counter_text(c, 'ja')}" if c is not None else n for n, c in calls]
    if not items:
        return f"{label(key, 'ja')}: {label(empty_key, 'ja') if empty_key else 'なし'}"
    return f"{label(key, 'ja')}: {'、'.join(items)}"
