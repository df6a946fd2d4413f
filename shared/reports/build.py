"""One call from a database to a finished report: refresh the facts, load the period, compute, compare."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from shared.config import OfficeConfig
from shared.errors import MadoguchiError
from shared.i18n import STAFF_LANGS
from shared.reports import compare as cmp
from shared.reports import dataset, facts, indicators, kpi
from shared.reports.booking import BookingSummary, booking_summary
from shared.reports.catalog import Catalog
from shared.storage import kpi_store
from shared.storage.backend import Database

MAX_DAYS = 5 * 366
BUCKETS = ("day", "week", "month")


class ReportError(MadoguchiError):
    """A report cannot be made as asked (bad dates, empty period, unknown service, unwritable path)."""


@dataclass(frozen=True)
class Built:
    report: kpi.Report
    comparison: cmp.Comparison | None
    refreshed_days: int
    indicators: indicators.Indicators
    bookings: BookingSummary | None = (
        None  # 来庁予約 of the period: when the office takes bookings (or took some)
    )


def parse_day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise ReportError(
            f"{what} の日付が読めません: {text!r}（例 2026-04-01） / "
            f"cannot read the {what} date {text!r} (use YYYY-MM-DD)"
        ) from None


def check_range(start: date, end: date, what: str = "集計期間") -> None:
    if start > end:
        raise ReportError(
            f"{what}: 開始日 {start} が終了日 {end} より後です / the start {start} is after the end {end}"
        )
    if (end - start).days + 1 > MAX_DAYS:
        raise ReportError(f"{what}: 期間は5年以内にしてください / the period is longer than 5 years")


def _data_span(conn: Database) -> str:
    days = kpi_store.fact_days(conn)
    with_data = [d for d, _, v in days if v > 0]
    if not with_data:
        return "データベースに来庁記録がありません / the database holds no visits yet"
    return f"記録のある期間 / data exists for {with_data[0]} … {with_data[-1]}"


def _load(conn: Database, start: date, end: date, service: str | None, what: str) -> dataset.Dataset:
    ds = dataset.load(conn, start, end, service)
    if ds.empty:
        scope = f"（{service}）" if service else ""
        raise ReportError(
            f"{what} {start}〜{end}{scope} に来庁記録がありません / no visits in {start} … {end}"
            f"{' for ' + service if service else ''}. {_data_span(conn)}"
        )
    return ds


def build_report(
    conn: Database,
    config: OfficeConfig,
    start: date,
    end: date,
    *,
    service: str | None = None,
    lang: str = "ja",
    bucket: str | None = None,
    baseline: tuple[date, date] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> Built:
    check_range(start, end)
    if baseline is not None:
        check_range(*baseline, what="比較期間")
    if lang not in STAFF_LANGS:
        raise ReportError(
            f"言語は {', '.join(STAFF_LANGS)} から選んでください / --lang must be one of {', '.join(STAFF_LANGS)}"
        )
    if bucket is not None and bucket not in BUCKETS:
        raise ReportError(
            f"--by は {', '.join(BUCKETS)} のいずれか / --by must be one of {', '.join(BUCKETS)}"
        )
    catalog = Catalog(config, conn)
    if service is not None and not catalog.has_service(service):
        known = ", ".join(catalog.order)
        raise ReportError(
            f"業務 {service!r} はありません（{known}） / unknown service {service!r}; known: {known}"
        )
    refreshed = facts.refresh(conn, progress=progress)
    ds = _load(conn, start, end, service, "集計期間")
    rep = kpi.compute(ds, catalog, lang, bucket)
    rep.meta["office"] = config.name.get(lang) or config.name.get("ja", "")
    if service is not None:
        rep.meta["service_name"] = catalog.service_name(service, lang)
    comparison = None
    base_ds = None
    if baseline is not None:
        base_ds = _load(conn, baseline[0], baseline[1], service, "比較期間")
        comparison = cmp.compare(rep, kpi.compute(base_ds, catalog, lang, rep.bucket))
    plan = indicators.compute(
        conn, config, catalog, ds, start, end, lang, service=service, base=base_ds, base_range=baseline
    )
    bookings: BookingSummary | None = booking_summary(conn, start, end)
    if service is not None or (not config.booking.enabled and bookings is not None and bookings.total == 0):
        bookings = None
    return Built(rep, comparison, refreshed.days, plan, bookings)
