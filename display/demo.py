"""A realistic, reproducible day up to 13:05 on Thursday 2026-11-26, for ``--screenshot`` and the benchmark.

Everything goes through engine verbs with explicit times (a minute-by-minute walk through the morning with seeded
arrivals), so the call log, queues and estimates are what a real morning would leave behind.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from shared.engine import QueueEngine
from shared.timeutil import TOKYO, to_ts

DEMO_NOW = datetime(2026, 11, 26, 13, 5, tzinfo=TOKYO)  # a Thursday
_START = datetime(2026, 11, 26, 8, 45, tzinfo=TOKYO)
_END_MIN = 255  # 13:00

# arrivals per hour
RATES = {
    "RES": 20,
    "KOSEKI_CERT": 6,
    "TAX": 8,
    "MOVE": 9,
    "KOSEKI": 2,
    "NHI": 8,
    "PENSION": 3,
    "ELDERLY": 3,
    "CHILD": 5,
    "MYNA": 5,
}
NOTICE = {
    "ja": "マイナンバーカードは、準備ができた番号から11番窓口でお渡しします。",
    "en": "My Number Cards are handed over at counter 11 when your number is shown as ready.",
    "zh_hans": "个人编号卡在号码显示为可领取后，请到11号窗口领取。",
    "ko": "마이넘버 카드는 번호가 수령 가능으로 표시되면 11번 창구에서 드립니다.",
}


def _at(minutes: float) -> datetime:
    return _START + timedelta(minutes=minutes)


def build_demo(engine: QueueEngine, *, seed: int = 7) -> None:
    """Counters 1–11 open from 8:45 (3 paused for lunch 12:00–13:00); the last few calls are still on screen."""
    e, rng = engine, random.Random(seed)
    services = list(RATES)
    for c in e.config.counters:
        e.open_counter(c.number, now=_at(0))
    busy: dict[int, float] = {}
    for t in range(_END_MIN):
        for n in list(busy):
            if t >= busy[n]:
                e.finish(n, now=_at(t + 0.05))
                del busy[n]
        if t == 195 and 3 not in busy:
            e.pause_counter(3, "昼休み", now=_at(t + 0.1))
        if t == 250 and e.counter(3).state == "paused":
            e.resume_counter(3, now=_at(t + 0.1))
        for c in e.config.counters:
            n = c.number
            if n in busy or e.counter(n).state != "open" or (n == 11 and t % 18):
                continue
            out = e.call_next(n, now=_at(t + 0.2))
            if out.leg is None:
                continue
            e.start(n, now=_at(t + 0.6))
            svc = e.services[out.leg.service]
            minutes = 3.0 if out.leg.stage == "pickup" else svc.service_min * rng.uniform(0.6, 1.4)
            busy[n] = t + max(1.0, minutes)
        for code in services:
            if rng.random() < RATES[code] / 60 and e.issuing_reason(code, _at(t + 0.6)) is None:
                e.issue(
                    code, now=_at(t + 0.6 + rng.random() * 0.3), lang=rng.choice(["ja"] * 6 + ["en", "vi"])
                )
    # 13:00–13:05: the last calls are still waiting for their visitors (no start), one is recalled
    for minute, n in (
        (_END_MIN + 1.0, 4),
        (_END_MIN + 2.0, 7),
        (_END_MIN + 3.0, 1),
        (_END_MIN + 3.5, 11),
        (_END_MIN + 4.6, 2),
    ):
        if n in busy:
            e.finish(n, now=_at(minute - 0.2))
            del busy[n]
        if e.current(n) is None:
            e.call_next(n, now=_at(minute))
    if e.current(4) is not None:
        e.recall(4, now=_at(_END_MIN + 4.8))
    with e.store.transaction():
        e.store.add_notice(to_ts(_at(0)), NOTICE, None)
