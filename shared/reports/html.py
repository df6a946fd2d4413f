"""The HTML report: one self-contained file (inline CSS and SVG, no scripts, no network)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import jinja2
import markupsafe

from shared.reports import booking as B
from shared.reports import charts
from shared.reports import labels as L
from shared.reports.compare import Comparison
from shared.reports.indicators import Indicator, Indicators
from shared.reports.kpi import Report
from shared.reports.table import fmt, kpi_sections, kpi_values, visit_values

HTML_KPI_COLUMNS = (
    "arrivals",
    "served",
    "no_show_rate",
    "cancel_rate",
    "expired",
    "wait_mean",
    "wait_median",
    "wait_p90",
    "wait_max",
    "walk_mean",
    "service_mean",
    "hold_mean",
    "sl_pct",
    "peak",
)
COMPARE_METRICS = (
    "arrivals",
    "wait_mean",
    "wait_median",
    "wait_p90",
    "sl_pct",
    "no_show_rate",
    "service_mean",
    "peak",
    "visits",
    "e2e_mean",
    "e2e_median",
    "e2e_p90",
)

TEMPLATE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="madoguchi report">
<title>{{ title }} {{ period }}</title>
<style>
  body { font-family: 'Noto Sans CJK JP','Hiragino Sans','Yu Gothic','Meiryo',sans-serif; color: #1a1a1a;
         background: #ffffff; margin: 0; line-height: 1.55; }
  main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; }
  header { border-bottom: 4px solid #0b5394; margin-bottom: 18px; padding-bottom: 8px; }
  h1 { font-size: 28px; margin: 0 0 4px; }
  h2 { font-size: 21px; margin: 34px 0 10px; padding-left: 10px; border-left: 6px solid #0b5394; }
  h3 { font-size: 17px; margin: 18px 0 4px; }
  details { margin: 8px 0 14px; } summary { cursor: pointer; font-weight: 700; font-size: 15px; padding: 4px 0; }
  .meta { color: #3a3a3a; font-size: 15px; margin: 2px 0; }
  .cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 18px 0 6px; }
  .card { border: 1px solid #c8c8c8; border-radius: 8px; padding: 10px 14px; background: #f7f9fc; }
  .card .k { font-size: 14px; color: #3a3a3a; }
  .card .v { font-size: 28px; font-weight: 700; font-variant-numeric: tabular-nums; }
  .card .u { font-size: 15px; font-weight: 400; margin-left: 2px; }
  .card .d { font-size: 14px; font-weight: 700; }
  .better { color: #00573f; } .worse { color: #9a2a00; }
  .plan { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 12px; margin: 8px 0; }
  .plan .card { background: #fbfaf3; border-color: #b9b08a; }
  .plan .t, .plan .x { font-size: 13.5px; color: #2a2a2a; margin-top: 2px; }
  .plan svg { display: block; margin-top: 6px; }
  .defs li { font-size: 13.5px; color: #2a2a2a; margin-bottom: 4px; }
  table { border-collapse: collapse; width: 100%; font-size: 13.5px; margin: 6px 0 10px; }
  th, td { border: 1px solid #c8c8c8; padding: 4px 7px; }
  th { background: #e8eef6; font-weight: 700; text-align: center; }
  td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  td.l { white-space: nowrap; }
  tr:nth-child(even) td { background: #fafafa; }
  .scroll { overflow-x: auto; }
  .notes li { font-size: 14px; color: #2a2a2a; }
  figure { margin: 6px 0 18px; } figcaption { font-size: 14px; color: #3a3a3a; }
  footer { margin-top: 36px; font-size: 13px; color: #3a3a3a; border-top: 1px solid #c8c8c8; padding-top: 8px; }
  @media print { h2 { break-after: avoid; } figure, table { break-inside: avoid; } }
</style>
</head>
<body>
<main>
<header>
  <h1>{{ title }}</h1>
  <p class="meta">{{ office }}</p>
  <p class="meta">{{ L.t('period', lang) }}: <strong>{{ period }}</strong>
     （{{ L.t('days_with_data', lang) }} {{ rep.days_with_data }}）
     · {{ L.t('service_filter', lang) }}: {{ service_label }}</p>
  {% if comparison %}<p class="meta">{{ L.t('baseline', lang) }}: {{ baseline_period }}</p>{% endif %}
  <p class="meta">{{ L.t('generated', lang) }}: {{ generated }}</p>
</header>

<section class="cards" id="summary">
{% for c in cards %}
  <div class="card"><div class="k">{{ c.k }}</div>
    <div class="v">{{ c.v }}<span class="u">{{ c.u }}</span></div>
    {% if c.d %}<div class="d {{ c.cls }}">{{ c.d }}</div>{% endif %}</div>
{% endfor %}
</section>

{% if plan_cards %}
<h2 id="indicators">{{ L.t('indicators', lang) }}</h2>
<section class="plan">
{% for c in plan_cards %}
  <div class="card" id="ind-{{ c.key }}" data-key="{{ c.key }}" data-value="{{ c.raw }}" data-baseline="{{ c.raw_base }}"
       data-target="{{ c.raw_target }}" data-n="{{ c.n }}"><div class="k">{{ c.label }}</div>
    <div class="v">{{ c.v }}<span class="u">{{ c.u }}</span></div>
    {% if c.base %}<div class="t">{{ L.t('baseline', lang) }}: {{ c.base }}{{ c.us }}</div>{% endif %}
    {% if c.target %}<div class="t">{{ L.t('target', lang) }}: {{ c.target }}{{ c.us }}{% if c.start %}（{{ L.t('start_value', lang) }} {{ c.start }}{{ c.us }}）{% endif %}</div>{% endif %}
    <div class="x">{{ c.detail }}</div>
    {{ c.bar | safe }}</div>
{% endfor %}
</section>
{% if plan_months %}<details><summary>{{ L.t('per_month', lang) }}</summary><div class="scroll"><table>
  {% for c in plan_months %}<tr id="ind-{{ c.key }}" data-key="{{ c.key }}" data-value="{{ c.raw }}" data-n="{{ c.n }}">
    <td class="l">{{ c.label }}</td><td class="n">{{ c.v }}{{ c.u }}</td><td class="l">{{ c.detail }}</td></tr>{% endfor %}
</table></div></details>{% endif %}
<p class="meta">{{ L.t('plan_legend', lang) }} · <a href="#plan-definitions">{{ L.t('plan_definitions_link', lang) }}</a></p>
{% endif %}

{% if comparison %}
<h2 id="comparison">{{ L.t('comparison', lang) }}</h2>
{% if charts.compare_e2e %}<h3>{{ L.t('compare_e2e', lang) }}</h3>
<figure>{{ charts.compare_e2e | safe }}</figure>{% endif %}
<h3>{{ L.t('compare_wait', lang) }}</h3>
<figure>{{ charts.compare_wait | safe }}</figure>
{% for part in compare_parts %}
{% if part.fold %}<details><summary>{{ L.t('compare_by_service', lang) }}</summary>{% endif %}
<div class="scroll"><table>
  <tr><th>{{ L.t('subject', lang) }}</th><th>{{ L.t('metric', lang) }}</th><th>{{ L.t('before', lang) }}</th>
      <th>{{ L.t('after', lang) }}</th><th>{{ L.t('change', lang) }}</th><th>{{ L.t('change_pct', lang) }}</th></tr>
  {% for r in part.rows %}
  <tr><td class="l">{{ r.label }}</td><td class="l">{{ r.metric }}</td><td class="n">{{ r.before }}</td>
      <td class="n">{{ r.after }}</td><td class="n">{{ r.diff }}</td><td class="n {{ r.cls }}">{{ r.rel }}</td></tr>
  {% endfor %}
</table></div>
{% if part.fold %}</details>{% endif %}
{% endfor %}
{% endif %}

<h2 id="hourly">{{ L.t('chart_hourly', lang) }}</h2>
<figure>{{ charts.hourly | safe }}</figure>
<h2 id="heatmap">{{ L.t('chart_heatmap', lang) }}</h2>
<figure>{{ charts.heatmap | safe }}</figure>
<h2 id="distribution">{{ L.t('chart_distribution', lang) }}</h2>
<figure>{{ charts.distribution | safe }}</figure>
<h2 id="service-level">{{ L.t('chart_sl', lang) }}</h2>
<figure>{{ charts.sl | safe }}</figure>
{% if charts.trend %}<h2 id="trend">{{ L.t('chart_trend', lang) }}</h2>
<figure>{{ charts.trend | safe }}</figure>{% endif %}

{% for sec in kpi_tables %}
<h2 id="t-{{ sec.key }}">{{ sec.title }}</h2>
<div class="scroll"><table>
  <tr><th></th>{% for h in kpi_headers %}<th>{{ h }}</th>{% endfor %}</tr>
  {% for r in sec.rows %}<tr><td class="l">{{ r.label }}</td>{% for v in r.cells %}<td class="n">{{ v }}</td>{% endfor %}</tr>
  {% endfor %}
</table></div>
{% endfor %}

<h2 id="t-bundle">{{ L.t('by_bundle', lang) }}</h2>
<div class="scroll"><table>
  <tr><th></th>{% for h in visit_headers %}<th>{{ h }}</th>{% endfor %}</tr>
  {% for r in visit_rows %}<tr><td class="l">{{ r.label }}</td>{% for v in r.cells %}<td class="n">{{ v }}</td>{% endfor %}</tr>
  {% endfor %}
</table></div>

{% if booking %}
<h2 id="t-booking">{{ booking.title }}</h2>
<div class="scroll"><table>
  <tr>{% for h in booking.headers %}<th>{{ h }}</th>{% endfor %}</tr>
  <tr>{% for v in booking.cells %}<td class="n">{{ v }}</td>{% endfor %}</tr>
</table></div>
<h2 id="t-booking-hour">{{ booking.hours_title }}</h2>
<div class="scroll"><table>
  <tr><th></th>{% for h in booking.hour_headers %}<th>{{ h }}</th>{% endfor %}</tr>
  {% for r in booking.hours %}<tr><td class="l">{{ r.label }}</td>{% for v in r.cells %}<td class="n">{{ v }}</td>{% endfor %}</tr>
  {% endfor %}
</table></div>
{% endif %}

<h2 id="notes">{{ L.t('notes', lang) }}</h2>
<ul class="notes">{% for n in notes %}<li>{{ n }}</li>{% endfor %}</ul>
{% if plan_definitions %}<h3 id="plan-definitions">{{ L.t('indicators', lang) }}</h3>
<ul class="notes defs">{% for d in plan_definitions %}<li>{{ d }}</li>{% endfor %}</ul>{% endif %}
<footer>madoguchi · {{ generated }}</footer>
</main>
</body>
</html>
"""

