"""``madoguchi report --visits``: an office's anonymised per-visit export for the city report, one CSV per day.

madoguchi report --visits --from 2026-04-01 [--to 2026-04-30] [--out DIR]
"""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path

from shared.errors import run_main
from shared.reports.build import ReportError, check_range, parse_day
from shared.reports.catalog import Catalog


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise ReportError(f"{message}（madoguchi report --help） / {message}")


def visits_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="madoguchi report --visits",
        description="匿名化した来庁データの書き出し / anonymised visit export",
    )
    p.add_argument("--visits", action="store_true", required=True)
    p.add_argument("--from", dest="start", required=True, help="first business day, YYYY-MM-DD")
    p.add_argument("--to", dest="end", help="last business day (default: --from)")
    p.add_argument("--out", help="folder for madoguchi-visits_<office>_<day>.csv (default: here)")
    p.add_argument("--db", help="SQLite file (default: $MADOGUCHI_DB)")
    p.add_argument("--config", help="office profile (default: $MADOGUCHI_CONFIG or the built-in one)")
    return p


def run_visits(argv: list[str]) -> int:
    from shared.office import open_office
    from shared.reports.visits import write_day
    from shared.storage.target import parse_target

    a = visits_parser().parse_args(argv)
    start = parse_day(a.start, "--from")
    end = parse_day(a.end, "--to") if a.end else start
    check_range(start, end)
    out = Path(a.out) if a.out else Path(".")
    if not out.is_dir():
        raise ReportError(f"フォルダがありません: {out} / no folder {out}")
    engine = open_office(parse_target(a.db), a.config, create=False, verify=True)
    try:
        catalog = Catalog(engine.config, engine.store.db)
        code = engine.config.code or "office"
        d = start
        while d <= end:
            print(write_day(engine.store.db, catalog, code, d, out))
            d += timedelta(days=1)
    finally:
        engine.store.close()
    return 0


def main(argv: list[str]) -> int:
    return run_main(run_visits, argv)
