"""CSV (for Excel: UTF-8 with BOM, one table), xlsx (one sheet per breakdown) and JSON renderings."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from shared.reports import booking as B
from shared.reports import labels as L
from shared.reports.compare import Comparison
from shared.reports.indicators import Indicators
from shared.reports.kpi import Report
from shared.reports.table import Value, kpi_sections, kpi_values, visit_values

CSV_EXTRA = ("visits", "legs_mean", "e2e_mean", "e2e_median", "e2e_p90", "e2e_max")
# the plan's indicators (section "indicator"): value, comparison period, target, what it is over
IND_COLUMNS = ("ind_value", "ind_baseline", "ind_target", "ind_n")
CSV_COLUMNS = L.KPI_COLUMNS + CSV_EXTRA + IND_COLUMNS


def indicator_values(plan: Indicators | None) -> list[tuple[str, str, dict[str, Value]]]:
    """(key, label with unit, values) of every indicator: the one set of figures CSV, xlsx and HTML print."""
    if plan is None:
        return []
    return [
        (
            r.key,
            f"{r.label} ({r.unit})",
            {"ind_value": r.value, "ind_baseline": r.baseline, "ind_target": r.target, "ind_n": r.n},
        )
        for r in plan.rows
    ]


def _round(v: Value) -> Value:
    return round(v, 2) if isinstance(v, float) else v


def csv_rows(
    rep: Report, comp: Comparison | None, plan: Indicators | None = None
) -> list[tuple[str, str, str, dict[str, Value]]]:
    """(section, key, label, values) for every row of the CSV; a comparison adds ``baseline:*`` rows with the
    baseline's values and ``change:*`` rows with the relative change in %."""
    rows: list[tuple[str, str, str, dict[str, Value]]] = []
    for section, _title, krows in kpi_sections(rep):
        rows += [(section, r.key, r.label, kpi_values(r)) for r in krows]
    rows.append(("visits", rep.visits.key, rep.visits.label, visit_values(rep.visits)))
    rows += [("bundle", r.key, r.label, visit_values(r)) for r in rep.by_bundle]
    if comp is not None:
        b = comp.baseline
        rows.append(("baseline:total", "total", b.total.label, kpi_values(b.total)))
        rows += [("baseline:service", r.key, r.label, kpi_values(r)) for r in b.by_queue]
        rows.append(("baseline:visits", b.visits.key, b.visits.label, visit_values(b.visits)))
        rows += [("baseline:bundle", r.key, r.label, visit_values(r)) for r in b.by_bundle]
        change: dict[tuple[str, str], tuple[str, dict[str, Value]]] = {}
        for c in comp.rows:
            label, vals = change.setdefault((c.section, c.key), (c.label, {}))
            vals[c.metric] = c.rel_pct
        rows += [(f"change:{s}", k, label, vals) for (s, k), (label, vals) in change.items()]
    rows += [("indicator", key, label, vals) for key, label, vals in indicator_values(plan)]
    return rows


def booking_csv_rows(s: B.BookingSummary, lang: str) -> list[tuple[str, str, str, dict[str, Value]]]:
    """来庁予約 rows of the CSV (in the columns of :data:`shared.reports.booking.BOOKING_COLUMNS`)."""
    rows: list[tuple[str, str, str, dict[str, Value]]] = [
        ("booking", "total", B.words(B.TITLE, lang), B.booking_values(s))
    ]
    rows += [
        ("booking:hour", f"{h.hour:02d}", L.t("hour_n", lang, h=h.hour), B.hour_values(h)) for h in s.hours
    ]
    return rows


def to_csv(
    rep: Report,
    comp: Comparison | None,
    plan: Indicators | None = None,
    bookings: B.BookingSummary | None = None,
) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    extra = tuple(B.BOOKING_COLUMNS) if bookings is not None else ()
    header = [L.column(c, rep.lang) for c in CSV_COLUMNS] + [B.column(c, rep.lang) for c in extra]
    w.writerow(["section", "key", L.t("metric", rep.lang)] + header)
    rows = csv_rows(rep, comp, plan) + (booking_csv_rows(bookings, rep.lang) if bookings is not None else [])
    for section, key, label, vals in rows:
        w.writerow(
            [section, key, label]
            + ["" if vals.get(c) is None else _round(vals.get(c)) for c in CSV_COLUMNS + extra]
        )
    return "\ufeff" + buf.getvalue()


