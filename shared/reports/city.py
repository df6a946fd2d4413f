"""The city report (``madoguchi report --city``): every office's anonymised visit exports, one report.

The KPIs are the office report's own (:func:`shared.reports.kpi.compute` over the same fact columns), computed
per office and over the whole city: wait p90, service level, no-show rate and the 引越し end-to-end time. The
30% target compares the mean 引越し end-to-end time with a baseline period, with a 95% confidence interval from a
bootstrap over the visits (resampled within each office, so the offices' mix stays as it was). Days or offices
without an export are listed, never averaged over.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from shared.reports import facts, kpi
from shared.reports.build import ReportError, check_range
from shared.reports.catalog import Catalog
from shared.reports.dataset import LEG_FIELDS, VISIT_FIELDS, Dataset
from shared.reports.indicators import MOVE_BUNDLES, TARGET_CUT
from shared.reports.stats import Sorted, Stat
from shared.reports.visits import NAME

BOOTSTRAP = 2000

_LEG_OUT = {name: i for i, name in enumerate(facts.LEG_OUTCOMES)}
_VISIT_OUT = {name: i for i, name in enumerate(facts.VISIT_OUTCOMES)}
_CHANNEL = {name: i for i, name in enumerate(facts.CHANNELS)}


@dataclass
class Exports:
    """Rows by office and day, read from a folder of ``madoguchi-visits_<office>_<day>.csv`` files."""

    rows: dict[str, dict[date, list[dict[str, str]]]] = field(default_factory=dict)

    def days_of(self, office: str) -> set[date]:
        return set(self.rows.get(office, {}))


def read_exports(folder: Path) -> Exports:
    """Every export file under ``folder`` (any depth). A bad file is an error naming the file and line."""
    if not folder.is_dir():
        raise ReportError(f"エクスポートのフォルダがありません: {folder} / no export folder at {folder}")
    out = Exports()
    for path in sorted(folder.rglob("madoguchi-visits_*.csv")):
        m = NAME.match(path.name)
        if not m:
            continue
        office, day = m.group(1), date.fromisoformat(m.group(2))
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                reader = csv.DictReader(fh)
                missing = [c for c in ("record", "visit", "queue") if c not in (reader.fieldnames or [])]
                if missing:
                    raise ReportError(f"{path}: 列がありません / missing columns: {', '.join(missing)}")
                rows = []
                for line, r in enumerate(reader, start=2):
                    if r.get("record") not in ("visit", "leg"):
                        raise ReportError(
                            f"{path}:{line}: record は visit か leg / record must be visit or leg"
                        )
                    rows.append(r)
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise ReportError(f"{path}: 読めません / cannot read: {exc}") from None
        out.rows.setdefault(office, {})[day] = rows
    return out


def _f(v: str | None) -> float:
    return float(v) if v not in (None, "") else math.nan


def dataset(by_day: dict[date, list[dict[str, str]]], start: date, end: date, where: str = "") -> Dataset:
    """One office's (or, with days of several offices merged, the city's) export rows as a KPI dataset."""
    queues: dict[str, int] = {}
    bundles: dict[str, int] = {}
    legs: dict[str, list[float]] = {k: [] for k in (*LEG_FIELDS, "q", "day")}
    visits: dict[str, list[float]] = {k: [] for k in (*VISIT_FIELDS, "q", "bundle", "day")}
    days = sorted(d for d in by_day if start <= d <= end and any(r["record"] == "visit" for r in by_day[d]))
    ticket = 0
    for di, d in enumerate(days):
        ids: dict[tuple[str, str], int] = {}
        for line, r in enumerate(by_day[d], start=2):
            try:
                key = (r.get("office", ""), r["visit"])
                if key not in ids:
                    ticket += 1
                    ids[key] = ticket
                q = queues.setdefault(r["queue"], len(queues)) if r["queue"] else 0
                if r["record"] == "visit":
                    b = r.get("bundle") or ""
                    visits["ticket"].append(ids[key])
                    visits["hour"].append(int(r["hour"]))
                    visits["outcome"].append(_VISIT_OUT[r["outcome"]])
                    visits["forced"].append(int(r["forced"] or 0))
                    visits["legs"].append(int(r["legs"] or 1))
                    visits["channel"].append(_CHANNEL.get(r.get("channel") or "kiosk", 0))
                    visits["e2e"].append(_f(r.get("e2e_s")))
                    visits["q"].append(q)
                    visits["bundle"].append(bundles.setdefault(b, len(bundles)) if b else -1)
                    visits["day"].append(di)
                else:
                    legs["ticket"].append(ids[key])
                    legs["counter"].append(int(r["counter"]) if r.get("counter") else -1)
                    legs["hour"].append(int(r["hour"]))
                    legs["outcome"].append(_LEG_OUT[r["outcome"]])
                    legs["accurate"].append(int(r["accurate"] or 1))
                    legs["recalls"].append(int(r["recalls"] or 0))
                    legs["holds"].append(int(r["holds"] or 0))
                    for k in ("wait", "walk", "service", "hold", "abandon"):
                        legs[k].append(_f(r.get(f"{k}_s")))
                    legs["q"].append(q)
                    legs["day"].append(di)
            except (KeyError, ValueError) as exc:
                raise ReportError(
                    f"{where}{d}: 行 {line}: 読めない値 / bad value on line {line}: {exc}"
                ) from None
    ints = {
        "ticket",
        "counter",
        "hour",
        "outcome",
        "accurate",
        "recalls",
        "holds",
        "q",
        "day",
        "forced",
        "legs",
        "channel",
        "bundle",
    }

    def arr(cols: dict[str, list[float]]) -> dict[str, np.ndarray]:
        # times as float32, like the office's own facts, so both compare with a target alike
        return {k: np.array(v, dtype=np.int64 if k in ints else np.float32) for k, v in cols.items()}

    empty_peaks = {k: np.zeros(0, dtype=np.int64) for k in ("q", "hour", "peak", "day")}
    return Dataset(
        start, end, tuple(days), tuple(queues), tuple(bundles), arr(legs), arr(visits), empty_peaks
    )


@dataclass(frozen=True)
class Ward:
    code: str
    name: str
    days: int  # days with an export in the period
    missing: tuple[date, ...]  # days in the period without an export
    missing_base: tuple[date, ...]  # days in the baseline without an export
    total: kpi.KpiRow | None
    visits: kpi.VisitRow | None
    move: Stat  # 引越し end-to-end time, seconds
    move_base: Stat


@dataclass(frozen=True)
class Target:
    base_mean_s: float | None
    now_mean_s: float | None
    cut_pct: float | None  # (1 − now / base) × 100
    ci_low: float | None
    ci_high: float | None
    n_base: int
    n_now: int
    target_mean_s: float | None  # base × 0.7
    verdict: str  # met | not_met | unclear | no_data


@dataclass(frozen=True)
class CityReport:
    start: date
    end: date
    base_start: date | None
    base_end: date | None
    lang: str
    total: kpi.Report | None
    wards: tuple[Ward, ...]
    move: Stat
    move_base: Stat
    target: Target
    missing_offices: tuple[str, ...]  # listed in the city profile, no export at all in the period
    names: dict[str, str]
    days: int  # days in the period with at least one office's export


def _move_mask(ds: Dataset) -> np.ndarray:
    codes = np.array([b in MOVE_BUNDLES for b in ds.bundles] + [False])
    v = ds.visits
    if len(v["ticket"]) == 0:
        return np.zeros(0, dtype=bool)
    return codes[v["bundle"].astype(np.int64)] & ~np.isnan(v["e2e"])


def _move_stat(ds: Dataset) -> Stat:
    mask = _move_mask(ds)
    if not mask.any():
        return Stat.none()
    return Sorted(ds.visits["e2e"], mask).grouped(np.zeros(len(mask), np.int64), 1)[0]


def _move_values(ds: Dataset) -> np.ndarray:
    return ds.visits["e2e"][_move_mask(ds)].astype(np.float64)


def bootstrap_cut(
    base: Sequence[np.ndarray], now: Sequence[np.ndarray], *, rounds: int = BOOTSTRAP, seed: int = 0
) -> tuple[float, float] | None:
    """95% interval of (1 − mean(now) / mean(base)) × 100, resampling visits within each office (stratum)."""
    b = [x for x in base if len(x)]
    n = [x for x in now if len(x)]
    if not b or not n:
        return None
    rng = np.random.default_rng(seed)

    def means(strata: list[np.ndarray]) -> np.ndarray:
        total = np.zeros(rounds)
        count = sum(len(x) for x in strata)
        for x in strata:
            idx = rng.integers(0, len(x), size=(rounds, len(x)))
            total += x[idx].sum(axis=1)
        return total / count

    cut = (1.0 - means(n) / means(b)) * 100.0
    lo, hi = np.percentile(cut, [2.5, 97.5])
    return float(lo), float(hi)


def _merge(exports: Exports, offices: Sequence[str]) -> dict[date, list[dict[str, str]]]:
    out: dict[date, list[dict[str, str]]] = {}
    for o in offices:
        for d, rows in exports.rows.get(o, {}).items():
            out.setdefault(d, []).extend({**r, "office": o} for r in rows)
    return out


def build_city(
    exports: Exports,
    start: date,
    end: date,
    *,
    baseline: tuple[date, date] | None = None,
    offices: Sequence[tuple[str, str]] | None = None,
    catalog: Catalog | None = None,
    lang: str = "ja",
) -> CityReport:
    """``offices``: (code, name) in report order — the city profile's, else every office found."""
    check_range(start, end)
    if baseline is not None:
        check_range(*baseline, what="比較期間")
    listed = list(offices) if offices is not None else [(c, c) for c in sorted(exports.rows)]
    codes = [c for c, _ in listed]
    targets: dict[str, int] = {}
    for o in codes:
        for rows in exports.rows.get(o, {}).values():
            for r in rows:
                if r["record"] == "leg" and r.get("target_min"):
                    targets.setdefault(r["queue"].split(":")[0], int(float(r["target_min"])))
    cat = catalog or Catalog.from_tables({}, targets)
    for q, t in targets.items():
        cat.targets.setdefault(q, t)
        if q not in cat.order:
            cat.order.append(q)
    period = _days(start, end)
    base_days = _days(*baseline) if baseline else []
    wards, base_values, now_values = [], [], []
    for code, name in listed:
        have = exports.days_of(code)
        ds = dataset(exports.rows.get(code, {}), start, end, f"{code} ")
        rep = kpi.compute(ds, cat, lang) if not ds.empty else None
        base_ds = dataset(exports.rows.get(code, {}), *baseline, f"{code} ") if baseline else None
        now_values.append(_move_values(ds))
        base_values.append(_move_values(base_ds) if base_ds is not None else np.zeros(0))
        wards.append(
            Ward(
                code=code,
                name=name,
                days=len([d for d in period if d in have]),
                missing=tuple(d for d in period if d not in have),
                missing_base=tuple(d for d in base_days if d not in have),
                total=rep.total if rep else None,
                visits=rep.visits if rep else None,
                move=_move_stat(ds),
                move_base=_move_stat(base_ds) if base_ds is not None else Stat.none(),
            )
        )
    merged = _merge(exports, codes)
    city_ds = dataset(merged, start, end)
    if city_ds.empty:
        raise ReportError(
            f"{start}〜{end} にどの区役所のエクスポートにも来庁記録がありません / no visits in any office's export "
            f"for {start} … {end}"
        )
    city = kpi.compute(city_ds, cat, lang)
    move = _move_stat(city_ds)
    move_base = _move_stat(dataset(merged, *baseline)) if baseline else Stat.none()
    target = _target(move_base, move, base_values, now_values)
    missing_offices = tuple(
        code for code, _ in listed if not any(start <= d <= end for d in exports.days_of(code))
    )
    return CityReport(
        start,
        end,
        baseline[0] if baseline else None,
        baseline[1] if baseline else None,
        lang,
        city,
        tuple(wards),
        move,
        move_base,
        target,
        missing_offices,
        dict(listed),
        len({d for o in codes for d in exports.days_of(o) if start <= d <= end}),
    )


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _target(base: Stat, now: Stat, base_values: list[np.ndarray], now_values: list[np.ndarray]) -> Target:
    if base.mean is None or now.mean is None or base.mean <= 0:
        return Target(base.mean, now.mean, None, None, None, base.n, now.n, None, "no_data")
    cut = (1.0 - now.mean / base.mean) * 100.0
    ci = bootstrap_cut(base_values, now_values)
    lo, hi = ci if ci else (None, None)
    goal = TARGET_CUT * 100
    verdict = "unclear"
    if lo is not None and lo >= goal:
        verdict = "met"
    elif hi is not None and hi < goal:
        verdict = "not_met"
    return Target(base.mean, now.mean, cut, lo, hi, base.n, now.n, base.mean * (1 - TARGET_CUT), verdict)
