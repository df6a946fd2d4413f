"""What each display profile shows, read from a real SQLite file (Qt-free): filtering, history, waits, feed."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from display.board import Scope, read_board
from display.feed import STALE_S, CallFeed, announcement_for, is_fresh
from shared.config import OfficeConfig
from shared.engine import QueueEngine
from shared.office import open_office
from tests.conftest import NOW


def at(minutes: float) -> object:
    return NOW + timedelta(minutes=minutes)


@pytest.fixture
def busy(engine: QueueEngine) -> QueueEngine:
    """1F counters 1 and 4 and 2F counter 7 calling; a My Number card ready to collect; one pickup called."""
    e = engine
    for n in (1, 2, 4, 7, 10, 11):
        e.open_counter(n, now=NOW)
    for code in ("RES", "RES", "MOVE", "NHI", "MYNA", "MYNA", "PENSION"):
        e.issue(code, now=NOW)
    e.call_next(10, now=at(1))
    e.finish(10, now=at(15))  # first MYNA -> MYNA:pickup
    e.call_next(10, now=at(16))
    e.finish(10, now=at(30))  # second MYNA -> MYNA:pickup
    e.call_next(11, now=at(31))  # the first is being handed over
    e.call_next(1, now=at(32))
    e.call_next(4, now=at(33))
    e.call_next(7, now=at(34))
    return e


def board(e: QueueEngine, profile: str, minutes: float = 40, **kw: int):
    return read_board(e, Scope.of(e.config, e.config.display(profile)), at(minutes), **kw)


def test_each_profile_shows_its_floor(busy: QueueEngine) -> None:
    main, f1, f2, pickup = (board(busy, p, calling_max=10) for p in ("main", "1F", "2F", "pickup"))
    assert [t.counter for t in main.calling] == [7, 4, 1, 11]
    assert [t.counter for t in f1.calling] == [4, 1]
    assert [t.counter for t in f2.calling] == [7]
    assert [(t.counter, t.stage) for t in pickup.calling] == [(11, "pickup")]
    assert [s.code for s in f1.services] == ["RES", "KOSEKI_CERT", "TAX", "MOVE", "KOSEKI"]
    assert [s.code for s in f2.services] == ["NHI", "PENSION", "ELDERLY", "CHILD", "MYNA"]
    assert len(main.services) == 11 and pickup.services == ()
    assert [h.number for h in f2.history] == ["K002", "K001"]  # the two MYNA applications at counter 10
    assert all(h.counter in (1, 2, 3, 4, 5, 6) for h in f1.history)


def test_pickup_profile_lists_tickets_ready_to_collect(busy: QueueEngine) -> None:
    pickup = board(busy, "pickup")
    assert pickup.ready == ("K002",)  # K001 is at counter 11 now, K002 waits for its turn
    busy.finish(11, now=at(41))
    busy.call_next(11, now=at(42))
    after = board(busy, "pickup", 43)
    assert after.ready == () and [t.number for t in after.calling] == ["K002"]
    assert [(h.number, h.calling) for h in after.history] == [("K001", False)]


def test_waiting_counts_and_estimates_per_service(busy: QueueEngine) -> None:
    rows = {s.code: s for s in board(busy, "main").services}
    assert rows["RES"].waiting == 1 and rows["PENSION"].waiting == 1 and rows["TAX"].waiting == 0
    for s in rows.values():
        assert 0 <= s.estimate.low <= s.estimate.minutes <= s.estimate.high
        assert s.closed is None
    late = {
        s.code: s
        for s in read_board(
            busy, Scope.of(busy.config, busy.config.display("main")), NOW.replace(hour=16, minute=50)
        ).services
    }
    assert late["MOVE"].closed == "cutoff" and late["RES"].closed is None
    assert {
        s.closed
        for s in read_board(
            busy, Scope.of(busy.config, busy.config.display("main")), NOW.replace(hour=18)
        ).services
    } == {"closed"}


def test_every_called_ticket_is_a_tile_and_history_has_only_served_calls(busy: QueueEngine) -> None:
    b = board(busy, "main")  # no cap: every ticket still being called is shown big
    assert [t.counter for t in b.calling] == [7, 4, 1, 11]
    assert all(t.calling for t in b.calling) and not any(h.calling for h in b.history)
    assert {t.leg_id for t in b.calling}.isdisjoint(h.leg_id for h in b.history)
    assert [h.number for h in b.history] == ["K002", "K001"]  # finished at counter 10 (a finish starts)
    busy.start(1, now=at(41))  # the visitor reached counter 1: a served call now
    b2 = board(busy, "main", 42)
    assert [t.counter for t in b2.calling] == [7, 4, 11]
    assert [h.number for h in b2.history][:1] == ["A001"]
    busy.recall(4, now=at(43))
    busy.recall(4, now=at(44))
    busy.no_show(4, now=at(45))  # 不在: the visitor never came, so it is not "served" either
    b3 = board(busy, "main", 46)
    assert [t.counter for t in b3.calling] == [7, 11]
    assert "A002" not in [h.number for h in b3.history] and "MOVE" not in [h.service for h in b3.history]


def test_a_recall_moves_the_tile_up_and_adds_no_history_line(busy: QueueEngine) -> None:
    busy.recall(1, now=at(45))
    b = board(busy, "1F", 46)
    assert [(t.counter, t.kind) for t in b.calling] == [(1, "recall"), (4, "call")]
    assert [h.number for h in b.history].count("A001") == 0


def test_history_is_limited_to_the_profile_size(engine: QueueEngine) -> None:
    engine.open_counter(1, now=NOW)
    for _ in range(12):
        engine.issue("RES", now=NOW)
    for i in range(12):
        engine.call_next(1, now=at(i + 1))
        engine.finish(1, now=at(i + 1.5))
    b = board(engine, "main", 20)
    assert b.calling == () and len(b.history) == engine.config.display("main").history == 8
    assert [h.number for h in b.history] == [f"A{n:03d}" for n in range(12, 4, -1)]


def test_notices_come_from_the_profile_and_the_db(engine: QueueEngine) -> None:
    from shared.timeutil import to_ts

    with engine.store.transaction():
        engine.store.add_notice(to_ts(NOW), {"ja": "本日は午後から混雑します"}, to_ts(at(60)))
    assert board(engine, "main", 10).notices[-1] == {"ja": "本日は午後から混雑します"}
    assert board(engine, "main", 10).notices[: len(engine.config.notices)] == engine.config.notices
    assert {"ja": "本日は午後から混雑します"} not in board(engine, "main", 61).notices  # expired


def test_feed_starts_at_the_end_and_sees_each_new_call_once(
    busy: QueueEngine, db_path: Path, office_config: OfficeConfig
) -> None:
    other = open_office(db_path, office_config)  # another process's connection
    try:
        scope = Scope.of(office_config, office_config.display("1F"))
        feed = CallFeed(busy, scope.accepts)
        assert feed.poll() == []  # old calls are not news after a restart
        other.issue("MOVE", now=at(49))
        other.recall(1, now=at(50))
        other.recall(7, now=at(51))  # 2F: not for this screen
        other.finish(4, now=at(52))
        other.call_next(4, now=at(53))
        got = feed.poll()
        assert [(c.counter, c.kind) for c in got] == [(1, "recall"), (4, "call")]
        assert feed.poll() == []
    finally:
        other.store.close()


def test_announcement_words_follow_wait_stage_and_profile(busy: QueueEngine) -> None:
    cfg = busy.config
    calls = {c.counter: c for c in busy.recent_calls(20, now=at(40))}
    a = announcement_for(calls[1], cfg, cfg.display("1F"))
    assert (a.number, a.counter, a.long_wait, a.pickup, a.english) == ("A001", 1, True, False, True)
    assert a.clips()[1] == "taihen_otamase"  # waited 32 min > long_wait_min 30
    b = announcement_for(calls[11], cfg, cfg.display("main"))
    assert b.pickup and not b.long_wait and not b.english  # 1 min since the card was ready
    assert "kofu_madoguchi" in b.clips()
    assert is_fresh(calls[7], at(35)) and not is_fresh(calls[7], at(34) + timedelta(seconds=STALE_S + 1))
