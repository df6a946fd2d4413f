"""The city report as one self-contained HTML file (inline CSS and SVG, the office report's look) and as xlsx."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import jinja2

from shared.reports import html as office_html
from shared.reports import svg as S
from shared.reports.city import MOVE_BUNDLES, TARGET_CUT, CityReport, Ward
from shared.reports.labels import period_label

T: dict[str, dict[str, str]] = {
    "title": {
        "ja": "市全体 窓口KPIレポート（区別比較）",
        "en": "City-wide counter KPI report (ward by ward)",
    },
    "period": {"ja": "集計期間", "en": "Period"},
    "baseline": {"ja": "基準期間", "en": "Baseline"},
    "generated": {"ja": "作成", "en": "Generated"},
    "offices": {"ja": "区役所", "en": "Offices"},
    "visits": {"ja": "来庁者数", "en": "Visits"},
    "served": {"ja": "完了", "en": "Served"},
    "wait_p90": {"ja": "待ち時間 90%値（分）", "en": "Wait p90 (min)"},
    "wait_mean": {"ja": "平均待ち時間（分）", "en": "Mean wait (min)"},
    "sl": {"ja": "サービスレベル（%）", "en": "Service level (%)"},
    "no_show": {"ja": "不在率（%）", "en": "No-show rate (%)"},
    "move": {"ja": "引越し 所要時間 平均（分）", "en": "Moving: end-to-end mean (min)"},
    "move_median": {"ja": "引越し 中央値（分）", "en": "Moving: median (min)"},
    "move_p90": {"ja": "引越し 90%値（分）", "en": "Moving: p90 (min)"},
    "move_n": {"ja": "引越し 件数", "en": "Moving visits"},
    "move_base": {"ja": "基準期間 引越し 平均（分）", "en": "Baseline moving mean (min)"},
    "change": {"ja": "増減率", "en": "Change"},
    "days": {"ja": "エクスポートのある日", "en": "Days exported"},
    "city": {"ja": "市全体", "en": "City total"},
    "target_h": {
        "ja": "目標「引越し手続の所要時間 30%減」の進捗",
        "en": "Target: moving procedures 30% shorter",
    },
    "target_base": {"ja": "基準期間の平均所要時間", "en": "Baseline mean end-to-end time"},
    "target_now": {"ja": "集計期間の平均所要時間", "en": "Mean end-to-end time in the period"},
    "target_goal": {"ja": "目標値（基準の70%）", "en": "Target (70% of the baseline)"},
    "target_cut": {"ja": "短縮率", "en": "Reduction"},
    "target_ci": {
        "ja": "95%信頼区間（来庁単位のブートストラップ）",
        "en": "95% interval (bootstrap over visits)",
    },
    "met": {
        "ja": "目標達成（信頼区間の下限も30%以上）",
        "en": "Target met (the whole interval is at least 30%)",
    },
    "not_met": {"ja": "未達成（信頼区間の上限も30%未満）", "en": "Not met (the whole interval is below 30%)"},
    "unclear": {
        "ja": "判定できません（信頼区間が30%をまたぐ）",
        "en": "Not yet clear (the interval spans 30%)",
    },
    "no_data": {
        "ja": "基準期間または集計期間に引越しの記録がありません",
        "en": "No moving visits in the baseline or the period",
    },
    "wards": {"ja": "区別の比較", "en": "Ward by ward"},
    "missing_h": {"ja": "欠測（エクスポートのない日・区役所）", "en": "Missing exports (days and offices)"},
    "missing_office": {
        "ja": "期間中のエクスポートが一つもありません",
        "en": "no export at all in the period",
    },
    "missing_days": {"ja": "エクスポートのない日", "en": "days without an export"},
    "missing_base": {"ja": "基準期間でエクスポートのない日", "en": "baseline days without an export"},
    "missing_none": {"ja": "欠測はありません。", "en": "No day or office is missing."},
    "missing_note": {
        "ja": "欠測した日は集計に含めていません（平均で埋めていません）。区別の数値はエクスポートのある日だけのものです。",
        "en": "Missing days are left out, never filled with averages: each ward's figures cover only the days it exported.",
    },
    "notes": {"ja": "集計の定義", "en": "Definitions"},
    "chart_p90": {"ja": "区別 待ち時間 90%値（分）", "en": "Wait p90 by ward (min)"},
    "chart_sl": {"ja": "区別 サービスレベル（%）", "en": "Service level by ward (%)"},
    "chart_ns": {"ja": "区別 不在率（%）", "en": "No-show rate by ward (%)"},
    "chart_move": {
        "ja": "区別 引越し 平均所要時間（分）：基準期間と集計期間",
        "en": "Moving: mean end-to-end time by ward (min), baseline and period",
    },
    "before": {"ja": "基準期間", "en": "Baseline"},
    "after": {"ja": "集計期間", "en": "Period"},
}
NOTES = {
    "ja": [
        "定義は各区の窓口KPIレポートと同じです（待ち時間＝発券（または転送）から最初の呼出まで、サービスレベル＝目標時間内に呼び出した割合、不在率＝終了した受付のうち不在の割合、日終了時の強制終了は時間の指標から除外）。",
        "引越し所要時間＝転入・転出・転居のライフイベントで、発券から最後の手続き（交付を含む）完了まで。完了した来庁のみ。",
        "短縮率＝1 −（集計期間の平均 ÷ 基準期間の平均）。信頼区間は来庁単位のブートストラップ（2,000回、区ごとに層別）による95%区間。",
        "入力は各区役所が毎晩書き出す匿名化した来庁データ（番号・QRトークン・申請内容を含まない）。",
    ],
    "en": [
        "Definitions are the office KPI report's (wait = ticket or transfer to first call; service level = share called within the target wait; no-show rate = no-shows among closed legs; tickets force-closed at day end are left out of time KPIs).",
        "Moving end-to-end time: life events move_in, move_out and move_within, from the ticket to the last section finished (pickup included); completed visits only.",
        "Reduction = 1 − (period mean ÷ baseline mean). The interval is a 95% bootstrap over visits (2,000 rounds, resampled within each office).",
        "Input: each office's nightly anonymised visit export (no ticket numbers, QR tokens or request details).",
    ],
}

STYLE = office_html.TEMPLATE.split("<style>", 1)[1].split("</style>", 1)[0]  # the office report's look
TEMPLATE = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="madoguchi report --city"><title>{{ t.title }} {{ period }}</title>
<style>{{ style | safe }}
  .verdict { font-size: 18px; font-weight: 700; padding: 8px 12px; border-radius: 8px; display: inline-block; }
  .verdict.met { background: #e3f1ea; color: #00573f; } .verdict.not_met { background: #fbe9e1; color: #9a2a00; }
  .verdict.unclear, .verdict.no_data { background: #f1f1f1; color: #1a1a1a; }
</style></head><body><main>
<header><h1>{{ t.title }}</h1>
<p class="meta">{{ t.period }}: <strong>{{ period }}</strong>{% if base_period %} · {{ t.baseline }}: {{ base_period }}{% endif %}</p>
<p class="meta">{{ t.offices }}: {{ wards|length }} · {{ t.generated }}: {{ generated }}</p></header>
<section class="cards" id="summary">{% for c in cards %}<div class="card"><div class="k">{{ c.k }}</div><div class="v">{{ c.v }}</div></div>{% endfor %}</section>

<h2 id="target">{{ t.target_h }}</h2>
<div class="scroll"><table>
<tr><th>{{ t.target_base }}</th><th>{{ t.target_now }}</th><th>{{ t.target_goal }}</th><th>{{ t.target_cut }}</th><th>{{ t.target_ci }}</th></tr>
<tr><td class="n">{{ target.base }}</td><td class="n">{{ target.now }}</td><td class="n">{{ target.goal }}</td><td class="n">{{ target.cut }}</td><td class="n">{{ target.ci }}</td></tr>
</table></div>
<p class="verdict {{ target.verdict }}" id="verdict">{{ target.verdict_text }}</p>

<h2 id="wards">{{ t.wards }}</h2>
<div class="scroll"><table>
<tr>{% for h in headers %}<th>{{ h }}</th>{% endfor %}</tr>
{% for r in rows %}<tr>{% for v in r %}<td class="{{ 'l' if loop.first else 'n' }}">{{ v }}</td>{% endfor %}</tr>{% endfor %}
</table></div>
<h3>{{ t.chart_p90 }}</h3><figure>{{ charts.p90 | safe }}</figure>
<h3>{{ t.chart_sl }}</h3><figure>{{ charts.sl | safe }}</figure>
<h3>{{ t.chart_ns }}</h3><figure>{{ charts.ns | safe }}</figure>
<h3>{{ t.chart_move }}</h3><figure>{{ charts.move | safe }}</figure>

<h2 id="missing">{{ t.missing_h }}</h2>
{% if missing %}<ul class="notes" id="missing-list">{% for m in missing %}<li>{{ m }}</li>{% endfor %}</ul>{% else %}<p>{{ t.missing_none }}</p>{% endif %}
<p class="meta">{{ t.missing_note }}</p>
<h2 id="notes">{{ t.notes }}</h2><ul class="notes">{% for n in notes %}<li>{{ n }}</li>{% endfor %}</ul>
<footer>madoguchi · {{ generated }}</footer>
</main></body></html>
"""
_TEMPLATE = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(TEMPLATE)