def to_json(rep: Report, comp: Comparison | None, generated: datetime, plan: Indicators | None = None) -> str:
    doc: dict[str, Any] = {
        "report": {
            "from": rep.start.isoformat(),
            "to": rep.end.isoformat(),
            "service": rep.service,
            "lang": rep.lang,
            "bucket": rep.bucket,
            "days_with_data": rep.days_with_data,
            "generated_at": generated.isoformat(),
            "units": "seconds",
            **rep.meta,
        },
        "definitions": L.NOTES["en" if rep.lang == "en" else "ja"],
        "total": asdict(rep.total),
        "visits": asdict(rep.visits),
        "by_service": [asdict(r) for r in rep.by_queue],
        "by_counter": [asdict(r) for r in rep.by_counter],
        "by_hour": [asdict(r) for r in rep.by_hour],
        "by_weekday": [asdict(r) for r in rep.by_weekday],
        f"by_{rep.bucket}": [asdict(r) for r in rep.by_period],
        "by_bundle": [asdict(r) for r in rep.by_bundle],
        "heatmap": asdict(rep.heatmap),
        "wait_histogram_min": asdict(rep.histogram),
    }
    if plan is not None:
        doc["indicators"] = {"rows": [asdict(r) for r in plan.rows], "definitions": plan.definitions}
    if comp is not None:
        doc["comparison"] = {
            "from": comp.start.isoformat(),
            "to": comp.end.isoformat(),
            "units": "display (minutes, %, counts)",
            "rows": [asdict(r) for r in comp.rows],
        }
    return json.dumps(doc, ensure_ascii=False, indent=1)


_BAD_CHARS = str.maketrans({c: "・" for c in "[]:*?/\\"})


def _sheet_name(s: str) -> str:
    return s.translate(_BAD_CHARS)[:31]


def _table(ws: Any, row: int, header: list[str], body: list[list[Any]], units: list[str]) -> int:
    from openpyxl.styles import Alignment, Font, PatternFill

    for j, h in enumerate(header, 1):
        c = ws.cell(row=row, column=j, value=h)
        c.font, c.fill = Font(bold=True), PatternFill("solid", fgColor="E8EEF6")
        c.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for i, vals in enumerate(body, row + 1):
        for j, v in enumerate(vals, 1):
            c = ws.cell(row=i, column=j, value=v)
            u = units[j - 1]
            if isinstance(v, float):
                c.number_format = "0.0"
            elif isinstance(v, int) and u != "text":
                c.number_format = "#,##0"
    return row + len(body) + 2


def write_xlsx(
    rep: Report,
    comp: Comparison | None,
    path: Path,
    generated: datetime,
    plan: Indicators | None = None,
    bookings: B.BookingSummary | None = None,
) -> None:
    from openpyxl import Workbook  # imported here: only xlsx needs it
    from openpyxl.styles import Font

    lang = rep.lang
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_name(L.t("summary", lang))
    ws["A1"] = L.t("title", lang)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = f"{L.t('period', lang)}: {L.period_label(rep.start, rep.end, lang)}"
    ws["A3"] = f"{L.t('service_filter', lang)}: {rep.meta.get('service_name') or L.t('all_services', lang)}"
    ws["A4"] = f"{L.t('generated', lang)}: {generated:%Y-%m-%d %H:%M}"
    if comp is not None:
        ws["A5"] = f"{L.t('baseline', lang)}: {L.period_label(comp.start, comp.end, lang)}"
    vv = [[L.column(k, lang), _round(v)] for k, v in visit_values(rep.visits).items()]
    r = _table(ws, 7, [L.t("visits", lang), L.t("total", lang)], vv, ["text", "num"])
    tv = [[L.column(k, lang), _round(v)] for k, v in kpi_values(rep.total).items() if k != "target_min"]
    r = _table(ws, r, [L.column("arrivals", lang), L.t("total", lang)], tv, ["text", "num"])
    if comp is not None:
        header = [
            "",
            L.t("metric", lang),
            L.t("before", lang),
            L.t("after", lang),
            L.t("change", lang),
            L.t("change_pct", lang),
        ]
        body = [
            [
                c.label,
                L.column(c.metric, lang),
                _round(c.before),
                _round(c.after),
                _round(c.diff),
                _round(c.rel_pct),
            ]
            for c in comp.rows
            if c.before is not None or c.after is not None
        ]
        ws.cell(row=r, column=1, value=L.t("comparison", lang)).font = Font(bold=True, size=12)
        _table(ws, r + 1, header, body, ["text", "text", "num", "num", "num", "num"])
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 22
    if plan is not None:
        _indicator_sheet(wb, plan, lang)
    for key, title, rows in kpi_sections(rep):
        if key == "total":
            continue
        sh = wb.create_sheet(_sheet_name(title))
        header = [""] + [L.column(c, lang) for c in L.KPI_COLUMNS]
        body = [[x.label] + [_round(kpi_values(x)[c]) for c in L.KPI_COLUMNS] for x in rows]
        _table(sh, 1, header, body, ["text"] + ["num"] * len(L.KPI_COLUMNS))
        _layout(sh, len(header))
    sh = wb.create_sheet(_sheet_name(L.t("by_bundle", lang).split("（")[0].split(":")[0]))
    header = [""] + [L.column(c, lang) for c in L.VISIT_COLUMNS]
    body = [
        [x.label] + [_round(visit_values(x)[c]) for c in L.VISIT_COLUMNS]
        for x in [rep.visits, *rep.by_bundle]
    ]
    _table(sh, 1, header, body, ["text"] + ["num"] * len(L.VISIT_COLUMNS))
    _layout(sh, len(header))
    _heatmap_sheet(wb, rep)
    sh = wb.create_sheet(_sheet_name(L.t("chart_distribution", lang)))
    edges = rep.histogram.edges_min
    body = [
        [
            f"{edges[i]}–{edges[i + 1]}" if i + 1 < len(edges) else f"{edges[i]}+",
            n,
            round(100.0 * n / rep.histogram.n, 2) if rep.histogram.n else None,
        ]
        for i, n in enumerate(rep.histogram.counts)
    ]
    _table(
        sh,
        1,
        [L.column("wait_mean", lang).split("(")[0].replace("平均", "") or "wait", "n", "%"],
        body,
        ["text", "num", "num"],
    )
    _layout(sh, 3)
    if bookings is not None:
        _booking_sheet(wb, bookings, lang)
    sh = wb.create_sheet(_sheet_name(L.t("notes", lang)))
    notes = L.NOTES["en" if lang == "en" else "ja"] + (B.words(B.NOTES, lang) if bookings is not None else [])
    for i, note in enumerate(notes, 1):
        sh.cell(row=i, column=1, value=note)
    sh.column_dimensions["A"].width = 120
    wb.save(path)