_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
_TEMPLATE = _ENV.from_string(TEMPLATE)


def _delta(comp: Comparison | None, section: str, key: str, metric: str) -> tuple[str, str]:
    if comp is None:
        return "", ""
    r = comp.find(section, key, metric)
    if r is None or r.rel_pct is None:
        return "", ""
    cls = "" if r.better is None else ("better" if r.better else "worse")
    return f"{r.rel_pct:+.1f}%", cls


def _num(v: float | None, digits: int) -> str:
    return "–" if v is None else f"{v:,.{digits}f}"


def _raw(v: float | None) -> str:
    """The figure as CSV and xlsx carry it (rounded to 2 decimals), for checking that the outputs agree."""
    return "" if v is None else repr(round(v, 2))


def _bar(r: Indicator, lang: str) -> str:
    """A small track: the period's value as a bar, the comparison period as a grey tick, the target as a
    dashed line (and the plan's starting value as a dotted one)."""
    scale = 100.0 if r.unit == "%" else max(v for v in (r.value, r.baseline, r.target, 0.0) if v is not None)
    if scale <= 0 or r.value is None:
        return ""
    w, h = 220.0, 14.0

    def x(v: float) -> float:
        return round(min(max(v / scale, 0.0), 1.0) * w, 1)

    parts = [
        f'<rect x="0" y="3" width="{w}" height="{h}" fill="#ece8d6"/>',
        f'<rect x="0" y="3" width="{x(r.value)}" height="{h}" fill="#0b5394"/>',
    ]
    if r.baseline is not None:
        parts.append(f'<rect x="{x(r.baseline) - 1}" y="0" width="3" height="{h + 6}" fill="#7a7a7a"/>')
    if r.start is not None:
        parts.append(
            f'<line x1="{x(r.start)}" y1="0" x2="{x(r.start)}" y2="{h + 6}" stroke="#5b3a00" '
            'stroke-width="2" stroke-dasharray="1 2"/>'
        )
    if r.target is not None:
        parts.append(
            f'<line x1="{x(r.target)}" y1="0" x2="{x(r.target)}" y2="{h + 6}" stroke="#9a2a00" '
            'stroke-width="2" stroke-dasharray="4 2"/>'
        )
    title = f"{r.label}: {_num(r.value, 2)}{r.unit}"
    return (
        f'<svg width="{w:.0f}" height="{h + 6:.0f}" role="img" aria-label="{markupsafe.escape(title)}">'
        + "".join(parts)
        + "</svg>"
    )


