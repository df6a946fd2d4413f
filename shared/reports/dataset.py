"""A period's KPI facts as flat numpy columns, with queue and bundle codes made global across days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from shared.reports.facts import OFFICE, unpack
from shared.storage import kpi_store
from shared.storage.backend import Database


@dataclass(frozen=True)
class Dataset:
    start: date
    end: date
    days: tuple[date, ...]  # days with data, in order; ``day`` columns index this
    queues: tuple[str, ...]  # global queue codes; ``q`` columns index this
    bundles: tuple[str, ...]
    legs: dict[str, np.ndarray]
    visits: dict[str, np.ndarray]
    peaks: dict[str, np.ndarray]  # q == -1: office-wide
    service: str | None = None
    clock_skew: int = 0  # spans clamped to 0 because one PC's clock was behind another's

    @property
    def empty(self) -> bool:
        return len(self.visits["ticket"]) == 0


LEG_FIELDS = (
    "ticket",
    "counter",
    "hour",
    "outcome",
    "accurate",
    "recalls",
    "holds",
    "wait",
    "walk",
    "service",
    "hold",
    "abandon",
)
VISIT_FIELDS = ("ticket", "hour", "outcome", "forced", "legs", "channel", "e2e")
# the office's own facts only (not in the city's visit export): hand-written forms per visit (facts.py)
FORM_FIELDS = ("forms", "forms_n", "fin_n")


def queue_service(queue: str) -> str:
    return queue.split(":")[0]


def load(conn: Database, start: date, end: date, service: str | None = None) -> Dataset:
    """Every stored day in [start, end]; with ``service``, only its legs (both stages) and visits touching it."""
    queues: dict[str, int] = {}
    bundles: dict[str, int] = {}
    legs: dict[str, list[np.ndarray]] = {k: [] for k in (*LEG_FIELDS, "q", "day")}
    visits: dict[str, list[np.ndarray]] = {k: [] for k in (*VISIT_FIELDS, *FORM_FIELDS, "q", "bundle", "day")}
    peaks: dict[str, list[np.ndarray]] = {k: [] for k in ("q", "hour", "peak", "day")}
    days: list[date] = []
    skew = 0
    for day, codebook, ld, vd, pd in kpi_store.load_days(conn, start.isoformat(), end.isoformat()):
        book, la, va, pa = unpack(codebook, ld, vd, pd)
        qmap = np.array([queues.setdefault(q, len(queues)) for q in book["queues"]] or [0], dtype=np.int32)
        bmap = np.array([bundles.setdefault(b, len(bundles)) for b in book["bundles"]] + [-1], dtype=np.int32)
        if service is not None:
            local = [i for i, q in enumerate(book["queues"]) if queue_service(q) == service]
            mask = 0
            for i in local:
                mask |= 1 << min(i, 63)
            la = la[np.isin(la["q"], local)]
            va = va[(va["qmask"] & np.uint64(mask)) != 0]
            pa = pa[np.isin(pa["q"], local)]
        if len(va) == 0:
            continue
        skew += int(book.get("skew", 0))
        di = len(days)
        days.append(date.fromisoformat(day))
        for k in LEG_FIELDS:
            legs[k].append(la[k])
        legs["q"].append(qmap[la["q"]])
        legs["day"].append(np.full(len(la), di, np.int32))
        for k in (*VISIT_FIELDS, *FORM_FIELDS):
            visits[k].append(va[k])
        visits["q"].append(qmap[va["q"]])
        visits["bundle"].append(bmap[va["bundle"].astype(np.int32)])  # -1 indexes the trailing -1
        visits["day"].append(np.full(len(va), di, np.int32))
        pq = np.where(pa["q"] == OFFICE, -1, qmap[np.minimum(pa["q"], len(qmap) - 1)])
        peaks["q"].append(pq.astype(np.int32))
        peaks["hour"].append(pa["hour"])
        peaks["peak"].append(pa["peak"])
        peaks["day"].append(np.full(len(pa), di, np.int32))

    def cat(parts: dict[str, list[np.ndarray]]) -> dict[str, np.ndarray]:
        return {k: (np.concatenate(v) if v else np.zeros(0)) for k, v in parts.items()}

    return Dataset(
        start,
        end,
        tuple(days),
        tuple(queues),
        tuple(bundles),
        cat(legs),
        cat(visits),
        cat(peaks),
        service,
        skew,
    )
