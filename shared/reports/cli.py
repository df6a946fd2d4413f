"""``madoguchi report``: KPI reports for a period, optionally compared with a baseline period.

madoguchi report --bookings [--from D] [--to D] [--json]   (来庁予約: counts, no-shows, punctuality, per hour)
madoguchi report --from 2026-04-01 --to 2026-04-30 [--service MOVE] [--format html|csv|xlsx|json]
                 [--out PATH|-] [--lang ja|en] [--by day|week|month]
                 [--vs last-year|previous | --compare-from D --compare-to D] [--rebuild]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from shared.errors import run_main
from shared.i18n import STAFF_LANGS
from shared.outpath import check_writable
from shared.reports import compare, facts, output
from shared.reports.build import BUCKETS, ReportError, build_report, parse_day
from shared.reports.progress import ProgressBar
from shared.timeutil import now_tokyo


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise ReportError(f"{message}（madoguchi report --help） / {message}")


def parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="madoguchi report", description="待ち時間・KPI レポート / KPI reports from the event log"
    )
    p.add_argument("--from", dest="start", required=True, help="first business day, YYYY-MM-DD")
    p.add_argument("--to", dest="end", help="last business day, YYYY-MM-DD (default: --from)")
    p.add_argument("--service", help="only this service code (both its service and pickup stages)")
    p.add_argument("--format", default="html", choices=output.FORMATS)
    p.add_argument("--out", help="output file (default: madoguchi-report_FROM_TO.EXT here; '-' = stdout)")
    p.add_argument("--lang", default="ja", choices=STAFF_LANGS)
    p.add_argument(
        "--by", choices=BUCKETS, help="period breakdown (default: day ≤31 days, week ≤26 weeks, month)"
    )
    g = p.add_mutually_exclusive_group()
    g.add_argument(
        "--vs",
        choices=("last-year", "previous"),
        help="compare with a year earlier (same months for whole months, else same weekdays) or the period just before",
    )
    g.add_argument("--compare-from", help="baseline first day, YYYY-MM-DD (with --compare-to)")
    p.add_argument("--compare-to", help="baseline last day, YYYY-MM-DD")
    p.add_argument(
        "--rebuild", action="store_true", help="rebuild every day's facts from the event log first"
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar on stderr (default: when stderr is a terminal)",
    )
    p.add_argument("--db", help="SQLite file or postgresql:// URL (default: $MADOGUCHI_DB)")
    p.add_argument("--config", help="office profile (default: $MADOGUCHI_CONFIG or the built-in one)")
    return p


def run(argv: list[str]) -> int:
    a = parser().parse_args(argv)
    start = parse_day(a.start, "--from")
    end = parse_day(a.end, "--to") if a.end else start
    baseline = None
    if a.vs:
        baseline = compare.baseline_range(start, end, a.vs)
    elif a.compare_from or a.compare_to:
        if not (a.compare_from and a.compare_to):
            raise ReportError(
                "--compare-from と --compare-to は両方指定してください / give both --compare-from "
                "and --compare-to"
            )
        baseline = (parse_day(a.compare_from, "--compare-from"), parse_day(a.compare_to, "--compare-to"))
    if a.out == "-":
        out: Path | None = None
        if a.format == "xlsx":
            raise ReportError("xlsx は標準出力に書けません / xlsx cannot go to stdout; give --out FILE")
    else:
        out = Path(a.out) if a.out else Path(output.default_name(start, end, a.service, a.format))
        check_writable(out)

    from shared.office import open_office
    from shared.storage.target import parse_target

    engine = open_office(parse_target(a.db), a.config or os.environ.get("MADOGUCHI_CONFIG"), create=False)
    try:
        bar = ProgressBar("集計 / building facts", enabled=a.progress)
        if a.rebuild:
            facts.refresh(engine.store.db, rebuild=True, progress=bar)
        built = build_report(
            engine.store.db,
            engine.config,
            start,
            end,
            service=a.service,
            lang=a.lang,
            bucket=a.by,
            baseline=baseline,
            progress=bar,
        )
        written = output.write(built, a.format, out, now_tokyo())
        bookings = _todays_bookings(engine)
    finally:
        engine.store.close()
    if bookings:
        print(bookings, file=sys.stderr)
    if written is not None:
        rep = built.report
        print(
            f"{written}  ({rep.start} … {rep.end}, {rep.visits.visits:,} visits, "
            f"{rep.days_with_data} days{', compared with ' + str(built.comparison.start) + ' … ' + str(built.comparison.end) if built.comparison else ''})",
            file=sys.stderr,
        )
    return 0


def _todays_bookings(engine: Any) -> str:
    """Today's 来庁予約 per hour, said beside the report when the office takes bookings (else nothing)."""
    if not engine.config.booking.enabled:
        return ""
    from shared.reports.booking import booking_summary, format_summary
    from shared.timeutil import business_day

    today = business_day(now_tokyo(), engine.config.queue.day_rollover)
    return format_summary(booking_summary(engine.store.db, today, today))


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if "--bookings" in args:  # 来庁予約: counts, no-show rate, punctuality, bookings per hour
        from shared.reports.booking_cli import main as bookings_main

        return bookings_main(args)
    if "--visits" in args:  # an office's anonymised visit export for the city report
        from shared.reports.visits_cli import main as visits_main

        return visits_main(args)
    return run_main(run, args)
