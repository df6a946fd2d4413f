"""Words of the report in Japanese (default) and English (``shared.i18n.STAFF_LANGS``).

Service and life-event names come from the profile; 「3番窓口」 from the catalogue's shared words.
"""

from __future__ import annotations

from datetime import date

from shared.i18n import STAFF_LANGS, WORDS, Table
from shared.i18n.dates import WEEKDAYS_JA

WEEKDAYS = {"ja": WEEKDAYS_JA, "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}

TEXT: dict[str, dict[str, str]] = {
    "title": {"ja": "窓口 待ち時間・KPI レポート", "en": "Counter waiting times and KPI report"},
    "period": {"ja": "集計期間", "en": "Period"},
    "baseline": {"ja": "比較期間", "en": "Baseline"},
    "service_filter": {"ja": "対象業務", "en": "Service"},
    "all_services": {"ja": "全業務", "en": "All services"},
    "generated": {"ja": "作成", "en": "Generated"},
    "days_with_data": {"ja": "データのある日", "en": "Days with data"},
    "summary": {"ja": "概要", "en": "Summary"},
    "visits": {"ja": "来庁者数（発券枚数）", "en": "Visits (tickets)"},
    "visits_served": {"ja": "完了した来庁", "en": "Visits completed"},
    "total": {"ja": "合計", "en": "Total"},
    "all_visits": {"ja": "全来庁者", "en": "All visits"},
    "single": {"ja": "単独業務", "en": "Single service"},
    "by_queue": {"ja": "業務別", "en": "By service"},
    "by_counter": {"ja": "窓口別", "en": "By counter"},
    "by_hour": {"ja": "時間帯別（受付時刻）", "en": "By hour of arrival"},
    "by_weekday": {"ja": "曜日別", "en": "By weekday"},
    "by_period_day": {"ja": "日別", "en": "By day"},
    "by_period_week": {"ja": "週別", "en": "By week"},
    "by_period_month": {"ja": "月別", "en": "By month"},
    "by_bundle": {
        "ja": "ライフイベント別 所要時間（発券から最後の手続き完了まで）",
        "en": "Life events: end-to-end time (ticket to last section finished)",
    },
    "chart_hourly": {"ja": "時間帯別 待ち時間", "en": "Waiting time by hour of arrival"},
    "chart_heatmap": {"ja": "曜日×時間帯 平均待ち時間（分）", "en": "Mean wait (min) by weekday and hour"},
    "chart_distribution": {"ja": "待ち時間の分布", "en": "Distribution of waiting times"},
    "chart_sl": {
        "ja": "サービスレベル（目標時間内に呼び出した割合）",
        "en": "Service level (share called within the target wait)",
    },
    "chart_trend": {"ja": "待ち時間の推移", "en": "Waiting time over the period"},
    "comparison": {"ja": "期間比較", "en": "Period comparison"},
    "compare_wait": {"ja": "業務別 平均待ち時間（分）", "en": "Mean wait by service (min)"},
    "compare_e2e": {
        "ja": "ライフイベント別 平均所要時間（分）",
        "en": "Mean end-to-end time by life event (min)",
    },
    "compare_by_service": {
        "ja": "業務別の比較（クリックで開く）",
        "en": "Comparison by service (click to open)",
    },
    "subject": {"ja": "対象", "en": "Subject"},
    "metric": {"ja": "指標", "en": "Metric"},
    "before": {"ja": "比較期間", "en": "Baseline"},
    "after": {"ja": "集計期間", "en": "Period"},
    "change": {"ja": "増減", "en": "Change"},
    "change_pct": {"ja": "増減率", "en": "Change %"},
    "minutes": {"ja": "分", "en": "min"},
    "arrivals_axis": {"ja": "受付件数", "en": "Arrivals"},
    "share_axis": {"ja": "割合", "en": "Share"},
    "cumulative": {"ja": "累積", "en": "Cumulative"},
    "guide80": {"ja": "目安 80%", "en": "guide 80%"},
    "target": {"ja": "目標", "en": "target"},
    "no_data": {"ja": "データなし", "en": "no data"},
    "pickup": {"ja": "（交付）", "en": " (pickup)"},
    "hour_n": {"ja": "{h}時台", "en": "{h}:00"},
    "notes": {"ja": "集計の定義", "en": "Definitions"},
    "lang_switch": {"ja": "English", "en": "日本語"},
    "indicators": {"ja": "計画の指標", "en": "Plan indicators"},
    "detail": {"ja": "内訳", "en": "Detail"},
    "start_value": {"ja": "現状", "en": "start"},
    "per_month": {"ja": "月別", "en": "By month"},
    "plan_legend": {
        "ja": "棒 = 集計期間、灰色の縦線 = 比較期間、赤の破線 = 目標、茶の点線 = 計画の現状値",
        "en": "bar = the period, grey tick = the baseline, red dashes = the target, brown dots = the plan's start",
    },
    "plan_definitions_link": {
        "ja": "各指標の定義（集計の方法）は「集計の定義」に記載しています",
        "en": "How each indicator is defined: see Definitions",
    },
}

REPORTS = Table("reports", TEXT, langs=STAFF_LANGS)

NOTES = {
    "ja": [
        "待ち時間 = 最初の呼出 − 受付（発券・転送・次の手続きへの移動）。呼び出された不在者も含みます。",
        "歩行時間 = 受付開始 − 直前の呼出。受付開始を押さずに完了・転送した件は除きます。",
        "対応時間 = 対応中の時間の合計（保留中を除く）。保留時間 = 保留から次の呼出まで。",
        "サービスレベル = 目標待ち時間内に呼び出した割合（目標を過ぎてから取り消した件は未達に含む）。",
        "閉庁時に強制終了した番号札は件数に含め、時間の指標からは除きます（強制終了の列）。",
        "不在率・取消率の分母は終了した受付件数です。p90 = 90パーセンタイル。最大待ち人数 = 同時に待っていた人数の最大。",
        "ライフイベントの所要時間 = 発券から最後の手続き（交付を含む）の完了まで。",
    ],
    "en": [
        "Wait = first call − entering the queue (ticket, transfer or next step). Called no-shows are included.",
        "Walk-up = start at the counter − the last call before it; finishes without a start are left out.",
        "Service = time being served (holds excluded). Hold = from hold to the next call.",
        "Service level = share called within the service's target wait (cancelled after the target = missed).",
        "Tickets force-closed at closing are counted but left out of every time KPI (column 'force-closed').",
        "No-show and cancel rates are over finished legs. p90 = 90th percentile. Peak = most people waiting at once.",
        "Life-event end-to-end time = from the ticket to the last section finished (pickup included).",
    ],
}


def skew_notes(events: int, lang: str) -> list[str]:
    """A note when some spans came out negative (a counter PC's clock behind the kiosk's) and were clamped."""
    if not events:
        return []
    if lang == "en":
        return [f"Clock skew: {events} time spans came out negative (PC clocks disagree) and count as 0 min."]
    return [
        f"時計のずれ: {events} 件の時間が負になったため 0 分として集計しました（PCの時計を合わせてください）。"
    ]


# column key -> (ja, en, unit) for tables, CSV and xlsx; unit "min" columns are shown in minutes
COLUMNS: dict[str, tuple[str, str, str]] = {
    "arrivals": ("受付件数", "Arrivals", ""),
    "served": ("対応完了", "Served", ""),
    "transferred": ("うち転送", "of which transferred", ""),
    "no_show": ("不在", "No-shows", ""),
    "cancelled": ("取消", "Cancelled", ""),
    "expired": ("強制終了", "Force-closed", ""),
    "open": ("未完了", "Still open", ""),
    "recalls": ("再呼出", "Recalls", ""),
    "no_show_rate": ("不在率(%)", "No-show rate (%)", "pct"),
    "cancel_rate": ("取消率(%)", "Cancel rate (%)", "pct"),
    "wait_mean": ("平均待ち(分)", "Mean wait (min)", "min"),
    "wait_median": ("待ち中央値(分)", "Median wait (min)", "min"),
    "wait_p90": ("待ちp90(分)", "p90 wait (min)", "min"),
    "wait_max": ("最大待ち(分)", "Max wait (min)", "min"),
    "walk_mean": ("平均歩行(分)", "Mean walk-up (min)", "min"),
    "service_mean": ("平均対応(分)", "Mean service (min)", "min"),
    "service_median": ("対応中央値(分)", "Median service (min)", "min"),
    "service_p90": ("対応p90(分)", "p90 service (min)", "min"),
    "hold_mean": ("平均保留(分)", "Mean hold (min)", "min"),
    "holds": ("保留件数", "Legs held", ""),
    "sl_pct": ("サービスレベル(%)", "Service level (%)", "pct"),
    "target_min": ("目標待ち(分)", "Target wait (min)", ""),
    "peak": ("最大待ち人数", "Peak queue", ""),
    "visits": ("来庁者数", "Visits", ""),
    "legs_mean": ("平均手続き数", "Sections per visit", ""),
    "e2e_mean": ("平均所要(分)", "Mean end-to-end (min)", "min"),
    "e2e_median": ("所要中央値(分)", "Median end-to-end (min)", "min"),
    "e2e_p90": ("所要p90(分)", "p90 end-to-end (min)", "min"),
    "e2e_max": ("最大所要(分)", "Max end-to-end (min)", "min"),
    "ind_value": ("指標値", "Indicator value", ""),
    "ind_baseline": ("指標値（比較期間）", "Indicator, baseline", ""),
    "ind_target": ("指標の目標", "Indicator target", ""),
    "ind_n": ("指標の件数", "Indicator n", ""),
}
KPI_COLUMNS = (
    "arrivals",
    "served",
    "transferred",
    "no_show",
    "cancelled",
    "expired",
    "open",
    "recalls",
    "no_show_rate",
    "cancel_rate",
    "wait_mean",
    "wait_median",
    "wait_p90",
    "wait_max",
    "walk_mean",
    "service_mean",
    "service_median",
    "service_p90",
    "hold_mean",
    "holds",
    "sl_pct",
    "target_min",
    "peak",
)
VISIT_COLUMNS = (
    "visits",
    "served",
    "no_show",
    "cancelled",
    "expired",
    "open",
    "legs_mean",
    "e2e_mean",
    "e2e_median",
    "e2e_p90",
    "e2e_max",
)


def t(key: str, lang: str, **kw: object) -> str:
    """``key`` in ``lang``: the report's own words, else the catalogue's shared words."""
    return (REPORTS if key in REPORTS else WORDS).text(key, lang, **kw)


def column(key: str, lang: str) -> str:
    ja, en, _ = COLUMNS[key]
    return en if lang == "en" else ja


def weekday(i: int, lang: str) -> str:
    return WEEKDAYS["en" if lang == "en" else "ja"][i]


def day_label(d: date, lang: str) -> str:
    if lang == "en":
        return f"{d:%b} {d.day} ({weekday(d.weekday(), lang)})"
    return f"{d.month}/{d.day}({weekday(d.weekday(), lang)})"


def week_label(monday: date, sunday: date, lang: str) -> str:
    if lang == "en":
        return f"week of {monday:%b} {monday.day}"
    return f"{monday.month}/{monday.day}〜{sunday.month}/{sunday.day}"


def month_label(d: date, lang: str) -> str:
    return f"{d:%b %Y}" if lang == "en" else f"{d.year}年{d.month}月"


def period_label(start: date, end: date, lang: str) -> str:
    if lang == "en":
        return f"{start.isoformat()} – {end.isoformat()}"
    return f"{start.year}年{start.month}月{start.day}日〜{end.year}年{end.month}月{end.day}日"
