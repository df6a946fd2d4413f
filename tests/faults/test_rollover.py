"""Midnight (``queue.day_rollover``) with tickets still open, in a 24-hour office, with and without the
scheduler's rollover job.

The rule: a number means today's ticket everywhere; earlier days' tickets still waiting are expired (flagged,
logged) before anyone is called or issued on the new day; a ticket at a counter stays with its clerk, who
finishes it, and it goes on to no next step and no recall on the new day (its number may be one of today's).
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime
from pathlib import Path

import pytest

from counter.views import ticket_view
from display.board import Scope, read_calls
from shared import jobs
from shared.config import OfficeConfig, load_config
from shared.engine import QueueEngine
from shared.errors import DomainError, NotFoundError
from shared.office import open_office
from shared.replay import verify
from shared.timeutil import TOKYO
from shared.web.views import now_calling

TUE_NIGHT = datetime(2026, 11, 24, 23, 50, tzinfo=TOKYO)
WED = datetime(2026, 11, 25, 0, 0, tzinfo=TOKYO)


def around_the_clock(rollover: str = "00:00") -> OfficeConfig:
    cfg = load_config()
    from shared.timeutil import parse_hhmm

    return dataclasses.replace(
        cfg,
        hours=dataclasses.replace(cfg.hours, always_open=True),
        queue=dataclasses.replace(cfg.queue, day_rollover=parse_hhmm(rollover)),
    )


def late_evening(e: QueueEngine) -> dict[str, int]:
    """Tuesday 23:50: A001–A004 for 住民票; counter 1 is serving A001, a life-event ticket is at counter 4."""
    ids = {}
    for minute in range(4):
        t = e.issue("RES", now=TUE_NIGHT.replace(minute=50 + minute)).ticket
        ids[t.display] = t.id
    move = e.issue_route(["MOVE", "NHI"], now=TUE_NIGHT).ticket
    ids["move"] = move.id
    for n in (1, 2, 4):
        e.open_counter(n, now=TUE_NIGHT)
    assert e.call_next(1, now=TUE_NIGHT.replace(minute=55)).ticket.display == "A001"
    e.start(1, now=TUE_NIGHT.replace(minute=56))
    assert e.call_next(4, now=TUE_NIGHT.replace(minute=57)).ticket.id == move.id
    return ids


@pytest.fixture
def office(tmp_path: Path) -> QueueEngine:
    e = open_office(tmp_path / "office.db", around_the_clock())
    yield e
    e.store.close()


def test_without_the_scheduler_a_number_means_todays_ticket(
    office: QueueEngine, caplog: pytest.LogCaptureFixture
) -> None:
    e = office
    ids = late_evening(e)
    caplog.set_level(logging.WARNING, "madoguchi.engine")
    today = [e.issue("RES", now=WED.replace(minute=m)).ticket for m in (1, 2, 3)]
    assert [t.display for t in today] == ["A001", "A002", "A003"]  # numbers restart
    # yesterday's A002–A004 were waiting: expired when the new day's first ticket was issued, and said so
    for number in ("A002", "A003", "A004"):
        old = e.store.ticket(ids[number])
        assert (old.outcome, old.force_closed) == ("expired", True), number
    assert any("earlier days" in r.getMessage() for r in caplog.records)
    # counter 2 calls today's A001, not yesterday's A002; 番号指定 A003 is today's A003
    assert e.call_next(2, now=WED.replace(minute=5)).ticket.id == today[0].id
    e.finish(2, now=WED.replace(minute=6))
    assert e.call_number(2, "A003", now=WED.replace(minute=7)).ticket.id == today[2].id
    e.finish(2, now=WED.replace(minute=8))
    assert e.cancel("A002", now=WED.replace(minute=9)).ticket.id == today[1].id
    with pytest.raises(NotFoundError):
        e.cancel("A004", now=WED.replace(minute=9))  # no A004 today: yesterday's is not today's
    _clerks_keep_their_visitors(e, ids)


def test_with_the_rollover_job_the_clerk_keeps_the_visitor(office: QueueEngine) -> None:
    e = office
    ids = late_evening(e)
    msg = jobs.rollover(e, WED)
    assert "expired 3" in msg  # A002–A004; A001 and the life-event ticket are at counters
    assert e.current(1)[0].id == ids["A001"] and e.current(4)[0].id == ids["move"]
    assert e.issue("RES", now=WED.replace(minute=1)).ticket.display == "A001"
    _clerks_keep_their_visitors(e, ids)


def _clerks_keep_their_visitors(e: QueueEngine, ids: dict[str, int]) -> None:
    now = WED.replace(minute=10)
    # the hall display does not show yesterday's ticket at counter 4 beside today's numbers
    scope = Scope.of(e.config, e.config.display("main"))
    calling, _history = read_calls(e, scope, now, calling_max=8, history=8)
    assert all(c.leg_id != e.current(4)[1].id for c in calling)
    # nor does the phone page's "now calling" list
    assert all(c["counter"] != 4 for c in now_calling(e, None, e.day(now)))
    # the clerk's console says the ticket is of the day before and ends at this counter
    assert "前日（2026-11-24）" in ticket_view(e, *e.current(4), today=e.day(now)).after_finish
    with pytest.raises(DomainError) as err:
        e.recall(4, now=now)  # "A005" of yesterday announced again could mean today's A005
    assert err.value.code == "previous_day"
    with pytest.raises(DomainError):
        e.transfer(4, "KOSEKI", now=now)
    out = e.finish(1, now=now)  # the clerk's finish works (it failed when the rollover expired A001)
    assert out.ticket.id == ids["A001"] and out.ticket.outcome == "served"
    e.start(4, now=now)
    out = e.finish(4, now=now)  # its next step (NHI) is not opened on the new day
    assert out.ticket.state == "closed" and out.ticket.outcome == "served" and "new ticket" in out.message
    assert e.store.open_legs_of_day("2026-11-24") == []
    assert verify(e.store) == []


def test_a_noon_rollover_behaves_the_same(tmp_path: Path) -> None:
    """A rollover such as "12:00" (accepted by the config check): the morning's leftovers are yesterday's."""
    e = open_office(tmp_path / "noon.db", around_the_clock("12:00"))
    morning = datetime(2026, 11, 25, 11, 50, tzinfo=TOKYO)
    left = e.issue("RES", now=morning).ticket
    e.open_counter(1, now=morning)
    after = e.issue("RES", now=morning.replace(hour=12, minute=5)).ticket
    assert left.display == after.display == "A001" and left.day != after.day
    assert e.call_next(1, now=morning.replace(hour=12, minute=6)).ticket.id == after.id
    assert e.store.ticket(left.id).outcome == "expired" and verify(e.store) == []
    e.store.close()
