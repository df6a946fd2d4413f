"""The report's charts as inline SVG: hourly wait profile, weekday × hour heatmap, wait distribution,
service-level bars, the trend over the period and the before/after comparison."""

from __future__ import annotations

from collections.abc import Sequence

from shared.reports import labels as L
from shared.reports import svg as S
from shared.reports.compare import Comparison
from shared.reports.kpi import Heatmap, Histogram, KpiRow


def _minutes(v: float | None) -> float | None:
    return None if v is None else v / 60.0


def hourly_profile(rows: Sequence[KpiRow], lang: str) -> str:
    """Bars: arrivals per hour of arrival (right axis). Lines: mean, median and p90 wait (left axis, minutes)."""
    w, h, left, right, top, bottom = 900, 380, 64, 70, 44, 56
    if not rows:
        return S.svg(w, 80, S.text(20, 40, L.t("no_data", lang)), L.t("chart_hourly", lang))
    pw, ph = w - left - right, h - top - bottom
    n = len(rows)
    slot = pw / n
    wmax = S.nice_max(max((_minutes(r.wait.p90) or 0) for r in rows))
    amax = S.nice_max(max(r.arrivals for r in rows))
    out = []
    for tv, label in S.ticks(wmax):
        y = top + ph - tv / wmax * ph
        out.append(S.line(left, y, left + pw, y, S.GRID))
        out.append(S.text(left - 8, y + 4, label, size=12, anchor="end", fill=S.MUTED))
    for tv, label in S.ticks(amax):
        y = top + ph - tv / amax * ph
        out.append(S.text(left + pw + 8, y + 4, label, size=12, fill=S.MUTED))
    out.append(S.text(left - 8, top - 14, f"{L.t('minutes', lang)}", size=12, anchor="end", fill=S.MUTED))
    out.append(S.text(left + pw + 8, top - 14, L.t("arrivals_axis", lang), size=12, fill=S.MUTED))
    series: dict[str, list[tuple[float, float] | None]] = {"mean": [], "median": [], "p90": []}
    for i, r in enumerate(rows):
        cx = left + slot * (i + 0.5)
        bh = r.arrivals / amax * ph
        out.append(
            S.rect(cx - slot * 0.32, top + ph - bh, slot * 0.64, bh, S.SKY, title=f"{r.label}: {r.arrivals}")
        )
        out.append(
            S.text(cx, top + ph + 20, r.key if lang == "en" else f"{r.key}時", size=12, anchor="middle")
        )
        for name, v in (("mean", r.wait.mean), ("median", r.wait.median), ("p90", r.wait.p90)):
            m = _minutes(v)
            series[name].append(None if m is None else (cx, top + ph - m / wmax * ph))
    out.append(S.polyline(series["p90"], S.VERMILION, marker="diamond"))
    out.append(S.polyline(series["mean"], S.BLUE))
    out.append(S.polyline(series["median"], S.GREEN, marker="square"))
    out.append(S.line(left, top + ph, left + pw, top + ph, S.INK))
    names = {
        "ja": ("受付件数", "平均待ち", "中央値", "p90"),
        "en": ("arrivals", "mean wait", "median", "p90"),
    }
    a, mn, md, p9 = names["en" if lang == "en" else "ja"]
    out.append(
        S.legend(
            left,
            h - 12,
            [(a, S.SKY, "bar"), (mn, S.BLUE, "line"), (md, S.GREEN, "line"), (p9, S.VERMILION, "line")],
        )
    )
    return S.svg(w, h, "".join(out), L.t("chart_hourly", lang))


def heatmap(hm: Heatmap, lang: str) -> str:
    if not hm.weekdays or not hm.hours:
        return S.svg(900, 80, S.text(20, 40, L.t("no_data", lang)), L.t("chart_heatmap", lang))
    cw, ch, left, top = 62, 40, 60, 34
    w = left + cw * len(hm.hours) + 20
    h = top + ch * len(hm.weekdays) + 46
    vals = [v for row in hm.wait_mean_s for v in row if v is not None]
    vmax = max(vals) if vals else 1.0
    out = []
    for j, hour in enumerate(hm.hours):
        out.append(
            S.text(
                left + cw * (j + 0.5),
                top - 10,
                f"{hour}" if lang == "en" else f"{hour}時",
                size=13,
                anchor="middle",
            )
        )
    for i, wd in enumerate(hm.weekdays):
        y = top + ch * i
        out.append(
            S.text(left - 10, y + ch / 2 + 5, L.weekday(wd, lang), size=14, anchor="end", weight="bold")
        )
        for j, _hour in enumerate(hm.hours):
            v, n = hm.wait_mean_s[i][j], hm.arrivals[i][j]
            x = left + cw * j
            if v is None:
                out.append(S.rect(x + 1, y + 1, cw - 2, ch - 2, "#f2f2f2", title=f"n={n}"))
                out.append(S.text(x + cw / 2, y + ch / 2 + 5, "–", size=13, anchor="middle", fill=S.MUTED))
                continue
            fill, ink = S.blues(v / vmax if vmax else 0)
            out.append(S.rect(x + 1, y + 1, cw - 2, ch - 2, fill, title=f"{v / 60:.1f} min, n={n}"))
            out.append(
                S.text(
                    x + cw / 2,
                    y + ch / 2 + 5,
                    f"{v / 60:.0f}",
                    size=14,
                    anchor="middle",
                    fill=ink,
                    weight="bold",
                )
            )
    note = (
        "数値 = 平均待ち時間（分）、空欄 = 受付なし"
        if lang != "en"
        else "value = mean wait (min); – = no arrivals"
    )
    out.append(S.text(left, h - 14, note, size=12, fill=S.MUTED))
    return S.svg(w, h, "".join(out), L.t("chart_heatmap", lang))


