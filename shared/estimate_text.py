"""The words for an estimated wait, in all nine languages: the one place every screen takes them from.

The kiosk tile, the ticket (screen and paper), the hall display, the phone page, ``status`` and ``/api/status`` read
one :class:`~shared.estimate.Estimate` for the same moment and pass it through these rules, so they say the same:

- no counter serving the queue is open → 「窓口準備中」 / "counters not open yet", never a number;
- nobody ahead with a counter open → 「まもなく」 / "soon", never a range from 0;
- otherwise one 目安: the point rounded to 5 minutes (10 above an hour), at least 5 — 「約15分」;
- with no history yet (a new office or service) the same figure marked rough: 「約15分（参考）」;
- an honest range only where there is room (the phone page): 「約15分（10〜25分）」, the 80% range rounded outward
  to 5 minutes. Boards show 待ち人数 plus one 目安, never a range.

Qt-free; the apps lay out what these functions return.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from shared.estimate import Estimate
from shared.i18n import LANGS

__all__ = [
    "LANGS",
    "TEXTS",
    "Shown",
    "as_json",
    "board",
    "figure",
    "label",
    "rough_note",
    "shown",
    "with_range",
    "words",
]

TEXTS: dict[str, dict[str, str]] = {
    "ja": {
        "soon": "まもなく",
        "not_open": "窓口準備中",
        "about": "約{n}分",
        "rough": "約{n}分（参考）",
        "range": "{lo}〜{hi}分",
        "with_range": "{about}（{range}）",
        "label": "待ち時間の目安",
        "rough_note": "まだ実績がないため、標準の所要時間からの参考値です",
    },
    "ja_easy": {
        "soon": "もうすぐ",
        "not_open": "まどぐちの じゅんびちゅう",
        "about": "だいたい {n}ふん",
        "rough": "だいたい {n}ふん（めやす）",
        "range": "{lo}〜{hi}ふん",
        "with_range": "{about}（{range}）",
        "label": "まつ じかん",
        "rough_note": "まだ きろくが ないので、ふつうの じかんから けいさんしました",
    },
    "en": {
        "soon": "soon",
        "not_open": "counters not open yet",
        "about": "about {n} min",
        "rough": "about {n} min (rough guide)",
        "range": "{lo}–{hi} min",
        "with_range": "{about} ({range})",
        "label": "Estimated wait",
        "rough_note": "No waiting history yet: a rough guide from the standard service time",
    },
    "zh_hans": {
        "soon": "即将叫号",
        "not_open": "窗口准备中",
        "about": "约{n}分钟",
        "rough": "约{n}分钟（参考）",
        "range": "{lo}～{hi}分钟",
        "with_range": "{about}（{range}）",
        "label": "预计等候时间",
        "rough_note": "尚无等候记录，按标准办理时间估算，仅供参考",
    },
    "ko": {
        "soon": "곧 호출됩니다",
        "not_open": "창구 준비 중",
        "about": "약 {n}분",
        "rough": "약 {n}분 (참고)",
        "range": "{lo}~{hi}분",
        "with_range": "{about} ({range})",
        "label": "예상 대기 시간",
        "rough_note": "아직 대기 기록이 없어 표준 처리 시간으로 계산한 참고값입니다",
    },
    "vi": {
        "soon": "sắp đến lượt",
        "not_open": "quầy chưa mở",
        "about": "khoảng {n} phút",
        "rough": "khoảng {n} phút (tham khảo)",
        "range": "{lo}–{hi} phút",
        "with_range": "{about} ({range})",
        "label": "Thời gian chờ dự kiến",
        "rough_note": "Chưa có dữ liệu chờ: ước tính theo thời gian xử lý tiêu chuẩn",
    },
    "tl": {
        "soon": "malapit na",
        "not_open": "sarado pa ang counter",
        "about": "mga {n} minuto",
        "rough": "mga {n} minuto (tantiya lang)",
        "range": "{lo}–{hi} minuto",
        "with_range": "{about} ({range})",
        "label": "Tinatayang paghihintay",
        "rough_note": "Wala pang record ng paghihintay: tantiya mula sa karaniwang tagal ng serbisyo",
    },
    "ne": {
        "soon": "छिट्टै",
        "not_open": "काउन्टर अझै खुलेको छैन",
        "about": "लगभग {n} मिनेट",
        "rough": "लगभग {n} मिनेट (अनुमान मात्र)",
        "range": "{lo}–{hi} मिनेट",
        "with_range": "{about} ({range})",
        "label": "अनुमानित पर्खाइ",
        "rough_note": "पर्खाइको रेकर्ड छैन: सामान्य सेवा समयबाट गरिएको अनुमान",
    },
    "pt": {
        "soon": "em breve",
        "not_open": "guichês ainda não abertos",
        "about": "cerca de {n} min",
        "rough": "cerca de {n} min (estimativa aproximada)",
        "range": "{lo}–{hi} min",
        "with_range": "{about} ({range})",
        "label": "Espera estimada",
        "rough_note": "Ainda sem histórico de espera: estimativa pelo tempo padrão de atendimento",
    },
}


@dataclass(frozen=True)
class Shown:
    """What to show for an estimate: ``kind`` is ``not_open``, ``soon`` or ``minutes``; for ``minutes`` the one
    rounded figure (目安) and the rounded 80% range around it."""

    kind: str
    minutes: int | None = None
    low: int | None = None
    high: int | None = None
    rough: bool = False


def figure(minutes: float) -> int:
    """The one 目安: nearest 5 minutes (10 above an hour), at least 5."""
    step = 10 if minutes >= 60 else 5
    return max(5, int(step * math.floor(minutes / step + 0.5)))


def shown(e: Estimate) -> Shown:
    if not e.open:
        return Shown("not_open")
    if e.ahead <= 0:
        return Shown("soon")
    n = figure(e.minutes)
    lo = min(n, int(5 * math.floor(max(0.0, e.low) / 5)))
    hi = max(n, int(5 * math.ceil(e.high / 5)))
    return Shown("minutes", n, lo, hi, e.cold)


def _t(lang: str) -> dict[str, str]:
    return TEXTS.get(lang) or TEXTS["ja"]


def words(s: Shown, lang: str = "ja") -> str:
    """The words for a decided :class:`Shown` (a ticket slip keeps the Shown, not the estimate)."""
    t = _t(lang)
    if s.kind != "minutes":
        return t[s.kind]
    return t["rough" if s.rough else "about"].format(n=s.minutes)


def board(e: Estimate, lang: str = "ja") -> str:
    """One 目安 for boards, tiles, the ticket and ``status``: 「約15分」, 「まもなく」, 「窓口準備中」."""
    return words(shown(e), lang)


def with_range(e: Estimate, lang: str = "ja") -> str:
    """Where there is room (the phone page): the 目安 plus the honest 80% range, 「約15分（10〜25分）」."""
    s, t = shown(e), _t(lang)
    if s.kind != "minutes" or s.rough or s.low == s.high:
        return board(e, lang)
    rng = t["range"].format(lo=s.low, hi=s.high)
    return t["with_range"].format(about=board(e, lang), range=rng)


def label(lang: str = "ja") -> str:
    return _t(lang)["label"]


def rough_note(lang: str = "ja") -> str:
    return _t(lang)["rough_note"]


def as_json(e: Estimate | None) -> dict[str, Any] | None:
    """The same decision for ``status --json`` and ``/api/status``: kind, the 目安 and the range, in minutes."""
    if e is None:
        return None
    s = shown(e)
    return {
        "kind": s.kind,
        "minutes": s.minutes,
        "low": s.low,
        "high": s.high,
        "rough": s.rough,
        "soon": s.kind == "soon",
        "text_ja": board(e, "ja"),
        "text_en": board(e, "en"),
    }
