"""An applied plan's later changes wait in the database and run when due, with the supervisor's name, once, on
both backends; a restart loses none; they can be cancelled; a close waits for the ticket in hand."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from shared.config import OfficeConfig
from shared.engine import QueueEngine
from shared.errors import ConflictError
from shared.jobs import plan_steps as plan_steps_job
from shared.office import open_office
from shared.plan_steps import CLOSING_REASON, Change, cancel, run_due, schedule, steps_of_day
from shared.timeutil import to_ts

pytestmark = pytest.mark.backends("sqlite", "postgresql")


def at(now: datetime, minutes: float) -> float:
    return to_ts(now + timedelta(minutes=minutes))


def counter_events(e: QueueEngine, number: int) -> list[tuple[str, str | None]]:
    return [
        (ev["data"]["action"], ev["actor"])
        for ev in e.store.events(types=["counter"])
        if ev["counter"] == number
    ]


def test_later_steps_wait_for_their_time_and_run_once_with_the_name(
    sup_engine: QueueEngine, db_path: Path, sup_config: OfficeConfig, now: datetime
) -> None:
    e = sup_engine
    e.open_counter(5, now=now)
    e.open_counter(1, now=now)
    ids = schedule(
        e,
        "計画2: +2 MOVE @10:30; close 5 @12:00",
        [
            Change(at(now, 30), "open", 11, ("MOVE",)),
            Change(at(now, 30), "serve", 1, ("MOVE",)),
            Change(at(now, 120), "close", 5),
        ],
        now=now,
        actor="山田",
    )
    assert len(ids) == 3
    assert run_due(e, now) == []  # nothing is due yet
    assert e.counter(11).state == "closed" and e.counter(5).state == "open"
    # the console is restarted: a new connection finds the steps in the database
    e2 = open_office(db_path, sup_config)
    try:
        ran = run_due(e2, now + timedelta(minutes=30))
        assert sorted((r.step.counter, r.state) for r in ran) == [(1, "done"), (11, "done")]
        assert e2.counter(11).state == "open" and e2.counter(11).services == ("MOVE",)
        assert e2.counter(1).services == ("MOVE",)
        # the first process runs too late: each step ran once, in one process
        assert run_due(e, now + timedelta(minutes=31)) == []
        assert counter_events(e, 11) == [("open", "山田")]
        assert ("services", "山田") in counter_events(e, 1)
        ran = run_due(e2, now + timedelta(minutes=120))
        assert [(r.step.counter, r.state) for r in ran] == [(5, "done")]
        assert e.counter(5).state == "closed" and counter_events(e, 5)[-1] == ("close", "山田")
    finally:
        e2.store.close()
    steps = steps_of_day(e, now)
    assert [s.state for s in steps] == ["done", "done", "done"] and {s.actor for s in steps} == {"山田"}
    applied = [
        ev for ev in e.store.events(types=["supervisor"]) if ev["data"].get("action") == "plan_applied"
    ]
    assert applied[-1]["actor"] == "山田" and applied[-1]["data"]["steps"] == ids


def test_cancel_a_pending_step_logged_and_a_ran_one_is_a_conflict(
    sup_engine: QueueEngine, now: datetime
) -> None:
    e = sup_engine
    e.open_counter(5, now=now)
    first, later = schedule(
        e,
        "p",
        [Change(at(now, 0), "pause", 5), Change(at(now, 60), "resume", 5)],
        now=now,
        actor="山田",
    )
    assert [r.state for r in run_due(e, now)] == ["done"]  # the step due now
    assert e.counter(5).state == "paused"
    cancel(e, later, now=now, actor="佐々木")
    assert run_due(e, now + timedelta(hours=2)) == []  # the cancelled step never runs
    assert e.counter(5).state == "paused"
    with pytest.raises(ConflictError):
        cancel(e, first, now=now, actor="佐々木")  # it has run
    with pytest.raises(ConflictError):
        cancel(e, later, now=now, actor="山田")  # cancelled already
    step = next(s for s in steps_of_day(e, now) if s.id == later)
    assert step.state == "cancelled" and step.cancelled_by == "佐々木"
    ev = [x for x in e.store.events(types=["supervisor"]) if x["data"].get("action") == "plan_step_cancelled"]
    assert [(x["actor"], x["data"]["step"]) for x in ev] == [("佐々木", later)]


def test_a_planned_close_waits_for_the_ticket_in_hand(sup_engine: QueueEngine, now: datetime) -> None:
    e = sup_engine
    e.open_counter(4, now=now)
    for _ in range(3):
        e.issue("MOVE", now=now)
    t = e.call_next(4, now=now).ticket
    e.start(4, now=now)
    schedule(e, "p", [Change(at(now, 5), "close", 4)], now=now, actor="山田")
    ran = run_due(e, now + timedelta(minutes=5))
    assert [r.state for r in ran] == ["waiting"] and t.display in ran[0].text
    c = e.counter(4)
    assert c.state == "paused" and c.reason == CLOSING_REASON  # nobody new is called there meanwhile
    assert [s.state for s in steps_of_day(e, now)] == ["pending"]
    e.finish(4, now=now + timedelta(minutes=8))
    # the scheduler's job runs it (no console needed)
    assert plan_steps_job(e, now + timedelta(minutes=8, seconds=15)) == "4:close done"
    assert e.counter(4).state == "closed" and len(e.queue()) == 2


def test_a_step_left_from_an_earlier_day_never_runs(sup_engine: QueueEngine, now: datetime) -> None:
    e = sup_engine
    schedule(e, "p", [Change(at(now, 300), "open", 11, ("MOVE",))], now=now, actor="山田")
    ran = run_due(e, now + timedelta(days=1))
    assert [r.state for r in ran] == ["failed"] and "終わりました" in ran[0].text
    assert e.counter(11).state == "closed"


def test_a_step_that_cannot_run_is_recorded_failed_not_raised(sup_engine: QueueEngine, now: datetime) -> None:
    e = sup_engine
    schedule(e, "p", [Change(at(now, 10), "pause", 9)], now=now, actor="山田")  # counter 9 is closed
    ran = run_due(e, now + timedelta(minutes=10))
    assert [r.state for r in ran] == ["failed"]
    step = steps_of_day(e, now)[0]
    assert step.state == "failed" and step.result == ran[0].text and "9" in step.result