def _min(s: float | None) -> float | None:
    return None if s is None else s / 60.0


def _pct(r: float | None) -> float | None:
    return None if r is None else 100.0 * r


def _f(v: float | int | None, digits: int = 1) -> str:
    if v is None:
        return "–"
    return f"{v:,}" if isinstance(v, int) else f"{v:,.{digits}f}"


def ranges(days: tuple[date, ...]) -> str:
    """2026-04-03, 2026-04-06…2026-04-08: consecutive days folded into one range."""
    out: list[str] = []
    i = 0
    while i < len(days):
        j = i
        while j + 1 < len(days) and days[j + 1] - days[j] == timedelta(days=1):
            j += 1
        out.append(days[i].isoformat() if i == j else f"{days[i]}…{days[j]}")
        i = j + 1
    return ", ".join(out)


def ward_values(w: Ward) -> dict[str, float | int | None]:
    tot = w.total
    return {
        "days": w.days,
        "visits": w.visits.visits if w.visits else 0,
        "served": w.visits.served if w.visits else 0,
        "wait_mean": _min(tot.wait.mean) if tot else None,
        "wait_p90": _min(tot.wait.p90) if tot else None,
        "sl": tot.sl_pct if tot else None,
        "no_show": _pct(tot.no_show_rate) if tot else None,
        "move_n": w.move.n,
        "move": _min(w.move.mean),
        "move_median": _min(w.move.median),
        "move_p90": _min(w.move.p90),
        "move_base": _min(w.move_base.mean),
        "change": (100.0 * (w.move.mean / w.move_base.mean - 1.0))
        if w.move.mean is not None and w.move_base.mean
        else None,
    }