def distribution(hist: Histogram, lang: str) -> str:
    w, h, left, right, top, bottom = 900, 340, 64, 64, 30, 60
    if hist.n == 0:
        return S.svg(w, 80, S.text(20, 40, L.t("no_data", lang)), L.t("chart_distribution", lang))
    pw, ph = w - left - right, h - top - bottom
    edges = hist.edges_min
    pct = [100.0 * c / hist.n for c in hist.counts]
    ymax = S.nice_max(max(pct))
    slot = pw / len(pct)
    out = []
    for tv, label in S.ticks(ymax):
        y = top + ph - tv / ymax * ph
        out.append(S.line(left, y, left + pw, y, S.GRID))
        out.append(S.text(left - 8, y + 4, f"{label}%", size=12, anchor="end", fill=S.MUTED))
    for tv in (0, 25, 50, 75, 100):
        y = top + ph - tv / 100 * ph
        out.append(S.text(left + pw + 8, y + 4, f"{tv}%", size=12, fill=S.MUTED))
    cum, pts = 0.0, []
    for i, p in enumerate(pct):
        x = left + slot * i
        bh = p / ymax * ph
        label = f"{edges[i]}–{edges[i + 1]}" if i + 1 < len(edges) else f"{edges[i]}+"
        out.append(
            S.rect(
                x + slot * 0.1,
                top + ph - bh,
                slot * 0.8,
                bh,
                S.BLUE,
                title=f"{label} min: {hist.counts[i]} ({p:.1f}%)",
            )
        )
        if p > 0:
            out.append(
                S.text(x + slot / 2, top + ph - bh - 6, f"{p:.0f}%", size=12, anchor="middle", halo=True)
            )
        out.append(S.text(x + slot / 2, top + ph + 20, label, size=12, anchor="middle"))
        cum += p
        pts.append((x + slot, top + ph - cum / 100 * ph))
    out.append(S.polyline([(left, top + ph), *pts], S.VERMILION, width=2))
    out.append(S.line(left, top + ph, left + pw, top + ph, S.INK))
    unit = "待ち時間（分）" if lang != "en" else "wait (min)"
    out.append(S.text(left + pw / 2, top + ph + 42, unit, size=13, anchor="middle", fill=S.MUTED))
    out.append(S.legend(left, 18, [("%", S.BLUE, "bar"), (L.t("cumulative", lang), S.VERMILION, "line")]))
    return S.svg(w, h, "".join(out), L.t("chart_distribution", lang))


def service_level(rows: Sequence[KpiRow], lang: str, baseline: Sequence[KpiRow] = ()) -> str:
    """Horizontal bars: % of legs called within the service's target wait; a thin bar for the baseline."""
    rows = [r for r in rows if r.sl_pct is not None]
    label_w = max((S.text_width(r.label, 13) for r in rows), default=100) + 20
    left, right, top, bar = min(label_w, 330), 150, 36, 30
    w = 900
    h = top + bar * len(rows) + 40
    if not rows:
        return S.svg(w, 80, S.text(20, 40, L.t("no_data", lang)), L.t("chart_sl", lang))
    pw = w - left - right
    base = {r.key: r.sl_pct for r in baseline}
    out = []
    for tv in (0, 20, 40, 60, 80, 100):
        x = left + tv / 100 * pw
        out.append(S.line(x, top - 6, x, h - 34, S.GRID))
        out.append(S.text(x, top - 12, f"{tv}%", size=12, anchor="middle", fill=S.MUTED))
    gx = left + 0.8 * pw
    out.append(S.line(gx, top - 6, gx, h - 34, S.INK, width=1.5, dash="6 4"))
    out.append(S.text(gx, h - 16, L.t("guide80", lang), size=12, anchor="middle", fill=S.MUTED))
    for i, r in enumerate(rows):
        y = top + bar * i
        pct = r.sl_pct or 0.0
        out.append(S.text(left - 10, y + bar / 2 + 5, r.label, size=13, anchor="end"))
        out.append(
            S.rect(
                left,
                y + 5,
                pct / 100 * pw,
                bar - 12,
                S.GREEN if pct >= 80 else S.ORANGE,
                title=f"{r.label}: {pct:.1f}% (n={r.sl_n})",
            )
        )
        if r.key in base and base[r.key] is not None:
            out.append(S.rect(left, y + bar - 7, (base[r.key] or 0) / 100 * pw, 4, S.GREY))
        tgt = (
            f"（{L.t('target', lang)}{r.target_min}分）"
            if lang != "en"
            else f" ({L.t('target', lang)} {r.target_min} min)"
        )
        out.append(
            S.text(
                left + pct / 100 * pw + 6,
                y + bar / 2 + 5,
                f"{pct:.0f}%{tgt if r.target_min else ''}",
                size=12,
                halo=True,
            )
        )
    if baseline:
        out.append(
            S.legend(
                left, h - 2, [(L.t("after", lang), S.GREEN, "bar"), (L.t("before", lang), S.GREY, "bar")]
            )
        )
    return S.svg(w, h + (10 if baseline else 0), "".join(out), L.t("chart_sl", lang))


