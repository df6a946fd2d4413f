"""The other process of ``madoguchi bench display``: counters calling, as fast or as paced as asked. Qt-free.

    python -m display.bench_driver DB --calls N [--interval-ms MS] [--config PATH]

Each step issues a ticket, finishes the counter's current one and calls the next (every tenth step is a recall
instead); steps start ``--interval-ms`` apart on average, jittered ±50%. After each call's commit it prints ``<call id> <time.monotonic()>``; CLOCK_MONOTONIC is system-wide on
Linux, so the display process can subtract its own paint time.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import time

from shared.config import OfficeConfig, load_config
from shared.office import open_office
from shared.timeutil import now_tokyo

# counter -> the service it is fed with (counters 1–9 of the built-in profile; 10 and 11 are My Number)
FEED = {
    1: "RES",
    2: "KOSEKI_CERT",
    3: "TAX",
    4: "MOVE",
    5: "KOSEKI",
    6: "MOVE",
    7: "NHI",
    8: "PENSION",
    9: "CHILD",
}


def bench_config(path: str | None) -> OfficeConfig:
    """The office profile, open all day (the benchmark runs at any hour)."""
    cfg = load_config(path)
    return dataclasses.replace(cfg, hours=dataclasses.replace(cfg.hours, always_open=True))


def prepare(db: str, config: OfficeConfig, waiting: int = 3) -> None:
    """Open counters 1–9 and put ``waiting`` tickets in each of their queues."""
    engine = open_office(db, config)
    now = now_tokyo()
    for n, code in FEED.items():
        engine.open_counter(n, now=now, services=[code])
        for _ in range(waiting):
            engine.issue(code, now=now)
    engine.store.close()


def drive(db: str, config: OfficeConfig, calls: int, interval_ms: float) -> int:
    engine = open_office(db, config)
    counters = list(FEED)
    out = sys.stdout
    rng = random.Random(1)  # jittered steps: a fixed period would phase-lock with the display's poll
    last = counters[0]
    next_at = time.monotonic()
    for i in range(calls):
        n = counters[i % len(counters)]
        if i % 10 == 9 and engine.current(last) is not None:
            result = engine.recall(last, now=now_tokyo())
        else:
            engine.issue(FEED[n], now=now_tokyo())
            if engine.current(n) is not None:
                engine.finish(n, now=now_tokyo())
            result = engine.call_next(n, now=now_tokyo())
            last = n
        t = time.monotonic()
        if result.call is not None:
            out.write(f"{result.call.id} {t:.6f}\n")
            out.flush()
        next_at += interval_ms / 1000 * rng.uniform(0.5, 1.5)
        delay = next_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    engine.store.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m display.bench_driver")
    p.add_argument("db")
    p.add_argument("--calls", type=int, default=500)
    p.add_argument("--interval-ms", type=float, default=40.0)
    p.add_argument("--config")
    a = p.parse_args(argv)
    return drive(a.db, bench_config(a.config), a.calls, a.interval_ms)


if __name__ == "__main__":
    sys.exit(main())
