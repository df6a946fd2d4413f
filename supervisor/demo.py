"""A busy 繁忙期 morning for ``--screenshot`` and the tests: the March-30 scenario run on the real engine to
11:10, plus a paused counter, a closed service, a printer alert and today's notice."""

from __future__ import annotations

from datetime import datetime, time

from shared.engine import QueueEngine
from shared.sim.driver import WardDay
from shared.sim.scenario import load_scenario
from shared.timeutil import at

SCENARIO = "march30"
DEMO_TIME = time(11, 10)


def build_demo(engine: QueueEngine, seed: int = 3, until: time = DEMO_TIME) -> datetime:
    """Fill ``engine`` with the busy morning up to ``until``; returns the demo's fixed "now"."""
    scn = load_scenario(SCENARIO)
    day = WardDay(engine, scn, seed=seed)
    now = at(scn.date, until)
    day.advance(now.timestamp())
    idle = [c.number for c in engine.counters() if c.state == "open" and engine.current(c.number) is None]
    engine.pause_counter(idle[-1] if idle else 9, "書類確認", now=now, actor="demo")
    engine.set_issuing("MYNA", "closed", now=now, reason="本日の受付は終了しました", actor="demo")
    engine.raise_alert("kiosk-1", "paper", "用紙が残りわずかです / paper low", now=now)
    engine.set_notice(
        {
            "ja": "本日は大変混み合っています。マイナンバーカードの受付は終了しました。",
            "en": "Very busy today.",
        },
        now=now,
        actor="demo",
    )
    return now
