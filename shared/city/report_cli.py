"""``madoguchi report --city``: the city report over every office's anonymised visit exports (the exports are
written by ``madoguchi report --visits`` and the offices' nightly reports job).

madoguchi report --city --exports DIR --from 2026-04-01 --to 2026-06-30
                 [--vs last-year | --baseline-from D --baseline-to D] [--profile city.toml]
                 [--format html|xlsx] [--out PATH] [--lang ja|en]
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from shared.city.profile import load_city
from shared.errors import run_main
from shared.i18n import STAFF_LANGS
from shared.outpath import check_writable
from shared.reports import compare
from shared.reports.build import ReportError, parse_day
from shared.reports.catalog import Catalog
from shared.reports.output import write_atomic
from shared.timeutil import now_tokyo


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise ReportError(f"{message}（madoguchi report --help） / {message}")


def city_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="madoguchi report --city",
        description="市全体の KPI レポート / the city report over offices' exports",
    )
    p.add_argument("--city", action="store_true", required=True)
    p.add_argument(
        "--exports", required=True, help="folder with the offices' madoguchi-visits_*.csv (any depth)"
    )
    p.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="end", help="last day (default: --from)")
    g = p.add_mutually_exclusive_group()
    g.add_argument(
        "--vs", choices=("last-year", "previous"), help="baseline: a year earlier or the period just before"
    )
    g.add_argument("--baseline-from", help="baseline first day (with --baseline-to)")
    p.add_argument("--baseline-to", help="baseline last day")
    p.add_argument("--profile", help="city profile (city.toml): the offices' names and order, service names")
    p.add_argument("--format", default="html", choices=("html", "xlsx"))
    p.add_argument("--out", help="output file (default: madoguchi-city-report_FROM_TO.EXT here)")
    p.add_argument("--lang", default="ja", choices=STAFF_LANGS)
    return p


def run_city(argv: list[str]) -> int:
    from shared.reports.city import build_city, read_exports
    from shared.reports.city_output import render_city_html, write_city_xlsx

    a = city_parser().parse_args(argv)
    start = parse_day(a.start, "--from")
    end = parse_day(a.end, "--to") if a.end else start
    baseline: tuple[date, date] | None = None
    if a.vs:
        baseline = compare.baseline_range(start, end, a.vs)
    elif a.baseline_from or a.baseline_to:
        if not (a.baseline_from and a.baseline_to):
            raise ReportError(
                "--baseline-from と --baseline-to は両方指定してください / give both --baseline-from and --baseline-to"
            )
        baseline = (parse_day(a.baseline_from, "--baseline-from"), parse_day(a.baseline_to, "--baseline-to"))
    out = Path(a.out) if a.out else Path(f"madoguchi-city-report_{start}_{end}.{a.format}")
    check_writable(out)
    offices, catalog = None, None
    if a.profile:
        prof = load_city(a.profile)
        offices = [(o.code, o.name(a.lang)) for o in prof.offices]
        catalog = Catalog.from_tables({s.code: s.names for s in prof.services}, {})
    rep = build_city(
        read_exports(Path(a.exports)),
        start,
        end,
        baseline=baseline,
        offices=offices,
        catalog=catalog,
        lang=a.lang,
    )
    generated = now_tokyo()

    def fill(tmp: Path) -> None:
        if a.format == "html":
            tmp.write_text(render_city_html(rep, generated), encoding="utf-8")
        else:
            write_city_xlsx(rep, tmp, generated)

    write_atomic(out, fill)
    tg = rep.target
    cut = f"{tg.cut_pct:.1f}%" if tg.cut_pct is not None else "–"
    print(
        f"{out}  ({start} … {end}, {len(rep.wards)} offices, "
        f"{rep.total.visits.visits if rep.total else 0:,} visits, 引越し短縮 / moving cut {cut}, "
        f"missing offices {len(rep.missing_offices)})",
        file=sys.stderr,
    )
    return 0


def main(argv: list[str]) -> int:
    return run_main(run_city, argv)