def _plan_card(r: Indicator, lang: str) -> dict[str, object]:
    digits = 2 if r.key == "forms_mean" else 1
    return {
        "key": r.key,
        "label": r.label,
        "v": _num(r.value, digits),
        "u": r.unit,
        "us": f" {r.unit}" if lang == "en" and r.unit != "%" else r.unit,  # "2.09 forms", 「2.09枚」
        "raw": _raw(r.value),
        "raw_base": _raw(r.baseline),
        "raw_target": _raw(r.target),
        "n": r.n,
        "base": _num(r.baseline, digits) if r.baseline is not None else "",
        "target": _num(r.target, digits) if r.target is not None else "",
        "start": _num(r.start, 0) if r.start is not None else "",
        "detail": r.detail,
        "bar": _bar(r, lang),
    }


def _booking_part(s: B.BookingSummary | None, lang: str) -> dict[str, Any] | None:
    """来庁予約: the summary row and the bookings per hour of the slot (values from the same flat dict as CSV)."""
    if s is None:
        return None
    vals = B.booking_values(s)
    return {
        "title": B.words(B.TITLE, lang),
        "headers": [B.column(k, lang) for k in B.SUMMARY_COLUMNS],
        "cells": [fmt(vals[k], B.unit(k)) for k in B.SUMMARY_COLUMNS],
        "hours_title": B.words(B.HOURS_TITLE, lang),
        "hour_headers": [B.column(k, lang) for k in B.HOUR_COLUMNS],
        "hours": [
            {
                "label": L.t("hour_n", lang, h=h.hour),
                "cells": [fmt(B.hour_values(h)[k], B.unit(k)) for k in B.HOUR_COLUMNS],
            }
            for h in s.hours
        ],
    }


