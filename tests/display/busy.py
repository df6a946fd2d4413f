"""A busy hall for the display's layout tests and screenshots: ``called`` tickets still being called at once.

The shipped office has 11 counters; a busy morning at a bigger office has 12 open, so :func:`big_office` adds a
twelfth. Everything goes through engine verbs: finished calls fill the history row, then ``called`` counters
call and stay called (no start), the newest last.

    python -m tests.display.busy OUT.png --called 8 [--size 1080x1920] [--lang vi]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from datetime import datetime, timedelta
from pathlib import Path

from shared.config import Counter, OfficeConfig, load_config
from shared.engine import QueueEngine
from shared.timeutil import TOKYO

NOW = datetime(2026, 11, 24, 10, 30, tzinfo=TOKYO)
START = NOW - timedelta(hours=1)


def big_office(config: OfficeConfig | None = None) -> OfficeConfig:
    """The shipped profile with a twelfth counter (residence certificates), so 12 calls can be open at once."""
    cfg = config or load_config()
    extra = Counter(12, "12番窓口（証明発行）", ("RES", "KOSEKI_CERT", "TAX"))
    return dataclasses.replace(cfg, counters=(*cfg.counters, extra))


def make_busy(engine: QueueEngine, called: int, *, served: int = 10) -> None:
    """``served`` finished calls (the history row), then ``called`` counters calling at once, at ``NOW``."""
    # a service each counter calls (not a pickup queue: its tickets come from another counter)
    first = {c.number: next(s for s in c.services if ":" not in s) for c in engine.config.counters}
    counters = list(first)
    assert called <= len(counters), f"only {len(counters)} counters"
    for n in counters:
        engine.open_counter(n, now=START)
    t = START + timedelta(minutes=1)
    for i in range(served):
        n = counters[i % len(counters)]
        engine.issue(first[n], now=t)
        engine.call_next(n, now=t + timedelta(seconds=10))
        engine.start(n, now=t + timedelta(seconds=40))
        engine.finish(n, now=t + timedelta(minutes=2))
        t += timedelta(minutes=3)
    for i in range(called):
        n = counters[i]
        engine.issue(first[n], now=t)
        engine.call_next(n, now=t + timedelta(seconds=5 + i))


def _main(argv: list[str]) -> int:
    import os
    import tempfile

    from shared.screen import parse_size

    ap = argparse.ArgumentParser(prog="python -m tests.display.busy")
    ap.add_argument("out")
    ap.add_argument("--called", type=int, default=8)
    ap.add_argument("--size", type=parse_size, default=(1920, 1080))
    ap.add_argument("--lang", default="ja")
    ap.add_argument("--profile", default="main")
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from display.palette import FAMILY
    from display.window import DisplayWindow
    from shared.office import open_office

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    app.setFont(QFont(FAMILY))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "busy.db"
        cfg = big_office()
        engine = open_office(db, cfg)
        make_busy(engine, args.called)
        w = DisplayWindow(
            engine,
            cfg.display(args.profile),
            db_path=db,
            clock=lambda: NOW + timedelta(minutes=1),
            rotate=False,
        )
        w.announcer.set_muted(True)
        w.setFixedSize(*args.size)
        w.show()
        w.set_lang(args.lang)
        for _ in range(3):
            app.processEvents()
        w.grab().save(args.out, "PNG")
        w.stop()
        w.close()
        engine.store.close()
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
