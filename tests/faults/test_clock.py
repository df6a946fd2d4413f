"""Clock steps: the queue's order never depends on one PC's wall clock, and no time span goes negative in the
KPIs (each one clamped is counted as a clock-skew event in the report)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from shared.config import load_config
from shared.engine import QueueEngine
from shared.office import open_office
from shared.replay import verify
from shared.reports import facts
from shared.reports.build import build_report
from shared.reports.output import render
from shared.timeutil import TOKYO

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=TOKYO)  # a Tuesday, office open


@pytest.fixture
def office(tmp_path: Path) -> QueueEngine:
    e = open_office(tmp_path / "office.db", load_config())
    for n in (1, 7):
        e.open_counter(n, now=T0)
    yield e
    e.store.close()


def called_in_turn(e: QueueEngine, counter: int, n: int) -> list[int]:
    """Ticket ids as ``counter`` calls and finishes ``n`` visitors, a few minutes later."""
    out = []
    for m in range(n):
        out.append(e.call_next(counter, now=T0 + timedelta(minutes=5 + m)).ticket.id)
        e.finish(counter, now=T0 + timedelta(minutes=5 + m, seconds=30))
    return out


def test_an_ntp_step_back_does_not_let_the_next_ticket_jump_the_queue(office: QueueEngine) -> None:
    e = office
    a1 = e.issue("RES", now=T0).ticket
    a2 = e.issue("RES", now=T0 + timedelta(seconds=30)).ticket
    stepped = T0 + timedelta(seconds=40) - timedelta(seconds=120)  # the kiosk PC's clock steps back 120 s
    a3 = e.issue("RES", now=stepped)
    assert a3.people_ahead == 2  # the slip tells the truth
    tax = e.issue("TAX", now=stepped + timedelta(seconds=5)).ticket  # another queue of the same window
    assert called_in_turn(e, 1, 4) == [a1.id, a2.id, a3.ticket.id, tax.id]
    assert verify(e.store) == []


def test_a_counter_clock_behind_the_kiosk_gives_no_negative_wait(office: QueueEngine) -> None:
    e = office
    e.issue("NHI", now=T0)
    behind = T0 - timedelta(seconds=60)  # the counter PC's clock is a minute behind the kiosk's
    called = e.call_next(7, now=behind)
    assert called.call.waited_s == 0  # the call log (display, estimates) never sees -60 s
    e.finish(7, now=behind + timedelta(minutes=5))
    facts.refresh(e.store.db)
    built = build_report(e.store.db, e.config, date(2026, 11, 24), date(2026, 11, 24))
    row = next(r for r in built.report.by_queue if r.key == "NHI")
    assert row.wait.mean is not None and row.wait.mean >= 0  # clamped to 0, not -1 min
    assert built.report.meta["clock_skew_events"] == 1
    html = render(built, "html", T0).decode()
    assert "時計のずれ: 1 件" in html
    assert built.report.total.arrivals == 1


def test_a_step_forward_and_back_keeps_arrival_order(office: QueueEngine) -> None:
    """A clock that jumps an hour ahead and is then corrected: tickets still go in the order they came."""
    e = office
    ids = [e.issue("RES", now=T0).ticket.id]
    ids.append(e.issue("RES", now=T0 + timedelta(hours=1)).ticket.id)  # wrong by an hour
    for s in (10, 20):
        ids.append(e.issue("RES", now=T0 + timedelta(seconds=s)).ticket.id)  # corrected
    assert called_in_turn(e, 1, 4) == ids
