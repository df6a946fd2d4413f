"""Synthetic ward-office history for the report benchmark and demos: plausible visits, not a queue simulation.

Demand follows what ward offices publish about their crowding (Mondays ×1.35, the first day after holidays ×1.6,
late March–early April ×2.5 for moves and what follows them, June–mid-July ×2 for tax certificates; 12–14
busiest, e.g. https://www.city.sakai.lg.jp/naka/annai/madoguchikonzatsu/shiminkakonzatu.html). Waits grow with
the day's load; each leg's events have the same shape the engine writes (calls, recalls, holds, implicit
starts, transfers, pickups, no-shows, cancellations, and tickets force-closed at closing).

The plan's indicators (issue #20) get data of their own, drawn from a second random stream so the visits
above stay the same for a seed: each finished step of a 引越し or other life-event ticket logs the forms the
visitor wrote by hand (``forms``; about 1.1 per step, 0.35 from ``change_from`` on: 書かない), most 住民票
tickets carry a kiosk request whose finished step records its certificates, and the 住民票 visitors who were
offered the convenience-store alternative and took it leave ``offered`` / ``diverted`` events (20% take it,
35% from ``change_from`` on).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from shared.calendar import opening_span
from shared.config import OfficeConfig
from shared.storage import kpi_synth
from shared.storage.backend import Database
from shared.timeutil import at

MIX = {
    "RES": 0.24,
    "KOSEKI_CERT": 0.10,
    "TAX": 0.08,
    "MOVE": 0.17,
    "KOSEKI": 0.06,
    "NHI": 0.10,
    "PENSION": 0.05,
    "ELDERLY": 0.05,
    "CHILD": 0.05,
    "MYNA": 0.10,
}
HOUR_WEIGHT = {8: 0.5, 9: 1.0, 10: 1.3, 11: 1.35, 12: 1.5, 13: 1.45, 14: 1.05, 15: 0.9, 16: 0.5}
SEASONAL = {"MOVE", "NHI", "CHILD", "MYNA"}


@dataclass(frozen=True)
class SynthResult:
    days: int
    visits: int
    legs: int
    events: int


@dataclass
class _Rows:
    tickets: list[tuple[object, ...]]
    legs: list[tuple[object, ...]]
    events: list[tuple[object, ...]]
    counters: dict[tuple[str, str], int]


def _day_factor(d: date, prev_open: date | None) -> float:
    f = 1.0
    if d.weekday() == 0:
        f *= 1.35
    if prev_open is not None and (d - prev_open).days > 3:
        f *= 1.6  # first day after a run of holidays (GW, 年末年始)
    return f


def _season(d: date, code: str) -> float:
    if code in SEASONAL and ((d.month == 3 and d.day >= 20) or (d.month == 4 and d.day <= 10)):
        return 2.5
    if code == "TAX" and (d.month == 6 or (d.month == 7 and d.day <= 15)):
        return 2.0
    return 1.0


class Generator:
    def __init__(
        self, config: OfficeConfig, *, seed: int = 1, change_from: date | None = None, change: float = 0.0
    ) -> None:
        self.cfg = config
        self.rng = np.random.default_rng(seed)
        self.services = config.service_map()
        self.codes = [c for c in MIX if c in self.services]
        self.counters = {
            q: [c.number for c in config.counters if q in c.services]
            for q in [*self.codes, *(f"{c}:pickup" for c in self.codes)]
        }
        self.change_from, self.change = change_from, change
        self.plan_rng = np.random.default_rng(seed + 100_003)  # the plan's data: its own stream

    def open_days(self, start: date, end: date) -> list[tuple[date, float]]:
        out, prev = [], None
        d = start
        while d <= end:
            if opening_span(d, self.cfg.hours) is not None:
                out.append((d, _day_factor(d, prev)))
                prev = d
            d += timedelta(days=1)
        return out

    def run(
        self,
        conn: Database,
        start: date,
        end: date,
        visits: int,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> SynthResult:
        days = self.open_days(start, end)
        if not days:
            return SynthResult(0, 0, 0, 0)
        weights = np.array([f * self._hours(d) for d, f in days])
        per_day = self.rng.poisson(visits * weights / weights.sum())
        tid, lid, eid = kpi_synth.next_ids(conn)
        totals = [0, 0, 0]
        batch = _Rows([], [], [], {})
        with kpi_synth.indexes_dropped(conn):
            for i, ((d, f), n) in enumerate(zip(days, per_day, strict=True)):
                tid, lid, eid = self._day(batch, d, f, int(n), tid, lid, eid)
                if len(batch.events) > 400_000 or i == len(days) - 1:
                    kpi_synth.insert_history(
                        conn,
                        batch.tickets,
                        batch.legs,
                        batch.events,
                        [(s, dd, n) for (s, dd), n in batch.counters.items()],
                    )
                    totals = [
                        totals[0] + len(batch.tickets),
                        totals[1] + len(batch.legs),
                        totals[2] + len(batch.events),
                    ]
                    batch = _Rows([], [], [], {})
                if progress is not None:
                    progress(i + 1, len(days), d.isoformat())
        return SynthResult(len(days), *totals)

    def _hours(self, d: date) -> float:
        span = opening_span(d, self.cfg.hours)
        assert span is not None
        return (span[1].hour * 60 + span[1].minute - span[0].hour * 60 - span[0].minute) / 495.0

    def _day(
        self, rows: _Rows, d: date, factor: float, n: int, tid: int, lid: int, eid: int
    ) -> tuple[int, int, int]:
        span = opening_span(d, self.cfg.hours)
        assert span is not None
        t_open, t_close = at(d, span[0]).timestamp(), at(d, span[1]).timestamp()
        day = d.isoformat()
        rng = self.rng
        mix = np.array([MIX[c] * _season(d, c) for c in self.codes])
        svc_idx = rng.choice(len(self.codes), size=n, p=mix / mix.sum())
        hours = np.arange(span[0].hour, span[1].hour + (1 if span[1].minute else 0))
        hw = np.array([HOUR_WEIGHT.get(int(h), 0.4) for h in hours])
        h_idx = rng.choice(len(hours), size=n, p=hw / hw.sum())
        issue = np.clip(
            at(d, span[0]).replace(hour=int(hours[0]), minute=0).timestamp()
            + h_idx * 3600
            + rng.uniform(0, 3600, n),
            t_open,
            t_close - 60,
        )
        improve = 1.0 + (self.change if self.change_from is not None and d >= self.change_from else 0.0)
        load = factor * float(mix.sum() / sum(MIX.values()))
        events: list[tuple[float, int, str, int, int | None, str, int | None, str]] = []
        finished_data: dict[int, str] = {}  # leg id -> the data of its finished event
        uni = iter(rng.random(n * 64 + 64).tolist())  # pre-drawn: one numpy call per day, not per leg
        nrm = iter(rng.standard_normal(n * 16 + 16).tolist())

        def u(a: float = 0.0, b: float = 1.0) -> float:
            return a + (b - a) * next(uni)

        def lognormal(sigma: float) -> float:
            return math.exp(sigma * next(nrm))

        for k in np.argsort(issue):
            code = self.codes[int(svc_idx[k])]
            t0 = float(issue[k])
            hour_load = HOUR_WEIGHT.get(int(hours[h_idx[k]]), 0.4)
            route, bundle = [code], None
            if code == "MOVE":
                r = u()
                if r < 0.6:
                    bundle, route = (
                        "move_in",
                        ["MOVE"] + [s for s, p in (("NHI", 0.3), ("CHILD", 0.2), ("MYNA", 0.8)) if u() < p],
                    )
                elif r < 0.85:
                    bundle, route = "move_out", ["MOVE"] + (["NHI"] if u() < 0.3 else [])
                else:
                    bundle, route = "move_within", ["MOVE"] + (["MYNA"] if u() < 0.5 else [])
            seq = self.services[code].prefix
            if bundle is not None:
                b = self.cfg.bundle(bundle) if bundle in {x.code for x in self.cfg.bundles} else None
                seq = b.prefix if b and b.prefix else seq
            num = rows.counters.get((seq, day), 0) + 1
            rows.counters[(seq, day)] = num
            outcome, forced, t, parent = "served", 0, t0, None
            legs_of_ticket: list[tuple[object, ...]] = []
            first_lid = lid
            queues = self._queues(route)
            step, qi = 0, 0
            while qi < len(queues):
                q = queues[qi]
                svc = q.split(":")[0]
                s = self.services[svc]
                m = improve if bundle is not None or svc in ("MOVE", "NHI", "CHILD") else 1.0
                pickup = q.endswith(":pickup")
                base_wait = u(20, 60) * m if pickup else s.target_wait_min * 0.55 * hour_load * load**1.4 * m
                wait = min(base_wait * lognormal(0.5) * 60, 4 * 3600)
                entered, called = t, t + wait
                cs = self.counters.get(q)
                counter = cs[int(u() * len(cs))] if cs else None
                service = s.service_min * (0.5 if pickup else 1.0) * m * lognormal(0.45) * 60
                walk = u(15, 90)
                leg_step = step - 1 if pickup else step
                stage = "pickup" if pickup else "service"
                r = u()
                first = qi == 0
                leg: tuple[object, ...]
                if first and t0 > t_close - 1800 and r < 0.12:
                    end = t_close + 3600  # still waiting at closing: force-closed (flagged)
                    events.append((end, lid, "expired", tid, lid, q, None, "scheduler"))
                    state, outcome, forced = "expired", "expired", 1
                    leg = (
                        lid,
                        tid,
                        leg_step,
                        q,
                        svc,
                        stage,
                        state,
                        entered,
                        entered,
                        None,
                        None,
                        None,
                        end,
                        0,
                        parent,
                    )
                elif first and r < 0.02:
                    end = t + wait * 0.6
                    events.append((end, lid, "cancelled", tid, lid, q, None, "kiosk"))
                    state, outcome = "cancelled", "cancelled"
                    leg = (
                        lid,
                        tid,
                        leg_step,
                        q,
                        svc,
                        stage,
                        state,
                        entered,
                        entered,
                        None,
                        None,
                        None,
                        end,
                        0,
                        parent,
                    )
                elif r < 0.05:
                    end = called + 150
                    events += [
                        (called, lid, "called", tid, lid, q, counter, ""),
                        (called + 60, lid, "recalled", tid, lid, q, counter, ""),
                        (end, lid, "no_show", tid, lid, q, counter, ""),
                    ]
                    state, outcome = "no_show", "no_show"
                    leg = (
                        lid,
                        tid,
                        leg_step,
                        q,
                        svc,
                        stage,
                        state,
                        entered,
                        entered,
                        counter,
                        called,
                        None,
                        end,
                        1,
                        parent,
                    )
                elif r < 0.09 and not pickup:
                    held = called + walk + service * 0.3
                    back = held + u(300, 900)
                    recall = back + u(60, 300)
                    end = recall + walk + service * 0.7
                    events += [
                        (called, lid, "called", tid, lid, q, counter, ""),
                        (called + walk, lid, "started", tid, lid, q, counter, ""),
                        (held, lid, "held", tid, lid, q, counter, ""),
                        (back, lid, "returned", tid, lid, q, None, ""),
                        (recall, lid, "called", tid, lid, q, counter, ""),
                        (recall + walk, lid, "started", tid, lid, q, counter, ""),
                        (end, lid, "finished", tid, lid, q, counter, ""),
                    ]
                    state = "done"
                    leg = (
                        lid,
                        tid,
                        leg_step,
                        q,
                        svc,
                        stage,
                        state,
                        entered,
                        entered,
                        counter,
                        recall,
                        recall + walk,
                        end,
                        0,
                        parent,
                    )
                elif r < 0.11 and not s.pickup and bundle is None and svc != "NHI":
                    end = called + walk + service * 0.4
                    events += [
                        (called, lid, "called", tid, lid, q, counter, ""),
                        (called + walk, lid, "started", tid, lid, q, counter, ""),
                        (end, lid, "transferred", tid, lid, q, counter, ""),
                    ]
                    state = "transferred"
                    leg = (
                        lid,
                        tid,
                        leg_step,
                        q,
                        svc,
                        stage,
                        state,
                        entered,
                        entered,
                        counter,
                        called,
                        called + walk,
                        end,
                        0,
                        parent,
                    )
                    queues.insert(qi + 1, "NHI")
                    step -= 1  # a transfer keeps the route step
                else:
                    implicit = pickup or r > 0.88
                    end = called + (0.0 if implicit else walk) + service
                    events.append((called, lid, "called", tid, lid, q, counter, ""))
                    if not implicit:
                        events.append((called + walk, lid, "started", tid, lid, q, counter, ""))
                    events.append((end, lid, "finished", tid, lid, q, counter, ""))
                    state = "done"
                    leg = (
                        lid,
                        tid,
                        leg_step,
                        q,
                        svc,
                        stage,
                        state,
                        entered,
                        entered,
                        counter,
                        called,
                        called if implicit else called + walk,
                        end,
                        0,
                        parent,
                    )
                legs_of_ticket.append(leg)
                parent, t = lid, end
                lid += 1
                if not pickup:
                    step += 1
                qi += 1
                if state not in ("done", "transferred"):
                    break
            closed = t
            request = self._plan_data(legs_of_ticket, bundle, code, finished_data, d)
            rows.tickets.append(
                (
                    tid,
                    day,
                    seq,
                    num,
                    f"{seq}{num:03d}",
                    f"synth-{tid}",
                    "kiosk",
                    "ja",
                    0,
                    "[]",
                    request,
                    bundle,
                    json.dumps(route),
                    t0,
                    1,
                    "closed",
                    outcome,
                    closed,
                    forced,
                )
            )
            rows.legs += legs_of_ticket
            events.append((t0, first_lid, "issued", tid, first_lid, route[0], None, "kiosk"))
            tid += 1
        events.sort(key=lambda e: (e[0], e[1], _ORDER[e[2]]))
        for ts, _l, typ, t_id, l_id, q, counter, actor in events:
            data = finished_data.get(l_id, "{}") if typ == "finished" and l_id is not None else "{}"
            rows.events.append((eid, ts, day, typ, t_id, l_id, q.split(":")[0], counter, actor or None, data))
            eid += 1
        for ts, typ in self._alternatives(d, finished_data, t_open, t_close):
            alt = '{"alternative": "konbini", "channel": "kiosk"}'
            rows.events.append((eid, ts, day, typ, None, None, "RES", None, None, alt))
            eid += 1
        return tid, lid, eid

    def _after_change(self, d: date) -> bool:
        return self.change_from is not None and d >= self.change_from

    def _plan_data(
        self, legs: list[tuple[object, ...]], bundle: str | None, code: str, out: dict[int, str], d: date
    ) -> str:
        """The finished steps' forms and certificates (into ``out`` by leg id); returns the ticket's request."""
        rng = self.plan_rng
        certs: dict[str, int] = {}
        if code == "RES" and bundle is None and rng.random() < 0.75:  # picked at the kiosk (書かない)
            certs["juminhyo"] = int(rng.integers(1, 4))
            if rng.random() < 0.3:
                certs["inkan"] = 1
        request = {"certificates": [{"code": c, "copies": n} for c, n in certs.items()]} if certs else {}
        lam = 0.35 if self._after_change(d) else 1.1
        for leg in legs:
            leg_id, svc, stage, state = leg[0], leg[4], leg[5], leg[6]
            if state != "done" or stage != "service":
                continue
            data: dict[str, object] = {}
            if certs and svc == "RES":
                data |= {"certs": certs, "forms": 0, "forms_by": "kiosk"}
            elif bundle is not None:
                data |= {"forms": int(min(rng.poisson(lam), 9)), "forms_by": "clerk"}
            if data and isinstance(leg_id, int):
                out[leg_id] = json.dumps(data)
        return json.dumps(request, ensure_ascii=False) if request else "{}"

    def _alternatives(
        self, d: date, finished: dict[int, str], t_open: float, t_close: float
    ) -> list[tuple[float, str]]:
        """行かない: the day's 住民票 kiosk visitors who chose the counter were offered the convenience store;
        as many more took it (no ticket) as the day's take-up rate implies."""
        declined = sum(1 for v in finished.values() if '"juminhyo"' in v)
        if declined == 0:
            return []
        p = 0.35 if self._after_change(d) else 0.20
        offered = int(round(declined / (1.0 - p)))
        took = offered - declined
        ts = np.sort(self.plan_rng.uniform(t_open, t_close - 60, offered + took)).tolist()
        return [(t, "offered") for t in ts[:offered]] + [(t, "diverted") for t in ts[offered:]]

    def _queues(self, route: list[str]) -> list[str]:
        out = []
        for code in route:
            out.append(code)
            if self.services[code].pickup:
                out.append(f"{code}:pickup")
        return out


_ORDER = {
    "issued": 0,
    "called": 1,
    "recalled": 2,
    "started": 3,
    "held": 4,
    "returned": 5,
    "no_show": 6,
    "cancelled": 6,
    "transferred": 7,
    "finished": 7,
    "expired": 8,
}