def _indicator_sheet(wb: Any, plan: Indicators, lang: str) -> None:
    """The plan's indicators, second sheet: key, label, value, comparison, target, n, detail; definitions."""
    sh = wb.create_sheet(_sheet_name(L.t("indicators", lang)), 1)
    header = ["key", L.t("metric", lang)] + [L.column(c, lang) for c in IND_COLUMNS] + [L.t("detail", lang)]
    details = {r.key: r.detail for r in plan.rows}
    body = [
        [key, label] + [_round(vals[c]) for c in IND_COLUMNS] + [details[key]]
        for key, label, vals in indicator_values(plan)
    ]
    r = _table(sh, 1, header, body, ["text", "text", "num", "num", "num", "num", "text"])
    for i, note in enumerate(plan.definitions, r):
        sh.cell(row=i, column=1, value=note)
    sh.column_dimensions["A"].width = 18
    sh.column_dimensions["B"].width = 44
    sh.column_dimensions["G"].width = 70


def _booking_sheet(wb: Any, s: B.BookingSummary, lang: str) -> None:
    """来庁予約: the summary (one metric a row) and the bookings per hour of the slot."""
    sh = wb.create_sheet(_sheet_name(B.words(B.TITLE, lang)))
    vals = B.booking_values(s)
    body: list[list[Any]] = [[B.column(k, lang), _round(vals[k])] for k in B.SUMMARY_COLUMNS]
    r = _table(sh, 1, [B.words(B.TITLE, lang), L.t("total", lang)], body, ["text", "num"])
    header = [B.words(B.HOURS_TITLE, lang)] + [B.column(k, lang) for k in B.HOUR_COLUMNS]
    hours = [[L.t("hour_n", lang, h=h.hour)] + [B.hour_values(h)[k] for k in B.HOUR_COLUMNS] for h in s.hours]
    _table(sh, r, header, hours, ["text", "num", "num"])
    sh.column_dimensions["A"].width = 34
    sh.column_dimensions["B"].width = 14
    sh.column_dimensions["C"].width = 14


def _heatmap_sheet(wb: Any, rep: Report) -> None:
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.utils import get_column_letter

    lang, hm = rep.lang, rep.heatmap
    sh = wb.create_sheet(_sheet_name(L.t("chart_heatmap", lang)))
    header = [""] + [L.t("hour_n", lang, h=h) for h in hm.hours]
    body = [
        [L.weekday(w, lang)] + [None if v is None else round(v / 60.0, 1) for v in row]
        for w, row in zip(hm.weekdays, hm.wait_mean_s, strict=True)
    ]
    _table(sh, 1, header, body, ["text"] + ["num"] * len(hm.hours))
    if hm.hours and hm.weekdays:
        last = f"{get_column_letter(len(header))}{len(body) + 1}"
        sh.conditional_formatting.add(
            f"B2:{last}",
            ColorScaleRule(start_type="min", start_color="F7FBFF", end_type="max", end_color="6BAED6"),
        )
    _layout(sh, len(header))


def _layout(sh: Any, ncols: int) -> None:
    from openpyxl.utils import get_column_letter

    sh.freeze_panes = "B2"
    sh.column_dimensions["A"].width = 34
    for j in range(2, ncols + 1):
        sh.column_dimensions[get_column_letter(j)].width = 11
    sh.row_dimensions[1].height = 42
