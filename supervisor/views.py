"""Texts of the live floor: every cell the console shows, as plain strings (so tests read what staff read).

Breaches are marked with a sign and a word (▲ 目標超過), never by colour alone.
"""

from __future__ import annotations

from shared.floor import SL_GOAL_PCT, CounterRow, ServiceRow, TodayKpi
from shared.reports.booking import BookingSummary

STATE_JA = {
    "idle": "受付可",
    "calling": "呼出中",
    "serving": "対応中",
    "paused": "休止中",
    "closed": "閉局",
}
ISSUING_JA = {
    None: "発券中",
    "paused": "発券停止中",
    "cutoff": "本日受付終了",
    "closed": "受付時間外",
    "cap": "上限到達",
}
BREACH = "▲ 目標超過"
LONG = "⚠ 長時間"


def mm(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    s = max(0, int(seconds))
    return f"{s // 60}分" if s < 3600 else f"{s // 3600}時間{s % 3600 // 60:02d}分"


def counter_cells(c: CounterRow, ts: float, names: dict[str, str]) -> list[str]:
    state = STATE_JA[c.state]
    if c.reason and c.state in ("paused", "closed"):
        state += f"（{c.reason}）"
    elapsed = mm(ts - c.since_ts) if c.since_ts is not None else "—"
    if c.long_serve:
        elapsed += f" {LONG}（通常{mm(c.usual_s)}）"
    return [
        str(c.number),
        c.clerk or "—",
        "・".join(names.get(q, q) for q in c.services) or "—",
        state,
        c.ticket or "—",
        elapsed,
    ]


COUNTER_HEADERS = ["窓口", "担当", "業務", "状態", "番号", "この状態で"]
SERVICE_HEADERS = [
    "業務",
    "待ち",
    "最長待ち",
    "予測",
    "本日完了",
    f"目標内率（目標{SL_GOAL_PCT:.0f}%）",
    "発券",
]


def service_cells(s: ServiceRow) -> list[str]:
    oldest = mm(s.oldest_s)
    if s.oldest_s is not None and s.oldest_s > s.target_min * 60:
        oldest += " ▲超過"
    sl = ("—" if s.sl_pct is None else f"{s.sl_pct:.0f}%") + f"（{s.target_min}分以内）"
    if s.sl_pct is not None and s.sl_pct < SL_GOAL_PCT:
        sl = f"{BREACH} " + sl
    return [
        s.name,
        f"{s.waiting}人",
        oldest,
        s.estimate_label,
        f"{s.served}件",
        sl,
        ISSUING_JA.get(s.issuing_reason, s.issuing_reason or ""),
    ]


def today_text(k: TodayKpi) -> str:
    def mark(bad: bool) -> str:
        return f"{BREACH} " if bad else "✓ "

    p90_bad = k.p90_wait_s is not None and k.p90_wait_s > k.target_p90_s
    sl_bad = k.sl_pct is not None and k.sl_pct < SL_GOAL_PCT
    parts = [
        f"本日 来庁 {k.visits}件・完了 {k.served}件",
        f"{mark(p90_bad)}待ち時間P90 {mm(k.p90_wait_s)}（目標 {mm(k.target_p90_s)}）",
        f"{mark(sl_bad)}目標内率 {'—' if k.sl_pct is None else f'{k.sl_pct:.0f}%'}（目標 {SL_GOAL_PCT:.0f}%）",
        f"不在 {k.no_show}件" + (f"（{100 * k.no_show_rate:.1f}%）" if k.no_show_rate is not None else ""),
        f"引越し所要 中央値 {mm(k.moving_median_s)}・P90 {mm(k.moving_p90_s)}（{k.moving_n}件）",
    ]
    return "　｜　".join(parts)


def bookings_text(b: BookingSummary | None) -> str:
    """Today's 来庁予約 per hour of the slot: booked (not cancelled) / arrived; "" when the office takes none."""
    if b is None:
        return ""
    c = b.counts
    head = (
        f"本日の来庁予約 {b.total - c.get('cancelled', 0)}件（受付済 {c.get('checked_in', 0)}・"
        f"遅刻 {c.get('late', 0)}・不在 {c.get('no_show', 0)}・受付前 {c.get('booked', 0)}）"
    )
    if not b.hours:
        return head + "　予約なし"
    return head + "　時間帯別 予約/来庁: " + "　".join(f"{h.hour}時 {h.booked}/{h.arrived}" for h in b.hours)
