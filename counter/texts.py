"""Words and numbers the clerk reads: state labels, accessibility instructions, durations, the kiosk request.

Qt-free, so it is tested without a window. Japanese only: the console is for the office's staff.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shared.config import OfficeConfig
from shared.i18n import LANG_LABELS, WORDS
from shared.models import split_queue

STATE_JA: dict[str, str] = {
    "waiting": "待ち",
    "called": "呼出中",
    "serving": "対応中",
    "held": "保留中",
    "done": "完了",
    "no_show": "不在",
    "cancelled": "取消",
    "transferred": "転送済",
    "expired": "時間切れ",
}
COUNTER_STATE_JA: dict[str, str] = {"open": "受付中", "paused": "休止中", "closed": "閉局"}

# Accessibility flags captured at the kiosk (ticket.access): a short tag and what the clerk must do.
ACCESS: dict[str, tuple[str, str]] = {
    "hearing": ("聴覚", "お席までお迎えに行ってください（呼出音が聞こえません。筆談ボードを用意）"),
    "vision": ("視覚", "お席までお迎えに行き、書類は読み上げてください"),
    "wheelchair": ("車いす", "車いす対応の低いカウンターへご案内ください"),
    "pregnancy": ("妊娠中", "椅子を用意し、座ったまま手続きできるようにしてください"),
    "interpreter": ("通訳", "通訳タブレット・電話通訳を準備してください"),
    "escort": ("お迎え", "お席までお迎えに行ってください"),
    "assist": ("介助", "ゆっくり、ていねいにご案内ください"),
    "child": ("子連れ", "ベビーカー・お子さま連れです。広い席へご案内ください"),
}
# Flags that mean the visitor will not come when called: the clerk walks to them.
FETCH_FLAGS = frozenset({"hearing", "vision", "escort"})

REQUEST_KEYS: dict[str, str] = {
    "purpose": "用途",
    "note": "メモ",
    "people": "人数",
    "count": "件数",
    "documents": "持参書類",
    "booking": "予約番号",
}
BOOKING_ONLY_KEYS = ("slot_ts", "late")  # 来庁予約: shown as the 予約 mark and its time, not as request lines
PAUSE_REASONS: tuple[str, ...] = ("昼休み", "休憩", "窓口外業務（バックオフィス）", "会議・研修")


def access_tag(code: str) -> str:
    return ACCESS.get(code, (code, ""))[0]


def access_lines(codes: tuple[str, ...] | list[str]) -> list[str]:
    """'聴覚: お席までお迎えに行ってください…' for each flag; unknown codes are still shown, never dropped."""
    out = []
    for code in codes:
        tag, how = ACCESS.get(code, (code, "配慮が必要です。ご本人に確認してください"))
        out.append(f"{tag}: {how}")
    return out


def lang_line(lang: str) -> tuple[str, str]:
    """(label, hint) for the visitor's kiosk language."""
    label = LANG_LABELS.get(lang, lang)
    if lang == "ja":
        return label, ""
    if lang == "ja_easy":
        return label, "短い文で、ゆっくり話してください"
    return label, "多言語の案内シート・通訳タブレットを用意してください"


def duration(seconds: float | None) -> str:
    """'12分', '1時間05分', '1分未満'. Negative (clock skew) reads as 0."""
    if seconds is None:
        return "—"
    minutes = int(max(0.0, seconds) // 60)
    if minutes < 1:
        return "1分未満"
    if minutes < 60:
        return f"{minutes}分"
    return f"{minutes // 60}時間{minutes % 60:02d}分"


def mm_ss(seconds: float | None) -> str:
    """'6分10秒' for averages, where seconds matter."""
    if seconds is None:
        return "—"
    s = int(round(max(0.0, seconds)))
    return f"{s // 60}分{s % 60:02d}秒"


def queue_name(config: OfficeConfig, queue: str) -> str:
    """'住民票・印鑑証明', or 'マイナンバーカード（交付）' for a pickup queue. Unknown codes are shown as they are."""
    service, stage = split_queue(queue)
    try:
        name = config.service(service).names["ja"]
    except KeyError:
        name = service
    return f"{name}（交付）" if stage == "pickup" else name


def short_queue_name(config: OfficeConfig, queue: str, limit: int = 8) -> str:
    name = queue_name(config, queue)
    base = name.split("（")[0] if len(name) > limit else name
    return base + ("（交付）" if queue.endswith(":pickup") and "交付" not in base else "")


def _copies(v: Any) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, str) and v.strip().isdigit():
        return int(v.strip())
    return None


def request_lines(request: Any, config: OfficeConfig, bundle: str | None) -> list[str]:
    """The kiosk request in words, so the clerk does not ask again. Tolerates malformed data (shows it raw)."""
    if not isinstance(request, Mapping) or not request:
        return []
    lines: list[str] = []
    names = {c.code: c.names["ja"] for c in config.certificates}
    certs = request.get("certificates")
    if certs is not None:
        items = certs if isinstance(certs, list) else [certs]
        for item in items:
            code: Any = item
            copies: int | None = 1
            if isinstance(item, Mapping):
                code = item.get("code")
                copies = _copies(item.get("copies", 1))
            name = names.get(code) if isinstance(code, str) else None
            if name is None:
                name = f"{code}（設定にない証明書）"
            count = WORDS.text("copies_n", "ja", n=copies) if copies is not None else None
            lines.append(f"{name} × {count}" if count is not None else f"{name}（通数不明）")
    answers = request.get("answers")
    if isinstance(answers, Mapping):
        lines += _answer_lines(answers, config, bundle)
    for key, value in request.items():
        if key in ("certificates", "answers", *BOOKING_ONLY_KEYS):
            continue
        if isinstance(value, list | tuple):
            value = "、".join(str(v) for v in value)
        lines.append(f"{REQUEST_KEYS.get(key, key)}: {value}")
    return lines


# the phone page's third answer (わからない): the clerk checks it with the visitor
UNSURE_JA = "わからない（要確認）"


def _answer_lines(answers: Mapping[str, Any], config: OfficeConfig, bundle: str | None) -> list[str]:
    try:
        steps = config.bundle(bundle).steps if bundle else ()
    except KeyError:
        steps = ()
    out = []
    if steps:
        for i, step in enumerate(steps):
            if step.ask is None:
                continue
            a = answers.get(str(i), answers.get(i)) if isinstance(answers, dict) else answers.get(str(i))
            word = (
                "はい" if a is True else "いいえ" if a is False else UNSURE_JA if a == "unsure" else "未回答"
            )
            out.append(f"{step.ask['ja']} → {word}")
        return out
    for k, v in answers.items():
        word = "はい" if v is True else "いいえ" if v is False else UNSURE_JA if v == "unsure" else v
        out.append(f"質問{k}: {word}")
    return out