def render_html(
    rep: Report,
    comp: Comparison | None,
    *,
    office: str,
    generated: datetime,
    plan: Indicators | None = None,
    bookings: B.BookingSummary | None = None,
) -> str:
    lang = rep.lang
    tv, vv = kpi_values(rep.total), visit_values(rep.visits)
    unit = {k: u for k, (_, _, u) in L.COLUMNS.items()}
    m = L.t("minutes", lang)

    def card(k: str, v: object, u: str, section: str, key: str, metric: str) -> dict[str, str]:
        d, cls = _delta(comp, section, key, metric)
        return {"k": k, "v": fmt(v, unit.get(metric, "")), "u": u, "d": d, "cls": cls}  # type: ignore[arg-type]

    cards = [
        card(L.t("visits", lang), vv["visits"], "", "visits", "all", "visits"),
        card(L.column("wait_mean", lang).split("(")[0], tv["wait_mean"], m, "total", "total", "wait_mean"),
        card(L.column("wait_p90", lang).split("(")[0], tv["wait_p90"], m, "total", "total", "wait_p90"),
        card(L.column("sl_pct", lang).split("(")[0], tv["sl_pct"], "%", "total", "total", "sl_pct"),
        card(L.column("arrivals", lang), tv["arrivals"], "", "total", "total", "arrivals"),
        card(
            L.column("no_show_rate", lang).split("(")[0],
            tv["no_show_rate"],
            "%",
            "total",
            "total",
            "no_show_rate",
        ),
        card(L.column("peak", lang), tv["peak"], "", "total", "total", "peak"),
        card(L.column("e2e_mean", lang).split("(")[0], vv["e2e_mean"], m, "visits", "all", "e2e_mean"),
    ]
    kpi_tables = []
    for key, title, rows in kpi_sections(rep):
        if key == "total":
            continue
        kpi_tables.append(
            {
                "key": key,
                "title": title,
                "rows": [
                    {"label": r.label, "cells": [fmt(kpi_values(r)[c], unit[c]) for c in HTML_KPI_COLUMNS]}
                    for r in rows
                ],
            }
        )
    visit_rows = [
        {"label": r.label, "cells": [fmt(visit_values(r)[c], unit[c]) for c in L.VISIT_COLUMNS]}
        for r in [rep.visits, *rep.by_bundle]
    ]
    head_rows: list[dict[str, str]] = []
    service_rows: list[dict[str, str]] = []
    if comp is not None:
        for r in comp.rows:
            if r.metric not in COMPARE_METRICS or (r.before is None and r.after is None):
                continue
            if r.section == "service" and r.metric not in ("arrivals", "wait_mean", "wait_p90", "sl_pct"):
                continue
            u = unit[r.metric]
            diff = "–" if r.diff is None else (f"{r.diff:+,.1f}" if u else f"{r.diff:+,.0f}")
            (service_rows if r.section == "service" else head_rows).append(
                {
                    "label": r.label,
                    "metric": L.column(r.metric, lang),
                    "before": fmt(r.before, u),
                    "after": fmt(r.after, u),
                    "diff": diff,
                    "rel": "–" if r.rel_pct is None else f"{r.rel_pct:+.1f}%",
                    "cls": "" if r.better is None else ("better" if r.better else "worse"),
                }
            )
    compare_parts = [{"fold": False, "rows": head_rows}, {"fold": True, "rows": service_rows}]
    chart_svgs = {
        "hourly": charts.hourly_profile(rep.by_hour, lang),
        "heatmap": charts.heatmap(rep.heatmap, lang),
        "distribution": charts.distribution(rep.histogram, lang),
        "sl": charts.service_level(rep.by_queue, lang, comp.baseline.by_queue if comp else ()),
        "trend": charts.trend(rep.by_period, lang),
        "compare_wait": charts.comparison_bars(comp, lang, "service") if comp else "",
        "compare_e2e": charts.comparison_bars(comp, lang, "bundle") if comp else "",
    }
    plan_rows = plan.rows if plan is not None else []
    return _TEMPLATE.render(
        L=L,
        plan_cards=[_plan_card(r, lang) for r in plan_rows if not r.key.startswith("konbini:")],
        plan_months=[_plan_card(r, lang) for r in plan_rows if r.key.startswith("konbini:")],
        plan_definitions=plan.definitions if plan is not None else [],
        lang=lang,
        rep=rep,
        title=L.t("title", lang),
        office=office,
        period=L.period_label(rep.start, rep.end, lang),
        baseline_period=L.period_label(comp.start, comp.end, lang) if comp else "",
        service_label=rep.meta.get("service_name") or L.t("all_services", lang),
        generated=generated.strftime("%Y-%m-%d %H:%M"),
        cards=cards,
        comparison=comp,
        compare_parts=compare_parts,
        charts=chart_svgs,
        kpi_tables=kpi_tables,
        kpi_headers=[L.column(c, lang) for c in HTML_KPI_COLUMNS],
        visit_headers=[L.column(c, lang) for c in L.VISIT_COLUMNS],
        visit_rows=visit_rows,
        booking=_booking_part(bookings, lang),
        notes=[
            *L.NOTES["en" if lang == "en" else "ja"],
            *(B.words(B.NOTES, lang) if bookings is not None else []),
            *L.skew_notes(rep.meta.get("clock_skew_events", 0), lang),
        ],
    )
