"""The plan's own indicators (issue #20), for the period and the comparison period, each with its definition.

- 申請書記入枚数 per 引越し visit (target 0): mean and share with 0 forms;
- the 行かない diversion rate per service: the share of visitors offered an alternative who took it;
- 引越し end-to-end time against the comparison period, with the 30% cut as the target line;
- the 住民票 convenience-store rate (58% → 76%), when the office imported its monthly convenience-store counts.

Every figure here is plain numbers in display units (枚, %, minutes): HTML, CSV and xlsx print these values.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from shared.config import OfficeConfig
from shared.reports.catalog import Catalog
from shared.reports.dataset import Dataset
from shared.storage import indicator_store
from shared.storage.backend import Database

MOVE_BUNDLES = ("move_in", "move_out", "move_within")  # 引越し: 転入, 転出, 転居
TARGET_CUT = 0.30  # 「引越し手続の所要時間 30%減」
JUMINHYO = "juminhyo"  # the certificate code of 住民票の写し in the office profile ([[certificates]])
KONBINI_START_PCT = 58.0  # 「コンビニ等での住民票発行利用率」 now
KONBINI_TARGET_PCT = 76.0  # … and the plan's target
SERVED = 1
_CERTS = re.compile(r'"certs":\s*\{([^}]*)\}')


@dataclass(frozen=True)
class Indicator:
    key: str  # forms_mean | forms_zero | move_e2e | divert:<service> | konbini | konbini:<YYYY-MM>
    label: str
    unit: str  # 枚 | % | 分 (en: forms | % | min)
    value: float | None  # the period
    baseline: float | None  # the comparison period (None without one, or no data there)
    target: float | None
    n: int  # what the value is over: visits, offers, or counter + convenience-store 住民票
    detail: str = ""  # coverage and parts, in words
    start: float | None = None  # where the plan starts (58% for the convenience-store rate)


@dataclass
class Indicators:
    rows: list[Indicator] = field(default_factory=list)
    definitions: list[str] = field(default_factory=list)

    def find(self, key: str) -> Indicator | None:
        return next((r for r in self.rows if r.key == key), None)


def _w(lang: str, ja: str, en: str) -> str:
    return en if lang == "en" else ja


# -- 書かない: hand-written forms per 引越し visit ------------------------------------------------------------
@dataclass(frozen=True)
class FormsFigures:
    mean: float | None
    zero_pct: float | None
    n: int  # 引越し visits served whose every step logged a count
    served: int  # 引越し visits served


def _move_visits(ds: Dataset) -> np.ndarray:
    v = ds.visits
    if len(v["ticket"]) == 0:
        return np.zeros(0, dtype=bool)
    codes = np.array([b in MOVE_BUNDLES for b in ds.bundles] + [False])
    return codes[v["bundle"].astype(np.int64)]


def forms_figures(ds: Dataset | None) -> FormsFigures:
    if ds is None or "forms" not in ds.visits:
        return FormsFigures(None, None, 0, 0)
    v = ds.visits
    served = _move_visits(ds) & (v["outcome"] == SERVED)
    fin = v["fin_n"].astype(np.int64)
    complete = served & (fin > 0) & (v["forms_n"].astype(np.int64) == fin)
    n = int(complete.sum())
    if n == 0:
        return FormsFigures(None, None, 0, int(served.sum()))
    forms = v["forms"][complete].astype(np.float64)
    return FormsFigures(float(forms.mean()), float(100.0 * (forms == 0).mean()), n, int(served.sum()))


# -- 引越し end-to-end time ---------------------------------------------------------------------------------
def move_e2e_min(ds: Dataset | None) -> tuple[float | None, int]:
    if ds is None:
        return None, 0
    mask = _move_visits(ds)
    if len(mask):
        mask = mask & ~np.isnan(ds.visits["e2e"].astype(np.float64))
    n = int(mask.sum())
    if n == 0:
        return None, 0
    return float(ds.visits["e2e"][mask].astype(np.float64).mean() / 60.0), n


# -- 行かない: diversion rate per service -----------------------------------------------------------------------
def diversion(conn: Database, start: date, end: date, service: str | None) -> dict[str, tuple[int, int]]:
    """service -> (offered, diverted) on days start … end."""
    out: dict[str, list[int]] = {}
    for svc, typ, n in indicator_store.alternative_counts(conn, start.isoformat(), end.isoformat()):
        if service is not None and svc != service:
            continue
        out.setdefault(svc, [0, 0])[0 if typ == "offered" else 1] += n
    return {k: (v[0], v[1]) for k, v in out.items()}


def _rate(offered: int, diverted: int) -> float | None:
    return 100.0 * diverted / offered if offered else None


# -- 住民票 at convenience stores ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class KonbiniMonth:
    month: str
    konbini: int
    captured: int  # 住民票 copies from kiosk/web requests, finished at a counter
    uncaptured: int  # finished steps of the 住民票 service without a captured request: 1 each

    @property
    def counter(self) -> int:
        return self.captured + self.uncaptured

    @property
    def rate(self) -> float | None:
        total = self.konbini + self.counter
        return 100.0 * self.konbini / total if total else None


def _months(start: date, end: date) -> list[str]:
    out, d = [], start.replace(day=1)
    while d <= end:
        out.append(f"{d.year:04d}-{d.month:02d}")
        d = (d + timedelta(days=32)).replace(day=1)
    return out


def _month_end(month: str) -> date:
    first = date.fromisoformat(f"{month}-01")
    return (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def juminhyo_services(config: OfficeConfig) -> tuple[str | None, tuple[str, ...]]:
    """(the service that issues 住民票, every service whose window may issue it: its merged windows)."""
    cert = next((c for c in config.certificates if c.code == JUMINHYO), None)
    if cert is None:
        return None, ()
    services = {cert.service}
    for merged in config.merged_windows.values():
        if cert.service in merged:
            services |= {s for s in merged if ":" not in s}
    return cert.service, tuple(sorted(services))


def counter_juminhyo_by_month(
    conn: Database, config: OfficeConfig, start: date, end: date
) -> dict[str, tuple[int, int]]:
    """month -> (captured copies, uncaptured tickets) of 住民票 issued at the counters on days start … end,
    each ticket in the month its first such step finished.

    Per ticket: the largest number of 住民票 copies any of its finished steps recorded from the kiosk/web
    request (data["certs"]["juminhyo"]); a ticket none of whose finished steps recorded a request but that
    finished a step of the 住民票 service counts as 1 (a request made at the counter)."""
    own, services = juminhyo_services(config)
    if own is None:
        return {}
    per_ticket: dict[int, list[int]] = {}  # ticket -> [copies, any captured request, finished own service]
    month_of: dict[int, str] = {}
    pickups = any(s.pickup for s in config.services if s.code in services)
    copies_of = re.compile(rf'"{re.escape(JUMINHYO)}":\s*(\d+)')
    for day, ticket, svc, data in indicator_store.finished_steps(
        conn, start.isoformat(), end.isoformat(), services, pickups=pickups
    ):
        acc = per_ticket.setdefault(ticket, [0, 0, 0])
        month_of[ticket] = min(month_of.get(ticket, day[:7]), day[:7])
        certs = _CERTS.search(data) if data else None  # data["certs"] as json.dumps writes it: {"code": n, …}
        if certs is not None and certs.group(1).strip():
            acc[1] = 1
            found = copies_of.search(certs.group(1))
            if found is not None:
                acc[0] = max(acc[0], int(found.group(1)))
        if svc == own:
            acc[2] = 1
    out: dict[str, list[int]] = {}
    for ticket, (copies, captured, finished_own) in per_ticket.items():
        month = out.setdefault(month_of[ticket], [0, 0])
        month[0] += copies
        month[1] += 1 if not captured and finished_own else 0
    return {k: (v[0], v[1]) for k, v in out.items()}


def counter_juminhyo(conn: Database, config: OfficeConfig, start: date, end: date) -> tuple[int, int]:
    """(captured copies, uncaptured tickets) of 住民票 issued at the counters on days start … end."""
    by_month = counter_juminhyo_by_month(conn, config, start, end)
    return sum(v[0] for v in by_month.values()), sum(v[1] for v in by_month.values())


def konbini_months(
    conn: Database, config: OfficeConfig, start: date, end: date
) -> tuple[list[KonbiniMonth], list[str]]:
    """Every calendar month overlapping start … end that has an imported convenience-store count, counted
    whole; and the overlapping months without an import."""
    months = _months(start, end)
    imported = indicator_store.konbini_months(conn, months[0], months[-1])
    have = [m for m in months if m in imported]
    counts = (
        counter_juminhyo_by_month(conn, config, date.fromisoformat(f"{have[0]}-01"), _month_end(have[-1]))
        if have
        else {}
    )
    rows = [KonbiniMonth(m, imported[m], *counts.get(m, (0, 0))) for m in have]
    return rows, [m for m in months if m not in imported]


def _konbini_total(rows: Sequence[KonbiniMonth]) -> tuple[float | None, int]:
    k = sum(r.konbini for r in rows)
    c = sum(r.counter for r in rows)
    return (100.0 * k / (k + c) if k + c else None), k + c


# -- all together -------------------------------------------------------------------------------------------------
def compute(
    conn: Database,
    config: OfficeConfig,
    catalog: Catalog,
    ds: Dataset,
    start: date,
    end: date,
    lang: str,
    *,
    service: str | None = None,
    base: Dataset | None = None,
    base_range: tuple[date, date] | None = None,
) -> Indicators:
    out = Indicators()
    unit_forms = _w(lang, "枚", "forms")
    unit_min = _w(lang, "分", "min")

    # 申請書記入枚数
    f, fb = forms_figures(ds), forms_figures(base)
    cover = _w(
        lang,
        f"記録のある引越し来庁 {f.n:,} 件（完了 {f.served:,} 件中）",
        f"{f.n:,} 引越し visits with a count (of {f.served:,} served)",
    )
    out.rows.append(
        Indicator(
            "forms_mean",
            _w(lang, "申請書記入枚数（引越し1件あたり平均）", "Hand-written forms per 引越し visit (mean)"),
            unit_forms,
            f.mean,
            fb.mean,
            0.0,
            f.n,
            cover,
        )
    )
    out.rows.append(
        Indicator(
            "forms_zero",
            _w(lang, "記入0枚の引越し来庁の割合", "Share of 引越し visits with 0 forms"),
            "%",
            f.zero_pct,
            fb.zero_pct,
            100.0,
            f.n,
            cover,
        )
    )

    # 引越し end-to-end time
    now_min, now_n = move_e2e_min(ds)
    base_min, _ = move_e2e_min(base)
    target = base_min * (1.0 - TARGET_CUT) if base_min is not None else None
    cut_pct = (1.0 - now_min / base_min) * 100.0 if now_min is not None and base_min else None
    cut = "–" if cut_pct is None else f"{cut_pct:+.1f}%"
    if now_min is not None and target is not None:
        cut += (
            _w(lang, "・目標達成", ", target met")
            if now_min <= target
            else _w(lang, f"・目標まであと {now_min - target:.1f} 分", f", {now_min - target:.1f} min to go")
        )
    out.rows.append(
        Indicator(
            "move_e2e",
            _w(lang, "引越し手続の所要時間（平均）", "引越し end-to-end time (mean)"),
            unit_min,
            now_min,
            base_min,
            target,
            now_n,
            _w(
                lang,
                f"比較期間からの短縮 {cut}（目標 30% 短縮）"
                if base is not None
                else "比較期間を指定すると目標線を表示",
                f"cut from the baseline {cut} (target: 30% shorter)"
                if base is not None
                else "give a comparison period for the target line",
            ),
        )
    )

    # 行かない: diversion rate per service
    now_div = diversion(conn, start, end, service)
    base_div = diversion(conn, *base_range, service) if base_range else {}
    codes = sorted(set(now_div) | set(base_div))
    for svc in [codes[i] for i in catalog.queue_order(codes)]:
        offered, diverted = now_div.get(svc, (0, 0))
        b_off, b_div = base_div.get(svc, (0, 0))
        out.rows.append(
            Indicator(
                f"divert:{svc}",
                _w(
                    lang,
                    f"行かない選択率：{catalog.service_name(svc, lang)}",
                    f"Took the alternative: {catalog.service_name(svc, lang)}",
                ),
                "%",
                _rate(offered, diverted),
                _rate(b_off, b_div) if base_range else None,
                None,
                offered,
                _w(
                    lang, f"案内 {offered:,} 件のうち {diverted:,} 件", f"{diverted:,} of {offered:,} offered"
                ),
            )
        )

    # 住民票 at convenience stores
    months, missing = konbini_months(conn, config, start, end)
    base_months = konbini_months(conn, config, *base_range)[0] if base_range else []
    rate, total = _konbini_total(months)
    b_rate, _ = _konbini_total(base_months)
    k_sum = sum(m.konbini for m in months)
    cap = sum(m.captured for m in months)
    unc = sum(m.uncaptured for m in months)
    if months or base_months:
        out.rows.append(
            Indicator(
                "konbini",
                _w(lang, "コンビニ等での住民票発行利用率", "住民票 issued at convenience stores"),
                "%",
                rate,
                b_rate if base_range else None,
                KONBINI_TARGET_PCT,
                total,
                _w(
                    lang,
                    f"コンビニ {k_sum:,} 通／窓口 {cap + unc:,} 通（発券機の申請 {cap:,}・窓口で申請 {unc:,}）"
                    f"・{len(months)} か月" + (f"・未取込 {', '.join(missing)}" if missing else ""),
                    f"convenience stores {k_sum:,} / counter {cap + unc:,} (kiosk requests {cap:,}, asked at "
                    f"the counter {unc:,}), {len(months)} month(s)"
                    + (f"; not imported: {', '.join(missing)}" if missing else ""),
                ),
                KONBINI_START_PCT,
            )
        )
        for m in months:
            out.rows.append(
                Indicator(
                    f"konbini:{m.month}",
                    _w(lang, f"住民票コンビニ利用率 {m.month}", f"住民票 at convenience stores {m.month}"),
                    "%",
                    m.rate,
                    None,
                    KONBINI_TARGET_PCT,
                    m.konbini + m.counter,
                    _w(
                        lang,
                        f"コンビニ {m.konbini:,}／窓口 {m.counter:,}（発券機 {m.captured:,}・窓口で申請 {m.uncaptured:,}）",
                        f"convenience stores {m.konbini:,} / counter {m.counter:,} (kiosk {m.captured:,}, "
                        f"asked at the counter {m.uncaptured:,})",
                    ),
                    KONBINI_START_PCT,
                )
            )
    out.definitions = definitions(lang, config)
    return out


def definitions(lang: str, config: OfficeConfig) -> list[str]:
    own, services = juminhyo_services(config)
    moves = "・".join(MOVE_BUNDLES)
    if lang == "en":
        return [
            f"Hand-written forms per 引越し visit: served tickets of the life events {moves}; per visit, the sum "
            "of the forms the clerk logged when finishing each step (0–9 at the console, default 0). A step of a "
            "service marked form_free logs 0 without asking; a step whose request was captured at the kiosk or on "
            "the web (書かない) logs 0 unless the clerk typed another number. Visits with a step finished without "
            "a count are left out (see the coverage). Target: 0 forms, i.e. 100% of visits with 0 forms.",
            "Took the alternative (行かない): per service, visitors who took the convenience-store or online "
            "alternative ('diverted' events) ÷ visitors shown the alternative ('offered' events) at the kiosk "
            "or on the web page, by business day.",
            f"引越し end-to-end time: mean time from the ticket to the last step finished (pickup included) of "
            f"served {moves} visits, force-closed ones left out. Target line: the comparison period's mean "
            f"× {1 - TARGET_CUT:.1f} (30% shorter).",
            f"住民票 at convenience stores: convenience-store count ÷ (convenience-store count + counter count) "
            f"over the calendar months overlapping the period that have an imported count (madoguchi import "
            f"konbini), each month counted whole. Counter count = per ticket finished at a counter in the month: "
            f"the copies of the certificate '{JUMINHYO}' picked at the kiosk or on the web (recorded on the "
            f"finished step of {', '.join(services) or '–'}), or 1 for a ticket that finished a {own or '–'} "
            f"step without such a request. Starts at {KONBINI_START_PCT:.0f}%, target {KONBINI_TARGET_PCT:.0f}%.",
        ]
    return [
        f"申請書記入枚数（引越し1件あたり）= ライフイベント {moves} の完了した番号札について、各手続きの完了時に職員が"
        "記録した手書き申請書の枚数（窓口画面で 0〜9、初期値 0）の合計。記入不要（form_free）の業務は聞かずに 0、"
        "発券機・Web で申請内容を受け付けた手続き（書かない）は職員が別の数を入れない限り 0。枚数の記録がない手続きを"
        "含む来庁は除きます（記録件数を表示）。目標は 0 枚（0 枚の割合 100%）。",
        "行かない選択率 = 業務ごとに、発券機・Web で代わりの方法（コンビニ交付・オンライン申請）を案内した人数"
        "（offered イベント）のうち、その方法を選んだ人数（diverted イベント）の割合。業務日で集計。",
        f"引越し手続の所要時間 = {moves} の完了した来庁の、発券から最後の手続き（交付を含む）完了までの平均。"
        f"強制終了分は除きます。目標線 = 比較期間の平均 × {1 - TARGET_CUT:.1f}（30% 短縮）。",
        "コンビニ等での住民票発行利用率 = コンビニ交付通数 ÷（コンビニ交付通数 + 窓口交付通数）。集計期間にかかる暦月の"
        "うちコンビニ交付件数を取り込んだ月（madoguchi import konbini）を、月全体で集計します。窓口交付通数 = その月に"
        f"窓口で完了した番号札ごとに、発券機・Web で選ばれた証明書「{JUMINHYO}」の通数（{', '.join(services) or '–'} "
        f"の手続き完了時に記録）、そのような申請のない番号札で {own or '–'} の手続きを完了したものは 1 通。"
        f"現状 {KONBINI_START_PCT:.0f}%、目標 {KONBINI_TARGET_PCT:.0f}%。",
    ]