COLUMNS = (
    "days",
    "visits",
    "served",
    "wait_mean",
    "wait_p90",
    "sl",
    "no_show",
    "move_n",
    "move",
    "move_median",
    "move_p90",
    "move_base",
    "change",
)


def _bars(
    items: list[tuple[str, float | None, float | None]],
    label: str,
    unit: str,
    lang: str,
    guide: float | None = None,
) -> str:
    """Horizontal bars per ward; a thin grey bar under each for the baseline when given."""
    items = [(n, v, b) for n, v, b in items]
    label_w = max((S.text_width(n, 13) for n, _, _ in items), default=100) + 20
    left, right, top, bar, w = min(label_w, 260), 120, 30, 30, 900
    h = top + bar * len(items) + 30
    vmax = S.nice_max(
        max(
            [v for _, v, _ in items if v is not None]
            + [b for _, _, b in items if b is not None]
            + [guide or 0, 1e-9]
        )
    )
    pw = w - left - right
    out = []
    for tv, tl in S.ticks(vmax):
        x = left + tv / vmax * pw
        out.append(S.line(x, top - 6, x, h - 24, S.GRID))
        out.append(S.text(x, top - 10, tl, size=12, anchor="middle", fill=S.MUTED))
    if guide is not None:
        gx = left + guide / vmax * pw
        out.append(S.line(gx, top - 6, gx, h - 24, S.INK, width=1.5, dash="6 4"))
    for i, (name, v, b) in enumerate(items):
        y = top + bar * i
        out.append(S.text(left - 10, y + bar / 2 + 5, name, size=13, anchor="end"))
        if v is None:
            out.append(
                S.text(
                    left + 6,
                    y + bar / 2 + 5,
                    "–",
                    size=12,
                    fill=S.MUTED,
                )
            )
            continue
        out.append(S.rect(left, y + 5, v / vmax * pw, bar - 14, S.BLUE, title=f"{name}: {v:.1f}{unit}"))
        if b is not None:
            out.append(S.rect(left, y + bar - 8, b / vmax * pw, 4, S.GREY, title=f"{name}: {b:.1f}{unit}"))
        out.append(S.text(left + v / vmax * pw + 6, y + bar / 2 + 4, f"{v:.1f}{unit}", size=12, halo=True))
    if any(b is not None for _, _, b in items):
        out.append(
            S.legend(left, h - 2, [(T["after"][lang], S.BLUE, "bar"), (T["before"][lang], S.GREY, "bar")])
        )
        h += 6
    return S.svg(w, h, "".join(out), label)


