"""The anonymised per-visit export an office sends to the city: one CSV per office and business day.

Each row is a fact the KPI report already uses (``shared.reports.facts``), so the city report computes its KPIs
with the same definitions. Nothing identifies a visitor: no ticket number, no QR token, no request details, no
clerk; visits are renumbered 1…n per day. ``record`` is ``visit`` (one per ticket) or ``leg`` (one per queue
passage of it); times are seconds, empty when not observed.

The nightly ``reports`` job writes ``<report dir>/city/madoguchi-visits_<office code>_<day>.csv`` for every day it
runs, with no rows for a day without visits, so a file that is missing means a day that was not exported.
"""

from __future__ import annotations

import csv
import io
import math
import re
from datetime import date
from pathlib import Path

import numpy as np

from shared.reports import facts
from shared.reports.catalog import Catalog
from shared.reports.output import write_atomic
from shared.storage import kpi_store
from shared.storage.backend import Database

COLUMNS = (
    "office",
    "day",
    "record",
    "visit",
    "queue",
    "bundle",
    "hour",
    "counter",
    "outcome",
    "accurate",
    "forced",
    "recalls",
    "holds",
    "legs",
    "channel",
    "wait_s",
    "walk_s",
    "service_s",
    "hold_s",
    "abandon_s",
    "e2e_s",
    "target_min",
)
NAME = re.compile(r"^madoguchi-visits_([a-z0-9][a-z0-9_-]{0,31})_(\d{4}-\d{2}-\d{2})\.csv$")


def file_name(office: str, day: date) -> str:
    return f"madoguchi-visits_{office}_{day.isoformat()}.csv"


def _s(v: float) -> str:
    """A stored (float32) time in seconds, with the 9 digits that give back the very same float32."""
    return "" if math.isnan(v) else f"{v:.9g}"


def day_rows(conn: Database, catalog: Catalog, office: str, day: date) -> list[dict[str, str]]:
    """The export rows of one business day (its KPI facts, brought up to date first)."""
    facts.refresh(conn)
    found = kpi_store.load_days(conn, day.isoformat(), day.isoformat())
    if not found:
        return []
    _, codebook, ld, vd, pd = found[0]
    book, legs, visits, _ = facts.unpack(codebook, ld, vd, pd)
    queues, bundles = book["queues"], book["bundles"]
    order = np.argsort(visits["ticket"], kind="stable")
    number = {int(visits["ticket"][i]): k + 1 for k, i in enumerate(order)}
    base = {"office": office, "day": day.isoformat()}
    rows = []
    for i in order:
        v = visits[i]
        b = int(v["bundle"])
        rows.append(
            {
                **base,
                "record": "visit",
                "visit": str(number[int(v["ticket"])]),
                "queue": queues[int(v["q"])] if queues else "",
                "bundle": bundles[b] if b >= 0 else "",
                "hour": str(int(v["hour"])),
                "outcome": facts.VISIT_OUTCOMES[int(v["outcome"])],
                "forced": str(int(v["forced"])),
                "legs": str(int(v["legs"])),
                "channel": facts.CHANNELS[int(v["channel"])],
                "e2e_s": _s(float(v["e2e"])),
            }
        )
    for leg in legs[np.argsort(legs["ticket"], kind="stable")]:
        q = queues[int(leg["q"])]
        rows.append(
            {
                **base,
                "record": "leg",
                "visit": str(number.get(int(leg["ticket"]), 0)),
                "queue": q,
                "hour": str(int(leg["hour"])),
                "counter": str(int(leg["counter"])) if int(leg["counter"]) > 0 else "",
                "outcome": facts.LEG_OUTCOMES[int(leg["outcome"])],
                "accurate": str(int(leg["accurate"])),
                "recalls": str(int(leg["recalls"])),
                "holds": str(int(leg["holds"])),
                "wait_s": _s(float(leg["wait"])),
                "walk_s": _s(float(leg["walk"])),
                "service_s": _s(float(leg["service"])),
                "hold_s": _s(float(leg["hold"])),
                "abandon_s": _s(float(leg["abandon"])),
                "target_min": str(catalog.target_min(q)),
            }
        )
    return rows


def to_csv(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n", restval="")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def write_day(conn: Database, catalog: Catalog, office: str, day: date, out_dir: Path) -> Path:
    """Write (replace) one day's export into ``out_dir``; a day without visits gives a file with the header only."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / file_name(office, day)
    text = to_csv(day_rows(conn, catalog, office, day))

    def fill(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    write_atomic(path, fill)
    return path
