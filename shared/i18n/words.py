"""Words more than one app shows: the counter's name, counted people and copies, why issuing is off. Service names come from the
office profile, estimate wording from :mod:`shared.estimate` and its callers."""

from __future__ import annotations

from shared.i18n.catalogue import Table

WORDS = Table(
    "words",
    {
        # 「3番窓口」: the phone page, the hall display (big number between its parts), the reports.
        "counter_n": {
            "ja": "{n}番窓口",
            "ja_easy": "{n}ばん まどぐち",
            "en": "Counter {n}",
            "zh_hans": "{n}号窗口",
            "ko": "{n}번 창구",
            "vi": "Quầy {n}",
            "tl": "Counter {n}",
            "ne": "काउन्टर {n}",
            "pt": "Guichê {n}",
        },
        # People waiting in a queue (hall display).
        "people_n": {
            "ja": "{n}人",
            "ja_easy": "{n}にん",
            "en": {"one": "{n} person", "other": "{n} people"},
            "zh_hans": "{n}人",
            "ko": "{n}명",
            "vi": "{n} người",
            "tl": {"one": "{n} tao", "other": "{n} tao"},
            "ne": {"one": "{n} जना", "other": "{n} जना"},
            "pt": {"one": "{n} pessoa", "other": "{n} pessoas"},
        },
        # People ahead of this ticket (the slip and the ticket on the kiosk's screen).
        "people_ahead": {
            "ja": "お待ちの人数 {n}人",
            "ja_easy": "まっている ひと {n}にん",
            "en": {"one": "{n} person ahead of you", "other": "{n} people ahead of you"},
            "zh_hans": "前面还有 {n} 人",
            "ko": "앞에 {n}명 대기 중",
            "vi": "Còn {n} người trước bạn",
            "tl": {"one": "{n} tao ang nauuna sa iyo", "other": "{n} tao ang nauuna sa iyo"},
            "ne": {"one": "तपाईंभन्दा अगाडि {n} जना", "other": "तपाईंभन्दा अगाडि {n} जना"},
            "pt": {"one": "{n} pessoa à sua frente", "other": "{n} pessoas à sua frente"},
        },
        # The label before an estimate (the printed slip, the hall display).
        "estimated_wait": {
            "ja": "待ち時間の目安",
            "ja_easy": "まつ じかん",
            "en": "Estimated wait",
            "zh_hans": "预计等候时间",
            "ko": "예상 대기 시간",
            "vi": "Thời gian chờ dự kiến",
            "tl": "Tinatayang paghihintay",
            "ne": "अनुमानित पर्खाइ",
            "pt": "Espera estimada",
        },
        # Why no new ticket can be taken now (engine.issuing_reason): kiosk tiles, the hall display, the phone page.
        "issuing_closed": {
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
        "issuing_cutoff": {
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
        "issuing_cap": {
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
        "issuing_paused": {
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
        # Certificates asked for at the kiosk (書かない): copies and kinds of document.
        "copies_n": {
            "ja": "{n}通",
            "ja_easy": "{n}まい",
            "en": {"one": "{n} copy", "other": "{n} copies"},
            "zh_hans": "{n}份",
            "ko": "{n}통",
            "vi": "{n} bản",
            "tl": {"one": "{n} kopya", "other": "{n} kopya"},
            "ne": {"one": "{n} प्रति", "other": "{n} प्रति"},
            "pt": {"one": "{n} cópia", "other": "{n} cópias"},
        },
        "kinds_n": {
            "ja": "{n}種類",
            "ja_easy": "{n}しゅるい",
            "en": {"one": "{n} kind", "other": "{n} kinds"},
            "zh_hans": "{n} 种",
            "ko": "{n}종류",
            "vi": "{n} loại",
            "tl": {"one": "{n} uri", "other": "{n} uri"},
            "ne": {"one": "{n} प्रकार", "other": "{n} प्रकार"},
            "pt": {"one": "{n} tipo", "other": "{n} tipos"},
        },
    },
)