def render_city_html(rep: CityReport, generated: datetime) -> str:
    lang = rep.lang
    t = {k: v.get(lang, v["ja"]) for k, v in T.items()}
    city_tot, city_vis = rep.total.total if rep.total else None, rep.total.visits if rep.total else None
    cards = [
        {"k": t["visits"], "v": _f(city_vis.visits if city_vis else 0)},
        {"k": t["wait_p90"], "v": _f(_min(city_tot.wait.p90) if city_tot else None)},
        {"k": t["sl"], "v": _f(city_tot.sl_pct if city_tot else None)},
        {"k": t["no_show"], "v": _f(_pct(city_tot.no_show_rate) if city_tot else None)},
        {"k": t["move"], "v": _f(_min(rep.move.mean))},
        {"k": t["move_base"], "v": _f(_min(rep.move_base.mean))},
        {"k": t["target_cut"], "v": _f(rep.target.cut_pct) + ("%" if rep.target.cut_pct is not None else "")},
        {"k": t["move_n"], "v": _f(rep.move.n)},
    ]
    tg = rep.target
    target = {
        "base": _f(_min(tg.base_mean_s))
        + (" " + ("分" if lang == "ja" else "min") if tg.base_mean_s else ""),
        "now": _f(_min(tg.now_mean_s)) + (" " + ("分" if lang == "ja" else "min") if tg.now_mean_s else ""),
        "goal": _f(_min(tg.target_mean_s))
        + (" " + ("分" if lang == "ja" else "min") if tg.target_mean_s else ""),
        "cut": f"{tg.cut_pct:.1f}%" if tg.cut_pct is not None else "–",
        "ci": f"{tg.ci_low:.1f}%{'〜' if lang == 'ja' else ' – '}{tg.ci_high:.1f}%"
        if tg.ci_low is not None and tg.ci_high is not None
        else "–",
        "verdict": tg.verdict,
        "verdict_text": t[tg.verdict],
    }
    headers = [t["offices"], *(t[c] for c in COLUMNS)]
    rows = []
    for w in rep.wards:
        v = ward_values(w)
        rows.append(
            [w.name, *(_f(v[c]) if c != "change" or v[c] is None else f"{v[c]:+.1f}%" for c in COLUMNS)]
        )
    if city_tot is not None:
        city_v = {
            "days": rep.days,
            "visits": city_vis.visits if city_vis else 0,
            "served": city_vis.served if city_vis else 0,
            "wait_mean": _min(city_tot.wait.mean),
            "wait_p90": _min(city_tot.wait.p90),
            "sl": city_tot.sl_pct,
            "no_show": _pct(city_tot.no_show_rate),
            "move_n": rep.move.n,
            "move": _min(rep.move.mean),
            "move_median": _min(rep.move.median),
            "move_p90": _min(rep.move.p90),
            "move_base": _min(rep.move_base.mean),
            "change": (100.0 * (rep.move.mean / rep.move_base.mean - 1.0))
            if rep.move.mean is not None and rep.move_base.mean
            else None,
        }
        rows.append(
            [
                t["city"],
                *(
                    _f(city_v[c]) if c != "change" or city_v[c] is None else f"{city_v[c]:+.1f}%"
                    for c in COLUMNS
                ),
            ]
        )
    missing = [f"{rep.names.get(code, code)}: {t['missing_office']}" for code in rep.missing_offices]
    missing += [
        f"{w.name}: {t['missing_days']} {ranges(w.missing)}"
        for w in rep.wards
        if w.missing and w.code not in rep.missing_offices
    ]
    missing += [
        f"{w.name}: {t['missing_base']} {ranges(w.missing_base)}" for w in rep.wards if w.missing_base
    ]
    vals = [(w.name, ward_values(w)) for w in rep.wards]
    charts = {
        "p90": _bars([(n, v["wait_p90"], None) for n, v in vals], t["chart_p90"], "", lang),
        "sl": _bars([(n, v["sl"], None) for n, v in vals], t["chart_sl"], "%", lang, guide=80.0),
        "ns": _bars([(n, v["no_show"], None) for n, v in vals], t["chart_ns"], "%", lang),
        "move": _bars([(n, v["move"], v["move_base"]) for n, v in vals], t["chart_move"], "", lang),
    }
    return _TEMPLATE.render(
        lang=lang,
        t=t,
        style=STYLE,
        period=period_label(rep.start, rep.end, lang),
        base_period=period_label(rep.base_start, rep.base_end, lang)
        if rep.base_start and rep.base_end
        else "",
        generated=f"{generated:%Y-%m-%d %H:%M}",
        cards=cards,
        target=target,
        headers=headers,
        rows=rows,
        wards=rep.wards,
        charts=charts,
        missing=missing,
        notes=NOTES[lang],
    )


