"""The floor manager's engine verbs on a real SQLite file: each is one transaction, logged with the
supervisor's name, and the event log still replays to the tables."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.engine import QueueEngine
from shared.errors import ConflictError, DomainError
from shared.replay import verify
from shared.timeutil import to_ts


def test_move_keeps_the_place_and_is_logged(sup_engine: QueueEngine, now):
    e = sup_engine
    e.open_counter(4, now=now, services=("MOVE", "KOSEKI"))
    move = [e.issue("MOVE", now=now + timedelta(minutes=i)).ticket.display for i in range(3)]
    koseki = [e.issue("KOSEKI", now=now + timedelta(minutes=10 + i)).ticket.display for i in range(2)]
    later = now + timedelta(minutes=20)
    out = e.move_ticket(move[2], "KOSEKI", now=later, actor="山田")
    assert out.leg is not None and out.leg.queue == "KOSEKI"
    order = [q.ticket.display for q in e.queue(["KOSEKI"])]
    assert order == [move[2], *koseki]  # issued before the KOSEKI tickets: it goes ahead of them
    ev = e.store.events(types=["transferred"])[-1]
    assert ev["actor"] == "山田" and ev["data"]["moved"] is True and ev["counter"] is None
    assert e.store.ticket(out.ticket.id).route == ("KOSEKI",)
    e.call_next(4, now=later)  # the counter takes the oldest across its queues: the first MOVE ticket
    assert verify(e.store) == []


def test_move_of_a_called_ticket_is_a_conflict(sup_engine: QueueEngine, now):
    e = sup_engine
    e.open_counter(4, now=now, services=("MOVE",))
    d = e.issue("MOVE", now=now).ticket.display
    e.call_next(4, now=now)
    with pytest.raises(ConflictError, match="もう待っていません"):
        e.move_ticket(d, "KOSEKI", now=now, actor="山田")
    with pytest.raises(DomainError, match="同じ業務"):
        e.move_ticket(e.issue("MOVE", now=now).ticket.display, "MOVE", now=now)


def test_services_change_refuses_a_stale_view(sup_engine: QueueEngine, now):
    e = sup_engine
    e.open_counter(5, now=now)
    seen = e.counter(5).services
    e.set_services(5, ["MOVE"], now=now, actor="佐々木", expected=seen)
    with pytest.raises(ConflictError, match="他の端末で変更されました"):
        e.set_services(5, ["KOSEKI"], now=now, actor="山田", expected=seen)
    assert e.counter(5).services == ("MOVE",)
    last = e.store.events(types=["counter"])[-1]
    assert last["actor"] == "佐々木" and last["data"]["services"] == ["MOVE"]
    with pytest.raises(DomainError, match="1つ以上"):
        e.set_services(5, [], now=now)


def test_pause_and_close_carry_reason_and_supervisor(sup_engine: QueueEngine, now):
    e = sup_engine
    e.open_counter(3, now=now, clerk="sim")
    e.pause_counter(3, "システム障害", now=now, actor="山田")
    e.resume_counter(3, now=now, actor="山田")
    e.close_counter(3, now=now, reason="応援で2階へ", actor="山田")
    c = e.counter(3)
    assert (c.state, c.reason) == ("closed", "応援で2階へ")
    acts = [(x["actor"], x["data"]["action"]) for x in e.store.events(types=["counter"])][-3:]
    assert acts == [("山田", "pause"), ("山田", "resume"), ("山田", "close")]


def test_closing_a_service_for_today_says_so_on_kiosk_and_display(sup_engine: QueueEngine, now):
    e = sup_engine
    e.set_issuing("MOVE", "closed", now=now, reason="本日の受付は終了しました", actor="山田")
    assert e.issuing_reason("MOVE", now) == "cutoff"  # the same state the scheduler's cut-off sets
    with pytest.raises(DomainError, match="本日の受付は終了しました"):
        e.issue("MOVE", now=now)
    from display.texts import closed_reason  # what the hall display shows instead of a wait

    assert "終了" in closed_reason("cutoff", "ja")
    e.set_issuing("MOVE", "paused", now=now, reason="混雑", actor="山田")
    assert e.issuing_reason("MOVE", now) == "paused"
    e.set_issuing("MOVE", "open", now=now, actor="山田")
    assert e.issue("MOVE", now=now).ticket is not None
    assert e.issuing_reason("RES", now) is None  # other services untouched


def test_todays_notice_replaces_and_ends_with_the_day(sup_engine: QueueEngine, now):
    e = sup_engine
    standing = len(e.notices(now))
    e.set_notice({"ja": "混雑しています", "en": "Busy today", "ko": "  "}, now=now, actor="山田")
    assert e.day_notice(now) == {"ja": "混雑しています", "en": "Busy today"}
    e.set_notice({"ja": "2階へお回りください"}, now=now + timedelta(minutes=5), actor="佐々木")
    later = now + timedelta(minutes=6)
    assert e.day_notice(later) == {"ja": "2階へお回りください"}
    assert len(e.notices(later)) == standing + 1  # replaced, not added
    from display.board import read_notices

    assert {"ja": "2階へお回りください"} in read_notices(e, later)
    assert e.day_notice(now + timedelta(days=1)) == {}
    e.set_notice({}, now=later, actor="山田")
    assert e.day_notice(later + timedelta(seconds=1)) == {}
    assert [x["actor"] for x in e.store.events(types=["notice"])] == ["山田", "佐々木", "山田"]
    with pytest.raises(DomainError, match="1行"):
        e.set_notice({"ja": "a\nb"}, now=later)
    assert to_ts(e.day_end(now)) > to_ts(now)


def test_floor_flags_a_long_serve_and_a_breach_with_words(sup_engine: QueueEngine, now):
    from shared.floor import read_floor
    from supervisor.views import counter_cells, service_cells

    e = sup_engine
    e.open_counter(4, now=now, services=("MOVE",), clerk="高橋")
    e.issue("MOVE", now=now)
    e.call_next(4, now=now)
    e.start(4, now=now)
    later_ts = now + timedelta(minutes=3 * e.services["MOVE"].service_min + 1)
    for i in range(3):
        e.issue("MOVE", now=now + timedelta(minutes=i))
    f = read_floor(e, later_ts)
    row = next(c for c in f.counters if c.number == 4)
    assert row.state == "serving" and row.long_serve
    assert "⚠ 長時間" in counter_cells(row, f.ts, {})[5]
    move = next(s for s in f.services if s.code == "MOVE")
    assert move.breach and "▲超過" in service_cells(move)[2]  # a mark and a word, not colour alone
    early = next(c for c in read_floor(e, now + timedelta(minutes=5)).counters if c.number == 4)
    assert not early.long_serve