def trend(rows: Sequence[KpiRow], lang: str) -> str:
    w, h, left, right, top, bottom = 900, 320, 64, 30, 30, 70
    rows = list(rows)
    if len(rows) < 2:
        return ""
    pw, ph = w - left - right, h - top - bottom
    ymax = S.nice_max(max((_minutes(r.wait.p90) or 0) for r in rows))
    slot = pw / len(rows)
    out = []
    for tv, label in S.ticks(ymax):
        y = top + ph - tv / ymax * ph
        out.append(S.line(left, y, left + pw, y, S.GRID))
        out.append(S.text(left - 8, y + 4, label, size=12, anchor="end", fill=S.MUTED))
    every = max(1, len(rows) // 16)
    mean, p90 = [], []
    for i, r in enumerate(rows):
        cx = left + slot * (i + 0.5)
        if i % every == 0:
            out.append(
                S.text(
                    cx,
                    top + ph + 18,
                    r.label,
                    size=11,
                    anchor="end",
                    extra=f'transform="rotate(-35 {cx:.1f} {top + ph + 18:.1f})"',
                )
            )
        m, p = _minutes(r.wait.mean), _minutes(r.wait.p90)
        mean.append(None if m is None else (cx, top + ph - m / ymax * ph))
        p90.append(None if p is None else (cx, top + ph - p / ymax * ph))
    out.append(S.polyline(p90, S.VERMILION, marker="diamond"))
    out.append(S.polyline(mean, S.BLUE))
    out.append(S.line(left, top + ph, left + pw, top + ph, S.INK))
    names = ("平均待ち", "p90") if lang != "en" else ("mean wait", "p90")
    out.append(S.legend(left, 18, [(names[0], S.BLUE, "line"), (names[1], S.VERMILION, "line")]))
    out.append(S.text(left - 8, top - 10, L.t("minutes", lang), size=12, anchor="end", fill=S.MUTED))
    return S.svg(w, h, "".join(out), L.t("chart_trend", lang))


def comparison_bars(comp: Comparison, lang: str, section: str) -> str:
    """Baseline vs period, with the change %: mean wait per service (``service``) or mean end-to-end time
    per life event (``bundle``)."""
    metric = "wait_mean" if section == "service" else "e2e_mean"
    items = [
        (r.label, r.before, r.after, r.rel_pct)
        for r in comp.rows
        if (r.section, r.metric) == (section, metric) and (r.before is not None or r.after is not None)
    ]
    if not items:
        return ""
    label_w = max(S.text_width(i[0], 13) for i in items) + 20
    left, right, top, band = min(label_w, 330), 150, 40, 40
    w, h = 900, top + band * len(items) + 20
    pw = w - left - right
    vmax = S.nice_max(max(float(v) for it in items for v in it[1:3] if v is not None))
    out = [S.legend(left, 20, [(L.t("before", lang), S.GREY, "bar"), (L.t("after", lang), S.BLUE, "bar")])]
    for i, (label, before, after, rel) in enumerate(items):
        y = top + band * i
        out.append(S.text(left - 10, y + band / 2 + 4, label, size=13, anchor="end"))
        if before is not None:
            out.append(
                S.rect(left, y + 4, float(before) / vmax * pw, 14, S.GREY, title=f"{float(before):.1f}")
            )
        if after is not None:
            out.append(
                S.rect(left, y + 19, float(after) / vmax * pw, 14, S.BLUE, title=f"{float(after):.1f}")
            )
        end = max(float(before or 0), float(after or 0)) / vmax * pw
        note = f"{float(after or 0):.1f}{L.t('minutes', lang)}"
        if rel is not None:
            note += f"  {rel:+.1f}%"
        out.append(S.text(left + end + 8, y + band / 2 + 4, note, size=12, weight="bold", halo=True))
    title = L.t("compare_wait", lang) if section == "service" else L.t("compare_e2e", lang)
    return S.svg(w, h, "".join(out), title)