def write_city_xlsx(rep: CityReport, path: Path, generated: datetime) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    lang = rep.lang
    t = {k: v.get(lang, v["ja"]) for k, v in T.items()}
    wb = Workbook()
    ws = wb.active
    ws.title = t["target_h"][:31] if lang == "en" else "概要"
    ws["A1"] = t["title"]
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = f"{t['period']}: {period_label(rep.start, rep.end, lang)}"
    if rep.base_start and rep.base_end:
        ws["A3"] = f"{t['baseline']}: {period_label(rep.base_start, rep.base_end, lang)}"
    ws["A4"] = f"{t['generated']}: {generated:%Y-%m-%d %H:%M}"
    tg = rep.target
    for i, (k, v) in enumerate(
        [
            (t["target_base"], _min(tg.base_mean_s)),
            (t["target_now"], _min(tg.now_mean_s)),
            (t["target_goal"], _min(tg.target_mean_s)),
            (t["target_cut"] + " (%)", tg.cut_pct),
            (t["target_ci"] + " low (%)", tg.ci_low),
            (t["target_ci"] + " high (%)", tg.ci_high),
            (t["move_n"] + " (" + t["before"] + ")", tg.n_base),
            (t["move_n"] + " (" + t["after"] + ")", tg.n_now),
            ("verdict", t[tg.verdict]),
        ],
        start=6,
    ):
        ws.cell(row=i, column=1, value=k)
        ws.cell(row=i, column=2, value=round(v, 2) if isinstance(v, float) else v)
    ws.column_dimensions["A"].width = 48
    wt = wb.create_sheet("区別" if lang == "ja" else "Wards")
    wt.append([t["offices"], *(t[c] for c in COLUMNS)])
    for c in wt[1]:
        c.font = Font(bold=True)
    for w in rep.wards:
        vals = ward_values(w)
        wt.append([w.name, *(round(x, 2) if isinstance(x, float) else x for x in (vals[c] for c in COLUMNS))])
    wt.column_dimensions["A"].width = 24
    ms = wb.create_sheet("欠測" if lang == "ja" else "Missing")
    ms.append([t["offices"], t["missing_days"]])
    for code in rep.missing_offices:
        ms.append([rep.names.get(code, code), t["missing_office"]])
    for w in rep.wards:
        if w.missing and w.code not in rep.missing_offices:
            ms.append([w.name, ranges(w.missing)])
    for w in rep.wards:
        if w.missing_base:
            ms.append([w.name, f"{t['missing_base']}: {ranges(w.missing_base)}"])
    wb.save(path)


__all__ = ["MOVE_BUNDLES", "TARGET_CUT", "render_city_html", "write_city_xlsx"]
