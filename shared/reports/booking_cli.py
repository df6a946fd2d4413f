"""``madoguchi report --bookings [--from D] [--to D] [--json]``: 来庁予約 counts, no-show rate, punctuality and
bookings per hour (default: today)."""

from __future__ import annotations

import argparse
import json
import os

from shared.errors import run_main
from shared.reports.booking import booking_summary, format_summary
from shared.reports.build import parse_day
from shared.timeutil import business_day, now_tokyo


def run(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="madoguchi report --bookings", description=__doc__.splitlines()[0])
    p.add_argument("--bookings", action="store_true", required=True)
    p.add_argument("--from", dest="start", help="first business day, YYYY-MM-DD (default: today)")
    p.add_argument("--to", dest="end", help="last business day, YYYY-MM-DD (default: --from)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--db", help="SQLite file or postgresql:// URL (default: $MADOGUCHI_DB)")
    p.add_argument("--config", help="office profile (default: $MADOGUCHI_CONFIG or the built-in one)")
    a = p.parse_args(argv)
    from shared.office import open_office
    from shared.storage.target import parse_target

    engine = open_office(parse_target(a.db), a.config or os.environ.get("MADOGUCHI_CONFIG"), create=False)
    try:
        today = business_day(now_tokyo(), engine.config.queue.day_rollover)
        start = parse_day(a.start, "--from") if a.start else today
        end = parse_day(a.end, "--to") if a.end else start
        summary = booking_summary(engine.store.db, start, end)
    finally:
        engine.store.close()
    print(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2) if a.json else format_summary(summary))
    return 0


def main(argv: list[str]) -> int:
    return run_main(run, argv)
